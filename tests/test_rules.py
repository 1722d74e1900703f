"""Every rule at its boundaries, for every plan, with the messages people will read."""

import pytest
from harness import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from components.rules.durations import Duration, nearest_applicable, provider_rounding
from components.rules.plans import LIMITS, Plan
from components.rules.settings import (
    DURATION_SETTINGS,
    Encrypted,
    InvalidConfigError,
    SessionSettings,
    validate_session_settings,
)
from components.stackfiles.stackconfig import validate_stack_config

# The limits as the Auth0 docs state them, in minutes (not read from the code under test).
DOCUMENTED_LIMITS = {
    "free": (4_320, 43_200),
    "essentials": (4_320, 43_200),
    "professional": (4_320, 43_200),
    "enterprise": (144_000, 525_600),
}
KEYS = {
    "requireLoginAfter": "session_lifetime",
    "inactivityTimeout": "idle_session_lifetime",
    "ephemeralRequireLoginAfter": "ephemeral_session_lifetime",
    "ephemeralInactivityTimeout": "idle_ephemeral_session_lifetime",
}
IDLE_KEYS = ("inactivityTimeout", "ephemeralInactivityTimeout")


def config(**values):
    return {f"auth0-sessions:{key}": value for key, value in values.items()}


def problems(raw):
    with pytest.raises(InvalidConfigError) as raised:
        validate_stack_config(raw, source="stacks/Pulumi.test.yaml")
    return {p.key.removeprefix("auth0-sessions:"): p.message for p in raised.value.problems}


def valid(raw):
    return validate_stack_config(raw, source="stacks/Pulumi.test.yaml").settings


def test_documented_limits_are_the_table():
    for plan, (idle, absolute) in DOCUMENTED_LIMITS.items():
        limits = LIMITS[Plan(plan)]
        assert (limits.inactivity_timeout.minutes, limits.require_login_after.minutes) == (
            idle,
            absolute,
        )


@pytest.mark.parametrize("plan", DOCUMENTED_LIMITS)
@pytest.mark.parametrize("key", KEYS)
def test_plan_limit_passes_at_the_limit_and_fails_one_minute_over(plan, key):
    idle, absolute = DOCUMENTED_LIMITS[plan]
    limit = idle if key in IDLE_KEYS else absolute
    at_limit = valid(config(plan=plan, **{key: f"{limit}m"}))
    assert at_limit.provider_hours() == {KEYS[key]: limit / 60}

    found = problems(config(plan=plan, **{key: f"{limit + 1}m"}))
    assert list(found) == [key]
    message = found[key]
    assert f'"{limit + 1}m"' in message  # as written
    assert f"{limit + 1:,} min" in message  # in minutes
    assert f"{limit:,} min = {limit // 60:,} h = {limit // 1440:,} days" in message  # the limit
    assert f"{plan} plan" in message
    if limit + 1 > 8760 * 60:  # over the Management API's maximum: refused, not superseded
        assert 'Auth0 refuses it with HTTP 400 ("greater than maximum 8760")' in message
    else:
        assert "the plan's limit silently supersedes it" in message


def test_plan_limit_message_shows_value_in_three_units():
    message = problems(config(plan="professional", inactivityTimeout="4d"))["inactivityTimeout"]
    assert message == (
        '"4d" is 5,760 min = 96 h = 4 days, over the professional plan\'s limit of '
        "4,320 min = 72 h = 3 days: Auth0 would not refuse it, but the plan's limit silently "
        "supersedes it, so users would be logged out after 3 days, earlier than this file "
        'says. Use at most "3d"'
    )


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("ok", ["59m", "60m", "1h", "2h", "25h", "1d1h"])
def test_whole_minutes_below_an_hour_and_whole_hours_above_apply_exactly(key, ok):
    valid(config(plan="enterprise", **{key: ok}))


