"""The rules: a stack's configuration as pydantic models that refuse what Auth0 would not apply.

Raw config (from a stack file, or from the Pulumi engine) is a flat mapping of
namespaced keys (`auth0-sessions:plan`, `auth0:clientSecret`). `validate_stack_config`
turns it into a `StackConfig`, or raises `InvalidConfigError` with every problem found. The
program, the component and `python -m components check` all go through here, so a rule
is written once. This module must not import pulumi (the `check` command stays fast).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails, PydanticCustomError

from .credentials import PROVIDER, Encrypted, plaintext_message
from .durations import (
    Duration,
    is_exactly_applicable,
    nearest_applicable,
    provider_rounding,
)
from .inert import snippet
from .keys import PROJECT, did_you_mean, namespaced, screen_keys, split_namespaces
from .plans import API_MAXIMUM, BASELINE_NAMES, BASELINES, LIMITS, PLAN_NAMES, Baseline, Plan
from .problems import InvalidConfigError, Problem, format_problems

__all__ = [  # re-exported: the names the commands, the program and the pack import from here
    "PROJECT",
    "PROVIDER",
    "Encrypted",
    "InvalidConfigError",
    "Problem",
    "format_problems",
    "namespaced",
]


class CookieMode(StrEnum):
    """`session_cookie.mode`: whether the session cookie outlives the browser session."""

    PERSISTENT = "persistent"
    NON_PERSISTENT = "non-persistent"


COOKIE_MODES: tuple[str, ...] = tuple(mode.value for mode in CookieMode)


@dataclass(frozen=True)
class DurationSetting:
    """How one duration key maps to the Dashboard, the plan table and the provider."""

    field: str  # model field; the config key is its camelCase form
    label: str  # the Dashboard's words
    provider_field: str  # pulumi_auth0.Tenant argument, in hours
    limit: Literal["inactivity_timeout", "require_login_after"]  # PlanLimits/Baseline attribute
    tenant_default: Duration  # what a new tenant has when the setting is left unmanaged
    at_most: str | None = None  # an inactivity timeout may not exceed its pair's absolute

    @property
    def key(self) -> str:
        return to_camel(self.field)

    @property
    def provider_prop(self) -> str:
        """The input's name as the engine and policies see it: `sessionLifetime`."""
        return to_camel(self.provider_field)


DURATION_SETTINGS: tuple[DurationSetting, ...] = (  # defaults: the Management API's spec
    DurationSetting(
        "require_login_after",
        "Require log in after",
        "session_lifetime",
        "require_login_after",
        tenant_default=Duration.of(hours=168),
    ),
    DurationSetting(
        "inactivity_timeout",
        "Inactivity timeout",
        "idle_session_lifetime",
        "inactivity_timeout",
        tenant_default=Duration.of(hours=72),
        at_most="require_login_after",
    ),
    DurationSetting(
        "ephemeral_require_login_after",
        "Require log in after (non-persistent)",
        "ephemeral_session_lifetime",
        "require_login_after",
        tenant_default=Duration.of(hours=72),
    ),
    DurationSetting(
        "ephemeral_inactivity_timeout",
        "Inactivity timeout (non-persistent)",
        "idle_ephemeral_session_lifetime",
        "inactivity_timeout",
        tenant_default=Duration.of(hours=24),
        at_most="ephemeral_require_login_after",
    ),
)
_BY_FIELD = {setting.field: setting for setting in DURATION_SETTINGS}


def _one_of(what: str, choices: tuple[str, ...]) -> Any:
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


def _at_least(minimum: Duration, why: str) -> Any:
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
    Duration, _at_least(Duration(1), "Auth0 takes whole minutes from 1 minute up")
]
# The provider's schema takes the non-persistent pair from 0.0167 h; 1 minute is 0.01667 h.
EphemeralDuration = Annotated[
    Duration,
    _at_least(
        Duration(2), "pulumi-auth0 refuses less than 0.0167 h here, and 1 minute is 0.01667 h"
    ),
]


def _model_config(**overrides: Any) -> ConfigDict:
    """Shared by every model here: immutable, camelCase keys, inputs kept out of errors."""
    return ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        hide_input_in_errors=True,  # a plaintext secret must not reach a message
        **overrides,
    )


def _names_list(value: object) -> object:
    """A YAML list as written, or the JSON text the engine passes for an array key."""
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


BaselineName = Annotated[str, _one_of("baseline", BASELINE_NAMES)]


def _unmanaged_by_default() -> Any:
    """Default "" (unmanaged), validated: a baseline may require the setting to be set."""
    return Field("", validate_default=True)


