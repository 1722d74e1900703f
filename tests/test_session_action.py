"""The generated Post-Login Action, tested by running it under Node.js.

`tests/action/run_action.js` gives it an `event` and an `api` as Auth0's docs describe
them (the post-login event and API objects) and records what it calls. The Action must
shorten a session of a listed organization or connection, leave every other login
alone, never lengthen an expiry the session already has, and neither do anything nor
throw on a login with no organization, odd fields or no session API.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from harness import ROOT

from components.resources.session_action import action_code, limits_data
from components.rules.plans import Plan
from components.rules.scoped import ScopePolicy
from components.rules.settings import SessionSettings

NODE = shutil.which("node") or "node"  # on the CI machine (.ci/run prints its version)
MINUTE = 60_000
NOW = 1_796_378_400_000  # 2026-12-04T10:00:00Z, the runner's fixed clock
CREATED = "2026-12-04T08:00:00.000Z"  # two hours before NOW
LATER = "2026-12-07T08:00:00.000Z"  # the tenant's 3 days


def settings() -> SessionSettings:
    return SessionSettings.model_validate(
        {
            "plan": "enterprise",
            "requireLoginAfter": "3d",
            "inactivityTimeout": "1d",
            "organizations": {
                "org_4mD2q8Lr": {"inactivityTimeout": "15m", "requireLoginAfter": "12h"},
                "acme-bank": {"inactivityTimeout": "15m"},
            },
            "connections": {"customer-okta": {"requireLoginAfter": "8h"}},
        }
    )


def run(code: str, scenarios: list[dict], tmp_path: Path) -> list[dict]:
    action = tmp_path / "action.js"
    action.write_text(code)
    done = subprocess.run(
        [NODE, str(ROOT / "tests" / "action" / "run_action.js"), str(action)],
        input=json.dumps(scenarios),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert results and all(r["now"] == NOW for r in results)
    return results


def login(organization=None, connection=None, **session) -> dict:
    event = {
        "session": {
            "id": "s1",
            "created_at": CREATED,
            "expires_at": LATER,
            "idle_expires_at": "2026-12-05T10:00:00.000Z",
            **session,
        },
        "organization": organization,
        "connection": connection or {"id": "con_1", "name": "Username-Password-Authentication"},
    }
    return {"event": event}


CREATED_MS = NOW - 2 * 60 * MINUTE


def test_an_organizations_login_gets_its_limits(tmp_path):
    by_id, by_name, both = run(
        action_code(settings()),
        [
            login({"id": "org_4mD2q8Lr", "name": "other-name", "metadata": {}}),
            login({"id": "org_x", "name": "acme-bank"}),
            login({"id": "org_4mD2q8Lr", "name": "acme-bank"}, {"name": "customer-okta"}),
        ],
        tmp_path,
    )
    assert by_id == {
        "calls": [
            ["setExpiresAt", CREATED_MS + 12 * 60 * MINUTE],
            ["setIdleExpiresAt", NOW + 15 * MINUTE],
        ],
        "error": None,
        "now": NOW,
    }
    assert by_name["calls"] == [["setIdleExpiresAt", NOW + 15 * MINUTE]]
    assert both["calls"] == [  # the tightest of the organization's and the connection's
        ["setExpiresAt", CREATED_MS + 8 * 60 * MINUTE],
        ["setIdleExpiresAt", NOW + 15 * MINUTE],
    ]


def test_other_logins_are_untouched(tmp_path):
    results = run(
        action_code(settings()),
        [
            login(None),
            login({"id": "org_other", "name": "someone-else"}),
            login(None, {"id": "con_2", "name": "google-oauth2"}),
        ],
        tmp_path,
    )
    assert [r["calls"] for r in results] == [[], [], []]
    assert all(r["error"] is None for r in results)


def test_a_shorter_expiry_is_never_extended(tmp_path):
    soon = "2026-12-04T10:05:00.000Z"  # five minutes from now: sooner than both limits
    [result] = run(
        action_code(settings()),
        [login({"id": "org_4mD2q8Lr"}, expires_at=soon, idle_expires_at=soon)],
        tmp_path,
    )
    assert result["calls"] == [] and result["error"] is None


@pytest.mark.parametrize(
    "scenario",
    [
        {"event": {}},
        {"event": {"session": None, "organization": {"id": "org_4mD2q8Lr"}}},
        {"event": {"session": {"created_at": CREATED}, "organization": {"id": "org_4mD2q8Lr"}}},
        {"event": {"session": {"id": "s"}, "organization": {"id": 5, "name": ["acme-bank"]}}},
        {"event": {"session": {"id": "s"}, "organization": "acme-bank"}},
        {"event": {"session": {"id": "s"}, "organization": {"metadata": {"x": {}}}}},
        {"event": {"session": {"id": "s"}, "organization": {"id": "__proto__"}}},
        {"event": {"session": {"id": "s"}, "organization": {"name": "toString"}}},
        {"event": {"session": {"id": "s"}, "organization": {"id": "org_4mD2q8Lr"}},
         "noApiSession": True},
    ],
)  # fmt: skip
def test_odd_events_do_nothing_and_throw_nothing(tmp_path, scenario):
    [result] = run(action_code(settings()), [scenario], tmp_path)
    assert result == {"calls": [], "error": None, "now": NOW}


def test_odd_session_dates_fall_back_without_throwing(tmp_path):
    [result] = run(
        action_code(settings()),
        [
            login(
                {"id": "org_4mD2q8Lr"}, created_at="yesterday", expires_at=12, idle_expires_at=None
            )
        ],
        tmp_path,
    )
    assert result["error"] is None
    assert result["calls"] == [
        ["setExpiresAt", NOW + 12 * 60 * MINUTE],  # no creation date: counted from now
        ["setIdleExpiresAt", NOW + 15 * MINUTE],
    ]


HOSTILE = [
    '"]; process.exit(3); //',
    "\u2028x = 1;\u2029",
    "</script><script>alert(1)</script>",
    "`${process.exit(4)}`",
    "*/ process.exit(5); /*",
    "\\",
]


def test_no_name_can_leave_the_limits_data(tmp_path):
    """Names are refused by check before this; the encoder holds even if one were not."""
    policy = ScopePolicy.model_validate({"inactivityTimeout": "15m"})
    raw = SessionSettings.model_construct(
        plan=Plan.ENTERPRISE,
        organizations=dict.fromkeys(HOSTILE, policy),
        connections=dict.fromkeys(HOSTILE, policy),
    )
    code = action_code(raw)
    assert "\u2028" not in code and "</script>" not in code
    probe = tmp_path / "probe.js"
    probe.write_text(
        code + "\nprocess.stdout.write(JSON.stringify(Object.keys(LIMITS.organizations)));\n"
    )
    done = subprocess.run([NODE, str(probe)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr  # no process.exit ran
    assert sorted(json.loads(done.stdout)) == sorted(HOSTILE)
    assert limits_data(raw)["connections"] == {name: {"idle": 15} for name in sorted(HOSTILE)}


def test_the_code_is_readable_data_first_and_uses_no_secret_module_or_network():
    code = action_code(settings())
    head = code.split("const LIMITS = ", 1)
    assert head[0].startswith("// Generated by auth0-sessions") and len(head) == 2
    assert json.loads(head[1].split(";\n", 1)[0]) == limits_data(settings())
    for needle in ("require(", "fetch(", "event.secrets", "http", "import "):
        assert needle not in code


def test_the_docs_show_the_action_generated_for_their_example():
    from components.stackfiles.stackconfig import validate_stack_config
    from components.stackfiles.stackfile import read_stack_file

    example = ROOT / "docs" / "examples" / "Pulumi.bank.yaml"
    config = validate_stack_config(read_stack_file(example).config, source=str(example))
    page = (ROOT / "docs" / "organizations.md").read_text()
    block = page.split("<!-- generated action: docs/examples/Pulumi.bank.yaml -->\n```js\n")[1]
    assert block.split("```\n", 1)[0] == action_code(config.settings)