@pytest.mark.parametrize(
    ("written", "becomes", "proposals"),
    [
        ("61m", "1 hour", '"1h" or "2h"'),
        ("90m", "2 hours", '"1h" or "2h"'),  # go-auth0 rounds half away from zero
        ("1h29m", "1 hour", '"1h" or "2h"'),
        ("150m", "3 hours", '"2h" or "3h"'),
        ("1d12h30m", "1 day 13 hours", '"1d12h" or "1d13h"'),
    ],
)
def test_values_the_provider_would_round_are_refused_with_the_nearest_exact_ones(
    written, becomes, proposals
):
    for key in KEYS:
        message = problems(config(plan="enterprise", **{key: written}))[key]
        assert "cannot be applied exactly" in message
        assert f"would silently become {becomes}" in message
        assert message.endswith(f"Use {proposals}")


def test_proposals_stay_within_the_plan_limit():
    assert nearest_applicable(Duration(4_319), within=Duration(4_320)) == [
        Duration(4_260),
        Duration(4_320),
    ]
    assert nearest_applicable(Duration(4_330)) == [Duration(4_320), Duration(4_380)]
    assert nearest_applicable(Duration(4_330), within=Duration(4_320)) == [Duration(4_320)]


def test_provider_rounding_is_half_up_to_whole_hours():
    assert provider_rounding(Duration(89)) == Duration(60)
    assert provider_rounding(Duration(90)) == Duration(120)
    assert provider_rounding(Duration(150)) == Duration(180)


@pytest.mark.parametrize("key", ["requireLoginAfter", "inactivityTimeout"])
def test_persistent_pair_takes_one_minute_but_not_zero(key):
    assert valid(config(plan="free", **{key: "1m"})).provider_hours() == {KEYS[key]: 1 / 60}
    message = problems(config(plan="free", **{key: "0m"}))[key]
    assert "below the least this setting takes, 1 minute" in message


@pytest.mark.parametrize("key", ["ephemeralRequireLoginAfter", "ephemeralInactivityTimeout"])
def test_ephemeral_pair_takes_two_minutes_but_not_one(key):
    assert valid(config(plan="free", **{key: "2m"})).provider_hours() == {KEYS[key]: 2 / 60}
    for below in ("1m", "0m", "0d"):
        message = problems(config(plan="free", **{key: below}))[key]
        assert "below the least this setting takes, 2 minutes" in message
        assert "0.0167 h" in message


@pytest.mark.parametrize(
    ("idle", "absolute"),
    [
        ("inactivityTimeout", "requireLoginAfter"),
        ("ephemeralInactivityTimeout", "ephemeralRequireLoginAfter"),
    ],
)
def test_inactivity_may_equal_but_not_exceed_its_absolute(idle, absolute):
    valid(config(plan="professional", **{idle: "1d", absolute: "24h"}))
    message = problems(config(plan="professional", **{idle: "25h", absolute: "1d"}))[idle]
    assert f'is longer than {absolute} "1d"' in message
    assert 'Use at most "1d"' in message
    # each pair is compared with itself only
    other = "requireLoginAfter" if absolute != "requireLoginAfter" else "ephemeralRequireLoginAfter"
    valid(config(plan="professional", **{idle: "2d", other: "1d"}))


def test_inactivity_alone_is_not_compared_with_an_unknown_tenant_value():
    valid(config(plan="professional", inactivityTimeout="3d"))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "is not a known plan"),
        ("pro", 'did you mean "professional"'),
        ("Enterprise", 'did you mean "enterprise"'),
        ("essential", 'did you mean "essentials"'),
        ("gold", "accepted: free, essentials, professional, enterprise"),
        (3, "expects the plan as text"),
        (None, "YAML null"),
    ],
)
def test_plan_must_be_one_of_four(value, fragment):
    assert fragment in problems(config(plan=value))["plan"]


def test_plan_is_required():
    assert problems({"auth0-sessions:requireLoginAfter": "1d"}) == {
        "plan": "is required; one of: free, essentials, professional, enterprise"
    }


