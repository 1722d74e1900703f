"""YAML read as Pulumi reads it (go-yaml v3, YAML 1.2 core schema), bounded for hostile input.

PyYAML alone reads YAML 1.1: `yes` would be true and `12:30` would be 750, where Pulumi
sees the strings "yes" and "12:30". So the document is built here from PyYAML's event
stream (libyaml's parser, which does not recurse), resolving plain scalars the way
go-yaml v3's resolve.go does. Building from events also bounds what a stranger's file
can cost: aliases are refused (no alias bomb), nesting is limited, and so are tags and
keys to what a stack file can hold.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from ..text.inert import snippet

MAX_DEPTH = 32  # a stack file needs 3 or 4 levels
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's

# go-yaml v3 resolve.go: the values looked up in its resolve map, and its float pattern.
_WORDS: dict[str, object] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP_START = re.compile(r"[0-9]{4}-")
_INT_BASES = (("0x", 16), ("0o", 8), ("0b", 2))
_INT64, _UINT64 = 2**63, 2**64
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


class YamlError(ValueError):
    """Text that is not a stack file's YAML; the message says where and why."""


def _go_int(plain: str) -> int | None:
    """strconv.ParseInt(plain, 0, 64), then ParseUint, as go-yaml tries them; None if neither."""
    sign, digits = (plain[0], plain[1:]) if plain[:1] in "+-" else ("", plain)
    base = 10
    for prefix, prefix_base in _INT_BASES:
        if digits.lower().startswith(prefix):
            base, digits = prefix_base, digits[2:]
            break
    else:
        if len(digits) > 1 and digits.startswith("0"):
            base = 8  # Go's base 0 reads a leading 0 as octal (YAML 1.1's 0777)
    if not digits or not digits.isascii() or not digits.isalnum():
        return None
    try:
        number = int(digits, base)
    except ValueError:
        return None
    number = -number if sign == "-" else number
    return number if -_INT64 <= number < _UINT64 else None


