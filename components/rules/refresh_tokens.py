"""How long a user stays signed in to an application: the tenant's session, or longer with
refresh tokens, held to the same compliance baselines as the session settings.

An application that may use refresh tokens keeps its user signed in for as long as they
last, whatever the tenant's session says. Their lifetimes (terraform-provider-auth0
internal/auth0/client resource.go, `refresh_token`; Auth0's "Configure Refresh Token
Expiration"): `expiration_type` `non-expiring` means neither lifetime ends;
`expiring` ends after `token_lifetime` seconds (absolute, unless
`infinite_token_lifetime`) and after `idle_token_lifetime` seconds unused (unless
`infinite_idle_token_lifetime`). One rule, read by `audit` (the API's snake_case) and
the policy pack (the engine's camelCase). No I/O here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .durations import Duration
from .foreign import MOST_SECONDS
from .plans import BASELINES

INTERACTIVE = ("spa", "native", "regular_web", "sso_integration", "express_configuration")
"""Applications a person signs in to; `non_interactive` (machine to machine) is not one."""


@dataclass(frozen=True)
class Bound:
    """How long one clock lets a user go on: a duration, or None for never ending."""

    value: Duration | None
    source: str  # "the tenant's session", "refresh token (absolute lifetime)", …

    @property
    def unbounded(self) -> bool:
        return self.value is None

    def words(self) -> str:
        return "unbounded" if self.value is None else self.value.with_hours()

    def longer_than(self, other: Bound) -> bool:
        if self.value is None:
            return other.value is not None
        return other.value is not None and self.value > other.value


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()


def _seconds(value: object) -> Duration | None:
    """Seconds as whole minutes, rounded up (a bound is never read shorter than it is).

    An int is divided exactly: a JSON integer of hundreds of digits (a policy pack reads
    a program's inputs as given) would overflow a float; past a century it is read as no
    bound at all, the side that never hides a long session.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return None if value > MOST_SECONDS else Duration(max(0, -(-value // 60)))
    if not math.isfinite(value):
        return None
    return Duration(max(0, math.ceil(value / 60)))


def refresh_bounds(block: Mapping[str, object]) -> tuple[Bound, Bound]:
    """(absolute, idle) of a `refresh_token` block, in either spelling."""
    read = {_snake(str(k)): v for k, v in block.items()}
    if read.get("expiration_type") != "expiring":
        why = "refresh token: non-expiring"
        return Bound(None, why), Bound(None, why)
    absolute = (
        Bound(None, "refresh token: infinite_token_lifetime")
        if read.get("infinite_token_lifetime") is True
        else Bound(_seconds(read.get("token_lifetime")), "refresh token (absolute lifetime)")
    )
    idle = (
        Bound(None, "refresh token: infinite_idle_token_lifetime")
        if read.get("infinite_idle_token_lifetime") is True
        else Bound(_seconds(read.get("idle_token_lifetime")), "refresh token (idle lifetime)")
    )
    return absolute, idle


@dataclass(frozen=True)
class AppLifetimes:
    """One application: how long a user may stay signed in, and idle, and why."""

    name: str
    client_id: str
    app_type: str
    interactive: bool
    refresh_tokens: bool
    absolute: Bound
    idle: Bound


def app_lifetimes(
    app: Mapping[str, object],
    session: tuple[Duration, Duration],
    offline_access: bool,
) -> AppLifetimes:
    """The longer of the tenant's session and the app's refresh tokens, for each clock.

    Refresh tokens count when the app has the `refresh_token` grant and some API lets
    clients ask for offline access (`allow_offline_access`).
    """
    app_type = str(app.get("app_type") or "")
    grants = app.get("grant_types")
    refresh = (
        offline_access
        and isinstance(grants, list)
        and "refresh_token" in grants
        and isinstance(app.get("refresh_token"), Mapping)
    )
    absolute = Bound(session[0], "the tenant's session (require log in after)")
    idle = Bound(session[1], "the tenant's session (inactivity timeout)")
    if refresh:
        token_absolute, token_idle = refresh_bounds(app["refresh_token"])  # type: ignore[arg-type]
        absolute = token_absolute if token_absolute.longer_than(absolute) else absolute
        idle = token_idle if token_idle.longer_than(idle) else idle
    return AppLifetimes(
        name=str(app.get("name") or ""),
        client_id=str(app.get("client_id") or ""),
        app_type=app_type,
        interactive=app_type in INTERACTIVE,
        refresh_tokens=bool(refresh),
        absolute=absolute,
        idle=idle,
    )


def over_baselines(absolute: Bound, idle: Bound, baselines: Sequence[str]) -> list[str]:
    """Each baseline a pair of bounds breaks, in words: "require log in after" bounds the
    absolute one, "inactivity timeout" the idle one (the table `check` uses)."""
    findings = []
    for name in baselines:
        baseline = BASELINES.get(name)
        if baseline is None:
            continue
        for bound, most, what in (
            (absolute, baseline.require_login_after, "signed in"),
            (idle, baseline.inactivity_timeout, "idle"),
        ):
            if most is not None and (bound.value is None or bound.value > most):
                findings.append(
                    f"{what} up to {bound.words()} ({bound.source}), over baseline {name}'s "
                    f"{most.with_hours()} ({baseline.source})"
                )
    return findings