def test_unknown_keys_are_refused_with_a_suggestion():
    found = problems(config(plan="free", inactivityTimout="1h", sessionLifetime="1h"))
    assert 'did you mean "inactivityTimeout"' in found["inactivityTimout"]
    assert 'did you mean "requireLoginAfter"' in found["sessionLifetime"]
    assert "known keys: plan, baselines, requireLoginAfter" in found["inactivityTimout"]


def test_bare_keys_are_the_projects_like_in_pulumi():
    settings = valid({"plan": "free", "requireLoginAfter": "1d"})
    assert settings.provider_hours() == {"session_lifetime": 24.0}
    assert "inactivityTimout" in problems({"plan": "free", "inactivityTimout": "1h"})


def test_other_namespaces_are_not_ours_to_judge():
    valid({**config(plan="free"), "pulumi:disable-default-providers": ["*"], "aws:region": 1})


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ([], "YAML list"),
        ({"a": 1}, "YAML map"),
        (True, "YAML boolean"),
        (None, "YAML null"),
        (72, '"72m"'),
        ("72", '"72h"'),
    ],
)
def test_wrong_yaml_types_are_refused(value, fragment):
    for key in KEYS:
        assert fragment in problems(config(plan="enterprise", **{key: value}))[key]


def test_empty_string_leaves_a_setting_unmanaged():
    raw = config(plan="free", requireLoginAfter="", cookieMode="", inactivityTimeout="1h")
    settings = valid(raw)
    assert settings.provider_hours() == {"idle_session_lifetime": 1.0}
    assert settings.cookie_mode is None
    assert [s.key for s in settings.unmanaged()] == [
        "requireLoginAfter",
        "ephemeralRequireLoginAfter",
        "ephemeralInactivityTimeout",
    ]


def test_cookie_mode():
    assert valid(config(plan="free", cookieMode="non-persistent")).cookie_mode == "non-persistent"
    assert (
        'did you mean "persistent"'
        in problems(config(plan="free", cookieMode="Persistent"))["cookieMode"]
    )


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("true", True), ("false", False)])
def test_protect_takes_yaml_or_engine_booleans(value, expected):
    assert valid(config(plan="free", protect=value)).protect is expected


@pytest.mark.parametrize("value", ["maybe", "yes", "on", "True", "1", 1, None])
def test_protect_refuses_what_pulumis_typed_boolean_refuses(value):
    """workspace.ValidateConfigValue: a boolean is true/false (YAML 1.2) or "true"/"false"."""
    found = problems(config(plan="free", protect=value))
    assert list(found) == ["protect"]
    if value is not None:
        assert found["protect"].endswith("is not a boolean Pulumi accepts: write true or false")


@pytest.mark.parametrize(("value", "expected"), [(1, 1), ("3", 3), ("+9", 9), (2, 2)])
def test_wave_takes_a_whole_number_from_1_to_9(value, expected):
    assert valid(config(plan="free", wave=value)).wave == expected


@pytest.mark.parametrize("value", [0, 10, -1, "two", "1.5", 1.5, True, [1], "99999999999"])
def test_wave_refuses_anything_else(value):
    found = problems(config(plan="free", wave=value))
    assert list(found) == ["wave"]
    assert "write a whole number from 1 to 9" in found["wave"]


def test_a_stack_without_a_wave_deploys_last():
    assert valid(config(plan="free")).wave == 9


SECRET = "s3cr3t-Value-that-must-never-print"


@pytest.mark.parametrize("key", ["auth0:clientSecret", "auth0:apiToken"])
def test_plaintext_credentials_are_refused_without_printing_them(key):
    with pytest.raises(InvalidConfigError) as raised:
        validate_stack_config({**config(plan="free"), key: SECRET}, source="f.yaml")
    (problem,) = raised.value.problems
    assert problem.key == key
    assert "plaintext" in problem.message
    assert f"pulumi config set --secret {key}" in problem.message
    assert SECRET not in str(raised.value)
    assert SECRET not in repr(raised.value.problems)


@pytest.mark.parametrize("key", ["auth0:clientSecret", "auth0:apiToken"])
def test_encrypted_credentials_pass(key):
    valid({**config(plan="free"), key: Encrypted(), "auth0:domain": "acme.eu.auth0.com"})


