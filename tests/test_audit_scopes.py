"""`audit`'s every clock: organizations (tenant, then our Action), connections that end
sessions at the IdP's expiry, session transfer, online refresh tokens with non-persistent
sessions, and back-channel logout under an idle limit -- each traceable to its field."""

from __future__ import annotations

import json

import pytest
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
    # check takes it (acme-bank leaves its idle clock to the tenant's 15 minutes, within
    # pci-dss-4), but the live tenant idles for an hour (a Dashboard edit): only the live
    # tenant shows that
    stack = (
        SCOPED.replace("{inactivityTimeout: 15m, baselines: [pci-dss-4]}",
                       "{requireLoginAfter: 8h, baselines: [pci-dss-4]}")
        .replace("gone-org: {inactivityTimeout: 30m}", "gone-org: {inactivityTimeout: 10m}")
        .replace("auth0-sessions:inactivityTimeout: 1h", "auth0-sessions:inactivityTimeout: 15m")
    )  # fmt: skip
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


# --- audit reports whatever it can read (containment round 4) ---------------------------

MANY = [{"id": f"org_{i:05d}", "name": f"org-{i:05d}"} for i in range(1500)]


def test_organizations_past_offset_pagings_1000_are_found_with_checkpoint_paging(api, tmp_path):
    FakeTenant.organizations = MANY
    stack = SCOPED.replace("acme-bank:", "org-01234:").replace("gone-org", "org-00007")
    done = audit(api, tmp_path, "--json", stack=stack)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    found = {s["name"]: s["found"] for s in report["scopes"] if s["kind"] == "organization"}
    assert found == {"org-01234": True, "org-00007": True}
    asked = [p for p in FakeTenant.seen if p.startswith("/api/v2/organizations")]
    assert all("take=100" in p and "page=" not in p for p in asked)
    assert len(asked) == 13  # stops at the page that holds the last one it needs


def test_a_stack_naming_no_organization_reads_none(api, tmp_path):
    FakeTenant.organizations = MANY
    done = audit(api, tmp_path, "--json")
    assert done.returncode == 1, done.stderr  # the applications' own findings
    assert not any(p.startswith("/api/v2/organizations") for p in FakeTenant.seen)


@pytest.mark.parametrize(
    ("refused", "scope"),
    [("organizations", "read:organizations"), ("connections", "read:connections")],
)
def test_a_missing_scope_leaves_a_report_that_says_it_is_incomplete(api, tmp_path, refused, scope):
    FakeTenant.organizations, FakeTenant.connections = ORGANIZATIONS, CONNECTIONS
    FakeTenant.refuse = {refused: 403}
    held = SCOPED.replace("  auth0-sessions:baselines: [nist-800-63b-aal2]\n", "")
    monkey_clients = [c for c in CLIENTS if c["app_type"] == "non_interactive"]
    test_audit.CLIENTS, saved = monkey_clients, test_audit.CLIENTS
    try:
        text = audit(api, tmp_path, stack=held)
        data = audit(api, tmp_path, "--json", stack=held)
        markdown = audit(api, tmp_path, "--markdown", stack=held)
    finally:
        test_audit.CLIENTS = saved
    assert text.returncode == 3, text.stderr
    assert f"INCOMPLETE: {refused} could not be read: the token lacks {scope} (403)" in text.stdout
    assert "Batch job 000" in text.stdout  # the applications are still reported
    report = json.loads(data.stdout)
    assert report["complete"] is False and report["ok"] is True
    kind = refused.removesuffix("s")
    assert {s["found"] for s in report["scopes"] if s["kind"] == kind} == {None}
    assert "**Incomplete:**" in markdown.stdout and scope in markdown.stdout


def test_every_named_connection_is_looked_up_whatever_its_strategy(api, tmp_path):
    FakeTenant.connections = [
        *CONNECTIONS,
        {"name": "Username-Password-Authentication", "strategy": "auth0", "options": {}},
        {"name": "google-oauth2", "strategy": "google-oauth2", "options": {}},
        {"name": "partner-saml", "strategy": "samlp", "options": {}},
    ]
    stack = SCOPED.replace(
        "    customer-okta: {requireLoginAfter: 8h}\n",
        "    Username-Password-Authentication: {requireLoginAfter: 8h}\n"
        "    google-oauth2: {requireLoginAfter: 8h}\n"
        "    partner-saml: {requireLoginAfter: 8h}\n",
    )
    report = json.loads(audit(api, tmp_path, "--json", stack=stack).stdout)
    found = {s["name"]: s["found"] for s in report["scopes"] if s["kind"] == "connection"}
    assert found == {
        "Username-Password-Authentication": True,
        "google-oauth2": True,
        "partner-saml": True,
        "partner-oidc": True,  # Okta and OIDC connections that end sessions at the IdP's
        "customer-okta": True,  # expiry are listed too
    }


def test_a_huge_number_in_a_field_audit_drops_does_not_spoil_the_answer(api, tmp_path):
    FakeTenant.connections = CONNECTIONS
    huge = "9" * 5000
    FakeTenant.raw["connections"] = (
        '{"connections": [{"name": "customer-okta", "strategy": "okta", "options": '
        '{"id_token_session_expiry_supported": true, "max_age": ' + huge + "}}]}"
    ).encode()
    done = audit(api, tmp_path, "--json", stack=SCOPED)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    okta = next(s for s in report["scopes"] if s["name"] == "customer-okta")
    assert okta["found"] is True
    assert huge[:50] not in done.stdout + done.stderr


def test_an_organization_named_by_name_and_by_id_is_judged_once_as_the_action_applies_it(
    api, tmp_path
):
    FakeTenant.organizations = ORGANIZATIONS
    stack = SCOPED.replace(
        "    gone-org: {inactivityTimeout: 30m}\n",
        "    org_1: {inactivityTimeout: 30m, requireLoginAfter: 8h}\n",
    )
    report = json.loads(audit(api, tmp_path, "--json", stack=stack).stdout)
    orgs = [s for s in report["scopes"] if s["kind"] == "organization"]
    assert len(orgs) == 1
    (bank,) = orgs
    assert bank["idle"]["minutes"] == 15  # acme-bank's 15m beats org_1's 30m
    assert bank["signed_in"]["minutes"] == 480  # org_1's 8h beats the tenant's day
    assert "organizations.org_1.requireLoginAfter" in bank["signed_in"]["source"]
    assert any("named 2 times" in note for note in bank["notes"])
