"""The tightest maximum on a new value, and what is left under it, or how far over: the
`limit (headroom)` column of `diff`.

On an invalid side there are no settings, so the plan and baselines are read as written:
a value over its limit still shows the limit and how far over it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..rules.durations import Duration
from ..rules.keys import PROJECT
from ..rules.limits import DURATION_SETTINGS, Ceiling, ceilings, tightest
from ..rules.plans import BASELINE_NAMES, PLAN_NAMES, Plan
from ..stackfiles.stackconfig import StackSettings

DURATIONS = {f"{PROJECT}:{s.key}": s for s in DURATION_SETTINGS}


@dataclass(frozen=True)
class Headroom:
    """The tightest maximum on a new value, and what is left under it (or how far over)."""

    ceiling: Ceiling
    left: Duration  # the distance to the maximum, either way
    over: bool = False

    def text(self) -> str:
        by = (
            f"baseline {self.ceiling.baseline.name}"
            if self.ceiling.baseline
            else f"{self.ceiling.plan} plan"
        )
        if self.over:
            return f"{self.ceiling.maximum.with_hours()} ({by}); over by {self.left.with_hours()}"
        left = "at the limit" if not self.left.minutes else f"{self.left.with_hours()} left"
        return f"{self.ceiling.maximum.with_hours()} ({by}); {left}"

    @classmethod
    def of(
        cls,
        key: str,
        settings: StackSettings | None,
        new_value: Duration | None,
        raw: Mapping[str, object],
    ) -> Headroom | None:
        """None unless `key` is a duration set on the new side and something bounds it.

        On an invalid side the plan and baselines are read as written, so a value over
        its limit still shows the limit and how far over it is.
        """
        setting = DURATIONS.get(key)
        if setting is None:
            return None
        if settings is not None:
            plan, baselines = settings.plan, settings.baselines
            value: Duration | None = getattr(settings, setting.field)
        else:
            plan, baselines = plan_as_written(raw), baselines_as_written(raw)
            value = new_value
        limit = tightest(ceilings(setting, plan, baselines))
        if value is None or limit is None:
            return None
        gap = limit.maximum.minutes - value.minutes
        return cls(limit, Duration(abs(gap)), over=gap < 0)


def plan_as_written(raw: Mapping[str, object]) -> Plan | None:
    value = raw.get(f"{PROJECT}:plan")
    return Plan(value) if isinstance(value, str) and value in PLAN_NAMES else None


def baselines_as_written(raw: Mapping[str, object]) -> tuple[str, ...]:
    value = raw.get(f"{PROJECT}:baselines")
    names = value if isinstance(value, list) else []
    return tuple(n for n in names if isinstance(n, str) and n in BASELINE_NAMES)
