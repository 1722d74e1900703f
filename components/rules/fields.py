"""The field types the session rules are built from: choices with a did-you-mean, minimums,
baseline lists, and the config every model here shares.

settings.py composes them into `SessionSettings`; stackconfig.py reuses `model_config`
and `one_of` for the whole stack file. No I/O, no pulumi.
"""

from __future__ import annotations

import contextlib
import json
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..text.inert import snippet
from .durations import Duration
from .keys import did_you_mean
from .limits import EPHEMERAL_MINIMUM, PERSISTENT_MINIMUM
from .plans import BASELINE_NAMES


class CookieMode(StrEnum):
    """`session_cookie.mode`: whether the session cookie outlives the browser session."""

    PERSISTENT = "persistent"
    NON_PERSISTENT = "non-persistent"


COOKIE_MODES: tuple[str, ...] = tuple(mode.value for mode in CookieMode)


def one_of(what: str, choices: tuple[str, ...]) -> Any:
    """A before-validator accepting exactly one of `choices`, with a did-you-mean."""

    def check(value: object) -> object:
        if value is None or (isinstance(value, str) and value in choices):
            return value  # None: unset (a null was refused before this runs)
        accepted = ", ".join(choices)
        if not isinstance(value, str):
            raise PydanticCustomError(
                "choice_type",
                "expects the {what} as text, one of: {accepted}",
                {"what": what, "accepted": accepted},
            )
        hint = did_you_mean(value, choices)
        raise PydanticCustomError(
            "choice",
            '"{value}" is not a known {what}{hint}; accepted: {accepted}',
            {"value": snippet(value), "what": what, "hint": hint, "accepted": accepted},
        )

    return BeforeValidator(check)


def at_least(minimum: Duration, why: str) -> Any:
    def check(value: Duration) -> Duration:
        if value < minimum:
            raise PydanticCustomError(
                "duration_minimum",
                '"{value}" is {units}, below the least this setting takes, {minimum} ({why})',
                {
                    "value": value.as_written(),
                    "units": value.in_units(),
                    "minimum": minimum.human(),
                    "why": why,
                },
            )
        return value

    return AfterValidator(check)


PersistentDuration = Annotated[
    Duration, at_least(PERSISTENT_MINIMUM, "Auth0 takes whole minutes from 1 minute up")
]
# The provider's schema takes the non-persistent pair from 0.0167 h; 1 minute is 0.01667 h.
EphemeralDuration = Annotated[
    Duration,
    at_least(
        EPHEMERAL_MINIMUM,
        "pulumi-auth0 refuses less than 0.0167 h here, and 1 minute is 0.01667 h",
    ),
]


def model_config(**overrides: Any) -> ConfigDict:
    """Shared by every model here: immutable, camelCase keys, inputs kept out of errors."""
    return ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        hide_input_in_errors=True,  # a plaintext secret must not reach a message
        **overrides,
    )


class NotAList:
    """A stack file's value for a key Pulumi.yaml declares a list, which is not one: Pulumi
    refuses it (workspace ValidateConfigValue), though the engine passes lists as text."""

    def __init__(self, value: object) -> None:
        self.value = value


class NotAMapping(NotAList):
    """A stack file's value for a key Pulumi.yaml declares an object, which is not a
    mapping ('', null, or JSON text): Pulumi refuses it ("must be of type 'object'"),
    though the engine passes objects to the program as JSON text. (A NotAList only for
    sharing its holder: no list-typed key is object-typed.)"""


def names_list(value: object) -> object:
    """A YAML list as written, or the JSON text the engine passes for an array key."""
    if isinstance(value, NotAList):
        raise PydanticCustomError(
            "not_a_list",
            'is "{value}", not a list: Pulumi.yaml declares it a list, and Pulumi refuses any '
            "other value; write e.g. [{example}], or remove the key for none",
            {"value": snippet(value.value), "example": BASELINE_NAMES[0]},
        )
    if value is None:  # an empty string, read as "none" (a YAML null is refused earlier)
        return ()
    if isinstance(value, str) and value.lstrip().startswith("["):
        with contextlib.suppress(json.JSONDecodeError, RecursionError):  # refused below
            value = json.loads(value)
    if isinstance(value, list | tuple) and all(isinstance(name, str) for name in value):
        return tuple(dict.fromkeys(value))  # a name given twice is checked once
    raise PydanticCustomError(
        "names_list",
        "expects a list of baseline names, e.g. [{example}]; known: {known}",
        {"example": BASELINE_NAMES[0], "known": ", ".join(BASELINE_NAMES)},
    )


BaselineName = Annotated[str, one_of("baseline", BASELINE_NAMES)]


def unmanaged_by_default() -> Any:
    """Default "" (unmanaged), validated: a baseline may require the setting to be set."""
    return Field("", validate_default=True)


def raise_all(errors: list[PydanticCustomError], value: object) -> None:
    """Raise every error found on one field (pydantic reports each under the field's key)."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError.from_exception_data(
            "SessionSettings",
            [InitErrorDetails(type=error, loc=(), input=value) for error in errors],
        )
