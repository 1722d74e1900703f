"""`summarize`: `pulumi preview --json` documents as a short markdown section per stack.

The digest is what pkg/backend/display/json.go (`ShowPreviewDigest`) prints: `steps`
(`op`, `urn`, `oldState`/`newState` with `type`, `inputs`, `outputs`), `diagnostics`,
`changeSummary`. What the real CLI leaves out shapes this reader:
- `same` steps are printed only for the root stack unless `--show-sames`
  (display.go `shouldShow`), so a Tenant missing from the steps is an unchanged Tenant;
- with `pulumi preview --refresh` a resource first appears as its refresh step, op
  `refresh` with the *stored* state (step.go `NewRefreshStep`), then as the program's
  step, whose old state is the live one: "now" comes from there;
- under `pulumi refresh --preview-only` there are only refresh steps, and one that found
  a difference is replaced by its result, `update` from the stored to the live state
  (update.go applies `ResultOp()` only when `isRefresh`);
- a Tenant's outputs carry every attribute (all lifetimes are Computed), so whether a
  setting is managed comes from inputs only; outputs only give its live value.
Everything read is hostile until shown inert: values and names go out as code spans.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..rules import foreign
from ..rules.durations import Duration, DurationError
from ..rules.settings import DURATION_SETTINGS
from ..rules.tenant_inputs import COOKIE_PROP, TENANT_TYPE
from ..text.inert import snippet
from .events import PolicyViolation, is_event

ROOT_STACK_TYPE = "pulumi:pulumi:Stack"
# The component's other children, for stacks with organizations or connections.
SCOPED_TYPES = {
    "auth0:index/action:Action": "Post-Login Action (organization and connection limits)",
    "auth0:index/triggerAction:TriggerAction": "its post-login binding",
}
COMPONENT_TYPE = "auth0-sessions:index:TenantSessionSettings"  # its warnings are notes
SECRET = "[secret]"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # Pulumi's "unknown during preview"
MAX_INPUT_BYTES = 4 * 1024 * 1024  # per input: a stack's preview is kilobytes
MAX_CONTAINERS = 200_000  # JSON objects and arrays: bounds the memory a parse can take
OPS = frozenset(  # display.StepOp values (pkg/resource/deploy/step.go)
    [
        "same",
        "create",
        "update",
        "delete",
        "replace",
        "create-replacement",
        "delete-replaced",
        "read",
        "read-replacement",
        "refresh",
        "discard",
        "discard-replaced",
        "remove-pending-replace",
        "import",
        "import-replacement",
    ]
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_COOKIE = f"{COOKIE_PROP}.mode"
_FIELDS: tuple[tuple[str, str], ...] = (
    *((s.provider_prop, s.label) for s in DURATION_SETTINGS),
    (_COOKIE, "Cookie mode"),
)


class PreviewError(ValueError):
    """Input that is not (all) `pulumi preview --json` output."""


def read_documents(text: str, source: str) -> list[dict[str, object]]:
    """Every JSON document in `text` (several may follow each other, e.g. on stdin)."""
    if text.count("{") + text.count("[") > MAX_CONTAINERS:
        raise PreviewError(
            f"{source}: more than {MAX_CONTAINERS:,} JSON objects and arrays: not the preview "
            "of a stack (refused before parsing)"
        )
    decoder = foreign.decoder()
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
            # A string still open at the end is reported where it starts.
            open_string = error.msg == "Unterminated string starting at"
            cut = open_string or error.pos >= len(text.rstrip()) - 1
            truncated = " (the input ends too early: was the preview output cut off?)"
            truncated = truncated if cut else ""
            raise PreviewError(
                f"{source}: not valid JSON at line {error.lineno}, column {error.colno}: "
                f"{error.msg}{truncated}"
            ) from None
        except RecursionError:
            raise PreviewError(f"{source}: nested too deeply to be preview output") from None
        except ValueError as error:  # e.g. an integer of more than 4,300 digits
            raise PreviewError(f"{source}: not preview output: {snippet(str(error))}") from None
        if not isinstance(document, dict) or not (
            isinstance(document.get("steps"), list)
            or isinstance(document.get("diagnostics"), list)
            or is_event(document)
        ):
            raise PreviewError(
                f"{source}: not a `pulumi preview --json` document: expected an object with "
                '"steps" or "diagnostics" (or an engine event of `--event-log`)'
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


@dataclass(frozen=True)
class Cell:
    """A value as shown: our own words, or text from the preview (shown inert, as code)."""

    text: str
    from_input: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)


def words(value: object, prop: str) -> Cell:
    """A session value for people: hours in words, secrets masked, unknowns said so.

    Anything that is not a plausible value (non-finite, out of range, not whole minutes,
    the wrong type) is said to be invalid, quoted short.
    """
    if value is None:
        return Cell("not set")
    if value == SECRET:
        return Cell(SECRET)
    if value == UNKNOWN:
        return Cell("(known after the update)")
    if prop == _COOKIE:
        if isinstance(value, str):
            return Cell(snippet(value), from_input=True)
        return Cell(f"invalid value {snippet(value)}", from_input=True)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return Cell(Duration.from_hours(value).with_hours())
        except DurationError as error:  # one reading of a foreign number (rules/foreign.py)
            return Cell(f"invalid value ({snippet(error, 80)})", from_input=True)
    return Cell(f"invalid value ({snippet(value)})", from_input=True)


@dataclass(frozen=True)
class FieldChange:
    label: str
    now: Cell
    after: Cell
    outside: Cell = Cell("")  # "was X": changed outside code since Pulumi's last state


@dataclass(frozen=True)
class TenantStep:
    """One Tenant across a preview: its refresh step (if any) and the program's step."""

    name: str
    op: str  # the program's op; "same" when the CLI hid it; "" when the program failed first
    changes: tuple[FieldChange, ...]
    changed_outside: bool = False
    refresh_only: bool = False


