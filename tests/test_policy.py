"""The CrossGuard pack: its validate function on realistic Tenant inputs, no CLI needed."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pulumi_policy
import pytest
from harness import FIXTURES, ROOT, TENANT, engine_config, run_program
from pulumi_policy import EnforcementLevel, PolicyResourceOptions, ResourceValidationArgs
from pulumi_policy.policy import PolicyCustomTimeouts
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE, unknown_checking_proxy
from tenant_sessions import CONFIG_SCHEMA, POLICY_NAME, TENANT_SESSION_LIFETIMES

from components.review.checks import judge_file
from components.rules.plans import BASELINE_NAMES, PLAN_NAMES

POLICY_DIR = ROOT / "policy"
URN = "urn:pulumi:prod::other-program::auth0:index/tenant:Tenant::tenant"
COMPLIANT = {
    "sessionLifetime": 168,
    "idleSessionLifetime": 24,
    "ephemeralSessionLifetime": 12,
    "idleEphemeralSessionLifetime": 0.5,
    "sessionCookie": {"mode": "persistent"},
    "friendlyName": "Acme",
}


def validate(props: dict, config: dict, resource_type: str = TENANT) -> list[str]:
    """Run the policy as the analyzer does: props behind the SDK's unknown-checking proxy."""
    args = ResourceValidationArgs(
        resource_type,
        unknown_checking_proxy(props),
        URN,
        "tenant",
        PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), []),
        None,
        config,
    )
    reported: list[str] = []
    TENANT_SESSION_LIFETIMES.validate(args, lambda message, urn=None: reported.append(message))
    return reported


def test_compliant_tenant_passes():
    assert validate(COMPLIANT, {"plan": "professional"}) == []


def test_over_the_plan_limit_is_a_violation():
    reported = validate({**COMPLIANT, "idleSessionLifetime": 96}, {"plan": "professional"})
    assert reported == [
        'idleSessionLifetime = 96 h: "4d" is 5,760 min = 96 h = 4 days, over the professional '
        "plan's limit of 4,320 min = 72 h = 3 days: Auth0 would not refuse it, but the plan's "
        "limit silently supersedes it, so users would be logged out after 3 days, earlier "
        'than this file says. Use at most "3d"'
    ]


def test_a_value_the_provider_would_round_is_a_violation():
    (message,) = validate({**COMPLIANT, "sessionLifetime": 1.5}, {"plan": "professional"})
    assert message.startswith("sessionLifetime = 1.5 h:")
    assert "would silently become 2 hours" in message and message.endswith('Use "1h" or "2h"')


def test_hours_that_are_not_whole_minutes_are_a_violation():
    (message,) = validate({**COMPLIANT, "idleEphemeralSessionLifetime": 0.01}, {"plan": "free"})
    assert message == (
        "idleEphemeralSessionLifetime = 0.01 h: 0.01 h is 0.6 min, not a whole number of "
        "minutes: Auth0 stores whole minutes, and the provider would round it"
    )


def test_minimums_and_idle_over_absolute_speak_of_the_tenants_inputs():
    reported = validate(
        {"sessionLifetime": 24, "idleSessionLifetime": 48, "ephemeralSessionLifetime": 1 / 60},
        {"plan": "enterprise"},
    )
    assert reported == [
        'idleSessionLifetime = 48 h: "2d" (2,880 min = 48 h = 2 days) is longer than '
        'sessionLifetime "1d" (1,440 min = 24 h = 1 day): a session must log in again before '
        'it could ever be idle that long. Use at most "1d"',
        'ephemeralSessionLifetime = 0.0166667 h: "1m" is 1 min = 0.017 h = 0.00069 days, below '
        "the least this setting takes, 2 minutes (pulumi-auth0 refuses less than 0.0167 h "
        "here, and 1 minute is 0.01667 h)",
    ]


def test_baselines_from_the_config_apply_with_plan_limits():
    reported = validate(
        {**COMPLIANT, "idleSessionLifetime": 96},
        {"plan": "professional", "baselines": ["pci-dss-4"]},
    )
    assert [m.split(":")[0] for m in reported] == [
        "idleSessionLifetime = 96 h",
        "idleSessionLifetime = 96 h",
        "idleEphemeralSessionLifetime = 0.5 h",
    ]
    assert "over the professional plan's limit" in reported[0]
    assert "over baseline pci-dss-4's maximum of 15 min" in reported[1]
    assert "over baseline pci-dss-4's maximum of 15 min" in reported[2]


def test_a_baseline_requires_the_settings_it_bounds():
    (message,) = validate(
        {"idleSessionLifetime": 0.25}, {"plan": "professional", "baselines": ["pci-dss-4"]}
    )
    assert message.startswith("idleEphemeralSessionLifetime: is unmanaged, but baseline pci-dss-4")


