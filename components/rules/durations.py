"""Session durations written with units (`45m`, `12h`, `3d`, `1d12h`).

The Dashboard speaks minutes and the Management API hours, so a bare `72` means two
very different things. Here a duration always carries its unit, and is held as a
whole number of minutes: every comparison below is exact integer arithmetic, and the
hours sent to the provider are derived only at the end.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from ..text.inert import snippet
from .foreign import MOST_HOURS, ImplausibleNumberError, plausible

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR
MAX_HOURS = MOST_HOURS  # far above the API's 8,760 h; beyond it nothing is worth judging


def rounded_minutes(hours: float) -> int:
    """Float hours (the API's, an export's) in whole minutes as the Deploy CLI rounds them:
    JavaScript's `Math.round(hours * 60)`, halves up (src/sessionDurationsToMinutes.ts)."""
    return math.floor(hours * MINUTES_PER_HOUR + 0.5)


# Units largest first, each at most once: `1d12h30m`. ASCII digits only (`\d` would
# also take other scripts' digits), and at most 9 of them per part, so that absurd
# input is refused with a message rather than turned into a huge number.
_GRAMMAR = re.compile(r"(?:([0-9]{1,9})d)?(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?")
_UNIT_MINUTES = (MINUTES_PER_DAY, MINUTES_PER_HOUR, 1)

FORMS_ACCEPTED = (
    "a whole number with a unit, m, h or d: 45m, 12h, 3d, or combined largest first: 1d12h"
)


def _plural(count: int | float, word: str) -> str:
    return f"{_number(count)} {word}{'' if count == 1 else 's'}"


def _number(value: int | float) -> str:
    """1,234 for whole values; else two decimals, or two significant digits below 1."""
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) < 1:
        return f"{value:.2g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, order=True)
