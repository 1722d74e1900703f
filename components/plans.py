"""Auth0 plans and their session-lifetime limits: the one table every check reads.

Above these limits Auth0 does not refuse a value, it silently applies its cap, so a
raw deploy goes green and then drifts for ever. Source: Auth0 docs, "Configure
Session Lifetime Settings" (see ../shared/auth0-sessions-facts.md). The docs name no
Free plan; this project gives it the Essentials/Professional limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .durations import Duration


class Plan(StrEnum):
    """The plan a tenant is on (`auth0-sessions:plan`)."""

    FREE = "free"
    ESSENTIALS = "essentials"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class PlanLimits:
    """The largest values Auth0 applies as given; the same for both session pairs."""

    inactivity_timeout: Duration
    require_login_after: Duration


_SELF_SERVICE = PlanLimits(
    inactivity_timeout=Duration.of(days=3),  # 4,320 min = 72 h
    require_login_after=Duration.of(days=30),  # 43,200 min = 720 h
)

LIMITS: dict[Plan, PlanLimits] = {
    Plan.FREE: _SELF_SERVICE,
    Plan.ESSENTIALS: _SELF_SERVICE,
    Plan.PROFESSIONAL: _SELF_SERVICE,
    Plan.ENTERPRISE: PlanLimits(
        inactivity_timeout=Duration.of(days=100),  # 144,000 min = 2,400 h
        require_login_after=Duration.of(days=365),  # 525,600 min = 8,760 h
    ),
}

PLAN_NAMES: tuple[str, ...] = tuple(plan.value for plan in Plan)