@dataclass(frozen=True)
class Ceiling:
    """One maximum a setting must stay under: its plan's limit, or a baseline's bound."""

    maximum: Duration
    plan: Plan | None = None
    baseline: Baseline | None = None

    def refuse(self, value: Duration) -> PydanticCustomError:
        context = {
            "value": value.as_written(),
            "units": value.in_units(),
            "max_units": self.maximum.in_units(),
            "max": str(self.maximum),
        }
        if self.baseline is not None:
            return PydanticCustomError(
                "baseline_limit",
                '"{value}" is {units}, over baseline {baseline}\'s maximum of {max_units} '
                '({source}). Use at most "{max}"',
                {**context, "baseline": self.baseline.name, "source": self.baseline.source},
            )
        return PydanticCustomError(
            "plan_limit",
            '"{value}" is {units}, over the {plan} plan\'s limit of {max_units}: Auth0 would '
            "not refuse it, but the plan's limit silently supersedes it, so users would be "
            'logged out after {max_human}, earlier than this file says. Use at most "{max}"',
            {**context, "plan": self.plan, "max_human": self.maximum.human()},
        )


def ceilings(
    setting: DurationSetting, plan: Plan | None, baselines: Iterable[str]
) -> list[Ceiling]:
    """Every maximum on one setting: the plan's limit first, then each baseline's bound."""
    found = [Ceiling(getattr(LIMITS[plan], setting.limit), plan=plan)] if plan else []
    for name in baselines:
        bound: Duration | None = getattr(BASELINES[name], setting.limit)
        if bound is not None:
            found.append(Ceiling(bound, baseline=BASELINES[name]))
    return found


def tightest(bounds: Iterable[Ceiling]) -> Ceiling | None:
    """The maximum that decides: the lowest; on a tie, the first (the plan before baselines)."""
    return min(bounds, key=lambda ceiling: ceiling.maximum, default=None)


def describe_ceilings(settings: SessionSettings, setting: DurationSetting) -> str:
    """`plan limit 30 days; nist-800-63b-aal1: 30 days`: what bounds one setting, in words."""
    return "; ".join(
        f"{ceiling.baseline.name}: {ceiling.maximum.human()}"
        if ceiling.baseline
        else f"plan limit {ceiling.maximum.human()}"
        for ceiling in ceilings(setting, settings.plan, settings.baselines)
    )


def _over_api_maximum(value: Duration, limit: Ceiling | None) -> PydanticCustomError:
    """Over 8,760 h the Management API answers HTTP 400, whatever the plan."""
    most = limit.maximum if limit and limit.maximum < API_MAXIMUM else API_MAXIMUM
    lower = "" if most == API_MAXIMUM else f"; the tightest limit here is {most.in_units()}"
    plan = f" (also the {limit.plan} plan's limit)" if limit and most == API_MAXIMUM else ""
    return PydanticCustomError(
        "api_maximum",
        '"{value}" is {units}, over the Management API\'s maximum of {api}{plan}: Auth0 '
        'refuses it with HTTP 400 ("greater than maximum 8760"){lower}. Use at most "{most}"',
        {
            "value": value.as_written(),
            "units": value.in_units(),
            "api": API_MAXIMUM.in_units(),
            "plan": plan if limit and limit.plan else "",
            "lower": lower,
            "most": str(most),
        },
    )


