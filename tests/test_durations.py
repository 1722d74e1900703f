"""Durations: parsing, formatting, and teaching messages for what cannot be read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from components.rules.durations import Duration, DurationError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1m", 1),
        ("45m", 45),
        ("59m", 59),
        ("1h", 60),
        ("12h", 720),
        ("72h", 4_320),
        ("1d", 1_440),
        ("3d", 4_320),
        ("365d", 525_600),
        ("1d12h", 2_160),
        ("1d30m", 1_470),
        ("1h30m", 90),
        ("2d3h4m", 2 * 1_440 + 3 * 60 + 4),
        ("90m", 90),
        ("0m", 0),
        ("  7d  ", 10_080),
        ("007h", 420),
    ],
)
def test_parse_every_unit_and_combination(text, minutes):
    assert Duration.parse(text).minutes == minutes


@pytest.mark.parametrize(
    ("minutes", "written", "human"),
    [
        (0, "0m", "0 minutes"),
        (1, "1m", "1 minute"),
        (45, "45m", "45 minutes"),
        (60, "1h", "1 hour"),
        (90, "1h30m", "1 hour 30 minutes"),
        (1_440, "1d", "1 day"),
        (2_160, "1d12h", "1 day 12 hours"),
        (43_200, "30d", "30 days"),
        (1_441, "1d1m", "1 day 1 minute"),
    ],
)
def test_format_canonical_and_human(minutes, written, human):
    duration = Duration(minutes)
    assert str(duration) == written
    assert duration.human() == human


def test_in_units_names_minutes_hours_and_days():
    assert Duration.of(days=3).in_units() == "4,320 min = 72 h = 3 days"
    assert Duration(90).in_units() == "90 min = 1.5 h = 0.062 days"
    assert Duration.of(days=1).in_units() == "1,440 min = 24 h = 1 day"


def test_hours_are_what_the_provider_expects():
    assert Duration(15).hours == 0.25
    assert Duration.of(days=30).hours == 720.0
    assert Duration(1).hours == 1 / 60


def test_written_form_is_kept_for_messages_but_not_compared():
    parsed = Duration.parse("90m")
    assert parsed.as_written() == "90m"
    assert parsed == Duration(90) == Duration.parse("1h30m")
    assert Duration(90).as_written() == "1h30m"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("72", ['"72m"', '"72h"', "minutes", "hours"]),
        ("", ["is not a duration"]),
        ("   ", ["is not a duration"]),
        ("h", ["is not a duration"]),
        ("12", ['"12m"', '"12h"']),
        ("-5m", ["negative"]),
        ("1.5h", ["decimal", 'write "1h" or "2h"']),
        ("12H", ['write "12h"']),
        ("3 days", ["is not a duration", "45m, 12h, 3d"]),
        ("12h1d", ["is not a duration", "largest first"]),
        ("1d1d", ["is not a duration"]),
        ("9999999999d", ["far too large"]),
        ("99999999999999999999999", ["too large"]),
        ("\u0663h", ["is not a duration"]),  # an Arabic-Indic 3 is not taken for "3"
        ("12h\n", None),  # surrounding white space is fine, including a newline
    ],
)
def test_malformed_text_gets_a_message_that_teaches(text, expected):
    if expected is None:
        assert Duration.parse(text) == Duration(720)
        return
    with pytest.raises(DurationError) as raised:
        Duration.parse(text)
    for fragment in expected:
        assert fragment in str(raised.value)


@given(st.integers(min_value=0, max_value=10**9))
def test_format_then_parse_round_trips(minutes):
    assert Duration.parse(str(Duration(minutes))).minutes == minutes


@given(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999), st.booleans(), st.booleans())
def test_parse_then_format_is_canonical(days, hours, minutes, with_days, with_hours):
    text = (f"{days}d" if with_days else "") + (f"{hours}h" if with_hours else "") + f"{minutes}m"
    parsed = Duration.parse(text)
    assert (
        parsed.minutes
        == (days if with_days else 0) * 1440 + (hours if with_hours else 0) * 60 + minutes
    )
    assert Duration.parse(str(parsed)) == parsed


@given(st.text())
def test_arbitrary_text_never_crashes(text):
    try:
        duration = Duration.parse(text)
    except DurationError as error:
        assert str(error)
    else:
        assert duration.minutes >= 0


class _Holder(BaseModel):
    value: Duration


@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.lists(st.integers()),
        st.dictionaries(st.text(), st.integers()),
    )
)
def test_any_yaml_value_is_a_duration_or_a_validation_error(value):
    try:
        _Holder(value=value)
    except ValidationError as error:
        assert error.errors()[0]["msg"]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (72, '"72h" for 4,320 min = 72 h = 3 days, or for about 72 min = 1.2 h'),
        (72, '"1h" or "2h" ("72m" would not apply exactly'),
        (45, '"45h" for 2,700 min = 45 h = 1.88 days, or "45m" for 45 min = 0.75 h'),
        (120, 'or "120m" for 120 min = 2 h'),
        (1.5, "not whole"),
        (True, "YAML boolean"),
        (None, "YAML null"),
        ([1], "YAML list"),
        ({"a": 1}, "YAML map"),
        (0, "has no unit"),
    ],
)
def test_non_text_values_are_refused_with_their_yaml_kind(value, fragment):
    with pytest.raises(ValidationError) as raised:
        _Holder(value=value)
    assert fragment in raised.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    ("hours", "minutes"), [(720, 43_200), (1.5, 90), (0.25, 15), (1 / 60, 1), (0, 0)]
)
def test_from_hours_reads_provider_values_as_whole_minutes(hours, minutes):
    assert Duration.from_hours(hours).minutes == minutes


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (0.01, "0.01 h is 0.6 min, not a whole number of minutes"),
        (1.001, "1.001 h is 60.06 min, not a whole number of minutes"),
        (-1, "-1 h is negative"),
        (True, "expects a number of hours; got True"),
        ("12", "expects a number of hours; got 12"),
        (float("inf"), "out of range for a session duration: inf is not a plausible"),
        (float("nan"), "out of range for a session duration: nan is not a plausible"),
        (10**400, "out of range for a session duration: a number of about 401 digits"),
        (-(10**400), "<huge number> h is negative"),
    ],
)
def test_from_hours_refuses_what_is_not_whole_minutes(hours, message):
    with pytest.raises(DurationError) as raised:
        Duration.from_hours(hours)
    assert str(raised.value).startswith(message)
