"""The rules applied to a raw `auth0.Tenant`'s inputs, for programs that skip our component.

The CrossGuard pack in `policy/` sees a Tenant's inputs as the engine does: camelCase,
in hours (`sessionLifetime: 720`). They are read back into the same `SessionSettings`
model the program and `check` use, so plan limits, exact applicability, minimums,
idle ≤ absolute and baselines are the very same rules, with the same messages. Like
settings.py, this module must not import pulumi.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from pydantic import ValidationError

from .durations import Duration, DurationError
from .settings import DURATION_SETTINGS, SessionSettings, problems_of

TENANT_TYPE = "auth0:index/tenant:Tenant"
COOKIE_PROP = "sessionCookie"

PROPS: dict[str, str] = {setting.provider_prop: setting.key for setting in DURATION_SETTINGS}
"""Engine input name (`sessionLifetime`) → our config key (`requireLoginAfter`)."""

_KEY_TO_PROP = {key: prop for prop, key in PROPS.items()}
_KEY_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _KEY_TO_PROP)) + r")\b")


def _in_props_words(message: str) -> str:
    """Speak of `idleSessionLifetime`, not `inactivityTimeout`, to a raw Tenant's author."""
    return _KEY_WORD.sub(lambda match: _KEY_TO_PROP[match.group(1)], message)


def _hours(value: object) -> str:
    return f"{value:g} h" if isinstance(value, int | float) else repr(value)


def tenant_violations(
    props: Mapping[str, object],
    *,
    plan: object,
    baselines: Sequence[object] = (),
    unknown: Collection[str] = (),
) -> list[str]:
    """Every rule an `auth0.Tenant`'s inputs break, one message each; [] when compliant.

    `plan` and `baselines` come from the policy config. A prop named in `unknown` (not
    known until the update, during a preview) is skipped, never failed: neither judged
    nor required by a baseline.
    """
    data: dict[str, object] = {"plan": plan, "baselines": list(baselines)}
    violations: list[str] = []
    for prop, key in PROPS.items():
        value = props.get(prop)
        if prop in unknown or value is None:
            continue
        try:
            data[key] = Duration.from_hours(value)  # type: ignore[arg-type]
        except DurationError as error:
            violations.append(f"{prop} = {_hours(value)}: {error}")
            unknown = {*unknown, prop}  # reported once; not "unmanaged" either
    cookie = props.get(COOKIE_PROP)
    mode = cookie.get("mode") if isinstance(cookie, Mapping) else None
    if mode is not None and f"{COOKIE_PROP}.mode" not in unknown:
        data["cookieMode"] = mode
    try:
        SessionSettings.model_validate(data)
    except ValidationError as error:
        for problem in problems_of(error):
            key = problem.key.removeprefix("auth0-sessions:")
            prop = _KEY_TO_PROP.get(key)
            if prop in unknown:
                continue
            if prop is None:
                where = "sessionCookie.mode" if key == "cookieMode" else f"policy config {key}"
            else:
                where = f"{prop} = {_hours(props[prop])}" if prop in props else prop
            violations.append(f"{where}: {_in_props_words(problem.message)}")
    return violations
