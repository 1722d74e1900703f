"""Per-organization and per-connection limits: the rules, `check`, `diff`, and what the
program registers under the SDK's mock runtime (exact inputs)."""

from __future__ import annotations

import json
import re

import pytest
from harness import COMPONENT, TENANT, Repo, check_output, engine_config, run_program
from test_hostile import _outside_code_spans

from components.resources.session_action import ACTION_NAME, action_code
from components.rules.settings import SessionSettings

ACTION = "auth0:index/action:Action"
BINDING = "auth0:index/triggerAction:TriggerAction"
BINDINGS = "auth0:index/triggerActions:TriggerActions"  # owns a trigger's whole list: never

STACK = """\
config:
  auth0-sessions:plan: enterprise
  auth0-sessions:requireLoginAfter: 3d
  auth0-sessions:inactivityTimeout: 1d
  auth0-sessions:organizations:
    org_4mD2q8Lr: {inactivityTimeout: 15m, requireLoginAfter: 12h, baselines: [pci-dss-4]}
    acme-bank:    {inactivityTimeout: 15m}
  auth0-sessions:connections:
    customer-okta: {requireLoginAfter: 8h}
"""


def _stack(tmp_path, text: str = STACK, name: str = "bank"):
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text(text)
    return path


def test_the_issues_stack_file_passes_check_with_a_row_per_organization(tmp_path):
    code, out = check_output(str(_stack(tmp_path)))
    assert code == 0, out
    assert "  organization acme-bank: inactivityTimeout 15 minutes (15 min) -> post-login" in out
    assert "  connection customer-okta: requireLoginAfter 8 hours (480 min)" in out
    code, out = check_output("--json", str(_stack(tmp_path)))
    [verdict] = json.loads(out)
    assert verdict["organizations"]["org_4mD2q8Lr"] == {
        "requireLoginAfter": 720,
        "inactivityTimeout": 15,
        "baselines": ["pci-dss-4"],
    }


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "acme-bank: {inactivityTimeout: 2d}",
            'organization "acme-bank": inactivityTimeout "2d" (2,880 min = 48 h = 2 days) is '
            "longer than the tenant's 1,440 min = 24 h = 1 day: Auth0 clamps a session date "
            "set by an Action to the tenant's limits",
        ),
        (
            "acme-bank: {inactivityTimeout: 30m, baselines: [pci-dss-4]}",
            'inactivityTimeout "30m" (30 min = 0.5 h = 0.021 days) is over baseline '
            "pci-dss-4's maximum of 15 min",
        ),
        ("acme-bank: {inactivityTimeout: 15}", "has no unit"),
        ("acme-bank: {}", "sets no limit"),
        ("acme-bank: {idle: 15m}", "unknown key"),
        ('"Acme Bank": {inactivityTimeout: 15m}', "is not an Auth0 organization name or id"),
        ("acme-bank: {requireLoginAfter: 1h, inactivityTimeout: 2h}", "is longer than its"),
    ],
)
def test_an_organizations_value_is_refused_with_checks_message(tmp_path, entry, message):
    text = STACK.replace("acme-bank:    {inactivityTimeout: 15m}", entry)
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1
    assert message in out, out


def test_a_value_for_an_unmanaged_tenant_clock_is_refused(tmp_path):
    text = STACK.replace("  auth0-sessions:inactivityTimeout: 1d\n", "")
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1
    assert "which this stack leaves unmanaged: set the tenant's inactivityTimeout" in out


def test_the_non_persistent_pair_only_where_sessions_are_non_persistent(tmp_path):
    entry = "acme-bank: {ephemeralInactivityTimeout: 5m}"
    text = STACK.replace("acme-bank:    {inactivityTimeout: 15m}", entry)
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1 and "cookieMode is not non-persistent" in out
    text += (
        "  auth0-sessions:cookieMode: non-persistent\n"
        "  auth0-sessions:ephemeralRequireLoginAfter: 1d\n"
        "  auth0-sessions:ephemeralInactivityTimeout: 1h\n"
    )
    code, out = check_output(str(_stack(tmp_path, text)))
    # now sessions are non-persistent, org_4mD2q8Lr's pci-dss-4 bounds that pair too, and
    # it leaves the idle one to the tenant's hour
    assert code == 1
    assert (
        'organization "org_4mD2q8Lr": leaves ephemeralInactivityTimeout to the tenant\'s "1h"'
        in out
    )
    text = text.replace("ephemeralInactivityTimeout: 1h", "ephemeralInactivityTimeout: 15m")
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 0, out


def test_an_organization_s_baselines_judge_the_clocks_it_leaves_to_the_tenant(tmp_path):
    text = STACK.replace(
        "{inactivityTimeout: 15m, requireLoginAfter: 12h, baselines: [pci-dss-4]}",
        "{requireLoginAfter: 12h, baselines: [pci-dss-4]}",
    )
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1
    assert (
        'organization "org_4mD2q8Lr": leaves inactivityTimeout to the tenant\'s "1d" (1,440 '
        "min = 24 h = 1 day), over its baseline pci-dss-4's maximum of 15 min"
    ) in out
    assert 'set its own inactivityTimeout, at most "15m"' in out
    unmanaged = "\n".join(
        line for line in text.splitlines() if ":inactivityTimeout:" not in line
    ).replace("acme-bank:    {inactivityTimeout: 15m}", "acme-bank: {requireLoginAfter: 1h}")
    code, out = check_output(str(_stack(tmp_path, unmanaged + "\n")))
    assert code == 1
    assert "leaves inactivityTimeout to the tenant, whose inactivityTimeout this stack" in out


