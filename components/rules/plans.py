"""Plan limits and compliance baselines: the tables of maximums every check reads.

Above these limits Auth0 does not refuse a value (up to the API's 8,760 h): the plan's
limit silently supersedes it, so users are logged out earlier than the file says.
Source: Auth0 docs, "Configure Session Lifetime Settings" (see
../shared/auth0-sessions-facts.md). The docs name no
Free plan; this project gives it the Essentials/Professional limits.

Baselines are the security team's own ceilings, opted into per stack. Adding one is
one entry in BASELINES (and its tests); check, diff, the program and the policy pack
all read it from here.
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

API_MAXIMUM = Duration.of(hours=8760)
"""The Management API refuses more than this with HTTP 400 (its OpenAPI spec); below it, a
plan's lower limit is applied silently instead."""


@dataclass(frozen=True)
class Baseline:
    """A compliance baseline a stack opts into: maximums checked exactly like plan limits.

    A bound of None leaves that setting to the plan. Every bound applies to both pairs
    (persistent and non-persistent), and a bounded setting must be managed.
    """

    name: str
    source: str  # the clause the maximums come from, named in every error
    require_login_after: Duration | None = None
    inactivity_timeout: Duration | None = None


BASELINES: dict[str, Baseline] = {
    baseline.name: baseline
    for baseline in (
        # NIST SP 800-63B-4 (2025), session management: overall timeout SHOULD be at most
        # 30 days at AAL1, 24 hours at AAL2 and SHALL be at most 12 hours at AAL3; the
        # inactivity timeout SHOULD be at most 1 hour at AAL2 and 15 minutes at AAL3.
        Baseline(
            "nist-800-63b-aal1",
            "NIST SP 800-63B-4, AAL1",
            require_login_after=Duration.of(days=30),
        ),
        Baseline(
            "nist-800-63b-aal2",
            "NIST SP 800-63B-4, AAL2",
            require_login_after=Duration.of(hours=24),
            inactivity_timeout=Duration.of(hours=1),
        ),
        Baseline(
            "nist-800-63b-aal3",
            "NIST SP 800-63B-4, AAL3",
            require_login_after=Duration.of(hours=12),
            inactivity_timeout=Duration.of(minutes=15),
        ),
        # PCI DSS v4.0 requirement 8.2.8: re-authenticate after more than 15 minutes idle.
        Baseline(
            "pci-dss-4",
            "PCI DSS v4.0 req. 8.2.8",
            inactivity_timeout=Duration.of(minutes=15),
        ),
    )
}

BASELINE_NAMES: tuple[str, ...] = tuple(BASELINES)