def test_encrypted_session_settings_are_refused():
    found = problems(config(plan="free", requireLoginAfter=Encrypted()))
    assert "not secrets" in found["requireLoginAfter"]


def test_pydantic_never_echoes_a_secret_either():
    with pytest.raises(ValidationError) as raised:
        from components.stackfiles.stackconfig import StackConfig

        StackConfig.model_validate(
            {"auth0-sessions": {"plan": "free"}, "auth0": {"clientSecret": SECRET}}
        )
    assert SECRET not in str(raised.value)


def test_every_problem_of_a_file_is_reported_not_just_the_first():
    found = problems(
        {
            **config(
                plan="professional",
                requireLoginAfter="31d",
                inactivityTimeout="90m",
                ephemeralRequireLoginAfter="1m",
                ephemeralInactivityTimeout=72,
                cookieMode="sometimes",
                typo="1h",
            ),
            "auth0:clientSecret": SECRET,
        }
    )
    assert set(found) == {
        "requireLoginAfter",
        "inactivityTimeout",
        "ephemeralRequireLoginAfter",
        "ephemeralInactivityTimeout",
        "cookieMode",
        "typo",
        "auth0:clientSecret",
    }


def test_plan_dependent_rules_wait_for_a_valid_plan_but_the_rest_still_run():
    found = problems(config(plan="gold", requireLoginAfter="90m", inactivityTimeout="99d"))
    assert "cannot be applied exactly" in found["requireLoginAfter"]
    assert "inactivityTimeout" not in found  # no plan, no limit to compare with


def test_settings_table_matches_the_model():
    assert [s.field for s in DURATION_SETTINGS] == [
        f
        for f in SessionSettings.model_fields
        if f not in ("plan", "baselines", "cookie_mode", "organizations", "connections")
    ]
    assert {s.key: s.provider_field for s in DURATION_SETTINGS} == KEYS


def test_component_validation_runs_again_on_a_model_built_without_it():
    bypassed = SessionSettings.model_construct(plan=Plan.FREE, inactivity_timeout=Duration(90))
    with pytest.raises(InvalidConfigError) as raised:
        validate_session_settings(bypassed, source="component 'x'")
    assert [p.key for p in raised.value.problems] == ["inactivityTimeout"]
    assert str(raised.value).startswith("component 'x': 1 problem")


def test_component_takes_a_mapping_of_config_keys():
    settings = validate_session_settings(
        {"plan": "enterprise", "requireLoginAfter": "90d"}, source="component"
    )
    assert settings.provider_hours() == {"session_lifetime": 2160.0}


yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        ["45m", "12h", "3d", "1d12h", "90m", "0m", "1m", "31d", "free", "enterprise"]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
config_keys = st.sampled_from(
    [f"auth0-sessions:{k}" for k in (*KEYS, "plan", "cookieMode", "protect")]
    + ["auth0:clientSecret", "auth0:apiToken", "auth0:domain", "plan", "typo", "x:y"]
) | st.text(max_size=20)


@given(st.dictionaries(config_keys, yaml_values, max_size=8))
@settings(max_examples=examples(300))
def test_any_config_is_valid_or_refused_with_problems_never_a_crash(raw):
    try:
        config = validate_stack_config(raw, source="f.yaml")
    except InvalidConfigError as error:
        assert error.problems
        assert all(p.key and p.message for p in error.problems)
    else:
        hours = config.settings.provider_hours()
        assert all(v > 0 for v in hours.values())


@pytest.mark.parametrize("setting", DURATION_SETTINGS, ids=lambda s: s.key)
def test_each_settings_declared_minimum_is_the_one_the_model_enforces(setting):
    """`pull` writes DurationSetting.minimum; the model must take it and refuse one less."""
    least = str(setting.minimum)
    assert valid(config(plan="free", **{setting.key: least}))
    below = setting.minimum.minutes - 1
    if below > 0:
        assert setting.key in problems(config(plan="free", **{setting.key: f"{below}m"}))
