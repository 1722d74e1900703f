"""A hostile HTTP server on 127.0.0.1 and a way to measure a command, for the hostile
suite and the benchmark: raw sockets, so it can do what no well-behaved library would
(an endless chunked body, a gzip bomb, a drip of one byte a second)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN_ANSWER = b'{"access_token": "eyJ-ok", "token_type": "Bearer"}'


def token_then(
    settings_answer: Callable[[socket.socket], None],
) -> Callable[[socket.socket, int], None]:
    """The first request gets a token; the second, `settings_answer`."""

    def serve(conn: socket.socket, index: int) -> None:
        if index == 0:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            conn.sendall(head + b"Content-Length: %d\r\n\r\n" % len(TOKEN_ANSWER) + TOKEN_ANSWER)
        else:
            settings_answer(conn)

    return serve


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    while len(rest) < length:
        rest += conn.recv(65536)


def _bomb() -> bytes:
    """256 MiB of zeros as ~250 KB of gzip, compressed a MiB at a time (this process stays
    small)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(256)) + packer.flush()


BOMB = _bomb()


def gzip_bomb(conn: socket.socket) -> None:
    body = BOMB
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
    conn.sendall(head + body)


def endless(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"[" * 65536
    for _ in range(100_000):  # bounded: ~6 GB at most, never reached
        conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def drip(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(40):  # one byte a second: never a silence long enough to time out
        conn.sendall(b" ")
        time.sleep(1)


# The command runs under a small helper process: a child forked from this (large) test
# process would count this process's memory as its own peak (ru_maxrss keeps the size it
# had before exec), so the helper, a bare interpreter, forks it instead.
_HELPER = """
import json, os, subprocess, sys, time
out, err = open(sys.argv[1], "wb"), open(sys.argv[2], "wb")
start = time.perf_counter()
child = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - start,
                  usage.ru_maxrss / 1024]))
"""


def measured(
    argv: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """(the finished command, its seconds, its own peak MiB)."""
    with tempfile.TemporaryDirectory() as scratch:
        out, err = Path(scratch) / "out", Path(scratch) / "err"
        helper = subprocess.run(
            [sys.executable, "-S", "-c", _HELPER, str(out), str(err), *argv],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        code, seconds, peak = json.loads(helper.stdout)
        done = subprocess.CompletedProcess(argv, code, out.read_text(), err.read_text())
    return done, seconds, peak


@contextmanager
def serving(serve: Callable[[socket.socket, int], None]) -> Iterator[str]:
    """A server on 127.0.0.1 answering each request with `serve(conn, index)`; its URL."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def loop() -> None:
        index = 0
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            try:
                while True:  # one connection may carry both requests (keep-alive)
                    _read_request(conn)
                    serve(conn, index)
                    index += 1
            except OSError:
                pass
            finally:
                conn.close()

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()