def resolve_plain(text: str) -> object:
    """A plain (unquoted) scalar as go-yaml v3 resolves it: null, bool, int, float or str."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[:1]
    if first == ".":
        return _go_float(text) if _FLOAT.fullmatch(text) else text
    if not first or (first not in "+-" and not first.isdigit()) or not first.isascii():
        return text
    if _TIMESTAMP_START.match(text):
        return text  # a timestamp: Pulumi keeps it as text
    plain = text.replace("_", "")
    number = _go_int(plain)
    if number is not None:
        return number
    if _FLOAT.fullmatch(plain):
        return _go_float(plain)
    return text


def _go_float(text: str) -> object:
    """strconv.ParseFloat: out of range is an error, and go-yaml then keeps the text."""
    value = float(text)
    return value if math.isfinite(value) else text


def _where(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"


def _check_tag(event: yaml.Event) -> None:
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _CORE_TAGS:
        raise YamlError(f"{_where(event)}: the YAML tag {snippet(tag)} is not accepted here")


# go-yaml v3 scannerc.go: the escapes a double-quoted scalar may hold (no `\/`, which
# YAML 1.2 and libyaml allow); an escaped line break is handled before these.
_GO_ESCAPES = set("0abt\tnvfre \"'\\N_LPxuU\n\r")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _scalar(event: yaml.ScalarEvent, text: str) -> object:
    if event.style == '"':
        raw = text[event.start_mark.index : event.end_mark.index]
        bad = next((c for c in _ESCAPE.findall(raw) if c not in _GO_ESCAPES), None)
        if bad is not None:
            raise YamlError(
                f"{_where(event)}: the escape \\{snippet(bad)} is not one go-yaml (Pulumi's "
                "YAML reader) knows, so Pulumi refuses the file: write the character itself"
            )
    value = _resolved(event)
    if isinstance(value, float) and not math.isfinite(value):
        raise YamlError(
            f"{_where(event)}: {snippet(event.value)} is not a finite number: Pulumi passes "
            "config to programs as JSON, which has none, and refuses the file"
        )
    return value


def _resolved(event: yaml.ScalarEvent) -> object:
    if event.tag in (None, "!"):
        plain, _quoted = event.implicit
        return resolve_plain(event.value) if plain else event.value
    if event.tag.endswith(":str"):
        return event.value
    value = resolve_plain(event.value)
    expected = event.tag.rsplit(":", 1)[1]
    kinds = {"int": int, "float": float | int, "bool": bool, "null": type(None)}
    if expected in kinds and (
        not isinstance(value, kinds[expected])
        or (expected in ("int", "float") and isinstance(value, bool))
    ):
        raise YamlError(f"{_where(event)}: {snippet(event.value)} is not a YAML {expected}")
    return float(value) if expected == "float" else value  # type: ignore[arg-type]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


class _Mapping:
    """A mapping being built: keys are kept as written, each at most once."""

    def __init__(self) -> None:
        self.items: dict[str, object] = {}
        self.key: str | None = None

    def add(self, value: object, event: yaml.Event) -> None:
        if self.key is None:
            if not isinstance(event, yaml.ScalarEvent):
                raise YamlError(f"{_where(event)}: a key must be plain text, not a list or map")
            if event.value == "<<" and event.implicit[0]:
                raise YamlError(
                    f"{_where(event)}: merge keys (<<) are not accepted in stack files: go-yaml "
                    "merges them into the mapping, so write the keys out"
                )
            if not isinstance(value, str):
                raise YamlError(
                    f"{_where(event)}: the key {snippet(event.value)} is read as "
                    f"{_kind(value)}, and Pulumi accepts only text keys: quote it"
                )
            if value in self.items:
                raise YamlError(f"{_where(event)}: key {snippet(value)!r} is given twice")
            self.key = value
        else:
            self.items[self.key] = value
            self.key = None


def load(text: str) -> object:
    """The one YAML document in `text`, built as go-yaml v3 would; raise YamlError."""
    stack: list[_Mapping | list[object]] = []
    documents: list[object] = []
    inner_bom = text.find("\ufeff", 1)
    if inner_bom != -1:
        line = text.count("\n", 0, inner_bom) + 1
        raise YamlError(
            f"line {line}: a byte-order mark (U+FEFF) inside the file: go-yaml reads what "
            "follows it as another key, so Pulumi would not see that setting; delete it"
        )
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(
                    f"{_where(event)}: YAML aliases (*{snippet(event.anchor)}) are not "
                    "accepted in stack files: write the value out"
                )
            if isinstance(event, yaml.DocumentStartEvent) and documents:
                raise YamlError(f"{_where(event)}: a stack file holds one YAML document")
            version = getattr(event, "version", None)
            if isinstance(event, yaml.DocumentStartEvent) and version not in (None, (1, 1)):
                raise YamlError(
                    f"{_where(event)}: a %YAML {'.'.join(map(str, version))} directive: go-yaml "
                    "(Pulumi's YAML reader) accepts only %YAML 1.1 and refuses the file"
                )
            if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent):
                _check_tag(event)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(f"{_where(event)}: nested more than {MAX_DEPTH} levels deep")
                opened: _Mapping | list[object] = (
                    _Mapping() if isinstance(event, yaml.MappingStartEvent) else []
                )
                _attach(stack, documents, opened, event, opening=True)
                stack.append(opened)
            elif isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                value = done.items if isinstance(done, _Mapping) else done
                _attach(stack, documents, value, event)
            elif isinstance(event, yaml.ScalarEvent):
                _attach(stack, documents, _scalar(event, text), event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlError(f"not valid YAML: {where}{snippet(error.problem, 200)}") from None
    except yaml.YAMLError as error:
        raise YamlError(f"not valid YAML: {snippet(str(error), 200)}") from None
    return documents[0] if documents else None


def _attach(
    stack: list[Any],
    documents: list[object],
    value: object,
    event: yaml.Event,
    opening: bool = False,
) -> None:
    """Put a finished value (or, for a mapping's key, an opening collection) in its parent."""
    if not stack:
        if not opening:
            documents.append(value)
        return
    parent = stack[-1]
    if isinstance(parent, _Mapping):
        if opening and parent.key is None:
            parent.add(value, event)  # refuses a list or map as a key
        elif not opening:
            parent.add(value, event)
    elif not opening:
        parent.append(value)
