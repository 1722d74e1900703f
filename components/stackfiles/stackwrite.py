"""Writing pulled settings into a stack file that already exists, changing nothing else.

Edits are made on the text, not on a re-dumped document: each session key's value is
replaced where the file has it (the span libyaml reports), a missing key is added as one
line after the last key under `config:`, and every other byte stays as it was, whatever
the file's directives (`%YAML 1.1`), quoting, comments or order. Where the file writes a
key without its namespace, that spelling is kept. The result is read back with the
stack-file reader and must hold exactly the intended values, or nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..rules.keys import PROJECT
from ..text.safeio import UnsafeFileError, read_text, real_folder
from .yaml12 import LOADER, YamlError, load, resolve_plain

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


@dataclass(frozen=True)
class _Pair:
    key: str
    start: int  # the value's span in the text
    end: int


def _config_pairs(text: str) -> tuple[list[_Pair], int]:
    """The key/value spans of the top-level `config:` block mapping, and its keys' column.

    None (an empty list) when `config:` is absent or written in flow style.
    """
    events = list(yaml.parse(text, Loader=LOADER))  # at most 1 MiB, aliases refused by load
    i = next((n for n, e in enumerate(events) if isinstance(e, yaml.MappingStartEvent)), None)
    if i is None:
        return [], -1
    i += 1
    while not isinstance(events[i], yaml.MappingEndEvent):
        key, after = events[i], _skip(events, i + 1)
        if isinstance(key, yaml.ScalarEvent) and key.value == "config":
            value = events[i + 1]
            if not isinstance(value, yaml.MappingStartEvent) or value.flow_style:
                return [], -1
            return _pairs(events, i + 2)
        i = after
    return [], -1


def _skip(events: list[yaml.Event], i: int) -> int:
    """The index just after the node that starts at `i`."""
    level = 0
    while True:
        level += isinstance(events[i], yaml.CollectionStartEvent)
        level -= isinstance(events[i], yaml.CollectionEndEvent)
        i += 1
        if level == 0:
            return i


def _pairs(events: list[yaml.Event], i: int) -> tuple[list[_Pair], int]:
    pairs: list[_Pair] = []
    column = -1
    while not isinstance(events[i], yaml.MappingEndEvent):
        key, after = events[i], _skip(events, i + 1)
        if isinstance(key, yaml.ScalarEvent):
            column = key.start_mark.column if column < 0 else column
            first, last = events[i + 1], events[after - 1]
            pairs.append(_Pair(key.value, first.start_mark.index, last.end_mark.index))
        i = after
    return pairs, column


def update_in_place(path: Path, values: Mapping[str, str]) -> str:
    """The file's new text: `values` (key → written value) set, every other byte kept."""
    text = read_text(path)
    before = load(text)
    config = before.get("config") if isinstance(before, dict) else None
    if not isinstance(config, dict) or not config:
        raise StackWriteError(
            f"{path.name} has no `config:` keys to update in place: move it aside and run "
            "pull --write again to write a new file"
        )
    try:
        pairs, column = _config_pairs(text)
    except yaml.YAMLError as error:
        raise StackWriteError(f"{path.name}: {error}") from None
    if not pairs:
        raise StackWriteError(
            f"{path.name}: `config:` is written in flow style ({{…}}): write it as one key per "
            "line, or move the file aside and run pull --write again"
        )
    edits: list[tuple[int, int, str]] = []
    missing: list[str] = []
    for key, value in values.items():
        found = [p for p in pairs if p.key in (key, f"{PROJECT}:{key}")]
        if not found:
            missing.append(key)
            continue
        pair = found[-1]
        tail = "\n" if text[pair.start : pair.end].endswith("\n") else ""
        edits.append((pair.start, pair.end, _scalar(value) + tail))
    if missing:
        end = pairs[-1].end
        at = end if text[end - 1 : end] == "\n" else _line_end(text, end)
        prefix = "" if (at == len(text) and text.endswith("\n")) or at < len(text) else "\n"
        lines = "".join(
            f"{' ' * column}{PROJECT}:{key}: {_scalar(values[key])}\n" for key in missing
        )
        edits.append((at, at, prefix + lines))
    new = text
    for start, end, replacement in sorted(edits, reverse=True):
        new = new[:start] + replacement + new[end:]
    _verify(path, before, new, values)
    return new


def _scalar(value: str) -> str:
    """`3h` as it is when YAML reads it back as that text, else JSON-quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", value) and resolve_plain(value) == value
    return value if plain else json.dumps(value)


def _line_end(text: str, index: int) -> int:
    """Just after the line break ending the line that holds `index` (or the text's end)."""
    found = text.find("\n", index)
    return len(text) if found == -1 else found + 1


def _verify(path: Path, before: object, new: str, values: Mapping[str, str]) -> None:
    """The new text must read as the old config with exactly `values` set."""
    try:
        after = load(new)
    except YamlError as error:
        raise StackWriteError(
            f"{path.name}: not updated, the edit did not read back: {error}"
        ) from None
    old_config = dict(before["config"]) if isinstance(before, dict) else {}
    expected = dict(old_config)
    for key, value in values.items():
        spelling = key if key in old_config and f"{PROJECT}:{key}" not in old_config else None
        expected[spelling or f"{PROJECT}:{key}"] = value
    new_config = after.get("config") if isinstance(after, dict) else None
    rest_before = {k: v for k, v in before.items() if k != "config"}  # type: ignore[union-attr]
    rest_after = (
        {k: v for k, v in after.items() if k != "config"} if isinstance(after, dict) else None
    )
    if new_config != expected or rest_after != rest_before:
        raise StackWriteError(
            f"{path.name}: not updated: an in-place edit would not read back as intended; "
            "set the values by hand"
        )


def write_target(project: Path, stacks: str, name: str) -> Path:
    """Where `pull --write` may write: the project's stacks folder, never through a link.

    A link (the file, or any folder from the project down) would make the write change
    the file it points to (another stack's, or one outside the project) while the
    command reports this one.
    """
    try:
        folder = real_folder(project, stacks)
    except UnsafeFileError as error:
        raise StackWriteError(str(error)) from None
    if not folder.is_dir():
        raise StackWriteError(
            f"{stacks}/ is not a folder here: give --project, the folder holding Pulumi.yaml "
            f"and {stacks}/"
        )
    target = folder / name
    if target.is_symlink():
        raise StackWriteError(
            f"{name} is a symlink: pull --write does not write through a link (it would "
            "change the file it points to); replace the link with the file itself"
        )
    return target


def write_file(target: Path, text: str) -> None:
    """All of `text` or nothing: written beside the target, then moved over it.

    A file it replaces keeps its mode and owner (a 0600 stack file stays 0600); a new
    one is 0644 less the umask, as an editor would make it.
    """
    temporary = target.with_name(f".{target.name}.pull-{os.getpid()}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        old = target.lstat()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise StackWriteError(f"{target.name} cannot be written: {error.strerror}") from None
    try:
        descriptor = os.open(temporary, flags, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            if old is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    with contextlib.suppress(PermissionError):  # only root may give a file away
                        os.fchown(handle.fileno(), old.st_uid, old.st_gid)
            handle.write(text)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StackWriteError(
            f"{target.name} cannot be written: {error.strerror or 'error'}"
        ) from None