@dataclass
class StackPreview:
    stack: str
    tenants: list[TenantStep] = field(default_factory=list)
    summary: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    notes: list[str] = field(default_factory=list)  # our component's own warnings
    refreshed: bool = False
    refresh_only: bool = False
    violations: list[PolicyViolation] = field(default_factory=list)  # from an event log
    actions: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, op)


def _state(step: Mapping[str, object] | None, which: str) -> Mapping[str, object]:
    state = step.get(which) if step else None
    return state if isinstance(state, Mapping) else {}


def _inputs(state: Mapping[str, object]) -> Mapping[str, object]:
    inputs = state.get("inputs")
    return inputs if isinstance(inputs, Mapping) else {}


def _op(step: Mapping[str, object] | None) -> str:
    """A step's op in our vocabulary (display.StepOp): anything else reads as an update,
    so no text of the preview ever stands where our words do."""
    op = step.get("op") if step else "same"
    return op if isinstance(op, str) and op in OPS else "update"


def _text(value: object) -> str:
    """A field that should be text (a type, a URN), as text: anything else is ""."""
    return value[:1000] if isinstance(value, str) else ""


def _tenant(
    name: str,
    refresh: Mapping[str, object] | None,
    program: Mapping[str, object] | None,
    refresh_only: bool,
) -> TenantStep:
    """The rows a reviewer needs: what changes, from the live value, and why."""
    op = _op(program)
    # Pulumi's state (the inputs last applied): the refresh step's old state, if any.
    base = refresh if refresh is not None else program
    state_inputs = _inputs(_state(base, "oldState"))
    before_outputs = _state(base, "oldState").get("outputs")
    # The live tenant, where the engine puts it: under `pulumi refresh`, the refresh
    # step's result; under `preview --refresh`, the program step's old state (the refresh
    # step keeps op `refresh` and the stored state); with no refresh, Pulumi's state.
    if refresh is not None and refresh_only:
        live_outputs = _state(refresh, "newState").get("outputs")
    elif refresh is not None and program is not None:
        live_outputs = _state(program, "oldState").get("outputs")
    else:
        live_outputs = before_outputs
    if program is None:
        new_inputs: Mapping[str, object] = state_inputs  # hidden `same`: inputs as they were
    else:
        new_inputs = _inputs(_state(program, "newState"))
    has_old = bool(_state(base, "oldState"))
    changes = []
    for prop, label in _FIELDS:
        live = _lookup(live_outputs, prop)
        after = _lookup(new_inputs, prop)
        managed_before = _lookup(state_inputs, prop) is not None
        outside = bool(refresh) and _lookup(before_outputs, prop) != live
        differs = after is not None and after != live
        if not (outside or differs or managed_before != (after is not None)):
            continue  # unmanaged on both sides, or managed and already so: nothing to say
        now = words(live, prop) if has_old else Cell("the tenant's current value")
        if op == "delete":
            then = Cell("—")
        elif after is None:
            then = Cell("unmanaged (the tenant keeps its value)")
        else:
            then = words(after, prop)
        was = words(_lookup(before_outputs, prop), prop) if outside else Cell("")
        was = Cell(f"was {was.text}", was.from_input) if was else was
        changes.append(FieldChange(label, now, then, was))
    return TenantStep(
        name, op, tuple(changes), any(c.outside for c in changes), refresh_only and not program
    )


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def summarize(document: Mapping[str, object], source: str) -> StackPreview:
    steps = [s for s in _list(document.get("steps")) if isinstance(s, Mapping)]
    diagnostics = [d for d in _list(document.get("diagnostics")) if isinstance(d, Mapping)]
    urns = [_text(x.get("urn")) for x in [*steps, *diagnostics]]
    stack = next((s for s in (_urn_parts(u)[0] for u in urns if u) if s), source)
    by_type: dict[str, dict[str, list[Mapping[str, object]]]] = {}
    scoped: list[tuple[str, str, str]] = []  # our Action and binding, where they change
    for step in steps:
        state = _state(step, "newState") or _state(step, "oldState")
        kind, urn = _text(state.get("type")), _text(step.get("urn"))
        if kind in (TENANT_TYPE, ROOT_STACK_TYPE):
            by_type.setdefault(kind, {}).setdefault(urn, []).append(step)
        op = _op(step)
        if kind in SCOPED_TYPES and op not in ("same", "refresh", "read"):
            scoped.append((SCOPED_TYPES[kind], _urn_parts(urn)[1], op))
    tenants = by_type.get(TENANT_TYPE, {})
    # A refresh shows every resource first as its refresh step (the root stack as
    # `refresh`); the program's steps follow, the root stack's always among them.
    refreshed = any(s.get("op") == "refresh" for s in steps) or any(
        len(found) > 1 for found in tenants.values()
    )
    roots = by_type.get(ROOT_STACK_TYPE, {})
    refresh_only = refreshed and all(len(found) == 1 for found in roots.values())
    preview = StackPreview(stack, refreshed=refreshed, refresh_only=refresh_only, actions=scoped)
    failed = any(d.get("severity") == "error" for d in diagnostics)
    for urn, found in tenants.items():
        refresh = found[0] if refreshed else None
        program = found[-1] if not refreshed or len(found) > 1 else None
        if refreshed and program is None and failed and not refresh_only:
            # Refreshed, then the program failed before it registered the Tenant: its
            # step is missing because it was never evaluated, not because it is unchanged.
            preview.tenants.append(TenantStep(_urn_parts(urn)[1], "", ()))
            continue
        preview.tenants.append(_tenant(_urn_parts(urn)[1], refresh, program, refresh_only))
    summary = document.get("changeSummary")
    if isinstance(summary, Mapping):
        for op, count in summary.items():
            if op in OPS and isinstance(count, int) and not isinstance(count, bool) and count > 0:
                preview.summary[op] += min(count, 10**9)
    for diagnostic in diagnostics:
        severity = diagnostic.get("severity")
        message = _ANSI.sub("", str(diagnostic.get("message") or "")[:20_000]).strip()
        if severity == "error":
            preview.errors.append(message)
        elif severity == "warning":
            preview.warnings += 1
            if COMPONENT_TYPE in _text(diagnostic.get("urn")):
                preview.notes.append(message[:1000])
    return preview
