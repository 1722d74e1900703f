"""How `diff` shows a fleet's changes: text for people, markdown for the pull request
comment (file text only inside code spans, bounded), JSON for tools.

The comparison itself is diff.py; nothing here reads a file or git.
"""

from __future__ import annotations

from collections.abc import Callable

from ..rules.problems import Problem
from ..text.inert import bound_markdown, md_cell, md_code, md_prose, terminal
from .clocks import MAX_CHARTS, change_bars, chart
from .diff import LABELS, MAX_UNCHANGED_NAMES, Change, Shown, StackDiff, Status
from .gitrev import Revision
from .headroom import DURATIONS, baselines_as_written, plan_as_written

REMOVED_NOTE = (
    "no longer configured here: the tenant keeps its values, and the Pulumi stack "
    "itself is not removed (`pulumi stack rm` is separate)"
)


def _summary(diffs: list[StackDiff]) -> str:
    counts = {status: sum(d.status is status for d in diffs) for status in Status}
    parts = [f"{n} {status.value}" for status, n in counts.items() if n]
    invalid = sum(not d.ok for d in diffs)
    noun = "stack" if len(diffs) == 1 else "stacks"
    return f"{len(diffs)} {noun}: {', '.join(parts) or 'none'}; {invalid} invalid."


def _verdict(diff: StackDiff) -> str:
    if diff.new is None:
        return "removed"
    return "valid" if diff.ok else "INVALID"


def _unchanged_names(unchanged: list[StackDiff], show: Callable[[str], str]) -> str:
    """A few names, then a count: an unchanged fleet never floods the comment."""
    names = [show(d.stack) for d in unchanged[:MAX_UNCHANGED_NAMES]]
    more = len(unchanged) - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more else "")


Moved = tuple[str, str] | None  # stackConfigDir before and after, when it changed


def moved_note(moved: tuple[str, str]) -> str:
    before, after = moved
    return (
        f"Pulumi.yaml moves stackConfigDir from {before}/ to {after}/: Pulumi reads the stack "
        f"files from {after}/ now, so each stack is compared with its file there"
    )


def render_text(diffs: list[StackDiff], base: Revision, moved: Moved = None) -> str:
    lines = [f"Stack files at {terminal(base.rev)} ({base.commit[:7]}) → working tree", ""]
    if moved:
        lines += [terminal(moved_note(moved)), ""]
    unchanged = [d for d in diffs if d.quiet]
    for diff in diffs:
        if diff.quiet:
            continue
        verdict = "" if diff.new is None else f", {_verdict(diff)}"
        lines.append(
            f"{terminal(diff.stack)} ({terminal(diff.file)}): {diff.status.value}{verdict}"
        )
        if diff.new is None:
            lines.append(f"  {REMOVED_NOTE}")
        for change in diff.changes:
            line = f"  {terminal(change.label)}: {change.old_text()} → {change.new_text()}"
            if change.headroom:
                line += f"; limit {change.headroom.text()}"
            if change.signed_in:
                line += f"; users signed in now {change.signed_in}"
            lines.append(line)
        if diff.new and not diff.ok:
            lines += [f"  error: {problem}" for problem in diff.new.problems]
        lines += [f"  note: {note}" for note in (diff.new.notes() if diff.new else [])]
        lines.append("")
    if unchanged:
        lines += [f"Unchanged (valid): {_unchanged_names(unchanged, terminal)}", ""]
    lines.append(_summary(diffs))
    return "\n".join(lines) + "\n"


def _md_problem(problem: Problem) -> str:
    """The key as the file has it (code), then the project's sentence as prose."""
    if not problem.key:
        return md_prose(problem.message)
    return f"{md_code(problem.key)}: {md_prose(problem.message)}"


def _md_value(change: Change, which: str) -> str:
    """A value cell: words we derived (durations) as they are, a file's text as inert code."""
    shown = change.old if which == "old" else change.new
    text = change.old_text() if which == "old" else change.new_text()
    plain = shown is None or shown.duration is not None or shown.written is None
    return md_cell(text) if plain else md_code(text)


