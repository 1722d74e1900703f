"""A picture of the clocks that keep a user signed in: one small Mermaid chart.

GitHub renders Mermaid in comments and issues (mermaid.js). A horizontal bar chart
(`xychart-beta`) puts each clock -- the session's absolute and idle limits before and
after, the plan's limits, the baselines, the longest refresh token -- on one hours
axis, so "after" against "plan limit" reads at a glance.

Hostile-safe by construction: a chart holds only this project's own words and
numbers. Stack, organization and application names never enter it (the markdown
around it names the stack, inside a code span); every label and the title are checked
against a small character set before they are written, so nothing can close a string,
start a directive, a `click` callback, a link or an HTML label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..rules.durations import Duration
from ..rules.limits import DURATION_SETTINGS, DurationSetting, ceilings
from ..rules.plans import (
    Plan,
)

MAX_CHARTS = 3  # per comment: the rest are counted, not drawn
SAFE_LABEL = re.compile(r"[A-Za-z0-9 .,:()/+-]{1,60}")
SHORT = {  # the clock each setting is, in a few words
    "require_login_after": "signed in",
    "inactivity_timeout": "idle",
    "ephemeral_require_login_after": "non-persistent signed in",
    "ephemeral_inactivity_timeout": "non-persistent idle",
}


@dataclass(frozen=True)
class Bar:
    """One clock: our own words, and its length (None: unbounded)."""

    label: str
    value: Duration | None


def _hours(value: Duration) -> str:
    return f"{value.minutes / 60:.4f}".rstrip("0").rstrip(".")


def _label(text: str) -> str:
    if not SAFE_LABEL.fullmatch(text):  # our words only: a bug, never a stranger's text
        raise ValueError(f"not a chart label: {text!r}")
    return f'"{text}"'


def chart(title: str, bars: Sequence[Bar]) -> list[str]:
    """The lines of one ```mermaid block; an unbounded clock is drawn past the longest
    bounded one and says so in its label."""
    finite = [bar.value.minutes for bar in bars if bar.value is not None]
    top = max(finite, default=60)
    past = Duration(round(top * 1.25))  # where an unbounded clock ends on the chart
    shown = [
        (bar.label, bar.value) if bar.value is not None else (f"{bar.label} (unbounded)", past)
        for bar in bars
    ]
    axis = Duration(max(round(top * 1.3), 60))
    return [
        "```mermaid",
        "xychart-beta horizontal",
        f"    title {_label(title)}",
        f"    x-axis [{', '.join(_label(label) for label, _ in shown)}]",
        f'    y-axis "hours" 0 --> {_hours(axis)}',
        f"    bar [{', '.join(_hours(value) for _, value in shown)}]",
        "```",
    ]


def _limits(setting: DurationSetting, plan: Plan | None, baselines: Sequence[str]) -> list[Bar]:
    bars = []
    for ceiling in ceilings(setting, plan, tuple(baselines)):
        which = f"baseline {ceiling.baseline.name}" if ceiling.baseline else "plan limit"
        bars.append(Bar(f"{SHORT[setting.field]}: {which}", ceiling.maximum))
    return bars


def change_bars(
    before: dict[str, Duration | None],
    after: dict[str, Duration | None],
    plan: Plan | None,
    baselines: Sequence[str],
) -> list[Bar]:
    """Before, after and every limit of each setting that either side sets (by field)."""
    bars: list[Bar] = []
    for setting in DURATION_SETTINGS:
        old, new = before.get(setting.field), after.get(setting.field)
        if old is None and new is None:
            continue
        short = SHORT[setting.field]
        if old is not None:
            bars.append(Bar(f"{short}: before", old))
        if new is not None:
            bars.append(Bar(f"{short}: after", new))
        bars += _limits(setting, plan, baselines)
    return bars


def audit_bars(
    session: tuple[Duration, Duration],
    longest: tuple[Duration | None, Duration | None] | None,
    baselines: Sequence[str],
) -> list[Bar]:
    """The live session's two clocks, the baselines', and the longest any application's
    refresh tokens keep a user (None: no application uses them)."""
    bars = []
    for index, setting in enumerate(DURATION_SETTINGS[:2]):  # absolute, idle
        short = SHORT[setting.field]
        bars.append(Bar(f"{short}: tenant session", session[index]))
        if longest is not None:
            bars.append(Bar(f"{short}: longest refresh token", longest[index]))
        bars += _limits(setting, None, baselines)
    return bars