class Duration:
    """A non-negative whole number of minutes (and, when parsed, the text it was read from)."""

    minutes: int
    written: str = field(default="", compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse `45m`, `12h`, `3d`, `1d12h`…; raise DurationError with a teaching message."""
        stripped = text.strip()
        match = _GRAMMAR.fullmatch(stripped) if stripped else None
        if match is None or not any(match.groups()):
            raise DurationError(_explain_malformed(text))
        minutes = sum(
            int(part or 0) * unit for part, unit in zip(match.groups(), _UNIT_MINUTES, strict=True)
        )
        return cls(minutes, written=stripped)

    def as_written(self) -> str:
        """The value as the user wrote it (`90m`), else its canonical form."""
        return self.written or str(self)

    @classmethod
    def of(cls, *, days: int = 0, hours: int = 0, minutes: int = 0) -> Duration:
        return cls(days * MINUTES_PER_DAY + hours * MINUTES_PER_HOUR + minutes)

    @classmethod
    def from_hours(cls, hours: float, *, written: str = "") -> Duration:
        """A provider value in hours (`1.5`) as minutes; raise DurationError unless whole minutes.

        Floats carry no exact sixtieths: within a millionth of a minute counts as whole.
        """
        if isinstance(hours, bool) or not isinstance(hours, int | float):
            raise DurationError(f"expects a number of hours; got {snippet(hours)}")
        if hours < 0:  # exact for an int of any size; False for NaN
            raise DurationError(f"{snippet(hours)} h is negative")
        try:
            plausible(hours, "hours", MAX_HOURS)
        except ImplausibleNumberError as error:
            raise DurationError(f"out of range for a session duration: {error}") from None
        minutes = hours * MINUTES_PER_HOUR
        if abs(minutes - round(minutes)) > 1e-6:
            raise DurationError(
                f"{hours:g} h is {minutes:.4g} min, not a whole number of minutes: "
                "Auth0 stores whole minutes, and the provider would round it"
            )
        return cls(round(minutes), written=written)

    @property
    def hours(self) -> float:
        """The value in hours, as pulumi-auth0 expects it (a float)."""
        return self.minutes / MINUTES_PER_HOUR

    @property
    def days(self) -> float:
        return self.minutes / MINUTES_PER_DAY

    def __str__(self) -> str:
        """The canonical written form, which `parse` reads back: `1d12h`, `45m`, `0m`."""
        days, rest = divmod(self.minutes, MINUTES_PER_DAY)
        hours, minutes = divmod(rest, MINUTES_PER_HOUR)
        text = "".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
        return text or "0m"

    def human(self) -> str:
        """Words a reviewer reads at a glance: `30 days`, `1 day 12 hours`, `45 minutes`."""
        days, rest = divmod(self.minutes, MINUTES_PER_DAY)
        hours, minutes = divmod(rest, MINUTES_PER_HOUR)
        parts = [
            _plural(n, word)
            for n, word in ((days, "day"), (hours, "hour"), (minutes, "minute"))
            if n
        ]
        return " ".join(parts) or "0 minutes"

    def with_hours(self) -> str:
        """Words with the hours the API and the provider speak: `30 days (720 h)`."""
        return f"{self.human()} ({_number(self.hours)} h)"

    def in_units(self) -> str:
        """The same value in the three units people mix up: `4,320 min = 72 h = 3 days`."""
        return (
            f"{_number(self.minutes)} min = {_number(self.hours)} h = {_plural(self.days, 'day')}"
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Let pydantic models take a Duration from its written form (or a Duration)."""
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


def is_exactly_applicable(value: Duration) -> bool:
    """pulumi-auth0 (go-auth0) sends whole minutes below 1 hour, whole hours from 1 hour up."""
    return value.minutes < MINUTES_PER_HOUR or value.minutes % MINUTES_PER_HOUR == 0


def provider_rounding(value: Duration) -> Duration:
    """What go-auth0 would send instead: the nearest hour, halves rounded up."""
    return Duration.of(hours=(value.minutes + MINUTES_PER_HOUR // 2) // MINUTES_PER_HOUR)


def nearest_applicable(value: Duration, *, within: Duration | None = None) -> list[Duration]:
    """The whole-hour values either side of `value` (not above `within`, when given)."""
    below = Duration(value.minutes - value.minutes % MINUTES_PER_HOUR)
    candidates = [below, Duration(below.minutes + MINUTES_PER_HOUR)]
    return [c for c in candidates if within is None or c <= within]


class DurationError(ValueError):
    """A duration that cannot be read; the message says what to write instead."""


def _validate(value: object) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError(
            "duration_type",
            "expects a duration written as text, {forms}; got a YAML {kind}",
            {"forms": FORMS_ACCEPTED, "kind": _yaml_kind(value)},
        )
    if isinstance(value, (int, float)):
        raise PydanticCustomError("duration_bare_number", _explain_bare_number(value))
    try:
        return Duration.parse(value)
    except DurationError as error:
        raise PydanticCustomError("duration_format", str(error)) from None


def _yaml_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "map"
    return type(value).__name__


def _explain_bare_number(number: int | float) -> str:
    """Show both readings of a unit-less number, and how to write each."""
    if not float(number).is_integer():
        return (
            f"{number!r} has no unit and is not whole: write {FORMS_ACCEPTED} "
            "(decimals are not accepted)"
        )
    whole = int(number)
    if whole <= 0 or whole >= 10**9:
        return f"{whole} has no unit: write {FORMS_ACCEPTED}"
    as_minutes, as_hours = Duration(whole), Duration(whole * MINUTES_PER_HOUR)
    if is_exactly_applicable(as_minutes):
        minutes_reading = f'"{whole}m" for {as_minutes.in_units()}'
    else:  # don't propose what the next check refuses
        nearest = " or ".join(f'"{d}"' for d in nearest_applicable(as_minutes))
        minutes_reading = (
            f'for about {as_minutes.in_units()}, {nearest} ("{whole}m" would not apply exactly: '
            "from 1 hour up pulumi-auth0 sends whole hours)"
        )
    return (
        f"{whole} has no unit, and the Dashboard reads it as minutes while the Management API "
        f'reads it as hours: write "{whole}h" for {as_hours.in_units()}, or {minutes_reading}'
    )


_DECIMAL = re.compile(r"([0-9]{1,9})[.,]([0-9]{1,9})(d|h|m)")


def _decimal_hint(text: str) -> str:
    """What to write instead of `2.5d`, computed, and only what `check` then accepts."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return "write whole units instead, largest first, e.g. 2d12h rather than 2.5d"
    whole, fraction, unit = match.groups()
    unit_minutes = dict(zip("dhm", _UNIT_MINUTES, strict=True))[unit]
    exact = Fraction(f"{whole}.{fraction}") * unit_minutes
    if exact.denominator != 1:
        nearby = sorted({Duration(math.floor(exact)), Duration(math.ceil(exact))} - {Duration(0)})
        shown = " or ".join(f'"{d}"' for d in nearby)
        return f"it is not a whole number of minutes (Auth0 stores whole minutes): write {shown}"
    value = Duration(int(exact))
    if not value.minutes:
        return f"it is zero: a session duration is at least 1 minute; write {FORMS_ACCEPTED}"
    if is_exactly_applicable(value):
        return f'write "{value}" ({_number(value.hours)} h) instead'
    nearest = " or ".join(f'"{d}"' for d in nearest_applicable(value))
    return (
        f"it is {value.human()}, which cannot be applied exactly (from 1 hour up pulumi-auth0 "
        f"sends whole hours): write {nearest}"
    )


def _explain_malformed(text: str) -> str:
    """Why `text` is no duration; the text is quoted short and escaped (it may be anything)."""
    stripped = text.strip()
    quoted = snippet(text)
    if re.fullmatch(r"[0-9]+", stripped):
        return (
            _explain_bare_number(int(stripped))
            if len(stripped) <= 9
            else (f'"{quoted}" has no unit and is too large: write {FORMS_ACCEPTED}')
        )
    if stripped.startswith("-"):
        return (
            f'"{quoted}" is negative: a session duration is at least 1 minute; '
            f"write {FORMS_ACCEPTED}"
        )
    if re.search(r"[0-9]{10,}", stripped):
        return f'"{quoted}" is far too large to be a session duration: write {FORMS_ACCEPTED}'
    if re.search(r"[0-9][.,][0-9]", stripped):
        return f'"{quoted}" has a decimal: {_decimal_hint(stripped)}'
    if stripped and stripped.lower() != stripped and _GRAMMAR.fullmatch(stripped.lower()):
        return f'"{quoted}" uses upper case: write "{stripped.lower()}"'
    return f'"{quoted}" is not a duration: write {FORMS_ACCEPTED}'