def _raise_all(errors: list[PydanticCustomError], value: object) -> None:
    """Raise every error found on one field (pydantic reports each under the field's key)."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError.from_exception_data(
            "SessionSettings",
            [InitErrorDetails(type=error, loc=(), input=value) for error in errors],
        )


class SessionSettings(BaseModel):
    """The session lifetimes of one tenant, each as the Dashboard names it.

    Fields are declared in the order their checks need: the plan and baselines before
    the durations (their maximums), each absolute before its inactivity timeout
    (idle ≤ absolute). A duration left out (or empty) is unmanaged: Auth0 keeps the
    tenant's value, which a baseline bounding that setting refuses.
    """

    model_config = _model_config(extra="forbid")

    plan: Annotated[Plan, _one_of("plan", PLAN_NAMES)]
    baselines: Annotated[tuple[BaselineName, ...], BeforeValidator(_names_list)] = ()
    require_login_after: PersistentDuration | None = _unmanaged_by_default()
    inactivity_timeout: PersistentDuration | None = _unmanaged_by_default()
    ephemeral_require_login_after: EphemeralDuration | None = _unmanaged_by_default()
    ephemeral_inactivity_timeout: EphemeralDuration | None = _unmanaged_by_default()
    cookie_mode: Annotated[CookieMode | None, _one_of("cookie mode", COOKIE_MODES)] = None

    @field_validator("*", mode="before")
    @classmethod
    def _plain_value(cls, value: object, info: ValidationInfo) -> object:
        """Refuse encrypted and null values; read an empty string as "leave unmanaged"."""
        if isinstance(value, Encrypted):
            raise PydanticCustomError(
                "encrypted_setting",
                "is stored encrypted, but session settings are not secrets and must stay "
                "readable for review: set it with `pulumi config set` (without --secret)",
            )
        if value is None:
            unset = (
                f"one of: {', '.join(PLAN_NAMES)}"
                if info.field_name == "plan"
                else "or remove the key to leave the setting unmanaged"
            )
            raise PydanticCustomError(
                "null_value", "is empty (YAML null): give a value, {unset}", {"unset": unset}
            )
        if value == "" and info.field_name != "plan":
            return None
        return value

    @field_validator(*_BY_FIELD, mode="after")
    @classmethod
    def _applies_as_written(cls, value: Duration | None, info: ValidationInfo) -> Duration | None:
        """Maximums (plan limit, baselines), provider rounding, and idle ≤ absolute."""
        setting = _BY_FIELD[info.field_name or ""]
        bounds = ceilings(setting, info.data.get("plan"), info.data.get("baselines", ()))
        limit = tightest(bounds)
        most = limit.maximum if limit else None
        if value is None:
            required_by = [c.baseline for c in bounds if c.baseline is not None]
            if required_by and most is not None:
                raise PydanticCustomError(
                    "baseline_unmanaged",
                    "is unmanaged, but baseline {names} ({sources}) bounds it: set it, at most "
                    '"{max}". Left unmanaged the tenant keeps its own value (a new tenant has '
                    "{default})",
                    {
                        "names": ", ".join(b.name for b in required_by),
                        "sources": "; ".join(b.source for b in required_by),
                        "max": str(most),
                        "default": setting.tenant_default.human(),
                    },
                )
            return None
        if value > API_MAXIMUM:  # refused outright by the API, not superseded by the plan
            raise _over_api_maximum(value, limit)
        _raise_all([c.refuse(value) for c in bounds if value > c.maximum], value)
        if not is_exactly_applicable(value):
            proposals = " or ".join(f'"{p}"' for p in nearest_applicable(value, within=most))
            raise PydanticCustomError(
                "not_exact",
                '"{value}" ({units}) cannot be applied exactly: from 1 hour up pulumi-auth0 '
                "sends whole hours, so it would silently become {rounded}. Use {proposals}",
                {
                    "value": value.as_written(),
                    "units": value.in_units(),
                    "rounded": provider_rounding(value).human(),
                    "proposals": proposals,
                },
            )
        absolute: Duration | None = info.data.get(setting.at_most) if setting.at_most else None
        if absolute is not None and value > absolute:
            other = _BY_FIELD[setting.at_most or ""]
            raise PydanticCustomError(
                "idle_over_absolute",
                '"{value}" ({units}) is longer than {other_key} "{absolute}" ({absolute_units}): '
                "a session must log in again before it could ever be idle that long. "
                'Use at most "{absolute}"',
                {
                    "value": value.as_written(),
                    "units": value.in_units(),
                    "other_key": other.key,
                    "absolute": absolute.as_written(),
                    "absolute_units": absolute.in_units(),
                },
            )
        return value

    def durations(self) -> list[tuple[DurationSetting, Duration]]:
        """The managed durations, in table order."""
        return [
            (setting, value)
            for setting in DURATION_SETTINGS
            if (value := getattr(self, setting.field)) is not None
        ]

    def unmanaged(self) -> list[DurationSetting]:
        """The durations left out: Auth0 keeps whatever the tenant has."""
        return [s for s in DURATION_SETTINGS if getattr(self, s.field) is None]

    def provider_hours(self) -> dict[str, float]:
        """The `pulumi_auth0.Tenant` arguments, in hours, exactly as sent; unmanaged left out."""
        return {setting.provider_field: value.hours for setting, value in self.durations()}


NOTHING_MANAGED = (
    "manages no session setting: `pulumi up` registers no auth0.Tenant for it (an empty "
    "one would send the Management API an empty PATCH, which it refuses)"
)


def managed(settings: SessionSettings) -> bool:
    """Whether the settings manage anything at all: a duration or the cookie mode."""
    return bool(settings.durations()) or settings.cookie_mode is not None


MAX_WAVE = 9  # the deploy workflow has one job per wave (see README, "Many tenants")
DEFAULT_WAVE = MAX_WAVE  # a stack that says nothing deploys last, after every other


def _pulumi_boolean(value: object) -> object:
    """Pulumi's typed `boolean` config takes true/false only (workspace.ValidateConfigValue)."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value in (True, "true")
    raise PydanticCustomError(
        "pulumi_boolean",
        '"{value}" is not a boolean Pulumi accepts: write true or false',
        {"value": snippet(value)},
    )