def test_unknown_values_during_preview_are_skipped_not_failed():
    props = {
        **COMPLIANT,
        "sessionLifetime": UNKNOWN_NUMBER_VALUE,
        "idleEphemeralSessionLifetime": UNKNOWN_NUMBER_VALUE,
        "sessionCookie": {"mode": UNKNOWN_STRING_VALUE},
    }
    config = {"plan": "professional", "baselines": ["pci-dss-4"]}
    # idleEphemeral is unknown: neither judged nor "unmanaged"; the known idle is judged
    reported = validate(props, config)
    assert [m.split(":")[0] for m in reported] == ["idleSessionLifetime = 24 h"]
    assert validate({**props, "idleSessionLifetime": 0.25}, config) == []


def test_other_resources_are_not_judged():
    assert validate({"sessionLifetime": 9999}, {"plan": "free"}, "auth0:index/client:Client") == []


def test_a_config_without_plan_says_what_to_give():
    (message,) = validate(COMPLIANT, {})
    assert message.startswith("no plan in the policy config: give --policy-pack-config with")
    assert POLICY_NAME in message


def test_a_bad_config_is_reported_not_raised():
    reported = validate(COMPLIANT, {"plan": "gold", "baselines": ["sox"]})
    assert reported[0].startswith('policy config plan: "gold" is not a known plan')
    assert reported[1].startswith('policy config baselines[0]: "sox" is not a known baseline')


@pytest.mark.parametrize("stack_file", sorted(FIXTURES.glob("Pulumi.*.yaml")))
def test_what_the_program_sends_passes_the_pack(stack_file):
    """The same rules on both sides: a stack check accepts is a Tenant the pack accepts."""
    settings = judge_file(stack_file).settings
    assert settings is not None
    run = run_program(stack_file.name.split(".")[1], *engine_config(stack_file))
    config = {"plan": settings.plan.value, "baselines": list(settings.baselines)}
    assert validate(dict(run.one(TENANT).inputs), config) == []
    # and under a stricter baseline, the pack refuses what check would refuse
    strict = {**config, "baselines": ["nist-800-63b-aal3"]}
    assert any("baseline nist-800-63b-aal3" in m for m in validate(run.one(TENANT).inputs, strict))


def test_config_schema_lists_the_same_names_as_the_tables():
    assert not CONFIG_SCHEMA.required  # a missing plan gets the pack's own message
    assert CONFIG_SCHEMA.properties["plan"]["enum"] == list(PLAN_NAMES)
    assert CONFIG_SCHEMA.properties["baselines"]["items"]["enum"] == list(BASELINE_NAMES)


def test_example_config_is_accepted_by_the_policy():
    example = json.loads((POLICY_DIR / "config.example.json").read_text())
    config = example[POLICY_NAME]
    assert set(config) <= {*CONFIG_SCHEMA.properties, "enforcementLevel"}
    compliant_under_pci = {**COMPLIANT, "idleSessionLifetime": 0.25, "ephemeralSessionLifetime": 1}
    compliant_under_pci["idleEphemeralSessionLifetime"] = 0.25
    assert validate(compliant_under_pci, config) == []


def test_the_pack_is_mandatory_by_default_and_imports_the_rules(monkeypatch):
    """Run policy/__main__.py with PolicyPack recorded instead of served."""
    made: list[dict] = []
    monkeypatch.setattr(pulumi_policy, "PolicyPack", lambda **kwargs: made.append(kwargs))
    runpy.run_path(str(POLICY_DIR / "__main__.py"), run_name="__main__")
    (pack,) = made
    assert pack["name"] == "auth0-sessions"
    assert pack["enforcement_level"] is EnforcementLevel.MANDATORY
    assert [p.name for p in pack["policies"]] == [POLICY_NAME, "auth0-client-refresh-tokens"]


def test_the_pack_has_its_own_project_files():
    import yaml

    project = yaml.safe_load((POLICY_DIR / "PulumiPolicy.yaml").read_text())
    assert project["runtime"]["name"] == "python"
    requirements = (POLICY_DIR / "requirements.txt").read_text()
    assert "pulumi-policy>=" in requirements and "pydantic>=" in requirements
    assert "pulumi-auth0" not in requirements  # the rules never need the provider
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert "-r policy/requirements.txt" in dev


def test_rules_are_imported_not_copied():
    source = (POLICY_DIR / "tenant_sessions.py").read_text()
    assert "from components.rules.tenant_inputs import" in source
    for path in Path(POLICY_DIR).glob("*.py"):
        text = path.read_text()
        assert "43200" not in text and "43_200" not in text and "Duration(" not in text


def test_the_docs_show_a_real_violation():
    (message,) = validate({"sessionLifetime": 1.5}, {"plan": "professional"})
    assert f"```text\n{message}\n```" in (ROOT / "docs" / "policy.md").read_text()


def test_the_pack_needs_only_its_own_requirements():
    """pulumi-policy and pydantic: the policy reads no stack files and needs no provider."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.path[:0] = ['policy', '.']; import tenant_sessions; "
        "print(sorted(set(sys.modules) & {'components.stackfiles.stackfile', 'pulumi_auth0'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
