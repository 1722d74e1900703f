"""Writing pulled settings into a stack file that already exists, changing nothing else.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and every other key;
only the `auth0-sessions:` duration and cookie keys are set (where the file writes a
key without its namespace, that spelling is kept). ruamel is imported only here.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from ..rules.keys import PROJECT
from ..text.safeio import read_text
from .yaml12 import load

WRITTEN_KEYS = (
    "requireLoginAfter",
    "inactivityTimeout",
    "ephemeralRequireLoginAfter",
    "ephemeralInactivityTimeout",
    "cookieMode",
)


class StackWriteError(ValueError):
    """A stack file that cannot be updated in place; the message says why."""


def current_values(path: Path) -> dict[str, object]:
    """The file's plan and values for the keys `pull` writes (as written; absent left out)."""
    document = load(read_text(path))
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict):
        return {}
    found = {}
    for key in (*WRITTEN_KEYS, "plan"):
        for spelling in (f"{PROJECT}:{key}", key):
            if spelling in config:
                found[key] = config[spelling]
    return found


def update_in_place(path: Path, values: Mapping[str, str]) -> str:
    """The file's new text: `values` (key → written value) set, all else as it was."""
    from ruamel.yaml import YAML  # here only: no other command pays for it

    yaml = YAML()  # round-trip: comments, order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    text = read_text(path)
    document = yaml.load(text)
    if document is None:
        document = yaml.load("config: {}\n")
    if not isinstance(document, dict):
        raise StackWriteError(f"{path.name} is not a stack file (not a mapping)")
    if document.get("config") is None:
        document["config"] = yaml.load("{}\n")
    config = document["config"]
    if not isinstance(config, dict):
        raise StackWriteError(f"{path.name}: `config:` is not a mapping")
    for key, value in values.items():
        bare = key if key in config and f"{PROJECT}:{key}" not in config else None
        config[bare or f"{PROJECT}:{key}"] = value
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
