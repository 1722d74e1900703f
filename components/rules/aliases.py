"""The names other tools give our settings, so a key copied from them gets our key back.

The Management API and Deploy CLI say `session_lifetime` (hours), pulumi-auth0 says
`sessionLifetime` (hours), today's Dashboard says "Maximum Session Lifetime" (minutes).
Our keys say what the setting does and take a unit, so a bare number is never read in
the wrong one. One table serves `check`, `pull` and the policy pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.inert import snippet
from .limits import DURATION_SETTINGS

COOKIE_KEY = "cookieMode"
WHY_OURS = (
    "our keys take a unit (30d, 12h, 45m) because the Management API counts hours and "
    "the Dashboard minutes"
)


@dataclass(frozen=True)
class ForeignName:
    """A name another tool uses, and which of our keys it means."""

    name: str
    ours: str
    whose: str  # "the Management API's", …


def _fold(name: str) -> str:
    """Case, spaces, `_`, `-` and `.` do not tell these names apart."""
    return re.sub(r"[\s_.\-]", "", name).lower()


def _table() -> dict[str, list[ForeignName]]:
    names: list[ForeignName] = []
    for setting in DURATION_SETTINGS:
        api, ours = setting.provider_field, setting.key
        names += [
            ForeignName(api, ours, "the Management API's and the Deploy CLI's name (in hours)"),
            ForeignName(f"{api}_in_minutes", ours, "the Management API's name (in minutes)"),
            ForeignName(setting.provider_prop, ours, "pulumi-auth0's name (in hours)"),
            ForeignName(setting.dashboard, ours, "the Dashboard's name (in minutes)"),
        ]
    names += [
        ForeignName("session_cookie", COOKIE_KEY, "the Management API's object"),
        ForeignName("sessionCookie", COOKIE_KEY, "pulumi-auth0's object"),
        ForeignName("session_cookie.mode", COOKIE_KEY, "the Management API's field"),
    ]
    table: dict[str, list[ForeignName]] = {}
    for name in names:  # idleSessionLifetime is pulumi-auth0's and the Dashboard's name
        table.setdefault(_fold(name.name), []).append(name)
    return table


_FOREIGN = _table()


def foreign_names(name: str) -> list[ForeignName]:
    """The tools that spell one of our settings as `name` (none: no other tool's name).

    A name spelled exactly as one tool spells it is that tool's; otherwise every tool
    whose name it matches but for case, spaces and separators.
    """
    found = _FOREIGN.get(_fold(name[:200]), [])
    return [f for f in found if f.name == name] or found


def foreign_key_message(name: str) -> str | None:
    """Why `name` is refused and which key to write, or None if it is no other tool's name."""
    found = foreign_names(name)
    if not found:
        return None
    ours = found[0].ours
    whose = " and ".join(dict.fromkeys(f.whose for f in found))
    head = f'unknown key (did you mean "{ours}"?): "{snippet(name, 80)}" is {whose}; '
    if ours == COOKIE_KEY:
        return head + f"here the mode alone is set: {COOKIE_KEY}: persistent or non-persistent"
    return head + f"{WHY_OURS}: write {ours} with a unit"
