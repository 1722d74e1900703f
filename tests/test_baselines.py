"""Compliance baselines: each maximum at its boundary, in both pairs, with plan limits."""

from __future__ import annotations

import json

import pytest
from harness import check_output, cli_output

from components.rules.durations import Duration
from components.rules.plans import BASELINE_NAMES, BASELINES
from components.rules.settings import (
    DURATION_SETTINGS,
    InvalidConfigError,
)
from components.stackfiles.stackconfig import StackConfig, validate_stack_config

# The issue's table, in minutes: (require log in after ≤, inactivity timeout ≤, source).
TABLE = {
    "nist-800-63b-aal1": (43_200, None, "NIST SP 800-63B-4, AAL1"),
    "nist-800-63b-aal2": (1_440, 60, "NIST SP 800-63B-4, AAL2"),
    "nist-800-63b-aal3": (720, 15, "NIST SP 800-63B-4, AAL3"),
    "pci-dss-4": (None, 15, "PCI DSS v4.0 req. 8.2.8"),
}
ABSOLUTES = [s for s in DURATION_SETTINGS if s.limit == "require_login_after"]
IDLES = [s for s in DURATION_SETTINGS if s.limit == "inactivity_timeout"]


def minutes(value: int | None) -> str:
    return f"{value}m"


def validate(**keys: object) -> StackConfig:
    raw = {f"auth0-sessions:{key}": value for key, value in keys.items()}
    return validate_stack_config(raw, source="stacks/Pulumi.test.yaml")


def problems(**keys: object) -> list[tuple[str, str]]:
    try:
        validate(**keys)
    except InvalidConfigError as error:
        return [(p.key.removeprefix("auth0-sessions:"), p.message) for p in error.problems]
    return []


def compliant(name: str) -> dict[str, str]:
    """All four settings at the baseline's maximums (short defaults where it has none)."""
    absolute, idle, _ = TABLE[name]
    return {
        "requireLoginAfter": minutes(absolute or 720),
        "inactivityTimeout": minutes(idle or 15),
        "ephemeralRequireLoginAfter": minutes(absolute or 720),
        "ephemeralInactivityTimeout": minutes(idle or 15),
    }


def test_the_table_is_the_one_the_issue_gives():
    assert tuple(TABLE) == BASELINE_NAMES
    for name, (absolute, idle, source) in TABLE.items():
        baseline = BASELINES[name]
        assert baseline.name == name and baseline.source == source
        got_absolute = baseline.require_login_after
        got_idle = baseline.inactivity_timeout
        assert (got_absolute.minutes if got_absolute else None) == absolute
        assert (got_idle.minutes if got_idle else None) == idle


@pytest.mark.parametrize("name", BASELINE_NAMES)
def test_at_every_maximum_a_stack_passes(name):
    config = validate(plan="enterprise", baselines=[name], **compliant(name))
    assert config.settings.baselines == (name,)


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        (name, setting)
        for name, (absolute, idle, _) in TABLE.items()
        for setting in [*(ABSOLUTES if absolute else []), *(IDLES if idle else [])]
    ],
    ids=lambda v: getattr(v, "key", v),
)
def test_one_minute_over_a_maximum_fails_naming_the_baseline_and_its_source(name, setting):
    bound = getattr(BASELINES[name], setting.limit)
    keys = compliant(name)
    keys[setting.key] = minutes(bound.minutes + 1)
    found = problems(plan="enterprise", baselines=[name], **keys)
    assert found == [
        (
            setting.key,
            f'"{bound.minutes + 1}m" is {Duration(bound.minutes + 1).in_units()}, over baseline '
            f"{name}'s maximum of {bound.in_units()} ({TABLE[name][2]}). "
            f'Use at most "{bound}"',
        )
    ]


@pytest.mark.parametrize("name", BASELINE_NAMES)
def test_every_setting_a_baseline_bounds_must_be_managed_in_both_pairs(name):
    absolute, idle, _ = TABLE[name]
    bounded = {s.key for s in [*(ABSOLUTES if absolute else []), *(IDLES if idle else [])]}
    found = dict(problems(plan="enterprise", baselines=[name]))
    assert set(found) == bounded
    for setting in DURATION_SETTINGS:
        if setting.key in bounded:
            message = found[setting.key]
            assert message.startswith(f"is unmanaged, but baseline {name} ({TABLE[name][2]})")
            assert f"a new tenant has {setting.tenant_default.human()}" in message


def test_pci_leaves_require_log_in_after_to_the_plan():
    config = validate(
        plan="professional",
        baselines=["pci-dss-4"],
        inactivityTimeout="15m",
        ephemeralInactivityTimeout="10m",
    )
    assert config.settings.require_login_after is None


def test_unset_idle_under_pci_names_the_tenant_defaults():
    found = dict(problems(plan="professional", baselines=["pci-dss-4"]))
    assert "a new tenant has 3 days" in found["inactivityTimeout"]
    assert "a new tenant has 1 day" in found["ephemeralInactivityTimeout"]


