"""The session rules: a tenant's session settings as a pydantic model that refuses what Auth0
would not apply exactly as written.

`SessionSettings` holds the rules (units, minimums, maximums from limits.py, the
provider's rounding, idle <= absolute, baselines); stackconfig.py wraps it for a whole
stack file, the component validates its arguments with `validate_session_settings`,
and the policy pack reads a raw Tenant back into it (tenant_inputs.py). So a rule is
written once. This module must not import pulumi (the `check` command stays fast).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from ..text.inert import snippet
from .credentials import PROVIDER, Encrypted
from .durations import Duration, is_exactly_applicable, nearest_applicable, provider_rounding
from .fields import (
    COOKIE_MODES,
    BaselineName,
    CookieMode,
    EphemeralDuration,
    NotAMapping,
    PersistentDuration,
    model_config,
    names_list,
    one_of,
    raise_all,
    unmanaged_by_default,
)
from .keys import PROJECT, namespaced, unknown_key_message
from .limits import (
    DURATION_SETTINGS,
    Ceiling,
    DurationSetting,
    ceilings,
    describe_ceilings,
    over_api_maximum,
    tightest,
)
from .plans import API_MAXIMUM, PLAN_NAMES, Plan
from .problems import InvalidConfigError, Problem, format_problems

__all__ = [  # re-exported: the names the commands, the program and the pack import from here
    "DURATION_SETTINGS",
    "PROJECT",
    "PROVIDER",
    "Ceiling",
    "DurationSetting",
    "Encrypted",
    "InvalidConfigError",
    "Problem",
    "ceilings",
    "describe_ceilings",
    "format_problems",
    "namespaced",
    "tightest",
]


_BY_FIELD = {setting.field: setting for setting in DURATION_SETTINGS}


def _scopes(kind: str) -> Any:
    """A before-validator that reads a mapping of names to limits with rules/scoped.py,
    imported on first use."""

    def check(value: object) -> object:
        if isinstance(value, NotAMapping):
            raise PydanticCustomError(
                "not_a_mapping",
                "is {value}, not a mapping: Pulumi.yaml declares it an object, and Pulumi "
                "refuses any other value (must be of type 'object'); write e.g. "
                "{example}, or remove the key for none",
                {
                    "value": "empty (YAML null)"
                    if value.value is None
                    else f'"{snippet(value.value)}"',
                    "example": "{acme-bank: {inactivityTimeout: 15m}}",
                },
            )
        if value is None or value == "" or value == {}:
            return {}
        from .scoped import validate_scopes

        return validate_scopes(kind, value)

    return BeforeValidator(check)


class SessionSettings(BaseModel):
    """The session lifetimes of one tenant, each as the Dashboard names it.

    Fields are declared in the order their checks need: the plan and baselines before
    the durations (their maximums), each absolute before its inactivity timeout
    (idle ≤ absolute). A duration left out (or empty) is unmanaged: Auth0 keeps the
    tenant's value, which a baseline bounding that setting refuses.
    """

    model_config = model_config(extra="forbid")

    plan: Annotated[Plan, one_of("plan", PLAN_NAMES)]
    baselines: Annotated[tuple[BaselineName, ...], BeforeValidator(names_list)] = ()
    require_login_after: PersistentDuration | None = unmanaged_by_default()
    inactivity_timeout: PersistentDuration | None = unmanaged_by_default()
    ephemeral_require_login_after: EphemeralDuration | None = unmanaged_by_default()
    ephemeral_inactivity_timeout: EphemeralDuration | None = unmanaged_by_default()
    cookie_mode: Annotated[CookieMode | None, one_of("cookie mode", COOKIE_MODES)] = None
    # Stricter limits for some organizations and connections (rules/scoped.py, loaded
    # only for a stack that has them: `check` of any other stack does not pay for it).
    organizations: Annotated[dict[str, Any], _scopes("organization")] = {}
    # Validated even when absent: its validator also measures the Action's code (below).
    connections: Annotated[dict[str, Any], _scopes("connection")] = Field(
        default={}, validate_default=True
    )

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
            raise over_api_maximum(value, limit)
        raise_all([c.refuse(value) for c in bounds if value > c.maximum], value)
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

    @field_validator("organizations", "connections", mode="after")
    @classmethod
    def _below_the_tenant(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """An organization's or connection's value can only shorten the tenant's; once both
        are read (connections come last), the Action they make must fit Auth0's limit."""
        organizations = info.data.get("organizations")
        if info.field_name == "connections" and (value or organizations):
            from .action_code import too_large

            raise_all(too_large(organizations or {}, value), value)
        if not value:
            return value
        from .scoped import against_tenant

        tenant = {s.field: info.data.get(s.field) for s in DURATION_SETTINGS}
        cookie = info.data.get("cookie_mode")
        kind = "organization" if info.field_name == "organizations" else "connection"
        raise_all(against_tenant(kind, value, tenant, cookie.value if cookie else ""), value)
        return value

    def scoped(self) -> bool:
        """Whether any organization or connection has limits of its own (an Action is due)."""
        return bool(self.organizations or self.connections)

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


def known_keys(model: type[BaseModel]) -> list[str]:
    return list(_known_keys(model))


@cache  # asked once per stack file, the same for all of them
def _known_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(to_camel(name) for name in model.model_fields)


def _alias(part: str, known: list[str]) -> str:
    """A field's config key; pydantic names a field checked by default by its Python name."""
    return to_camel(part) if to_camel(part) in known else part


def _problem(error: Mapping[str, Any], known: list[str]) -> Problem:
    """Render one pydantic error as a Problem; the input value is never echoed for secrets."""
    loc = [str(part) for part in error["loc"]]
    namespace, path = (loc[0], loc[1:]) if loc and loc[0] in (PROJECT, PROVIDER) else (PROJECT, loc)
    key = namespace + "".join(
        f"[{part}]" if part.isdigit() else f"{':' if i == 0 else '.'}{_alias(part, known)}"
        for i, part in enumerate(path)
    )
    kind = error["type"]
    if kind == "extra_forbidden":
        message = unknown_key_message(path[-1] if path else "", known)
    elif kind == "missing":
        message = "is required" + (f"; one of: {', '.join(PLAN_NAMES)}" if path == ["plan"] else "")
    elif kind in ("bool_type", "bool_parsing"):
        message = "expects true or false"
    else:
        message = error["msg"]
    return Problem(key, message)


def problems_of(error: ValidationError, known: list[str] | None = None) -> list[Problem]:
    """Every pydantic error as a Problem; `known` are the keys a did-you-mean may suggest."""
    known = known or known_keys(SessionSettings)
    return [_problem(e, known) for e in error.errors(include_url=False, include_input=False)]


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
