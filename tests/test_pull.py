"""`pull`: adopt an existing tenant, from a fake Management API on 127.0.0.1 or an export.

The API answer and the exports are recorded data from auth0/auth0-deploy-cli (see
tests/exports/README.md). Requests go through the real HTTP client to a real server
on the loopback interface.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from harness import ROOT, check_output, cli_output, engine_config, run_cli, run_program

from components.adopt import auth0_api
from components.adopt.pull import pull_settings
from components.rules.plans import Plan

EXPORTS = ROOT / "tests" / "exports"
ANSWER = json.loads((EXPORTS / "api-answer.json").read_text())["answer"]
SECRET = "client-Secret-that-must-never-print"
TOKEN = "eyJ-token-that-must-never-print"


class FakeAuth0(BaseHTTPRequestHandler):
    """POST /oauth/token and GET /api/v2/tenants/settings, as scripted by `plan`."""

    plan: ClassVar[list[tuple[int, dict, object]]] = []  # (status, headers, body) per request
    seen: ClassVar[list[tuple[str, str, dict, object]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        FakeAuth0.seen.append((self.command, self.path, dict(self.headers), body))
        status, headers, answer = FakeAuth0.plan.pop(0)
        if answer == "slow":
            time.sleep(2)
            answer = {}
        data = json.dumps(answer).encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAuth0)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    FakeAuth0.plan, FakeAuth0.seen = [], []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


TOKEN_OK = (200, {}, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 86400})
SETTINGS_OK = (200, {}, ANSWER)
ENV = {
    "AUTH0_DOMAIN": "acme-dev.eu.auth0.com",
    "AUTH0_CLIENT_ID": "client-id-123",
    "AUTH0_CLIENT_SECRET": SECRET,
}


def pull(api_url: str, *args: str, env: dict | None = None, cwd: Path = ROOT):
    return run_cli(
        "pull",
        "--stack",
        "dev",
        "--plan",
        "professional",
        "--api-url",
        api_url,
        *args,
        env={**ENV, **(env or {})},
        cwd=cwd,
    )


def test_live_pull_uses_client_credentials_and_prints_a_stack_file(api):
    FakeAuth0.plan = [TOKEN_OK, SETTINGS_OK]
    done = pull(api)
    assert done.returncode == 0, done.stderr
    token_call, settings_call = FakeAuth0.seen
    assert token_call[:2] == ("POST", "/oauth/token")
    assert token_call[3] == {
        "grant_type": "client_credentials",
        "client_id": "client-id-123",
        "client_secret": SECRET,
        "audience": "https://acme-dev.eu.auth0.com/api/v2/",
    }
    assert settings_call[:2] == ("GET", "/api/v2/tenants/settings")
    assert settings_call[2]["Authorization"] == f"Bearer {TOKEN}"
    assert done.stdout.splitlines()[2:] == [
        "config:",
        '  auth0:domain: "acme-dev.eu.auth0.com"',
        '  auth0-sessions:plan: "professional"',
        '  auth0-sessions:requireLoginAfter: "3h"',
        '  auth0-sessions:inactivityTimeout: "1h"',
        '  auth0-sessions:ephemeralRequireLoginAfter: "3d"',
        '  auth0-sessions:ephemeralInactivityTimeout: "1d"',
        '  auth0-sessions:cookieMode: "non-persistent"',
    ]
    assert (
        "requireLoginAfter (API session_lifetime): tenant 3 hours 1 minute (3.02 h), 181 min "
        "-> writes 3h (not exactly applicable" in done.stderr
    )
    assert "(absent: Auth0's default, written out)" in done.stderr
    assert SECRET not in done.stdout + done.stderr and TOKEN not in done.stdout + done.stderr


def test_an_api_token_skips_the_token_call(api):
    FakeAuth0.plan = [SETTINGS_OK]
    done = pull(api, env={"AUTH0_API_TOKEN": TOKEN, "AUTH0_CLIENT_SECRET": ""})
    assert done.returncode == 0, done.stderr
    assert [call[:2] for call in FakeAuth0.seen] == [("GET", "/api/v2/tenants/settings")]


def test_429_is_honoured_then_the_answer_is_read(api):
    FakeAuth0.plan = [
        TOKEN_OK,
        (429, {"Retry-After": "1"}, {"error": "too_many_requests"}),
        SETTINGS_OK,
    ]
    start = time.monotonic()
    done = pull(api)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start >= 1  # waited as told
    assert len(FakeAuth0.seen) == 3


def test_429_for_ever_gives_up_after_a_few_retries(api, monkeypatch):
    FakeAuth0.plan = [TOKEN_OK] + [(429, {"Retry-After": "0"}, {})] * 4
    credentials = auth0_api.Credentials("acme.eu.auth0.com", "id", SECRET)
    with pytest.raises(auth0_api.ApiError) as raised:
        auth0_api.fetch_tenant_settings(credentials, api, sleep=lambda _: None)
    assert "still rate-limited (429) after 3 retries" in str(raised.value)


@pytest.mark.parametrize(
    ("plan", "line"),
    [
        ([(401, {}, {"error": "access_denied"})], "check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET"),
        ([TOKEN_OK, (403, {}, {"message": "Insufficient scope"})], "read:tenant_settings (403)"),
        ([TOKEN_OK, (401, {}, {})], "the Management API refused the token (401)"),
        ([TOKEN_OK, (500, {}, {})], "GET /api/v2/tenants/settings: HTTP 500"),
        ([TOKEN_OK, (200, {}, [1, 2])], "did not answer with a JSON object"),
    ],
)
def test_refusals_are_one_line_naming_what_to_fix(api, plan, line):
    FakeAuth0.plan = plan
    done = pull(api)
    assert done.returncode == 1 and done.stdout == ""
    assert (
        done.stderr.strip().splitlines()[-1] == f"error: {done.stderr.split('error: ')[-1].strip()}"
    )
    assert line in done.stderr and "Traceback" not in done.stderr
    assert SECRET not in done.stderr and TOKEN not in done.stderr


def test_a_slow_answer_times_out_in_one_line(api):
    FakeAuth0.plan = [TOKEN_OK, (200, {}, "slow")]
    credentials = auth0_api.Credentials("acme.eu.auth0.com", "id", SECRET)
    with pytest.raises(auth0_api.ApiError) as raised:
        auth0_api.fetch_tenant_settings(credentials, api, deadline=auth0_api.Deadline(0.3))
    assert str(raised.value) == "GET /api/v2/tenants/settings: no answer within 0.3 s"


def test_nothing_listening_is_one_line():
    done = pull("http://127.0.0.1:9")  # the discard port: nothing answers here
    assert done.returncode == 1
    assert done.stderr == "error: POST /oauth/token: cannot connect (ConnectError)\n"


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"AUTH0_DOMAIN": ""}, "AUTH0_DOMAIN is not set"),
        ({"AUTH0_DOMAIN": "evil.com/x?"}, "is not a host name"),
        ({"AUTH0_CLIENT_SECRET": ""}, "no credentials: export AUTH0_CLIENT_ID and"),
    ],
)
def test_missing_or_odd_credentials_are_named(env, line):
    done = pull("http://127.0.0.1:9", env=env)
    assert done.returncode == 1 and line in done.stderr


@pytest.mark.parametrize("url", ["http://10.0.0.1", "http://example.com", "ftp://127.0.0.1"])
def test_plain_http_only_to_loopback(url):
    done = pull(url)
    assert done.returncode == 1
    assert "use https, or plain http only to this machine" in done.stderr


# ------------------------------------------------------------------ Deploy CLI exports


@pytest.mark.parametrize("name", ["tenant.yaml", "tenant.json"])
def test_both_export_formats_give_the_same_stack_file(name):
    code, out = cli_output(
        "pull", "--stack", "dev", "--plan", "professional", "--from", str(EXPORTS / name)
    )
    assert code == 0
    assert '  auth0-sessions:requireLoginAfter: "3h"' in out
    assert "auth0:domain" not in out  # an export does not say which tenant it came from


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("keywords-tenant.yaml", "##DOMAIN##, ##ENV##, ##TENANT_NAME##, @@LANGUAGES@@"),
        ("keywords-tenant.json", "##DOMAIN##, ##TENANT_NAME##, @@LANGUAGES@@"),
    ],
)
def test_unresolved_placeholders_are_refused_naming_them(name, names):
    done = run_cli("pull", "--stack", "dev", "--plan", "free", "--from", str(EXPORTS / name))
    assert done.returncode == 1
    assert f"unresolved Deploy CLI keyword placeholders ({names})" in done.stderr


def test_over_the_plan_and_absurd_values():
    pulled = {
        p.key: p
        for p in pull_settings(
            {
                "session_lifetime": 1080,
                "idle_session_lifetime": 0.5,
                "idle_ephemeral_session_lifetime": 1.5,
                "ephemeral_session_lifetime": 0.0166666,
            },
            Plan.PROFESSIONAL,
        )
    }
    assert pulled["requireLoginAfter"].written == "30d"
    assert "above the professional plan's limit" in pulled["requireLoginAfter"].why
    assert pulled["inactivityTimeout"].written == "30m"
    assert pulled["ephemeralRequireLoginAfter"].written == "2m"  # 1 min: below the least
    assert pulled["ephemeralInactivityTimeout"].written == "2m"  # idle <= absolute
    assert "require-log-in-after" in pulled["ephemeralInactivityTimeout"].why
    assert pulled["cookieMode"].written == "persistent"  # session_cookie absent: the default
    assert pulled["cookieMode"].why == "absent: Auth0's default, written out"


@pytest.mark.parametrize(
    "value", ["1e400", "-1", '"12"', "true", "NaN", "9" * 400, "-" + "9" * 4000]
)
def test_a_value_that_is_not_hours_is_refused(tmp_path, value):
    export = tmp_path / "tenant.json"
    export.write_text(f'{{"session_lifetime": {value}}}')
    done = run_cli("pull", "--stack", "dev", "--plan", "free", "--from", str(export))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: tenant.json: session_lifetime: ")
    assert "number of hours" in done.stderr and len(done.stderr.splitlines()) == 1


# ------------------------------------------------------------------ round trip and --write


def test_a_pulled_file_passes_check_and_the_program_sends_its_values(tmp_path):
    code, out = cli_output(
        "pull", "--stack", "dev", "--plan", "professional", "--from", str(EXPORTS / "tenant.json")
    )
    assert code == 0
    stack = tmp_path / "Pulumi.dev.yaml"
    stack.write_text(out)
    assert check_output(str(stack))[0] == 0
    run = run_program("dev", *engine_config(stack))
    assert run.error is None, run.error
    (tenant,) = [r for r in run.resources if r.type == "auth0:index/tenant:Tenant"]
    assert tenant.inputs == {
        "sessionLifetime": 3.0,
        "idleSessionLifetime": 1.0,
        "ephemeralSessionLifetime": 72.0,
        "idleEphemeralSessionLifetime": 24.0,
        "sessionCookie": {"mode": "non-persistent"},
    }


def test_write_updates_only_the_session_keys_keeping_comments_and_order(tmp_path):
    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    stack = tmp_path / "stacks" / "Pulumi.dev.yaml"
    before = (
        "# Dev tenant: owned by the identity team.\n"
        "config:\n"
        "  auth0:domain: acme-dev.eu.auth0.com  # the tenant\n"
        "  auth0-sessions:wave: 1\n"
        "  auth0-sessions:plan: professional\n"
        "  # 30 days, the plan's limit\n"
        "  auth0-sessions:requireLoginAfter: 30d\n"
        "  inactivityTimeout: 3d\n"
        "  aws:region: eu-west-1\n"
    )
    stack.write_text(before)
    done = run_cli(
        "pull",
        "--stack",
        "dev",
        "--plan",
        "professional",
        "--from",
        str(EXPORTS / "tenant.yaml"),
        "--write",
        "--project",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "Pulumi.dev.yaml: requireLoginAfter: 30d -> 3h" in done.stderr
    assert "Pulumi.dev.yaml: cookieMode: (not set) -> non-persistent" in done.stderr
    after = stack.read_text()
    assert after.startswith("# Dev tenant: owned by the identity team.\nconfig:\n")
    assert "  auth0:domain: acme-dev.eu.auth0.com  # the tenant\n" in after
    assert "  # 30 days, the plan's limit\n  auth0-sessions:requireLoginAfter: 3h\n" in after
    assert "  inactivityTimeout: 1h\n" in after  # its own spelling kept
    assert "  aws:region: eu-west-1\n" in after and "auth0-sessions:wave: 1" in after
    assert after.index("aws:region") < after.index("auth0-sessions:cookieMode")  # added last
    assert check_output(str(stack))[0] == 0


def test_write_makes_a_new_stack_file(tmp_path):
    (tmp_path / "stacks").mkdir()
    done = run_cli(
        "pull",
        "--stack",
        "qa",
        "--plan",
        "professional",
        "--from",
        str(EXPORTS / "tenant.json"),
        "--write",
        "--project",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "wrote " in done.stderr
    assert check_output(str(tmp_path / "stacks" / "Pulumi.qa.yaml"))[0] == 0


def test_a_bad_stack_name_is_a_usage_error():
    done = run_cli(
        "pull", "--stack", "../x", "--plan", "free", "--from", str(EXPORTS / "tenant.json")
    )
    assert done.returncode == 2 and "--stack: a Pulumi stack name" in done.stderr
