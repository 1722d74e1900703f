"""`diff`: every stack file at a git revision next to the working tree, in reviewers' words.

What a pull request changes, per environment: each setting old → new with minutes and
hours, the limit that bounds it and the headroom left, stacks added or removed, and the
verdict of the new side (the same rules as `check`). Offline and secret-free, so it
runs on pull requests from forks.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic.alias_generators import to_camel

from ..rules.credentials import Encrypted, MalformedSecure, hidden
from ..rules.durations import Duration, DurationError
from ..rules.reach import signed_in_now
from ..rules.settings import (
    DURATION_SETTINGS,
    PROJECT,
)
from ..stackfiles.paths import (
    PROJECT_FILE,
    STACK_FILE_GLOB,
    default_stack_files,
    stack_name,
)
from ..stackfiles.stackfile import ProjectReading, read_project, reading_of
from ..text.inert import snippet
from .checks import StackVerdict, judge_file, unreadable
from .gitrev import Revision
from .headroom import Headroom

PROJECT_FILE_NAME = PROJECT_FILE.name

_DURATIONS = {f"{PROJECT}:{s.key}": s for s in DURATION_SETTINGS}
LABELS = {
    f"{PROJECT}:plan": "Plan",
    f"{PROJECT}:baselines": "Baselines",
    **{key: setting.label for key, setting in _DURATIONS.items()},
    f"{PROJECT}:cookieMode": "Cookie mode",
    f"{PROJECT}:organizations": "Organizations",
    f"{PROJECT}:connections": "Connections",
    f"{PROJECT}:protect": "Protected",
}
_ORDER = list(LABELS)
_UNSET = {  # how a key left out reads
    **dict.fromkeys(_DURATIONS, "unmanaged"),
    f"{PROJECT}:cookieMode": "unmanaged",
    f"{PROJECT}:baselines": "none",
}


def _fingerprint(value: object) -> str:
    """Tells two plaintext credentials apart without keeping either."""
    return hashlib.sha256(repr(value).encode("utf-8", "replace")).hexdigest()


class Status(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ADDED = "added"
    REMOVED = "removed"


MAX_UNCHANGED_NAMES = 10  # an unchanged fleet is a count and a few names, not a list


@dataclass(frozen=True)
class Shown:
    """One key's value on one side, as a reviewer reads it (bounded, escaped, never a secret)."""

    written: str | None  # None: not set (a duration then is unmanaged)
    duration: Duration | None = None
    compared: object = field(default=None, compare=False, repr=False)  # never printed

    @classmethod
    def of(cls, key: str, raw: Mapping[str, object]) -> Shown:
        value = raw.get(key)
        if value is None or value == "" or value == []:
            return cls(None)
        if hidden(key, value):
            if isinstance(value, Encrypted | MalformedSecure):
                return cls(value.label)  # "[secret]", "[malformed secure value]"
            return cls("[credential in plaintext: not shown]", compared=_fingerprint(value))
        if isinstance(value, bool):
            return cls("true" if value else "false")
        if isinstance(value, list):
            return cls(snippet(", ".join(snippet(item, 40) for item in value[:20]), 120))
        if (key in _DURATIONS or _SCOPED.fullmatch(key)) and isinstance(value, str):
            try:
                return cls(snippet(value), Duration.parse(value))
            except DurationError:
                pass
        return cls(snippet(value))

    @property
    def same_as_key(self) -> object:
        """What two sides are compared by: minutes for a duration, else the words."""
        if self.compared is not None:
            return self.compared
        return self.duration.minutes if self.duration else self.written

    def text(self, key: str) -> str:
        if self.duration is not None:
            return self.duration.with_hours()
        if self.written is None:
            return _UNSET.get(key, "—")
        return self.written


@dataclass(frozen=True)
class Change:
    key: str  # namespaced config key
    old: Shown | None  # None: the stack file did not exist
    new: Shown | None
    headroom: Headroom | None
    signed_in: str = ""  # what users signed in now get of it (rules/reach.py)

    @property
    def label(self) -> str:
        return LABELS.get(self.key) or scoped_label(self.key) or self.key

    def old_text(self) -> str:
        return self.old.text(self.key) if self.old else "—"

    def new_text(self) -> str:
        return self.new.text(self.key) if self.new else "—"


@dataclass(frozen=True)
class StackDiff:
    stack: str
    file: str
    status: Status
    new: StackVerdict | None  # None for a removed stack
    changes: tuple[Change, ...]

    @property
    def ok(self) -> bool:
        return self.new is None or self.new.ok

    @property
    def quiet(self) -> bool:
        """Unchanged and valid: said once, as a count and a few names."""
        return self.status is Status.UNCHANGED and self.ok


SCOPE_KINDS = {f"{PROJECT}:organizations": "organization", f"{PROJECT}:connections": "connection"}
_SCOPED = re.compile(rf"({PROJECT}:(?:organizations|connections))\.(.+)\.([A-Za-z]+)")


def scoped_label(key: str) -> str | None:
    """`Inactivity timeout · organization acme-bank` for a flattened scope key, else None."""
    match = _SCOPED.fullmatch(key)
    if not match:
        return None
    kind, name, field_key = match.groups()
    setting = _DURATIONS.get(f"{PROJECT}:{field_key}")
    what = setting.label if setting else field_key
    return f"{what} · {SCOPE_KINDS[kind]} {name}"


