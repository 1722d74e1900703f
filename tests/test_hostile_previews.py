"""Every field of every step shape the real CLI prints, made hostile: `summarize` must
summarize or refuse in one line, and nothing of the preview may reach the markdown but
through the one escaping function (a code span) or our own vocabulary.

The shapes are those of tests/previews/*.json, recorded from the real CLI (the Action's
and binding's steps included: organizations-dev.json). For each shape (a path with list
positions collapsed, e.g. `steps.*.op`), every value at it is replaced at once by text
carrying markdown that would act (a newline and heading, an @-mention, an image, a
link), by a list or object holding it, or by a 5,000-digit number."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest
from harness import ROOT
from test_hostile import _outside_code_spans

PAYLOAD = "x\n# Heading @admin <img src=x onerror=alert(1)> [here](https://evil.example) |"
HUGE = "__HUGE_NUMBER__"
HOSTILE = {"text": PAYLOAD, "list": [PAYLOAD], "object": {PAYLOAD: PAYLOAD, "a": PAYLOAD}}
HOSTILE["huge"] = HUGE
FIXTURES = sorted((ROOT / "tests" / "previews").glob("*.json"))


def _paths(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


def _type(step: object) -> str:
    """A step's resource type: steps of each type are a shape of their own."""
    states = [step.get(k) for k in ("newState", "oldState")] if isinstance(step, dict) else []
    return next((str(s["type"]) for s in states if isinstance(s, dict) and "type" in s), "")


def _shape(path: tuple[object, ...], document: object) -> tuple[object, ...]:
    parts: list[object] = []
    value = document
    for part in path:
        value = value[part]  # type: ignore[index]
        if isinstance(part, int):
            parts.append(f"*{_type(value)}" if parts == ["steps"] else "*")
        else:
            parts.append(part)
    return tuple(parts)


def _matches(head: object, item: object) -> bool:
    return head == "*" or (isinstance(head, str) and head == f"*{_type(item)}")


def _replaced(value: object, shape: tuple[object, ...], new: object) -> object:
    if not shape:
        return new
    head, rest = shape[0], shape[1:]
    if isinstance(value, dict) and head in value:
        return {k: _replaced(v, rest, new) if k == head else v for k, v in value.items()}
    if isinstance(value, list) and isinstance(head, str) and head.startswith("*"):
        return [_replaced(v, rest, new) if _matches(head, v) else v for v in value]
    return value


def _cases() -> list[tuple[str, tuple[object, ...]]]:
    """Each shape once, in the first recording that has it."""
    cases: dict[tuple[object, ...], str] = {}
    for path in FIXTURES:
        document = json.loads(path.read_text())
        for found in _paths(document):
            if found:
                cases.setdefault(_shape(found, document), path.name)
    return [(name, shape) for shape, name in cases.items()]


CASES = _cases()


def test_the_shapes_include_the_action_and_binding_steps():
    shapes = {shape for _, shape in CASES}
    action = "*auth0:index/action:Action"
    assert ("steps", action, "op") in shapes and ("steps", action, "newState", "type") in shapes
    names = {name for name, _ in CASES}
    assert "organizations-dev.json" in names and len(CASES) > 200


def _summarize(text: str) -> tuple[int, str]:
    from components.cli import main as cli

    out, old = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        code = cli.main(["summarize", "-"], out=out)
    finally:
        sys.stdin = old
    return code, out.getvalue()


@pytest.mark.parametrize(("name", "shape"), CASES, ids=[f"{n}:{s}" for n, s in CASES])
def test_every_field_of_a_preview_is_summarized_inert(name, shape):
    document = json.loads((ROOT / "tests" / "previews" / name).read_text())
    for kind, value in HOSTILE.items():
        text = json.dumps(_replaced(document, shape, value)).replace(f'"{HUGE}"', "9" * 5000)
        code, out = _summarize(text)
        assert code in (0, 1), (kind, code)
        for line in out.splitlines():
            assert not line.startswith("# Heading"), (kind, line)
            for outside in _outside_code_spans(line):
                for live in ("@admin", "<img", "](https://evil"):
                    assert live not in outside, (kind, line)
