"""Reading `stacks/Pulumi.<stack>.yaml` offline, the way Pulumi reads it, without the CLI.

The result is the same flat, namespaced mapping the engine hands the program, with
every `secure:` value replaced by `Encrypted()`: its ciphertext is not kept, and there
is nothing to decrypt or print. Project-level defaults from `Pulumi.yaml` are applied
under the stack's own values, as `pulumi up` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..rules.credentials import secure_value
from ..rules.keys import namespaced
from ..text.inert import snippet
from ..text.safeio import UnsafeFileError, read_text
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
    path: Path, *, text: str | None = None, defaults: dict[str, object] | None = None
) -> StackFile:
    """Read one stack file; raise StackFileError for anything that is not a stack file.

    `text` gives the file's content from elsewhere (e.g. a git revision) and `defaults`
    that revision's Pulumi.yaml defaults; by default both are read from disk.
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
    flat: dict[str, object] = {}
    for key, value in config.items():
        full_key = namespaced(key)
        if full_key in flat:
            raise StackFileError(
                f"`{snippet(full_key)}` is given twice (with and without its namespace)"
            )
        flat[full_key] = _engine_value(value)
    base = project_defaults() if defaults is None else defaults
    return StackFile(path, stack_name(path), {**base, **flat}, environments)


def defaults_of(project_text: str) -> dict[str, object]:
    """The `default:` of each key declared in a Pulumi.yaml's `config:`, namespaced."""
    try:
        document = _parse_yaml(project_text)
    except StackFileError:
        return {}
    declared = document.get("config") if isinstance(document, dict) else None
    if not isinstance(declared, dict):
        return {}
    defaults: dict[str, object] = {}
    for key, spec in declared.items():
        if isinstance(spec, dict) and "default" in spec:
            defaults[namespaced(key)] = spec["default"]
    return defaults


@lru_cache(maxsize=1)
def project_defaults(project_file: Path = PROJECT_FILE) -> dict[str, object]:
    """This project's Pulumi.yaml defaults (none if it cannot be read)."""
    try:
        return defaults_of(_read_text(project_file))
    except StackFileError:
        return {}
