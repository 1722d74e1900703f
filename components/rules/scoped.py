"""Stricter sessions for some organizations and connections: the rules for their values.

Auth0 has no setting for this. A Post-Login Action can shorten a session with
`api.session.setExpiresAt` / `setIdleExpiresAt` (Auth0 docs, manage-users/sessions/
manage-sessions-actions); a date past the tenant's own limits is clamped to them, with
only a warning in the tenant logs. So a value here must be below the tenant's own, the
tenant's value must be managed (or nothing says what it is), and the usual rules hold:
units required, the plan's limit, each baseline the organization names. The Action
sets milliseconds, so no rounding rule applies: any whole number of minutes is exact.

The names are checked against Auth0's own rules for organization names and ids and
connection names, so only those characters ever reach the comment or the generated
JavaScript (which still writes them through a JSON encoder).
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidationError, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..text.inert import snippet
from .durations import Duration
from .fields import (
    BaselineName,
    EphemeralDuration,
    PersistentDuration,
    model_config,
    names_list,
)
from .keys import unknown_key_message
from .limits import DURATION_SETTINGS
from .plans import BASELINES

MAX_SCOPES = 500  # per kind: the generated Action stays far under Auth0's 100 KB of code
# Auth0: an organization name is 1-50 lowercase letters, digits, `-` and `_`, starting and
# ending with a letter or digit; an id is `org_` and letters and digits. A connection
# name: letters, digits and single hyphens, starting and ending with a letter or digit.
ORGANIZATION_KEY = re.compile(r"org_[A-Za-z0-9]{1,32}|[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?")
CONNECTION_KEY = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,127}")


class ScopePolicy(BaseModel):
    """One organization's or connection's limits: only ever shorter than the tenant's."""

    model_config = model_config(extra="forbid")

    baselines: Annotated[tuple[BaselineName, ...], BeforeValidator(names_list)] = ()
    require_login_after: PersistentDuration | None = None
    inactivity_timeout: PersistentDuration | None = None
    ephemeral_require_login_after: EphemeralDuration | None = None
    ephemeral_inactivity_timeout: EphemeralDuration | None = None

    @model_validator(mode="after")
    def _own_rules(self) -> ScopePolicy:
        """At least one clock; idle within absolute; each baseline's maximums."""
        if not self.durations():
            raise PydanticCustomError(
                "scope_empty",
                "sets no limit: give requireLoginAfter and/or inactivityTimeout (with a "
                "unit), or remove the entry",
            )
        for setting, value in self.durations():
            absolute = getattr(self, setting.at_most) if setting.at_most else None
            if absolute is not None and value > absolute:
                raise PydanticCustomError(
                    "scope_idle_over_absolute",
                    '{key} "{value}" is longer than its requireLoginAfter "{absolute}": use at '
                    'most "{absolute}"',
                    {"key": setting.key, "value": str(value), "absolute": str(absolute)},
                )
            for name in self.baselines:
                most = getattr(BASELINES[name], setting.limit, None)
                if most is not None and value > most:
                    raise PydanticCustomError(
                        "scope_baseline",
                        '{key} "{value}" ({units}) is over baseline {name}\'s maximum of '
                        '{most} ({source}): use at most "{most_text}"',
                        {
                            "key": setting.key,
                            "value": value.as_written(),
                            "units": value.in_units(),
                            "name": name,
                            "most": most.in_units(),
                            "source": BASELINES[name].source,
                            "most_text": str(most),
                        },
                    )
        return self

    def durations(self) -> list[tuple[Any, Duration]]:
        return [(s, v) for s in DURATION_SETTINGS if (v := getattr(self, s.field)) is not None]

    def minutes(self) -> dict[str, int]:
        """Each limit it sets, by our key, in minutes (what the Action applies)."""
        return {setting.key: value.minutes for setting, value in self.durations()}


PATTERNS = {"organization": ORGANIZATION_KEY, "connection": CONNECTION_KEY}
KNOWN = [to_camel(name) for name in ScopePolicy.model_fields]


