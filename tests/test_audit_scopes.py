"""`audit`'s every clock: organizations (tenant, then our Action), connections that end
sessions at the IdP's expiry, session transfer, online refresh tokens with non-persistent
sessions, and back-channel logout under an idle limit -- each traceable to its field."""

from __future__ import annotations

import json

import test_audit
from test_audit import CLIENTS, STACK, FakeTenant, audit

api = test_audit.api  # the fake Management API fixture, shared

SCOPED = STACK.replace("  auth0-sessions:requireLoginAfter: 1d\n",
                       "  auth0-sessions:requireLoginAfter: 1d\n"
                       "  auth0-sessions:organizations:\n"
                       "    acme-bank: {inactivityTimeout: 15m, baselines: [pci-dss-4]}\n"
                       "    gone-org: {inactivityTimeout: 30m}\n"
                       "  auth0-sessions:connections:\n"
                       "    customer-okta: {requireLoginAfter: 8h}\n")  # fmt: skip
ORGANIZATIONS = [{"id": "org_1", "name": "acme-bank"}, {"id": "org_2", "name": "other"}]
CONNECTIONS = [
    {"name": "customer-okta", "strategy": "okta", "options": {
        "id_token_session_expiry_supported": True, "client_secret": "never-kept"}},
    {"name": "partner-oidc", "strategy": "oidc", "options": {
        "id_token_session_expiry_supported": True}},
]  # fmt: skip


def test_each_organization_and_connection_has_its_clocks_and_their_sources(api, tmp_path):
    FakeTenant.organizations, FakeTenant.connections = ORGANIZATIONS, CONNECTIONS
    done = audit(api, tmp_path, "--json", stack=SCOPED)
    report = json.loads(done.stdout)
    scopes = {(s["kind"], s["name"]): s for s in report["scopes"]}
    bank = scopes[("organization", "acme-bank")]
    assert bank["found"] is True
    assert bank["idle"] == {
        "minutes": 15,
        "human": "15 minutes (0.25 h)",
        "source": "our Action (organizations.acme-bank.inactivityTimeout in the stack file)",
    }
    assert bank["signed_in"]["source"] == "the tenant's session (session_lifetime)"
    assert bank["over"] == []  # 15 minutes holds pci-dss-4's 15
    assert scopes[("organization", "gone-org")]["found"] is False
    assert "matches no login" in scopes[("organization", "gone-org")]["notes"][0]
    okta = scopes[("connection", "customer-okta")]
    assert okta["signed_in"]["minutes"] == 480
    assert any("id_token_session_expiry_supported" in n for n in okta["notes"])
    assert scopes[("connection", "partner-oidc")]["notes"][0].startswith("sessions end at")
    assert "never-kept" not in done.stdout + done.stderr
    assert "keep-me-longer" in " ".join(bank["notes"])  # another Action moves dates too


def test_an_organization_over_its_own_baseline_fails_the_audit(api, tmp_path):
    FakeTenant.organizations = ORGANIZATIONS
    # check takes it (what the organization sets is within pci-dss-4), but its idle clock
    # is the tenant's hour, over pci-dss-4's 15 minutes: only the live tenant shows that
    stack = SCOPED.replace("{inactivityTimeout: 15m, baselines: [pci-dss-4]}",
                           "{requireLoginAfter: 8h, baselines: [pci-dss-4]}")  # fmt: skip
    done = audit(api, tmp_path, stack=stack)
    assert done.returncode == 1, done.stderr
    text = done.stdout
    assert "organization acme-bank:" in text
    assert (
        "  OVER: idle up to 1 hour (1 h) (the tenant's session (idle_session_lifetime)), over "
        "baseline pci-dss-4's 15 minutes (0.25 h)"
    ) in text
    assert "3 organizations and connections: 1 over a baseline." in text


def test_settings_that_defeat_the_stack_are_flagged_with_their_field(api, tmp_path, monkeypatch):
    clients = [
        *CLIENTS,
        {"name": "Mobile", "client_id": "mob", "app_type": "native", "grant_types": [],
         "session_transfer": {"can_create_session_transfer_token": True,
                              "allow_refresh_token": True}},
        {"name": "Portal", "client_id": "portal", "app_type": "regular_web", "grant_types": [],
         "oidc_logout": {"backchannel_logout_urls": ["https://portal/bc"],
                         "backchannel_logout_initiators": {"mode": "custom",
                                                           "selected_initiators": ["rp-logout"]}}},
        {"name": "Told", "client_id": "told", "app_type": "regular_web", "grant_types": [],
         "oidc_logout": {"backchannel_logout_urls": ["https://told/bc"],
                         "backchannel_logout_initiators": {"mode": "all"}}},
    ]  # fmt: skip
    monkeypatch.setattr("test_audit.CLIENTS", clients)
    done = audit(api, tmp_path, "--json")
    flags = {(f["subject"], f["source"]) for f in json.loads(done.stdout)["flags"]}
    assert ("application Mobile", "client session_transfer.can_create_session_transfer_token, "
            "allow_refresh_token") in flags  # fmt: skip
    assert ("application Portal", "client oidc_logout.backchannel_logout_initiators") in flags
    assert ("application Web App", "client oidc_logout.backchannel_logout_initiators") in flags
    assert not any(subject == "application Told" for subject, _ in flags)
