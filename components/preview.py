"""`summarize`: `pulumi preview --json` documents as a short markdown section per stack.

The digest format is Pulumi's (pkg/backend/display/json.go): `steps` with `op`, `urn`,
`oldState`/`newState` (`type`, `inputs`, `outputs`), `diagnostics` with `severity` and
`message`, and `changeSummary`. Secrets arrive as "[secret]" and stay so; values not
known until the update arrive as Pulumi's unknown sentinel.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .durations import Duration, DurationError
from .settings import DURATION_SETTINGS
from .tenant_inputs import COOKIE_PROP, TENANT_TYPE

ROOT_STACK_TYPE = "pulumi:pulumi:Stack"
SECRET = "[secret]"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # Pulumi's "unknown during preview"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FIELDS: tuple[tuple[str, str], ...] = (
    *((s.provider_prop, s.label) for s in DURATION_SETTINGS),
    (f"{COOKIE_PROP}.mode", "Cookie mode"),
)
_OP_NOTES = {
    "delete": "a delete only forgets the settings (retained on delete): the tenant keeps its "
    "values",
    "replace": "a replace re-adopts the same tenant settings: nothing is reset",
}


class PreviewError(ValueError):
    """Input that is not (all) `pulumi preview --json` output."""


def read_documents(text: str, source: str) -> list[dict[str, object]]:
    """Every JSON document in `text` (several may follow each other, e.g. on stdin)."""
    decoder = json.JSONDecoder()
    documents: list[dict[str, object]] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            break
        try:
            document, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            truncated = (
                " (the input ends too early: was the preview output cut off?)"
                if error.pos >= len(text.rstrip()) - 1
                else ""
            )
            raise PreviewError(
                f"{source}: not valid JSON at line {error.lineno}, column {error.colno}: "
                f"{error.msg}{truncated}"
            ) from None
        if not isinstance(document, dict) or not (
            isinstance(document.get("steps"), list) or isinstance(document.get("diagnostics"), list)
        ):
            raise PreviewError(
                f"{source}: not a `pulumi preview --json` document: expected an object with "
                '"steps" or "diagnostics"'
            )
        documents.append(document)
    if not documents:
        raise PreviewError(f"{source}: empty: expected `pulumi preview --json` output")
    return documents


def _urn_parts(urn: str) -> tuple[str, str]:
    """(stack, resource name) of `urn:pulumi:STACK::PROJECT::TYPE::NAME`."""
    parts = urn.split("::")
    stack = parts[0].removeprefix("urn:pulumi:") if parts[0].startswith("urn:pulumi:") else ""
    return stack, parts[-1] if len(parts) >= 4 else urn


def _lookup(values: object, path: str) -> object:
    for part in path.split("."):
        if not isinstance(values, Mapping):
            return None
        values = values.get(part)
    return values


def _words(value: object, prop: str) -> str:
    """A session value for people: hours in words, secrets masked, unknowns said so."""
    if value is None:
        return "unmanaged"
    if value == SECRET:
        return SECRET
    if value == UNKNOWN:
        return "(known after the update)"
    if prop != f"{COOKIE_PROP}.mode" and isinstance(value, int | float):
        try:
            return Duration.from_hours(value).with_hours()
        except DurationError:
            return f"{value:g} h"
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TenantStep:
    name: str
    op: str
    changes: tuple[FieldChange, ...]


@dataclass
class StackPreview:
    stack: str
    tenants: list[TenantStep] = field(default_factory=list)
    others: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: int = 0


def _state(step: Mapping[str, object], which: str) -> Mapping[str, object]:
    state = step.get(which)
    return state if isinstance(state, Mapping) else {}


def _tenant_step(step: Mapping[str, object], name: str, op: str) -> TenantStep:
    old, new = _state(step, "oldState"), _state(step, "newState")
    changes = []
    for prop, label in _FIELDS:
        before = _lookup(old.get("inputs"), prop) if old else None
        if old and before is None:  # unmanaged before: the tenant's own value
            before = _lookup(old.get("outputs"), prop)
        after = _lookup(new.get("inputs"), prop) if new else None
        if before == after:
            continue
        changes.append(
            FieldChange(label, _words(before, prop) if old else "—", _words(after, prop))
        )
    return TenantStep(name, op, tuple(changes))


def summarize(document: Mapping[str, object], source: str) -> StackPreview:
    steps = [s for s in document.get("steps") or [] if isinstance(s, Mapping)]
    diagnostics = [d for d in document.get("diagnostics") or [] if isinstance(d, Mapping)]
    urns = [str(x.get("urn") or "") for x in [*steps, *diagnostics]]
    stack = next((s for s in (_urn_parts(u)[0] for u in urns if u) if s), source)
    preview = StackPreview(stack)
    for step in steps:
        op = str(step.get("op") or "?")
        state = _state(step, "newState") or _state(step, "oldState")
        kind = str(state.get("type") or "")
        if kind == ROOT_STACK_TYPE:
            continue
        if kind == TENANT_TYPE:
            preview.tenants.append(_tenant_step(step, _urn_parts(str(step.get("urn")))[1], op))
        else:
            preview.others[op] += 1
    for diagnostic in diagnostics:
        severity = str(diagnostic.get("severity") or "")
        message = _ANSI.sub("", str(diagnostic.get("message") or "")).strip()
        if severity == "error":
            preview.errors.append(message)
        elif severity == "warning":
            preview.warnings += 1
    return preview


def _others(counts: Counter[str]) -> str:
    changed = [f"{n} {op}" for op, n in sorted(counts.items()) if op != "same"]
    same = counts.get("same", 0)
    parts = [", ".join(changed) or "no changes"]
    if same:
        parts.append(f"{same} unchanged")
    return "; ".join(parts)


def render_markdown(previews: list[StackPreview]) -> str:
    lines: list[str] = []
    for preview in previews:
        status = "❌ `pulumi preview` failed" if preview.errors else "`pulumi preview`"
        lines += [f"#### `{preview.stack}`: {status}", ""]
        if not preview.tenants and not preview.errors:
            lines += ["No `auth0:index/tenant:Tenant` in this preview.", ""]
        for tenant in preview.tenants:
            op = "unchanged" if tenant.op == "same" else tenant.op
            lines.append(f"Tenant settings `{tenant.name}`: **{op}**")
            note = _OP_NOTES.get(tenant.op)
            if note:
                lines.append(f"({note})")
            lines.append("")
            if tenant.op == "delete":
                pass  # nothing is sent: the note says what happens
            elif tenant.changes:
                lines += ["| setting | now | after |", "|---|---|---|"]
                lines += [f"| {c.label} | {c.old} | {c.new} |" for c in tenant.changes]
            else:
                lines.append("No session setting changes.")
            if lines[-1]:
                lines.append("")
        lines += [f"Other resources: {_others(preview.others)}.", ""]
        if preview.warnings:
            noun = "warning" if preview.warnings == 1 else "warnings"
            lines += [f"{preview.warnings} {noun} (see the job log).", ""]
        for error in preview.errors:
            lines += [*(f"> {line}" if line else ">" for line in error.splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"
