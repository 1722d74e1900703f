"""tests/previews/: `pulumi preview --json` documents the real CLI printed, recorded by the
end-to-end suite, with what differs from run to run made fixed (tests/previews/README.md).

A scenario's document is compared whole with its recording; `AUTH0_SESSIONS_RECORD=1`
writes it instead (after a version change in engine/versions, say).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from rig import ROOT

PREVIEWS = ROOT / "tests" / "previews"
DOMAIN = "127.0.0.1:4443"
PROVIDER_ID = "00000000-0000-4000-8000-000000000001"
RESOURCE_ID = "terraform-20260101000000000000000001"
TIME = "2026-01-01T00:00:00Z"
SOURCE = "project:///<source>"
DURATION = 2_000_000_000


def _fixed(value: Any) -> Any:
    """Every state's times and source positions, wherever they are."""
    if isinstance(value, list):
        return [_fixed(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = {key: _fixed(item) for key, item in value.items()}
    for key in ("created", "modified"):
        if isinstance(found.get(key), str):
            found[key] = TIME
    if "sourcePosition" in found:
        found["sourcePosition"] = SOURCE
    if found.get("stackTrace"):
        found["stackTrace"] = [{"sourcePosition": SOURCE}]
    return found


def _fixed_text(text: str, domain: str) -> str:
    text = text.replace(domain, DOMAIN)
    text = re.sub(
        r"(::pulumi:providers:[\w-]+::[\w-]+::)[0-9a-f-]{36}", rf"\g<1>{PROVIDER_ID}", text
    )
    return re.sub(r'"terraform-\d{20,30}"', f'"{RESOURCE_ID}"', text)


def normalize(
    document: dict[str, Any], domain: str, *, refresh_only: bool = False
) -> dict[str, Any]:
    """The run's own values made fixed: the fake's port, the provider's id, the Tenant's
    id, times, source positions (paths of this machine), the duration; the refresh steps
    sorted by URN, since the engine runs them in parallel and prints each as it ends. In a
    `pulumi refresh` document every step is one (a changed resource's as `update`)."""
    found = _fixed(json.loads(_fixed_text(json.dumps(document), domain)))
    steps = found.get("steps", [])
    leading = len(steps) if refresh_only else 0
    while leading < len(steps) and steps[leading]["op"] == "refresh":
        leading += 1
    steps[:leading] = sorted(steps[:leading], key=lambda step: step["urn"])
    if "duration" in found:
        found["duration"] = DURATION
    return found


def text_of(document: dict[str, Any]) -> str:
    """As the CLI indents it (json.MarshalIndent with four spaces)."""
    return json.dumps(document, indent=4, ensure_ascii=False) + "\n"


def recorded(
    name: str, document: dict[str, Any], domain: str, *, refresh_only: bool = False
) -> str:
    """Compare (or, when recording, write) tests/previews/<name>.json; return its path."""
    path = PREVIEWS / f"{name}.json"
    text = text_of(normalize(document, domain, refresh_only=refresh_only))
    if os.environ.get("AUTH0_SESSIONS_RECORD") == "1":
        path.write_text(text)
    assert path.exists(), f"{path.name} is not recorded: run with AUTH0_SESSIONS_RECORD=1"
    assert path.read_text() == text, (
        f"the real CLI's preview differs from tests/previews/{path.name}; if the change is "
        "expected (a new version, say), record again: AUTH0_SESSIONS_RECORD=1 "
        ".venv/bin/python -m pytest tests/e2e"
    )
    return str(path)


def recorded_events(name: str, text: str, domain: str) -> str:
    """The same for an event log (`--event-log`): one JSON object a line; its times, and
    every value `normalize` fixes, fixed."""
    path = PREVIEWS / f"{name}.events"
    events = [_fixed(json.loads(_fixed_text(line, domain))) for line in text.splitlines()]
    for event in events:
        event["timestamp"] = 1_767_225_600  # 2026-01-01T00:00:00Z
        for key in ("duration",):
            if isinstance(event.get("summaryEvent", {}).get(key), int):
                event["summaryEvent"][key] = DURATION
    text = "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in events)
    if os.environ.get("AUTH0_SESSIONS_RECORD") == "1":
        path.write_text(text)
    assert path.exists(), f"{path.name} is not recorded: run with AUTH0_SESSIONS_RECORD=1"
    # The engine logs some events concurrently (the config's debug lines): compare the
    # events, not their order.
    assert _unordered(path.read_text()) == _unordered(text), (
        f"the real event log differs from tests/previews/{path.name}"
    )
    return str(path)


def _unordered(text: str) -> list[str]:
    events = [json.loads(line) for line in text.splitlines()]
    return sorted(json.dumps({k: v for k, v in e.items() if k != "sequence"}) for e in events)