def validate_scopes(kind: str, value: object) -> dict[str, ScopePolicy]:
    """A mapping of names (Auth0's rule for `kind`) to policies, each validated; every
    problem is raised together, each naming its entry. The engine passes an object-typed
    key as JSON text, a stack file as a YAML mapping."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        with contextlib.suppress(json.JSONDecodeError, RecursionError):  # refused below
            value = json.loads(value)
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "scopes_mapping",
            "expects a mapping of {kind} names to limits, e.g. {example}",
            {"kind": kind, "example": "{acme-bank: {inactivityTimeout: 15m}}"},
        )
    if len(value) > MAX_SCOPES:
        raise PydanticCustomError(
            "scopes_count",
            "holds {count} {kind}s, more than {most}: the generated Action would "
            "outgrow Auth0's code size; give the shared limit to the tenant instead",
            {"count": f"{len(value):,}", "kind": kind, "most": MAX_SCOPES},
        )
    policies: dict[str, ScopePolicy] = {}
    errors: list[PydanticCustomError] = []
    for name, policy in value.items():
        if not isinstance(name, str) or not PATTERNS[kind].fullmatch(name):
            errors.append(_bad_name(kind, name))
            continue
        try:
            policies[name] = ScopePolicy.model_validate(policy)
        except ValidationError as error:
            errors += [_entry_error(kind, name, e) for e in error.errors(include_input=False)]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        details = [InitErrorDetails(type=e, loc=(), input=None) for e in errors]
        raise ValidationError.from_exception_data("SessionSettings", details)
    return policies


def _bad_name(kind: str, name: object) -> PydanticCustomError:
    if kind == "connection" and isinstance(name, str) and name.startswith("con_"):
        return PydanticCustomError(
            "scope_connection_id",
            '"{name}" looks like a connection id, but connections are matched by name (the '
            "login's event.connection.name): use the connection's Name, shown in the "
            "Dashboard under Authentication on the connection's page, or the `name` "
            "field of GET /api/v2/connections/<id>",
            {"name": snippet(name)},
        )
    rule = (
        "lowercase letters, digits, - and _, or org_ and letters or digits"
        if kind == "organization"
        else "letters, digits and single hyphens"
    )
    return PydanticCustomError(
        "scope_name",
        '"{name}" is not an Auth0 {kind} name or id ({rule}): it would match no login',
        {"name": snippet(name), "kind": kind, "rule": rule},
    )


def _entry_error(kind: str, name: str, error: Any) -> PydanticCustomError:
    """One problem of one entry, naming the entry and the key inside it."""
    inner = ".".join(to_camel(str(part)) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        message = unknown_key_message(str(error["loc"][-1]), KNOWN)
    elif error["type"] in ("model_type", "dict_type"):
        message = "expects a mapping of limits, e.g. {inactivityTimeout: 15m}"
    else:
        message = error["msg"]
    where = f'{kind} "{name}"' + (f": {inner}" if inner else "")
    return PydanticCustomError(
        "scope_entry", "{where}: {message}", {"where": where, "message": message}
    )


def against_tenant(
    kind: str, policies: dict[str, ScopePolicy], tenant: dict[str, Duration | None], cookie: str
) -> list[PydanticCustomError]:
    """What Auth0 would clamp: a value the tenant's own does not exceed, or no tenant value.

    `tenant` maps each clock's field to the tenant's value (None: unmanaged); `cookie`
    is the tenant's cookie mode ("" when unmanaged). The non-persistent pair applies
    only to tenants whose sessions are non-persistent.
    """
    errors = []
    for name, policy in policies.items():
        errors += _left_to_the_tenant(kind, name, policy, tenant, cookie)
        for setting, value in policy.durations():
            own = tenant.get(setting.field)
            if setting.field.startswith("ephemeral") and cookie != "non-persistent":
                errors.append(
                    PydanticCustomError(
                        "scope_ephemeral",
                        '{kind} "{name}": {key} applies to non-persistent sessions, and this '
                        "tenant's cookieMode is not non-persistent: set cookieMode: "
                        "non-persistent, or use {plain}",
                        {
                            "kind": kind,
                            "name": name,
                            "key": setting.key,
                            "plain": to_camel(setting.field.removeprefix("ephemeral_")),
                        },
                    )
                )
            elif own is None:
                errors.append(
                    PydanticCustomError(
                        "scope_tenant_unmanaged",
                        '{kind} "{name}": {key} "{value}" shortens the tenant\'s {key}, which '
                        "this stack leaves unmanaged: set the tenant's {key}, so the limit "
                        "it shortens is known",
                        {"kind": kind, "name": name, "key": setting.key, "value": str(value)},
                    )
                )
            elif value > own:
                errors.append(
                    PydanticCustomError(
                        "scope_over_tenant",
                        '{kind} "{name}": {key} "{value}" ({units}) is longer than the '
                        "tenant's {own}: Auth0 clamps a session date set by an Action to the "
                        "tenant's limits (logging only a warning), so the Action can only "
                        'shorten a session. Use at most "{own_text}"',
                        {
                            "kind": kind,
                            "name": name,
                            "key": setting.key,
                            "value": value.as_written(),
                            "units": value.in_units(),
                            "own": own.in_units(),
                            "own_text": str(own),
                        },
                    )
                )
    return errors


def _left_to_the_tenant(
    kind: str, name: str, policy: ScopePolicy, tenant: dict[str, Duration | None], cookie: str
) -> list[PydanticCustomError]:
    """A policy's own baselines judge its effective clocks, as at tenant level: a clock it
    does not set is the tenant's, which must then be managed and within each baseline
    (the non-persistent pair only where sessions are non-persistent: elsewhere it is not
    a clock of any session, and the policy could not set it)."""
    errors = []
    for setting in DURATION_SETTINGS:
        ephemeral = setting.field.startswith("ephemeral")
        if getattr(policy, setting.field) is not None or (ephemeral and cookie != "non-persistent"):
            continue
        for baseline in policy.baselines:
            most = getattr(BASELINES[baseline], setting.limit, None)
            own = tenant.get(setting.field)
            if most is None or (own is not None and own <= most):
                continue
            context = {
                "where": f'{kind} "{name}"',
                "key": setting.key,
                "baseline": baseline,
                "most": most.in_units(),
                "source": BASELINES[baseline].source,
                "most_text": str(most),
            }
            if own is None:
                errors.append(
                    PydanticCustomError(
                        "scope_baseline_unmanaged",
                        "{where}: leaves {key} to the tenant, whose {key} this stack leaves "
                        "unmanaged, and its baseline {baseline} bounds it ({most}; {source}): "
                        'set its own {key}, at most "{most_text}"',
                        context,
                    )
                )
            else:
                errors.append(
                    PydanticCustomError(
                        "scope_baseline_tenant",
                        '{where}: leaves {key} to the tenant\'s "{own}" ({own_units}), over '
                        "its baseline {baseline}'s maximum of {most} ({source}): set its own "
                        '{key}, at most "{most_text}"',
                        {**context, "own": str(own), "own_units": own.in_units()},
                    )
                )
    return errors
