"""`audit` reads pages a server chooses: bounded by items and values, not only by bytes.

A page of a MiB holding hundreds of thousands of tiny objects, a page with more items
than the `per_page` asked for, and a hundred pages of 300 KB each: every one ends by
itself, exit 1 with one line, within the deadline and well under 150 MiB.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_server import TOKEN_ANSWER, measured, serving
from test_audit import ENV, project

from components.adopt.bounded_http import MAX_ANSWER_VALUES, json_values


def _send(conn: socket.socket, body: bytes) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    conn.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)


def _pages(page: bytes) -> Callable[[socket.socket, int], None]:
    """A token, tenant settings, then `page` for every list asked for."""

    def serve(conn: socket.socket, index: int) -> None:
        _send(conn, TOKEN_ANSWER if index == 0 else b"{}" if index == 1 else page)

    return serve


def _audit(tmp_path: Path, url: str):
    argv = [sys.executable, "-m", "components", "audit", "--stack", "prod"]
    return measured([*argv, "--api-url", url, "--project", str(project(tmp_path))], ENV)


def _page(items: list[object]) -> bytes:
    return json.dumps({"clients": items, "total": 10**9}).encode()


TINY = b'{"clients": [' + b",".join([b"{}"] * 340_000) + b'], "total": 1}'


@pytest.mark.parametrize(
    ("page", "line"),
    [
        (TINY, "GET /api/v2/clients: the answer holds about 340,005 JSON values, more than 50,000"),
        (_page([{}] * 101), "GET /api/v2/clients: page 0 holds 101 clients, more than the 100"),
        (
            _page([{"name": "x" * 3_000, "app_type": "spa"}] * 100),
            "GET /api/v2/clients: more than 10,000 clients, not read",
        ),
    ],
    ids=["a-MiB-of-tiny-objects", "more-items-than-asked", "a-hundred-pages-of-300-KB"],
)
def test_a_hostile_list_is_refused_within_the_bounds(hostile_url, tmp_path, page, line):
    assert len(page) <= 1024 * 1024
    done, seconds, peak = _audit(tmp_path, hostile_url(_pages(page)))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"error: {line}") and done.stderr.count("\n") == 1
    assert seconds < 12 and peak < 150, (seconds, peak)


@pytest.fixture
def hostile_url():
    import contextlib

    with contextlib.ExitStack() as stack:
        yield lambda serve: stack.enter_context(serving(serve))


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": "x,y:{[", "b": [1, 2, {"c": null}]}',
        b"[]",
        b'"\\",,,"',
        b"[" * 10 + b"]" * 10,
        b'{"k" : [ { } , [ ] , "\\"" ] }',
    ],
)
def test_the_value_count_is_never_below_what_json_builds(body):
    def count(value: object) -> int:
        if isinstance(value, dict):
            return 1 + sum(1 + count(v) for v in value.values())  # keys are values too
        if isinstance(value, list):
            return 1 + sum(count(v) for v in value)
        return 1

    assert json_values(body) == count(json.loads(body))
    assert MAX_ANSWER_VALUES >= 100 * 50  # a real page: 100 applications of a few dozen values