def test_a_connection_id_is_told_that_connections_are_matched_by_name(tmp_path):
    text = STACK.replace("customer-okta:", "con_8fQ2xLmZ:")
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1
    assert '"con_8fQ2xLmZ" looks like a connection id, but connections are matched by name' in out
    assert "GET /api/v2/connections/<id>" in out


@pytest.mark.parametrize("value", ["''", "", '\'{"acme-bank": {"inactivityTimeout": "15m"}}\''])
@pytest.mark.parametrize("key", ["organizations", "connections"])
def test_an_object_key_is_refused_in_any_shape_but_a_mapping_as_pulumi_does(tmp_path, key, value):
    text = STACK.split("  auth0-sessions:organizations:")[0] + f"  auth0-sessions:{key}: {value}\n"
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1, out
    assert f"auth0-sessions:{key}: is " in out
    assert "not a mapping: Pulumi.yaml declares it an object" in out


def test_an_action_over_auth0_s_code_limit_is_refused_with_its_size(tmp_path):
    orgs = "".join(f"    o{i:03d}{'a' * 46}: {{inactivityTimeout: 15m}}\n" for i in range(500))
    conns = "".join(f"    c{i:03d}{'b' * 124}: {{inactivityTimeout: 15m}}\n" for i in range(500))
    text = (
        STACK.split("  auth0-sessions:organizations:")[0]
        + f"  auth0-sessions:organizations:\n{orgs}  auth0-sessions:connections:\n{conns}"
    )
    code, out = check_output(str(_stack(tmp_path, text)))
    assert code == 1
    assert re.search(
        r"auth0-sessions:connections: with 500 organizations and 500 connections, the "
        r"Post-Login Action that applies them would be 1[0-9]{2},[0-9]{3} bytes of code, over "
        r"Auth0's limit of 100,000 bytes",
        out,
    ), out


def test_the_program_deploys_one_action_bound_alone(tmp_path):
    run = run_program("bank", *engine_config(_stack(tmp_path)))
    assert run.error is None, run.error
    action, binding = run.one(ACTION), run.one(BINDING)
    settings = SessionSettings.model_validate(
        {
            "plan": "enterprise",
            "requireLoginAfter": "3d",
            "inactivityTimeout": "1d",
            "organizations": {
                "org_4mD2q8Lr": {
                    "inactivityTimeout": "15m",
                    "requireLoginAfter": "12h",
                    "baselines": ["pci-dss-4"],
                },
                "acme-bank": {"inactivityTimeout": "15m"},
            },
            "connections": {"customer-okta": {"requireLoginAfter": "8h"}},
        }
    )
    assert action.inputs == {
        "name": ACTION_NAME,
        "code": action_code(settings),
        "runtime": "node22",
        "deploy": True,
        "supportedTriggers": {"id": "post-login", "version": "v3"},
    }
    assert binding.inputs == {"trigger": "post-login", "actionId": f"{action.name}-id"}
    component = run.one(COMPONENT)
    assert action.parent == binding.parent and action.parent.endswith(f"::{component.name}")
    assert f"${COMPONENT}::" in action.parent
    assert not [r for r in run.resources if r.type == BINDINGS]
    assert run.one(TENANT).inputs == {"sessionLifetime": 72.0, "idleSessionLifetime": 24.0}


def test_without_organizations_or_connections_there_is_no_action(tmp_path):
    text = STACK.split("  auth0-sessions:organizations:")[0]
    run = run_program("plain", *engine_config(_stack(tmp_path, text, "plain")))
    assert run.error is None, run.error
    assert not [r for r in run.resources if r.type in (ACTION, BINDING, BINDINGS)]


def test_an_over_tenant_value_fails_the_program_before_any_resource(tmp_path):
    text = STACK.replace(
        "acme-bank:    {inactivityTimeout: 15m}", "acme-bank: {inactivityTimeout: 2d}"
    )
    run = run_program("bank", *engine_config(_stack(tmp_path, text)))
    assert type(run.error).__name__ == "RunError"
    assert "Auth0 clamps a session date set by an Action" in str(run.error)
    assert run.resources == []


def test_diff_shows_each_organizations_change(tmp_path):
    repo = Repo(tmp_path)
    repo.stack("bank").write_text(STACK)
    repo.commit("a bank")
    repo.stack("bank").write_text(
        STACK.replace(
            "acme-bank:    {inactivityTimeout: 15m}", "acme-bank: {inactivityTimeout: 10m}"
        )
    )
    code, out = repo.diff("--base", "main")
    assert code == 0, out
    assert (
        "  Inactivity timeout · organization acme-bank: 15 minutes (0.25 h) → 10 minutes (0.17 h)"
        in out
    )
    code, markdown = repo.diff("--base", "main", "--format", "markdown")
    assert "| `Inactivity timeout · organization acme-bank` | 15 minutes (0.25 h) |" in markdown


INJECTION = "x`\n### Approved ![i](https://e.example/i.png) <img src=x> @admins | a |"


def test_a_hostile_organization_name_stays_inside_code_spans_in_the_comment(tmp_path):
    """Names are refused by check; the comment still shows the refused file's text inert."""
    repo = Repo(tmp_path)
    repo.stack("bank").write_text(STACK)
    repo.commit("a bank")
    hostile = STACK.replace("acme-bank:", json.dumps(INJECTION) + ":")
    repo.stack("bank").write_text(hostile)
    code, markdown = repo.diff("--base", "main", "--format", "markdown")
    assert code == 1
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert all("Approved" not in h for h in headings), headings
    for line in markdown.splitlines():
        for outside in _outside_code_spans(line):
            assert not re.search(r"!\[|\]\(|<img|@admins|https://", outside), line
    rows = [line for line in markdown.splitlines() if "organization" in line and "|" in line]
    assert rows and all(row.count(" | ") == 4 for row in rows)  # no cell split by the name