def _wave(value: object) -> object:
    """A positive whole number (Pulumi's typed `integer`: an int, or text strconv.Atoi reads)."""
    text = value if isinstance(value, str) else None
    number = int(text) if text is not None and re.fullmatch(r"[+-]?[0-9]{1,6}", text) else value
    if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_WAVE:
        return number
    raise PydanticCustomError(
        "wave",
        '"{value}" is not a wave: write a whole number from 1 to {most} (stacks deploy wave '
        "by wave, lowest first; without the key a stack deploys last, in wave {most})",
        {"value": snippet(value), "most": MAX_WAVE},
    )


class StackSettings(SessionSettings):
    """The whole `auth0-sessions:` namespace: the session settings and how to deploy them."""

    protect: Annotated[bool, BeforeValidator(_pulumi_boolean)] = Field(
        False, description="Protect the tenant settings resource (refuse `pulumi destroy`)."
    )
    wave: Annotated[int, BeforeValidator(_wave)] = Field(
        DEFAULT_WAVE, description="When the stack deploys: wave 1 first, then 2, … up to 9."
    )


def _encrypted_only(value: object, info: ValidationInfo) -> object:
    """A backstop for a model built directly: the key screen refuses these first."""
    if isinstance(value, Encrypted):
        return value
    name = to_camel(info.field_name or "")
    raise PydanticCustomError("plaintext_secret", plaintext_message(name, value))


class ProviderConfig(BaseModel):
    """The `auth0:` namespace: only the credentials are checked here, and never shown."""

    model_config = _model_config(extra="allow", arbitrary_types_allowed=True)

    client_secret: Encrypted | None = None
    api_token: Encrypted | None = None

    _encrypted = field_validator("client_secret", "api_token", mode="before")(_encrypted_only)


class StackConfig(BaseModel):
    """One stack's configuration, as the program and `check` read it."""

    model_config = _model_config(extra="forbid")

    settings: StackSettings = Field(alias=PROJECT)
    provider: ProviderConfig = Field(default_factory=ProviderConfig, alias=PROVIDER)


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [to_camel(name) for name in model.model_fields]


def _alias(part: str) -> str:
    """A field's config key; pydantic names a field checked by default by its Python name."""
    return to_camel(part) if part in StackSettings.model_fields else part


def _problem(error: Mapping[str, Any]) -> Problem:
    """Render one pydantic error as a Problem; the input value is never echoed for secrets."""
    loc = [str(part) for part in error["loc"]]
    namespace, path = (loc[0], loc[1:]) if loc and loc[0] in (PROJECT, PROVIDER) else (PROJECT, loc)
    key = namespace + "".join(
        f"[{part}]" if part.isdigit() else f"{':' if i == 0 else '.'}{_alias(part)}"
        for i, part in enumerate(path)
    )
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_keys(StackSettings)
        hint = did_you_mean(path[-1], known) if path else ""
        message = f"unknown key{hint}; known keys: {', '.join(known)}"
    elif kind == "missing":
        message = "is required" + (f"; one of: {', '.join(PLAN_NAMES)}" if path == ["plan"] else "")
    elif kind in ("bool_type", "bool_parsing"):
        message = "expects true or false"
    else:
        message = error["msg"]
    return Problem(key, message)


def problems_of(error: ValidationError) -> list[Problem]:
    return [_problem(e) for e in error.errors(include_url=False, include_input=False)]


def validate_stack_config(raw: Mapping[str, object], *, source: str) -> StackConfig:
    """Apply every rule to a flat, namespaced config; raise InvalidConfigError with all problems.

    Keys are screened by name first (near misses, credentials, placeholders); the rest
    go through the models, and every problem of both is reported together.
    """
    clean, problems = screen_keys(raw, _known_keys(StackSettings))
    try:
        config = StackConfig.model_validate(split_namespaces(clean))
    except ValidationError as error:
        problems += problems_of(error)
    if problems:
        raise InvalidConfigError(source, problems)
    return config


def validate_session_settings(
    args: SessionSettings | Mapping[str, object], *, source: str
) -> SessionSettings:
    """Validate (again) what a program hands the component, with the same rules and messages."""
    data = (
        args.model_dump(by_alias=True, exclude_none=True, include=set(SessionSettings.model_fields))
        if isinstance(args, BaseModel)
        else dict(args)
    )
    try:
        return SessionSettings.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(p.key.removeprefix(f"{PROJECT}:"), p.message) for p in problems_of(error)
        ]
        raise InvalidConfigError(source, problems) from None
