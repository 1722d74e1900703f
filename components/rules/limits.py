"""Maximums: which Dashboard setting is which provider field, and what bounds each value.

A setting's maximums are its plan's limit (plans.py `LIMITS`), the bounds of every
baseline the stack opts into (plans.py `BASELINES`), and above all of them the
Management API's own 8,760 h. The rules in settings.py, `check`'s report and `diff`'s
headroom all read them from here. No pulumi here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from .durations import Duration
from .plans import API_MAXIMUM, BASELINES, LIMITS, Baseline, Plan

PERSISTENT_MINIMUM = Duration(1)  # Auth0 takes whole minutes from 1 minute up
EPHEMERAL_MINIMUM = Duration(2)  # pulumi-auth0 takes this pair from 0.0167 h; 1 min is 0.01667 h


@dataclass(frozen=True)
class DurationSetting:
    """How one duration key maps to the Dashboard, the plan table and the provider."""

    field: str  # model field; the config key is its camelCase form
    label: str  # the Dashboard's words
    provider_field: str  # pulumi_auth0.Tenant argument, in hours
    limit: Literal["inactivity_timeout", "require_login_after"]  # PlanLimits/Baseline attribute
    tenant_default: Duration  # what a new tenant has when the setting is left unmanaged
    at_most: str | None = None  # an inactivity timeout may not exceed its pair's absolute
    minimum: Duration = PERSISTENT_MINIMUM  # the least the rules take (settings.py)
    dashboard: str = ""  # today's Dashboard name (Settings > Advanced > Login Session Management)

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
        dashboard="Maximum Session Lifetime",
    ),
    DurationSetting(
        "inactivity_timeout",
        "Inactivity timeout",
        "idle_session_lifetime",
        "inactivity_timeout",
        tenant_default=Duration.of(hours=72),
        at_most="require_login_after",
        dashboard="Idle Session Lifetime",
    ),
    DurationSetting(
        "ephemeral_require_login_after",
        "Require log in after (non-persistent)",
        "ephemeral_session_lifetime",
        "require_login_after",
        tenant_default=Duration.of(hours=72),
        minimum=EPHEMERAL_MINIMUM,
        dashboard="Maximum Non-Persistent Session Lifetime",
    ),
    DurationSetting(
        "ephemeral_inactivity_timeout",
        "Inactivity timeout (non-persistent)",
        "idle_ephemeral_session_lifetime",
        "inactivity_timeout",
        tenant_default=Duration.of(hours=24),
        at_most="ephemeral_require_login_after",
        minimum=EPHEMERAL_MINIMUM,
        dashboard="Idle Non-Persistent Session Lifetime",
    ),
)


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


def describe_ceilings(setting: DurationSetting, plan: Plan | None, baselines: Iterable[str]) -> str:
    """`plan limit 30 days; nist-800-63b-aal1: 30 days`: what bounds one setting, in words."""
    return "; ".join(
        f"{ceiling.baseline.name}: {ceiling.maximum.human()}"
        if ceiling.baseline
        else f"plan limit {ceiling.maximum.human()}"
        for ceiling in ceilings(setting, plan, baselines)
    )


def over_api_maximum(value: Duration, limit: Ceiling | None) -> PydanticCustomError:
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
