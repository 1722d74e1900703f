"""A number someone else wrote (an API answer, an export, a preview) read as a duration.

JSON integers have no size limit and Python reads them exactly: a lifetime of a few
hundred digits is valid JSON, and `math.isfinite`, `/` or `:g` on it raise
OverflowError. Every reader of a foreign duration goes through `plausible`, which judges
an int exactly (never converting it) and a float only once it is finite, so the only
outcome for a bad value is one `ImplausibleNumberError` naming the value and the unit.
"""

from __future__ import annotations

import json
import math

from ..text.inert import snippet

MOST_HOURS = 10**7  # far above the API's 8,760 h: beyond it nothing is worth judging
MOST_SECONDS = 100 * 366 * 24 * 3600  # a century: no refresh token lives longer
MOST_DIGITS = 100  # a JSON integer longer than this is kept as a HugeNumber, never converted


class ImplausibleNumberError(ValueError):
    """A value that is not a finite, plausible number of the unit asked for."""


class HugeNumber:
    """A JSON integer of more than MOST_DIGITS digits, read but not converted: Python
    refuses to convert one of over 4,300 digits (the whole answer would be "not JSON"),
    and none is a plausible value of any field. Only what is kept is judged: a field
    that is dropped anyway may hold one."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def _integer(text: str) -> int | HugeNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MOST_DIGITS else HugeNumber(digits)


def decoder() -> json.JSONDecoder:
    """A JSON decoder for foreign text: integers of any length read (HugeNumber past
    MOST_DIGITS), so a number in a field nobody keeps cannot refuse the whole document."""
    return json.JSONDecoder(parse_int=_integer)


def loads(text: str | bytes) -> object:
    """`json.loads` through `decoder()`: ValueError or RecursionError as json raises them."""
    return decoder().decode(text.decode() if isinstance(text, bytes) else text)


def plausible(value: object, unit: str, most: int) -> int | float:
    """`value` when it is a number in 0..`most`; else ImplausibleNumberError.

    An int is compared exactly; a float must be finite. A bool (JSON `true`) or any
    other type is not a number, whatever Python says.
    """
    if isinstance(value, HugeNumber):
        raise ImplausibleNumberError(
            f"{value!r} is not a plausible number of {unit} (0 to {most:,})"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ImplausibleNumberError(f"{_shown(value)} is not a number of {unit}")
    if not 0 <= value <= most:  # exact for an int of any size; False for NaN and infinities
        raise ImplausibleNumberError(
            f"{_shown(value)} is not a plausible number of {unit} (0 to {most:,})"
        )
    return value


def _shown(value: object) -> str:
    """A foreign value in a message: bounded, escaped, a huge int never printed."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 50:
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    return snippet(value)
