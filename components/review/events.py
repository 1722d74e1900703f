"""Engine events, as `pulumi preview --event-log FILE` writes them: what `--json` leaves out.

A preview refused by a policy pack says only "preview failed" in its `--json` document;
its violations are in the text output and, one `policyEvent` per violation, in the
engine's event log (pkg/cmd/pulumi/operations: `--event-log` exists when
PULUMI_DEBUG_COMMANDS=true; sdk/go/common/apitype/events.go `PolicyEvent`). Each line of
the log is one JSON object with `sequence` and `timestamp`; summarize reads such objects
beside preview documents and shows each violation with the stack its resource is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .preview import StackPreview

MAX_MESSAGE = 4000  # a policy message is a sentence or two; more is cut


@dataclass(frozen=True)
class PolicyViolation:
    stack: str
    resource: str  # the resource's name (the URN's last part), or "" for a stack policy
    policy: str
    pack: str
    level: str  # "mandatory", "advisory" or "remediate", as the engine says
    message: str


def is_event(document: Mapping[str, object]) -> bool:
    """An engine event (a line of an event log), not a preview document."""
    return isinstance(document.get("sequence"), int) and "timestamp" in document


def _text(value: object, limit: int = 200) -> str:
    return value[:limit] if isinstance(value, str) else ""


def violation(document: Mapping[str, object]) -> PolicyViolation | None:
    """The policy violation an event reports, if it is a policy event."""
    event = document.get("policyEvent")
    if not isinstance(event, Mapping):
        return None
    urn = _text(event.get("resourceUrn"), 1000)
    parts = urn.split("::")
    stack = parts[0].removeprefix("urn:pulumi:") if urn.startswith("urn:pulumi:") else ""
    return PolicyViolation(
        stack=stack,
        resource=parts[-1] if len(parts) >= 4 else "",
        policy=_text(event.get("policyName")),
        pack=_text(event.get("policyPackName")),
        level=_level(event.get("enforcementLevel")),
        message=_text(event.get("message"), MAX_MESSAGE).strip(),
    )


LEVELS = ("mandatory", "advisory", "remediate", "disabled")  # apitype.EnforcementLevel


def _level(value: object) -> str:
    """The enforcement level in our vocabulary: anything else is shown as advisory, so
    no text of the event log stands where our words do."""
    return value if isinstance(value, str) and value in LEVELS else "advisory"


def attach(
    documents: list[dict[str, object]], source: str, earlier: list[StackPreview]
) -> list[StackPreview]:
    """The previews of one input's documents; each policy violation joins its stack's
    preview (this input's, else an earlier one's), or a preview of its own."""
    from .preview import StackPreview, summarize

    found = [summarize(d, source) for d in documents if not is_event(d)]
    for document in documents:
        found_violation = violation(document) if is_event(document) else None
        if found_violation is None:
            continue
        stack = found_violation.stack or source
        home = next((p for p in [*found, *earlier] if p.stack == stack), None)
        if home is None:
            home = StackPreview(stack)
            found.append(home)
        home.violations.append(found_violation)
    return found
