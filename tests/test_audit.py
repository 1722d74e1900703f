"""`audit` against a fake Management API on 127.0.0.1 (the real HTTP client, real paging),
with applications of the shapes the provider's recordings hold (tests/exports/README.md),
and the policy pack's rule on `auth0.Client`: one rule for both."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import ROOT, cli_output, run_cli

from components.rules.refresh_tokens import over_baselines, refresh_bounds

SHAPES = json.loads((ROOT / "tests" / "exports" / "clients-recorded.json").read_text())
RT = SHAPES["refresh_token"]
TWELVE_HOURS = {**RT["rotating_30d"], "token_lifetime": 43200, "idle_token_lifetime": 3600}

CLIENTS = [
    {
        "name": "Dashboard SPA",
        "client_id": "spa1",
        "app_type": "spa",
        "grant_types": ["authorization_code", "refresh_token"],
        "refresh_token": RT["rotating_30d"],
    },
    {
        "name": "Legacy Native",
        "client_id": "nat1",
        "app_type": "native",
        "grant_types": ["authorization_code", "refresh_token"],
        "refresh_token": RT["non_expiring_default"],
    },
    {
        "name": "Web App",
        "client_id": "web1",
        "app_type": "regular_web",
        "grant_types": ["authorization_code"],
        "refresh_token": RT["non_expiring_default"],
    },
    {
        "name": "Compliant SPA",
        "client_id": "spa2",
        "app_type": "spa",
        "grant_types": ["authorization_code", "refresh_token"],
        "refresh_token": TWELVE_HOURS,
    },
    *(
        {
            "name": f"Batch job {i:03d}",
            "client_id": f"m2m{i:03d}",
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
            "refresh_token": RT["non_expiring_default"],
        }
        for i in range(140)
    ),
    {
        "name": "Page Two SSO",
        "client_id": "sso1",
        "app_type": "sso_integration",
        "grant_types": ["refresh_token"],
        "refresh_token": RT["expiring_infinite_absolute"],
    },
]
ACTIONS = [
    {
        "id": "a1",
        "name": "keep-me-longer",
        "code": "exports.onExecutePostLogin = async (e, api) => {\n"
        "  api.session.setExpiresAt(Date.now() + 9e9);\n};",
    },
    {
        "id": "a2",
        "name": "add-claims",
        "code": "exports.onExecutePostLogin = async (e, api) => {};",
    },
]


class FakeTenant(BaseHTTPRequestHandler):
    refuse: ClassVar[dict[str, int]] = {}
    seen: ClassVar[list[str]] = []
    organizations: ClassVar[list[dict[str, object]]] = []
    connections: ClassVar[list[dict[str, object]]] = []
    raw: ClassVar[dict[str, bytes]] = {}

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(200, {"access_token": "eyJ-ok", "token_type": "Bearer"})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        FakeTenant.seen.append(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path.removeprefix("/api/v2/")
        if path in FakeTenant.refuse:
            return self._send(FakeTenant.refuse[path], {"message": "no"})
        if path == "tenants/settings":
            return self._send(200, {"session_lifetime": 24, "idle_session_lifetime": 1})
        if path in ("organizations", "connections"):
            return self._checkpoint(path, query)
        items = {
            "clients": ("clients", CLIENTS),
            "resource-servers": (
                "resource_servers",
                [
                    {
                        "name": "Orders API",
                        "identifier": "https://orders",
                        "allow_offline_access": True,
                    }
                ],
            ),
            "actions/actions": ("actions", ACTIONS),
        }[path]
        page, per_page = int(query.get("page", 0)), min(int(query.get("per_page", 50)), 100)
        chosen = items[1][page * per_page : (page + 1) * per_page]
        if path == "clients":  # only the fields asked for: never a secret
            fields = query["fields"].split(",")
            assert query["include_fields"] == "true"
            chosen = [{k: v for k, v in c.items() if k in fields} for c in chosen]
        self._send(200, {items[0]: chosen, "total": len(items[1]), "page": page})

    def _checkpoint(self, path: str, query: dict[str, str]) -> None:
        """Organizations and connections as Auth0 serves them: offset paging refused past
        1,000 results (400 invalid_paging), checkpoint paging (`take`, `from` the last
        answer's `next`) to the end; connections filtered by `strategy` when asked."""
        if FakeTenant.raw.get(path):  # an answer as bytes, e.g. with a huge number
            data = FakeTenant.raw[path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None
        every = FakeTenant.organizations if path == "organizations" else FakeTenant.connections
        if "strategy" in query:
            every = [c for c in every if c["strategy"] == query["strategy"]]
        if "take" not in query:
            page, per_page = int(query.get("page", 0)), int(query.get("per_page", 50))
            if (page + 1) * per_page > 1000:
                return self._send(400, {"errorCode": "invalid_paging"})
            chosen = every[page * per_page : (page + 1) * per_page]
            return self._send(200, {path: chosen, "total": len(every), "page": page})
        take, start = min(int(query["take"]), 100), int(query.get("from", "0"))
        chosen = every[start : start + take]
        body: dict[str, object] = {path: chosen}
        if start + take < len(every):
            body["next"] = str(start + take)
        self._send(200, body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTenant)
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    FakeTenant.refuse, FakeTenant.seen = {}, []
    FakeTenant.organizations, FakeTenant.connections, FakeTenant.raw = [], [], {}
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


STACK = """\
config:
  auth0:domain: acme.eu.auth0.com
  auth0-sessions:plan: professional
  auth0-sessions:baselines: [nist-800-63b-aal2]
  auth0-sessions:requireLoginAfter: 1d
  auth0-sessions:inactivityTimeout: 1h
  auth0-sessions:ephemeralRequireLoginAfter: 12h
  auth0-sessions:ephemeralInactivityTimeout: 30m
"""
ENV = {"AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "client-Secret-never-printed"}


def project(tmp_path: Path, stack: str = STACK) -> Path:
    (tmp_path / "stacks").mkdir(exist_ok=True)
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    (tmp_path / "stacks" / "Pulumi.prod.yaml").write_text(stack)
    return tmp_path


def audit(api: str, tmp_path: Path, *args: str, stack: str = STACK):
    return run_cli(
        "audit",
        "--stack",
        "prod",
        "--api-url",
        api,
        "--project",
        str(project(tmp_path, stack)),
        *args,
        env=ENV,
    )


def test_audit_names_exactly_the_applications_over_the_baseline_across_pages(api, tmp_path):
    done = audit(api, tmp_path, "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    over = {a["name"] for a in report["applications"] if a["over"]}
    assert over == {"Dashboard SPA", "Legacy Native", "Page Two SSO"}  # the last one on page 2
    assert len(report["applications"]) == 145
    assert sum(p.startswith("/api/v2/clients?") for p in FakeTenant.seen) == 2  # two pages
    m2m = [a for a in report["applications"] if a["app_type"] == "non_interactive"]
    assert len(m2m) == 140 and all(not a["over"] and not a["interactive"] for a in m2m)
    native = next(a for a in report["applications"] if a["name"] == "Legacy Native")
    assert native["signed_in"] == {
        "minutes": None,
        "human": "unbounded",
        "source": "refresh token: non-expiring",
    }
    web = next(a for a in report["applications"] if a["name"] == "Web App")
    assert (
        web["signed_in"]["source"] == "the tenant's session (require log in after)"
        and not web["over"]
    )
    assert report["actions"] == [{"name": "keep-me-longer", "calls": ["setExpiresAt"]}]
    assert "client-Secret" not in done.stdout + done.stderr


def test_the_text_report_says_where_each_bound_comes_from(api, tmp_path):
    done = audit(api, tmp_path)
    assert done.returncode == 1
    assert (
        "Dashboard SPA (spa1, spa): refresh tokens\n"
        "  signed in at most: 30 days (720 h) (refresh token (absolute lifetime))\n"
        "  idle at most:      15 days (360 h) (refresh token (idle lifetime))\n"
        "  OVER: signed in up to 30 days (720 h) (refresh token (absolute lifetime)), over "
        "baseline nist-800-63b-aal2's 1 day (24 h) (NIST SP 800-63B-4, AAL2)\n"
    ) in done.stdout
    assert (
        "Batch job 000 (m2m000, non_interactive): machine to machine: no user signs in\n"
        in done.stdout
    )
    assert "note: Post-Login Action keep-me-longer calls api.session.setExpiresAt" in done.stdout
    assert done.stdout.endswith("145 applications: 3 over a baseline.\n")
    page = (ROOT / "docs" / "signed-in.md").read_text()  # signed-in.md shows this output
    shown = page.split("```text\n", 1)[1].split("```", 1)[0]
    assert shown in done.stdout


def test_a_missing_scope_is_named(api, tmp_path):
    FakeTenant.refuse = {"clients": 403}
    done = audit(api, tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error: the token lacks the scope read:clients (403)")


def test_every_application_within_the_baselines_exits_0(api, tmp_path):
    everyone = list(CLIENTS)
    CLIENTS[:] = everyone[2:4]  # the session-only web app and the 12-hour SPA
    try:
        done = audit(api, tmp_path)
    finally:
        CLIENTS[:] = everyone
    assert done.returncode == 0, done.stdout
    assert done.stdout.endswith("2 applications: 0 over a baseline.\n")


def test_an_invalid_stack_is_a_usage_error(tmp_path):
    folder = project(tmp_path)
    (folder / "stacks" / "Pulumi.prod.yaml").write_text("config:\n  plan: nope\n")
    done = run_cli("audit", "--stack", "prod", "--project", str(folder), env=ENV)
    assert done.returncode == 2 and "the stack file is not valid, run check" in done.stderr


# ------------------------------------------------------------------ one rule for both


def test_the_rule_reads_both_spellings():
    camel = {
        "rotationType": "rotating",
        "expirationType": "expiring",
        "tokenLifetime": 43200,
        "infiniteTokenLifetime": False,
        "idleTokenLifetime": 3600,
        "infiniteIdleTokenLifetime": False,
    }
    assert refresh_bounds(camel) == refresh_bounds(TWELVE_HOURS)


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(3601, 61), (-5, 0), (3600.5, 61), (10**400, None), (float("inf"), None), ("60", None)],
)
def test_any_lifetime_a_program_gives_reads_as_a_bound_or_none(seconds, minutes):
    """The policy pack reads a program's inputs as given: a JSON integer of hundreds of
    digits is no bound (the side that never hides a session), not an OverflowError."""
    absolute, idle = refresh_bounds(
        {"expiration_type": "expiring", "token_lifetime": seconds, "idle_token_lifetime": 60}
    )
    assert (absolute.value.minutes if absolute.value else None) == minutes
    assert idle.value is not None and idle.value.minutes == 1


def test_the_policy_pack_judges_auth0_clients(tmp_path):
    from client_refresh_tokens import validate_client
    from pulumi_policy import ResourceValidationArgs  # noqa: F401

    class Args:
        resource_type = "auth0:index/client:Client"

        def __init__(self, props: dict) -> None:
            self.props = props

        def get_config(self) -> dict:
            return {"baselines": ["nist-800-63b-aal2"]}

    def violations(props: dict) -> list[str]:
        found: list[str] = []
        validate_client(Args(props), lambda message, urn=None: found.append(message))
        return found

    non_expiring = {
        "appType": "spa",
        "grantTypes": ["refresh_token"],
        "refreshToken": {"rotationType": "non-rotating", "expirationType": "non-expiring"},
    }
    (first, *_) = violations(non_expiring)
    assert first == (
        "refreshToken: signed in up to unbounded (refresh token: non-expiring), over baseline "
        "nist-800-63b-aal2's 1 day (24 h) (NIST SP 800-63B-4, AAL2)"
    )
    twelve = {
        "appType": "spa",
        "grantTypes": ["refresh_token"],
        "refreshToken": {
            "rotationType": "rotating",
            "expirationType": "expiring",
            "tokenLifetime": 43200,
            "idleTokenLifetime": 3600,
            "infiniteTokenLifetime": False,
            "infiniteIdleTokenLifetime": False,
        },
    }
    assert violations(twelve) == []
    assert (
        violations({"appType": "non_interactive", "refreshToken": non_expiring["refreshToken"]})
        == []
    )


def test_check_says_refresh_tokens_are_audits_not_checks(tmp_path):
    folder = project(tmp_path)
    code, out = cli_output("check", str(folder / "stacks" / "Pulumi.prod.yaml"))
    assert code == 0
    assert (
        "note: applications' refresh tokens can keep users signed in longer than these settings"
        in out
    )


def test_the_over_baselines_rule_is_shared():
    absolute, idle = refresh_bounds(RT["non_expiring_default"])
    assert over_baselines(absolute, idle, ["pci-dss-4"]) == [
        "idle up to unbounded (refresh token: non-expiring), over baseline pci-dss-4's "
        "15 minutes (0.25 h) (PCI DSS v4.0 req. 8.2.8)"
    ]


class _TenantAnswering:
    """A ManagementApi stand-in: only the tenant settings answer, with the given hours."""

    def __init__(self, hours: object) -> None:
        self.hours = hours

    def get(self, path: str, scope: str) -> object:
        hours = {"session_lifetime": self.hours, "idle_session_lifetime": self.hours}
        return {k: v for k, v in hours.items() if v is not None}

    def pages(self, *args: object, **kwargs: object) -> list[dict[str, object]]:
        return []

    checkpoint_pages = pages


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [
        (1.5, 90),
        (0.0125, 1),  # 0.75 min: JavaScript's Math.round
        (None, 168 * 60),  # absent: the tenant default (7 days)
    ],
)
def test_the_tenants_hours_are_read_as_the_api_means_them(hours, minutes):
    from components.adopt.tenant_apps import read_live_apps

    session = read_live_apps(_TenantAnswering(hours)).session  # type: ignore[arg-type]
    assert session[0].minutes == minutes


@pytest.mark.parametrize("hours", [-3, 1e308, float("inf"), float("nan"), 10**400, "12", True])
def test_hours_that_are_no_plausible_number_are_refused_in_one_line(hours):
    from components.adopt.auth0_api import ApiError
    from components.adopt.tenant_apps import read_live_apps

    with pytest.raises(ApiError) as raised:
        read_live_apps(_TenantAnswering(hours))  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith("GET /api/v2/tenants/settings: session_lifetime: ")
    assert "number of hours" in message and "\n" not in message and len(message) < 200