def render_markdown(
    diffs: list[StackDiff], base: Revision, moved: Moved = None, limit: int = 30_000
) -> str:
    """The review comment's diff section: file text only inside code spans, at most `limit`."""
    icon = "✅" if all(d.ok for d in diffs) else "❌"
    lines = [f"### {icon} Session settings: {md_code(base.rev)} → this change", ""]
    if moved:
        lines += [f"> ℹ {md_prose(moved_note(moved))}", ""]
    unchanged = [d for d in diffs if d.quiet]
    charted = 0
    for diff in diffs:
        if diff.quiet:
            continue
        mark = "✅" if diff.ok else "❌"
        verdict = "" if diff.new is None else f" · {mark} {_verdict(diff).lower()}"
        lines += [f"#### {md_code(diff.stack)} — {diff.status.value}{verdict}", ""]
        if diff.new is None:
            lines += [REMOVED_NOTE, ""]
        if diff.changes:
            lines += [
                "| setting | before | after | limit (headroom) | users signed in now |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {md_cell(c.label) if c.key in LABELS else md_code(c.label)} | "
                f"{_md_value(c, 'old')} | {_md_value(c, 'new')} | "
                f"{md_cell(c.headroom.text()) if c.headroom else ''} | {md_cell(c.signed_in)} |"
                for c in diff.changes
            ]
            lines.append("")
        picture = _clocks(diff)
        if picture and charted < MAX_CHARTS:
            lines += [*picture, ""]
        charted += bool(picture)
        if diff.new and not diff.ok:
            lines += [f"> - {_md_problem(p)}" for p in diff.new.problems]
            lines.append("")
        notes = diff.new.notes() if diff.new else []
        lines += [f"> ℹ {md_prose(note)}" for note in notes] + ([""] if notes else [])
    if charted > MAX_CHARTS:
        lines += [
            f"_Clock charts are drawn for the first {MAX_CHARTS} changed stacks; "
            f"{charted - MAX_CHARTS:,} more are in the tables above._",
            "",
        ]
    if unchanged:
        lines += [f"Unchanged and valid: {_unchanged_names(unchanged, md_code)}.", ""]
    lines.append(_summary(diffs))
    return bound_markdown("\n".join(lines) + "\n", limit, "the session settings diff")


def _clocks(diff: StackDiff) -> list[str]:
    """The chart of a stack whose durations change (none for a removed stack)."""
    changed = [c for c in diff.changes if c.key in DURATIONS]
    if diff.new is None or not changed:
        return []
    settings, raw = diff.new.settings, diff.new.raw
    kept = {key: Shown.of(key, raw).duration for key in DURATIONS}  # unchanged: both sides
    before = {s.field: kept[key] for key, s in DURATIONS.items()}
    after = dict(before)
    for c in changed:
        before[DURATIONS[c.key].field] = c.old.duration if c.old else None
        after[DURATIONS[c.key].field] = c.new.duration if c.new else None
    plan = settings.plan if settings else plan_as_written(raw)
    baselines = settings.baselines if settings else baselines_as_written(raw)
    bars = change_bars(before, after, plan, baselines)
    return chart("Clocks that keep a user signed in, in hours", bars) if bars else []


def _shown_json(shown: Shown | None) -> dict[str, object] | None:
    if shown is None:
        return None
    duration = shown.duration
    return {
        "written": shown.written,
        "minutes": duration.minutes if duration else None,
        "hours": duration.hours if duration else None,
        "human": duration.human() if duration else None,
    }


def render_json(diffs: list[StackDiff], base: Revision, moved: Moved = None) -> dict[str, object]:
    return {
        "base": {"rev": base.rev, "commit": base.commit},
        "stack_config_dir": {"before": moved[0], "after": moved[1]} if moved else None,
        "ok": all(d.ok for d in diffs),
        "stacks": [
            {
                "stack": d.stack,
                "file": d.file,
                "status": d.status.value,
                "ok": d.ok if d.new else None,
                "errors": [
                    {"key": p.key or None, "message": p.message}
                    for p in (d.new.problems if d.new else ())
                ],
                "changes": [
                    {
                        "key": c.key,
                        "label": c.label,
                        "old": _shown_json(c.old),
                        "new": _shown_json(c.new),
                        "limit": None
                        if c.headroom is None
                        else {
                            "minutes": c.headroom.ceiling.maximum.minutes,
                            "by": c.headroom.ceiling.baseline.name
                            if c.headroom.ceiling.baseline
                            else f"plan:{c.headroom.ceiling.plan}",
                            "headroom_minutes": c.headroom.left.minutes,
                        },
                        "signed_in_now": c.signed_in or None,
                    }
                    for c in d.changes
                ],
            }
            for d in diffs
        ],
    }
