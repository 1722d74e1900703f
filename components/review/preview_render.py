"""How `summarize` shows a stack's preview: a short markdown section, file text inert.

Reading the preview document is preview.py; an unchanged stack gets one line, so a
fleet's comment stays short.
"""

from __future__ import annotations

from collections import Counter

from ..text.inert import bound_markdown, md_cell, md_code
from .preview import Cell, StackPreview, TenantStep

MAX_ERROR_LINES = 40
MAX_NOTES = 10
MAX_VIOLATIONS = 20
_OP_NOTES = {
    "delete": "a delete only forgets the settings (retained on delete): the tenant keeps its "
    "values",
    "replace": "a replace re-adopts the same tenant settings: nothing is reset",
}


def _shown(cell: Cell) -> str:
    """Our words as they are (as `diff` shows them); the preview's own text as inert code."""
    return md_code(cell.text) if cell.from_input else md_cell(cell.text)


def _resources(counts: Counter[str]) -> str:
    changed = [f"{n:,} {op}" for op, n in sorted(counts.items()) if op not in ("same", "refresh")]
    same = counts.get("same", 0)
    parts = [", ".join(changed) or "no changes"]
    if same:
        parts.append(f"{same:,} unchanged")
    return "; ".join(parts)


def _tenant_lines(tenant: TenantStep) -> list[str]:
    if tenant.refresh_only:
        head = "**changed outside code**" if tenant.changed_outside else "**unchanged**"
    elif not tenant.op:
        return [
            f"Tenant settings {md_code(tenant.name)}: **not previewed** (the program failed "
            "before it got there)",
            "",
        ]
    else:
        op = "unchanged" if tenant.op == "same" else tenant.op
        head = f"**{op}**"
        if tenant.changed_outside:
            head = f"**changed outside code**, then {head}"
    lines = [f"Tenant settings {md_code(tenant.name)}: {head}"]
    note = _OP_NOTES.get(tenant.op)
    if note and not tenant.refresh_only:
        lines.append(f"({note})")
    lines.append("")
    if tenant.op == "delete" and not tenant.refresh_only:
        return lines  # nothing is sent: the note says what happens
    if not tenant.changes:
        return [*lines, "No session setting changes.", ""]
    outside = any(c.outside for c in tenant.changes)
    after = "in Pulumi's state" if tenant.refresh_only else "after"
    lines += [
        f"| setting | now | {after} |" + (" outside code |" if outside else ""),
        "|---|---|---|" + ("---|" if outside else ""),
    ]
    for c in tenant.changes:
        row = f"| {c.label} | {_shown(c.now)} | {_shown(c.after)} |"
        lines.append(row + (f" {_shown(c.outside) if c.outside else ''} |" if outside else ""))
    return [*lines, ""]


def _mandatory(preview: StackPreview) -> bool:
    return any(v.level == "mandatory" for v in preview.violations)


NO_CHANGES = " — no changes"
"""Ends the one line an unchanged stack gets (the `comment` command groups such lines)."""


def _violation_lines(preview: StackPreview) -> list[str]:
    """Each policy violation the event log reported: level, policy, resource, message."""
    lines = ["Policy violations (from the engine's event log):", ""]
    for v in preview.violations[:MAX_VIOLATIONS]:
        mark = "❌" if v.level == "mandatory" else "⚠"
        where = f" on {md_code(v.resource)}" if v.resource else ""
        lines.append(f"- {mark} {md_cell(v.level)} {md_code(v.policy)}{where}:")
        lines += [
            f"  > {md_code(line[:1000])}" for line in v.message.splitlines()[:MAX_ERROR_LINES]
        ]
    if len(preview.violations) > MAX_VIOLATIONS:
        lines.append(f"- … and {len(preview.violations) - MAX_VIOLATIONS:,} more (see the job log)")
    return [*lines, ""]


def _unchanged(preview: StackPreview) -> bool:
    return (
        not preview.errors
        and not preview.violations
        and not preview.warnings
        and all(t.op == "same" and not t.changes for t in preview.tenants)
        and set(preview.summary) <= {"same"}
    )


def render_markdown(previews: list[StackPreview], limit: int = 30_000) -> str:
    """One section per stack, every value from the input inert, at most `limit` characters.

    A stack with nothing to change gets one line, so a fleet's comment stays short.
    """
    lines: list[str] = []
    for preview in previews:
        command = "`pulumi refresh --preview-only`" if preview.refresh_only else "`pulumi preview`"
        if _unchanged(preview):
            same = preview.summary.get("same", 0)
            lines += [f"{md_code(preview.stack)}: {command}{NO_CHANGES} ({same:,} unchanged).", ""]
            continue
        status = f"❌ {command} failed" if preview.errors or _mandatory(preview) else command
        if preview.refreshed and not preview.refresh_only:
            status += " (refreshed: now is the live tenant)"
        lines += [f"#### {md_code(preview.stack)}: {status}", ""]
        if not preview.tenants and not preview.errors and not preview.violations:
            lines += ["No change to the tenant settings.", ""]
        for tenant in preview.tenants:
            lines += _tenant_lines(tenant)
        lines += [
            f"{kind} {md_code(name)}: **{md_cell(op)}**" for kind, name, op in preview.actions
        ]
        lines += [""] if preview.actions else []
        if preview.summary or not preview.violations:
            lines += [f"Resources: {_resources(preview.summary)}.", ""]
        if preview.violations:
            lines += _violation_lines(preview)
        lines += [f"> ⚠ {md_code(note)}" for note in preview.notes[:MAX_NOTES]]
        lines += [""] if preview.notes else []
        if preview.warnings:
            noun = "warning" if preview.warnings == 1 else "warnings"
            lines += [f"{preview.warnings:,} {noun} (see the job log).", ""]
        for error in preview.errors:
            quoted = error.splitlines()[:MAX_ERROR_LINES]
            lines += [*(f"> {md_code(line[:1000])}" if line.strip() else ">" for line in quoted)]
            if len(error.splitlines()) > MAX_ERROR_LINES:
                lines.append("> (more in the job log)")
            lines.append("")
    return bound_markdown("\n".join(lines).rstrip() + "\n", limit, "the preview summary")