def test_baseline_and_plan_limit_are_both_reported():
    found = problems(
        plan="professional",
        baselines=["nist-800-63b-aal1", "pci-dss-4"],
        requireLoginAfter="31d",
        inactivityTimeout="4d",
        ephemeralRequireLoginAfter="1d",
        ephemeralInactivityTimeout="15m",
    )
    assert [key for key, _ in found] == [
        "requireLoginAfter",
        "requireLoginAfter",
        "inactivityTimeout",
        "inactivityTimeout",
    ]
    messages = [message for _, message in found]
    assert "over the professional plan's limit of 43,200 min" in messages[0]
    assert "over baseline nist-800-63b-aal1's maximum of 43,200 min" in messages[1]
    assert "over the professional plan's limit of 4,320 min" in messages[2]
    assert "over baseline pci-dss-4's maximum of 15 min" in messages[3]


def test_the_tightest_of_several_baselines_wins():
    found = dict(
        problems(
            plan="enterprise",
            baselines=["nist-800-63b-aal2", "pci-dss-4"],
            requireLoginAfter="24h",
            inactivityTimeout="30m",
            ephemeralRequireLoginAfter="24h",
            ephemeralInactivityTimeout="15m",
        )
    )
    assert list(found) == ["inactivityTimeout"]
    assert "baseline pci-dss-4's maximum" in found["inactivityTimeout"]


def test_rounding_proposals_stay_within_a_baseline():
    found = dict(
        problems(
            plan="enterprise",
            baselines=["nist-800-63b-aal3"],
            requireLoginAfter="11h30m",
            inactivityTimeout="15m",
            ephemeralRequireLoginAfter="12h",
            ephemeralInactivityTimeout="15m",
        )
    )
    assert found["requireLoginAfter"].endswith('Use "11h" or "12h"')


def test_unknown_names_are_refused_with_the_known_ones():
    found = problems(plan="enterprise", baselines=["nist-aal2", "sox"])
    known = ", ".join(BASELINE_NAMES)
    assert found == [
        (
            "baselines[0]",
            f'"nist-aal2" is not a known baseline (did you mean "nist-800-63b-aal2"?); '
            f"accepted: {known}",
        ),
        ("baselines[1]", f'"sox" is not a known baseline; accepted: {known}'),
    ]


@pytest.mark.parametrize("value", ["pci-dss-4", 3, {"name": "pci-dss-4"}])
def test_a_list_is_required(value):
    ((key, message),) = problems(plan="enterprise", baselines=value)
    assert key == "baselines"
    assert message.startswith("expects a list of baseline names, e.g. [nist-800-63b-aal1]")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], ()),
        ("", ()),
        ("[]", ()),  # the engine passes an array key as JSON text
        (json.dumps(["pci-dss-4"]), ("pci-dss-4",)),
        (["pci-dss-4", "pci-dss-4"], ("pci-dss-4",)),
    ],
)
def test_list_forms(value, expected):
    keys = {"inactivityTimeout": "15m", "ephemeralInactivityTimeout": "15m"}
    config = validate(plan="enterprise", baselines=value, **keys)
    assert config.settings.baselines == expected


def test_null_baselines_are_refused_like_any_null():
    ((key, message),) = problems(plan="enterprise", baselines=None)
    assert key == "baselines" and message.startswith("is empty (YAML null)")


def test_check_shows_what_bounds_each_value(tmp_path):
    path = tmp_path / "Pulumi.pci.yaml"
    path.write_text(
        "config:\n"
        "  auth0-sessions:plan: professional\n"
        "  auth0-sessions:baselines: [pci-dss-4]\n"
        "  auth0-sessions:inactivityTimeout: 15m\n"
        "  auth0-sessions:ephemeralInactivityTimeout: 10m\n"
    )
    code, out = check_output(str(path))
    assert code == 0
    assert out.splitlines()[0].endswith(": stack pci, plan professional, baselines pci-dss-4: OK")
    assert "-> idle_session_lifetime (plan limit 3 days; pci-dss-4: 15 minutes)" in out


def test_check_json_reports_baseline_errors(tmp_path):
    path = tmp_path / "Pulumi.pci.yaml"
    path.write_text("config:\n  plan: professional\n  baselines: [pci-dss-4]\n")
    code, out = check_output(str(path), "--json")
    (result,) = json.loads(out)
    assert code == 1 and result["baselines"] is None
    assert [e["key"] for e in result["errors"]] == [
        "auth0-sessions:inactivityTimeout",
        "auth0-sessions:ephemeralInactivityTimeout",
    ]


def test_baselines_command_prints_the_table():
    code, out = cli_output("baselines")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("baseline   ") and lines[0].endswith("   source")
    assert lines[1].split() == [
        "nist-800-63b-aal1",
        "30",
        "days",
        "(720",
        "h)",
        "—",
        "NIST",
        "SP",
        "800-63B-4,",
        "AAL1",
    ]
    assert [line.split()[0] for line in lines[1:5]] == list(BASELINE_NAMES)


def test_baselines_command_markdown_is_what_the_docs_show():
    from pathlib import Path

    code, out = cli_output("baselines", "--markdown")
    assert code == 0
    page = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text()
    assert out in page
