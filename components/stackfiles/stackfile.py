"""Reading `stacks/Pulumi.<stack>.yaml` offline, the way Pulumi reads it, without the CLI.

The result is the same flat, namespaced mapping the engine hands the program, with
every `secure:` value replaced by `Encrypted()`: its ciphertext is not kept, and there
is nothing to decrypt or print. Project-level defaults from `Pulumi.yaml` are applied
under the stack's own values, as `pulumi up` does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..rules.credentials import secure_value
from ..rules.fields import NotAList, NotAMapping
from ..rules.keys import KeyFormError, namespaced, pulumi_key
from ..text.inert import snippet
from ..text.safeio import UnsafeFileError, read_text, real_folder
from .paths import PROJECT_FILE, stack_name
from .yaml12 import YamlError, load

_CONFIG_NEEDED = (
    "Pulumi reads a stack's settings only from under `config:`, e.g. "
    "`config: {auth0-sessions:plan: professional}` (indent each key under `config:`)"
)


class StackFileError(ValueError):
    """A stack file that cannot be read as one: unsafe, not YAML, or the wrong shape."""


@dataclass(frozen=True)
class StackFile:
    """One stack file: its path, the stack it configures, and its flat config."""

    path: Path
    stack: str
    config: dict[str, object] = field(default_factory=dict)
    environments: tuple[str, ...] = ()
    """Pulumi ESC environments the stack imports: their values are not seen offline."""


def _read_text(path: Path) -> str:
    try:
        return read_text(path)
    except UnsafeFileError as error:
        raise StackFileError(str(error)) from None


def _parse_yaml(text: str) -> object:
    try:
        return load(text)
    except YamlError as error:
        raise StackFileError(str(error)) from None


def _engine_value(value: object) -> object:
    """`{secure: …}` becomes Encrypted() (or MalformedSecure); the rest stays as YAML gave it."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        return secure_value(value["secure"])
    return value


def _environments(value: object) -> tuple[str, ...]:
    """The names under `environment:` (a list, or `imports:` in a mapping), shown safely."""
    if isinstance(value, dict):
        value = value.get("imports", value)
    items = value if isinstance(value, list) else [value]
    names = [snippet(item if isinstance(item, str) else "(unreadable entry)") for item in items]
    return tuple(name for name in names if name)


def read_stack_file(
    path: Path,
    *,
    text: str | None = None,
    defaults: dict[str, object] | None = None,
    typed: Mapping[str, str] | None = None,
) -> StackFile:
    """Read one stack file; raise StackFileError for anything that is not a stack file.

    `text` gives the file's content from elsewhere (e.g. a git revision), `defaults` and
    `typed` that revision's Pulumi.yaml defaults and list- or object-typed keys; by default all
    are read from disk. Keys are read as Pulumi reads them (`keys.pulumi_key`).
    """
    document = _parse_yaml(_read_text(path) if text is None else text)
    if document is None or document == {}:
        raise StackFileError(f"is empty: {_CONFIG_NEEDED}")
    if not isinstance(document, dict):
        raise StackFileError("not a stack file: expected a mapping with a `config:` key")
    if "config" not in document and "environment" not in document:
        keys = ", ".join(snippet(key, 40) for key in list(document)[:5])
        raise StackFileError(
            f"has no `config:` mapping (its top-level keys: {keys}): {_CONFIG_NEEDED}"
        )
    config = document.get("config") or {}
    environments = _environments(document["environment"]) if "environment" in document else ()
    if not isinstance(config, dict):
        raise StackFileError("`config:` must be a mapping of keys to values")
    typed = project_typed() if typed is None else typed
    flat: dict[str, object] = {}
    written: dict[str, str] = {}
    for key, value in config.items():
        try:
            full_key = pulumi_key(key)
        except KeyFormError as error:
            raise StackFileError(str(error)) from None
        if full_key in flat:
            raise StackFileError(
                f"`{snippet(written[full_key], 80)}` and `{snippet(key, 80)}` are one key to "
                f"Pulumi ({snippet(full_key, 80)}), which keeps one of them at random: keep one"
            )
        written[full_key] = str(key)
        shape = typed.get(full_key)
        if shape == "array" and not isinstance(value, list):
            value = NotAList(value)
        elif shape == "object" and not isinstance(value, dict):
            value = NotAMapping(value)
        elif value is None:  # go-yaml skips a null's unmarshaler: Pulumi reads ""
            value = ""
        flat[full_key] = _engine_value(value)
    base = project_defaults() if defaults is None else defaults
    return StackFile(path, stack_name(path), {**base, **flat}, environments)


_NOT_YAML = object()


@lru_cache(maxsize=2)  # the base revision's and the working tree's
def _project_document(project_text: str) -> object:
    """A Pulumi.yaml parsed once, however many of its keys are asked for (up to 1 MiB of
    YAML takes about half a second); _NOT_YAML when it is not YAML. Read, never changed."""
    try:
        return _parse_yaml(project_text)
    except StackFileError:
        return _NOT_YAML