def flatten_scopes(raw: Mapping[str, object]) -> dict[str, object]:
    """Each organization's and connection's limits as keys of their own, so that `diff`
    compares them one by one: `auth0-sessions:organizations.acme-bank.inactivityTimeout`.
    A value that is not a mapping of mappings stays as it is (the verdict says why)."""
    flat: dict[str, object] = {}
    for key, value in raw.items():
        if (
            key in SCOPE_KINDS
            and isinstance(value, dict)
            and all(isinstance(v, dict) for v in value.values())
        ):
            for name, policy in value.items():
                for field_key, field_value in policy.items():
                    flat[f"{key}.{name}.{field_key}"] = field_value
        else:
            flat[key] = value
    return flat


def _key_order(key: str) -> tuple[int, str]:
    match = _SCOPED.fullmatch(key)
    if match:
        return (_ORDER.index(match.group(1)), key)
    return (_ORDER.index(key), "") if key in _ORDER else (len(_ORDER), key)


def _signed_in(
    key: str, before: Shown | None, after: Shown | None, old_raw: Mapping[str, object]
) -> str:
    """What users signed in now get of a changed clock (an organization's or connection's
    is our Action's, set at login); a session they have now ends at most the old require
    log in after of the clock's pair from its start."""
    match = _SCOPED.fullmatch(key)
    setting = _DURATIONS.get(f"{PROJECT}:{match.group(3)}" if match else key)
    if setting is None or before is None or after is None:
        return ""
    pair = f"{PROJECT}:{to_camel(setting.at_most or setting.field)}"
    end = None if match else Shown.of(pair, old_raw).duration
    return signed_in_now(before.duration, after.duration, end, scoped=match is not None)


def compare(
    stack: str,
    file: str,
    old: StackVerdict | None,
    new: StackVerdict | None,
    defaults: Mapping[str, object] | None = None,
) -> StackDiff:
    """One stack's diff; `old`/`new` None when the file is absent on that side.

    For a new stack, keys only at their Pulumi.yaml `defaults` are not listed.
    """
    old_raw = flatten_scopes(old.raw) if old else {}
    new_raw = flatten_scopes(new.raw) if new else {}
    changes = []
    for key in sorted({*old_raw, *new_raw} if new else (), key=_key_order):
        before = Shown.of(key, old_raw) if old else None
        after = Shown.of(key, new_raw) if new else None
        if before and after and before.same_as_key == after.same_as_key:
            continue
        if before is None and (after is None or after == Shown.of(key, defaults or {})):
            continue  # a new stack: only what it sets
        settings = new.settings if new else None
        changes.append(
            Change(
                key,
                before,
                after,
                Headroom.of(key, settings, after.duration if after else None, new_raw),
                _signed_in(key, before, after, old_raw),
            )
        )
    if old is None:
        status = Status.ADDED
    elif new is None:
        status = Status.REMOVED
    else:
        status = Status.CHANGED if changes or old.ok != new.ok else Status.UNCHANGED
    return StackDiff(stack, file, status, new, tuple(changes))


Sides = tuple[ProjectReading, ProjectReading]


def project_sides(project: Path, base: Revision) -> Sides:
    """Each side's Pulumi.yaml, read once: at `base`, and in the working tree (raises
    StackFileError for a stackConfigDir that leads out of the project)."""
    now = read_project(project)
    return reading_of(project, base.read(PROJECT_FILE_NAME)), now


def stack_folders(project: Path, sides: Sides) -> tuple[str, str]:
    """Where Pulumi reads the stack files at `base` and now: each side's stackConfigDir."""
    old, now = sides
    return old.folder.relative_to(project).as_posix(), now.folder.relative_to(project).as_posix()


def diff_project(project: Path, base: Revision, sides: Sides) -> list[StackDiff]:
    """Every stack file at `base` against the working tree of `project` (raises GitError).

    Each side's stack files are where that side's Pulumi.yaml says (stackConfigDir); a
    stack is matched by its name, so a moved folder reads as the move it is. The base side
    costs two git processes however many stack files there are.
    """
    old_side, now = sides
    old_dir, new_dir = stack_folders(project, sides)
    old_defaults, old_typed = old_side.defaults, old_side.typed
    new_defaults, new_typed = now.defaults, now.typed
    old_entries = {e.name: e for e in base.entries(old_dir) if _is_stack_file(e.name)}
    blobs = base.read_blobs([e.oid for e in old_entries.values() if e.problem is None])
    new_names = {p.name for p in default_stack_files(project / new_dir)}
    diffs = []
    for name in sorted(old_entries.keys() | new_names, key=lambda n: stack_name(Path(n))):
        path = project / new_dir / name
        shown = _shown(new_dir if name in new_names else old_dir, name)
        old = None
        if name in old_entries:
            entry = old_entries[name]
            old_shown = f"{_shown(old_dir, name)}@{base.rev}"
            blob = blobs.get(entry.oid)
            if entry.problem is None and isinstance(blob, str):
                old = judge_file(
                    path, text=blob, defaults=old_defaults, shown=old_shown, typed=old_typed
                )
            else:
                why = entry.problem or str(blob or "cannot be read at this revision")
                old = unreadable(old_shown, stack_name(path), why)
        new = (
            judge_file(path, defaults=new_defaults, shown=shown, typed=new_typed)
            if name in new_names
            else None
        )
        diffs.append(compare(stack_name(path), shown, old, new, new_defaults))
    return diffs


def _shown(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def _is_stack_file(name: str) -> bool:
    return fnmatch.fnmatchcase(name, STACK_FILE_GLOB)
