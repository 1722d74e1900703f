"""Every message template a user can get is rendered: pydantic fills `{name}` from its
context and nothing else (no format spec, no `{{` escape), so a `{count:,}` or a doubled
brace reached users as written. This walks every `PydanticCustomError(...)` in the
product's source and holds each template to what pydantic renders."""

from __future__ import annotations

import ast
import re

import pytest
from harness import ROOT
from pydantic_core import PydanticCustomError

SOURCES = sorted(
    [*(ROOT / "components").rglob("*.py"), *(ROOT / "policy").rglob("*.py"), ROOT / "__main__.py"]
)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _calls() -> list[tuple[str, ast.Call, dict[str, ast.expr]]]:
    """Each call, with the names its function assigns (to resolve a context by name)."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(), str(path))
        for scope in ast.walk(tree):
            if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                continue
            names = {
                target.id: node.value
                for node in ast.walk(scope)
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(scope):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "PydanticCustomError"
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.append((where, node, names))
    return list({where: (where, node, names) for where, node, names in found}.values())


def _keys(node: ast.expr | None, names: dict[str, ast.expr]) -> set[str] | None:
    """The keys of a context written as a dict literal (with `**name` resolved); None
    when it cannot be read statically."""
    if node is None:
        return set()
    if isinstance(node, ast.Name) and node.id in names:
        return _keys(names[node.id], names)
    if not isinstance(node, ast.Dict):
        return None
    keys: set[str] = set()
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:
            inner = _keys(value, names)
            if inner is None:
                return None
            keys |= inner
        elif isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
        else:
            return None
    return keys


CALLS = _calls()


def test_the_walk_finds_the_product_s_messages():
    assert len(CALLS) >= 30, [where for where, _, _ in CALLS]


@pytest.mark.parametrize(("where", "call", "names"), CALLS, ids=[c[0] for c in CALLS])
def test_every_placeholder_is_filled_and_nothing_else_looks_like_one(where, call, names):
    args = call.args
    template_node = args[1] if len(args) > 1 else None
    context_node = args[2] if len(args) > 2 else None
    if not (isinstance(template_node, ast.Constant) and isinstance(template_node.value, str)):
        # a message made at run time: pydantic fills nothing in it without a context
        assert context_node is None, f"{where}: a computed template with a context"
        return
    template = template_node.value
    keys = _keys(context_node, names)
    assert keys is not None, f"{where}: the context is not a dict literal this test can read"
    assert "{{" not in template and "}}" not in template, f"{where}: a doubled brace"
    placeholders = set(PLACEHOLDER.findall(template))
    assert placeholders <= keys, f"{where}: {placeholders - keys} never filled"
    assert all(re.fullmatch(r"[a-z_]+", p) for p in placeholders), f"{where}: {placeholders}"
    rendered = PydanticCustomError("t", template, dict.fromkeys(keys, "X")).message()
    assert PLACEHOLDER.search(rendered) is None, f"{where}: {rendered}"


def test_the_two_messages_that_printed_their_template_read_as_meant():
    from components.rules.scoped import validate_scopes

    with pytest.raises(PydanticCustomError) as raised:
        validate_scopes("organization", {f"o{i}": {"inactivityTimeout": "1m"} for i in range(1001)})
    assert "holds 1,001 organizations, more than 500" in raised.value.message()
    with pytest.raises(PydanticCustomError) as raised:
        validate_scopes("connection", ["not", "a", "mapping"])
    assert raised.value.message().endswith("e.g. {acme-bank: {inactivityTimeout: 15m}}")