def _declared(project_text: str) -> dict[str, dict[str, object]]:
    """Each key a Pulumi.yaml's `config:` declares (namespaced) with its spec; {} if none."""
    document = _project_document(project_text)
    declared = document.get("config") if isinstance(document, dict) else None
    if not isinstance(declared, dict):
        return {}
    return {namespaced(key): spec for key, spec in declared.items() if isinstance(spec, dict)}


def defaults_of(project_text: str) -> dict[str, object]:
    """The `default:` of each key declared in a Pulumi.yaml's `config:`, namespaced."""
    return {k: spec["default"] for k, spec in _declared(project_text).items() if "default" in spec}


@lru_cache(maxsize=1)
def project_defaults(project_file: Path = PROJECT_FILE) -> dict[str, object]:
    """This project's Pulumi.yaml defaults (none if it cannot be read)."""
    try:
        return defaults_of(_read_text(project_file))
    except StackFileError:
        return {}


def typed_of(project_text: str) -> dict[str, str]:
    """The keys a Pulumi.yaml declares `type: array` or `type: object`, namespaced, with
    that type: Pulumi refuses a stack file's value of any other shape for them."""
    return {
        k: str(spec["type"])
        for k, spec in _declared(project_text).items()
        if spec.get("type") in ("array", "object")
    }


@lru_cache(maxsize=1)
def project_typed(project_file: Path = PROJECT_FILE) -> dict[str, str]:
    """This project's list- and object-typed keys (none if Pulumi.yaml cannot be read)."""
    try:
        return typed_of(_read_text(project_file))
    except StackFileError:
        return {}


TEMPLATE_STACKS = "stacks"  # where the template keeps them, for a folder with no Pulumi.yaml


def stack_config_dir_of(project_text: str | None) -> str:
    """Pulumi.yaml's `stackConfigDir` as a relative POSIX path: "." when the key is absent
    (Pulumi then reads stack files beside Pulumi.yaml), the template's `stacks` when there
    is no Pulumi.yaml at all. StackFileError for a value outside the project."""
    document = _NOT_YAML if project_text is None else _project_document(project_text)
    if document is _NOT_YAML:
        return TEMPLATE_STACKS
    value = document.get("stackConfigDir") if isinstance(document, dict) else None
    if value is None:
        return "."
    path = PurePosixPath(str(value))
    if (
        not isinstance(value, str)
        or not value.strip()
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in value
        or not value.isprintable()
    ):
        raise StackFileError(
            f"Pulumi.yaml: stackConfigDir {snippet(value)!r} is not a folder inside the "
            "project: these commands read stack files only there"
        )
    return str(path)


def project_text(project_dir: Path) -> str | None:
    """The project's Pulumi.yaml, read safely; None when there is none.

    StackFileError when there is one that is refused (a symlink, a FIFO, too large): the
    commands must not fall back to the template's layout for a file Pulumi would read.
    """
    project_file = project_dir / PROJECT_FILE.name
    if not os.path.lexists(project_file):
        return None
    try:
        return read_text(project_file)
    except UnsafeFileError as error:
        raise StackFileError(f"{PROJECT_FILE.name} {error}") from None


@dataclass(frozen=True)
class ProjectReading:
    """What a project's Pulumi.yaml says that judging its stack files needs, read once."""

    folder: Path  # where Pulumi reads the stack files (stackConfigDir)
    defaults: dict[str, object]
    typed: dict[str, str]  # list- and object-typed keys, with their type


def reading_of(project_dir: Path, text: str | None) -> ProjectReading:
    """What a Pulumi.yaml's text says (None: there is none), for stack files under
    `project_dir`; StackFileError when its stackConfigDir leads out of the project, by
    its value or through a symlinked folder along it."""
    return ProjectReading(
        stack_folder(project_dir, stack_config_dir_of(text)),
        defaults_of(text or ""),
        typed_of(text or ""),
    )


def stack_folder(project_dir: Path, relative: str) -> Path:
    """`project_dir`/`relative` with no symlink along it (`safeio.real_folder`)."""
    try:
        return real_folder(project_dir, relative)
    except UnsafeFileError as error:
        raise StackFileError(str(error)) from None


def read_project(project_dir: Path) -> ProjectReading:
    """The project's own Pulumi.yaml, read from disk (see `reading_of`)."""
    return reading_of(project_dir, project_text(project_dir))


def stack_config_dir(project_dir: Path) -> Path:
    """The folder Pulumi reads this project's stack files from (Pulumi.yaml's stackConfigDir);
    StackFileError when it is not a real folder inside the project."""
    return stack_folder(project_dir, stack_config_dir_of(project_text(project_dir)))
