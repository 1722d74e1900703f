"""`audit`: how long a user stays signed in to each application, held to the stack's baselines.

The rule is `rules/refresh_tokens.py` (the policy pack uses the same); this module turns
one tenant's applications into rows and findings, and shows them as text, markdown or
JSON. Application names come from the tenant: shown inert like any other read text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..rules.durations import Duration
from ..rules.refresh_tokens import AppLifetimes, Bound, app_lifetimes, over_baselines
from ..text.inert import md_code, md_prose, snippet, terminal
from .audit_scopes import Flag, ScopeClock
from .clocks import audit_bars, chart


@dataclass(frozen=True)
class AuditReport:
    rows: list[AppLifetimes]
    findings: dict[str, list[str]]  # client_id → what breaks which baseline
    actions: list[tuple[str, list[str]]]
    baselines: tuple[str, ...]
    offline_apis: list[str]
    session: tuple[Duration, Duration] | None = None  # the tenant's (absolute, idle)
    scopes: list[ScopeClock] = field(default_factory=list)  # organizations, connections
    flags: list[Flag] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # what could not be read, and why

    @property
    def ok(self) -> bool:
        return not any(self.findings.values()) and not any(s.findings for s in self.scopes)

    def longest_refresh(self) -> tuple[Duration | None, Duration | None] | None:
        """The longest any signed-in application's refresh tokens keep a user (absolute,
        idle; None in a pair: unbounded), or None when no application uses them."""
        rows = [r for r in self.rows if r.interactive and r.refresh_tokens]
        if not rows:
            return None
        pair: list[Duration | None] = []
        for which in ("absolute", "idle"):
            bounds = [getattr(r, which).value for r in rows]
            pair.append(None if None in bounds else max(bounds))  # type: ignore[type-var]
        return pair[0], pair[1]


def audit(
    clients: Sequence[dict[str, object]],
    offline_apis: list[str],
    session: tuple[Duration, Duration],
    actions: list[tuple[str, list[str]]],
    baselines: tuple[str, ...],
) -> AuditReport:
    rows = sorted(
        (app_lifetimes(c, session, bool(offline_apis)) for c in clients),
        key=lambda r: (not r.interactive, r.name.lower(), r.client_id),
    )
    findings = {
        r.client_id: over_baselines(r.absolute, r.idle, baselines) if r.interactive else []
        for r in rows
    }
    return AuditReport(rows, findings, actions, baselines, offline_apis, session)


def _kind(row: AppLifetimes) -> str:
    if not row.interactive:
        return "machine to machine: no user signs in"
    return "refresh tokens" if row.refresh_tokens else "session only"


def render_text(report: AuditReport) -> str:
    lines = [f"baselines: {', '.join(report.baselines) or 'none'}", ""]
    for row in report.rows:
        lines.append(
            f"{snippet(row.name)} ({terminal(row.client_id[:40])}, {snippet(row.app_type)}): "
            f"{_kind(row)}"
        )
        if row.interactive:
            lines.append(f"  signed in at most: {row.absolute.words()} ({row.absolute.source})")
            lines.append(f"  idle at most:      {row.idle.words()} ({row.idle.source})")
        lines += [f"  OVER: {finding}" for finding in report.findings.get(row.client_id, [])]
    for name, calls in report.actions:
        called = ", ".join(f"api.session.{c}" for c in calls)
        lines.append(
            f"note: Post-Login Action {snippet(name)} calls {called}: it can move a "
            "session's expiry per login, which no setting shows"
        )
    for scope in report.scopes:
        lines += ["", f"{scope.kind} {snippet(scope.name)}:"]
        lines.append(f"  signed in at most: {scope.absolute.words()} ({scope.absolute.source})")
        lines.append(f"  idle at most:      {scope.idle.words()} ({scope.idle.source})")
        lines += [f"  OVER: {finding}" for finding in scope.findings]
        lines += [f"  note: {snippet(note, 200)}" for note in scope.notes]
    for flag in report.flags:
        lines.append(f"note: {snippet(flag.subject)} {flag.message} ({flag.source})")
    lines += [f"INCOMPLETE: {unread}" for unread in report.unread]
    over = sum(bool(f) for f in report.findings.values())
    scoped = sum(bool(s.findings) for s in report.scopes)
    lines += ["", f"{len(report.rows)} applications: {over} over a baseline."]
    if report.scopes:
        lines.append(
            f"{len(report.scopes)} organizations and connections: {scoped} over a baseline."
        )
    return "\n".join(lines) + "\n"


def render_markdown(report: AuditReport) -> str:
    """The report for the drift issue: the clocks chart first (the issue keeps the first
    20,000 characters), then one row per application."""
    lines = ["#### Applications: how long a user stays signed in", ""]
    if report.session is not None:
        bars = audit_bars(report.session, report.longest_refresh(), report.baselines)
        lines += [*chart("Clocks that keep a user signed in, in hours", bars), ""]
    lines += ["| application | type | signed in at most | idle at most |", "|---|---|---|---|"]
    for row in report.rows:
        cells = [row.absolute.words(), row.idle.words()] if row.interactive else ["—", "—"]
        lines.append(f"| {md_code(row.name)} | {_kind(row)} | {cells[0]} | {cells[1]} |")
    lines.append("")
    for row in report.rows:
        lines += [f"> - {md_code(row.name)}: {md_prose(f)}" for f in report.findings[row.client_id]]
    for name, calls in report.actions:
        called = ", ".join(md_code(f"api.session.{c}") for c in calls)
        lines.append(f"> ℹ Post-Login Action {md_code(name)} calls {called}")
    if report.scopes:
        lines += ["", "#### Organizations and connections", ""]
        lines += ["| | name | signed in at most | idle at most |", "|---|---|---|---|"]
        for s in report.scopes:
            lines.append(
                f"| {s.kind} | {md_code(s.name)} | {md_prose(s.absolute.words())} | "
                f"{md_prose(s.idle.words())} |"
            )
        lines.append("")
        for s in report.scopes:
            lines += [f"> - {md_code(s.name)}: {md_prose(f)}" for f in s.findings]
            lines += [f"> ℹ {md_code(s.name)}: {md_prose(n)}" for n in s.notes]
    for flag in report.flags:
        lines.append(
            f"> ⚠ {md_code(flag.subject)} {md_prose(flag.message)} ({md_code(flag.source)})"
        )
    lines += [f"> ⚠ **Incomplete:** {md_prose(unread)}" for unread in report.unread]
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: AuditReport) -> dict[str, object]:
    def bound(b: Bound) -> dict[str, object]:
        return {
            "minutes": b.value.minutes if b.value else None,
            "human": b.words(),
            "source": b.source,
        }

    return {
        "ok": report.ok,
        "complete": not report.unread,
        "unread": report.unread,
        "baselines": list(report.baselines),
        "offline_access_apis": report.offline_apis,
        "applications": [
            {
                "name": r.name,
                "client_id": r.client_id,
                "app_type": r.app_type,
                "interactive": r.interactive,
                "refresh_tokens": r.refresh_tokens,
                "signed_in": bound(r.absolute) if r.interactive else None,
                "idle": bound(r.idle) if r.interactive else None,
                "over": report.findings.get(r.client_id, []),
            }
            for r in report.rows
        ],
        "actions": [{"name": n, "calls": c} for n, c in report.actions],
        "scopes": [
            {
                "kind": s.kind,
                "name": s.name,
                "found": s.found,
                "signed_in": bound(s.absolute),
                "idle": bound(s.idle),
                "over": s.findings,
                "notes": s.notes,
            }
            for s in report.scopes
        ],
        "flags": [
            {"subject": f.subject, "message": f.message, "source": f.source} for f in report.flags
        ],
    }
