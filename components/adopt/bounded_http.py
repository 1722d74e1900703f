"""HTTP calls that end: one deadline for the whole command, and bodies capped as they arrive.

A server (or whatever answers at --api-url) may be hostile or broken: an endless or
dripping body, a gzip bomb, a 429 asking to wait for ever. So every call shares one
`Deadline` (connect, every retry and every read), the body is read raw and decoded here
with a byte cap on the decoded bytes (zlib's `max_length`), and the token that goes into
a header is checked first. httpx is imported only when a call is made.
"""

from __future__ import annotations

import math
import re
import time
import zlib
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from ..rules import foreign
from ..text.inert import snippet
from .bounds import DEADLINE_SECONDS, MAX_ANSWER_BYTES, MAX_ANSWER_VALUES

READ_SECONDS = 2.0  # the longest silence inside an answer
MAX_RETRIES = 3
MAX_TOKEN_CHARS = 16 * 1024
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+"')
_SPACE = re.compile(rb"[ \t\r\n]+")
_HEADER_VALUE = re.compile(r"[\x21-\x7e]+")  # visible ASCII: what a bearer token may hold


class ApiError(ValueError):
    """One line saying what failed and what to do; never a secret."""


class RefusedError(ApiError):
    """The server refused the call with one of the statuses the caller named (401, 403):
    a caller that can do without the answer (a missing scope) tells it by `status`."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Deadline:
    """The time left for the whole command."""

    def __init__(
        self, seconds: float = DEADLINE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds, self.clock = seconds, clock
        self.end = clock() + seconds

    def left(self) -> float:
        return self.end - self.clock()

    def check(self, what: str) -> None:
        if self.left() <= 0:
            raise ApiError(f"{what}: no complete answer within {self.seconds:g} s")


def check_token(token: str, where: str) -> str:
    """A bearer token that can go in a header as it is; ApiError (never showing it) if not."""
    if len(token) > MAX_TOKEN_CHARS:
        raise ApiError(f"{where} is longer than {MAX_TOKEN_CHARS:,} characters: not a token")
    if not _HEADER_VALUE.fullmatch(token):
        raise ApiError(
            f"{where} holds a character an HTTP header cannot carry (a space, line break, "
            "control or non-ASCII character): copy the token again"
        )
    return token


def request(
    client: object,
    method: str,
    url: str,
    deadline: Deadline,
    sleep: Callable[[float], None],
    *,
    refused: Mapping[int, str],
    **kwargs: object,
) -> object:
    """One call with bounded retries on 429; a JSON answer, or ApiError in one line."""
    import httpx

    what = f"{method} {urlsplit(url).path}"
    for attempt in range(MAX_RETRIES + 1):
        deadline.check(what)
        left = deadline.left()
        timeout = httpx.Timeout(min(left, READ_SECONDS * 2), read=min(left, READ_SECONDS))
        try:
            with client.stream(method, url, timeout=timeout, **kwargs) as response:  # type: ignore[attr-defined]
                status = response.status_code
                if status == 429 and attempt < MAX_RETRIES:
                    wait = _retry_after(response.headers.get("Retry-After"))
                    if wait >= deadline.left():
                        raise ApiError(
                            f"{what}: rate-limited (429), asked to wait {wait:g} s, past this "
                            f"command's {deadline.seconds:g} s: try again later"
                        )
                    sleep(wait)
                    continue
                if status in refused:
                    raise RefusedError(refused[status], status)
                if status == 429:
                    raise ApiError(f"{what}: still rate-limited (429) after {MAX_RETRIES} retries")
                if not 200 <= status < 300:
                    raise ApiError(f"{what}: HTTP {status}")
                body = _read(response, deadline, what)
        except httpx.TimeoutException:
            raise ApiError(f"{what}: no answer within {deadline.seconds:g} s") from None
        except httpx.InvalidURL:
            raise ApiError(f"{what}: not a URL httpx can call") from None
        except httpx.HTTPError as error:
            raise ApiError(f"{what}: cannot connect ({type(error).__name__})") from None
        values = json_values(body)
        if values > MAX_ANSWER_VALUES:
            raise ApiError(
                f"{what}: the answer holds about {values:,} JSON values, more than "
                f"{MAX_ANSWER_VALUES:,}: not read"
            )
        try:
            return foreign.loads(body)  # a huge number is kept unconverted, judged if kept
        except (ValueError, RecursionError):
            raise ApiError(f"{what}: the answer is not JSON") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _read(response: object, deadline: Deadline, what: str) -> bytes:
    """The body, decoded here with the cap applied to decoded bytes as they come."""
    encoding = str(response.headers.get("Content-Encoding", "identity")).strip().lower()  # type: ignore[attr-defined]
    if encoding not in ("identity", "", "gzip", "deflate"):
        raise ApiError(f"{what}: the answer is encoded as {snippet(encoding, 20)!r}, not read")
    decoder = zlib.decompressobj(wbits=47) if encoding in ("gzip", "deflate") else None
    body = bytearray()
    for chunk in response.iter_raw():  # type: ignore[attr-defined]
        room = MAX_ANSWER_BYTES + 1 - len(body)
        if decoder is None:
            body += chunk[:room]
        else:
            try:
                body += decoder.decompress(chunk, room)  # a full room is one byte over the cap
            except zlib.error:
                raise ApiError(f"{what}: the answer's {encoding} encoding is broken") from None
        if len(body) > MAX_ANSWER_BYTES:
            raise ApiError(f"{what}: the answer is larger than {MAX_ANSWER_BYTES:,} bytes")
        deadline.check(what)
    return bytes(body)


def json_values(body: bytes) -> int:
    """How many values (keys included) `body` would parse into, counted without parsing.

    With each string's content taken out and white space dropped, every value or key
    but the document itself follows a `,`, a `:`, or the bracket opening a non-empty
    object or array. Exact for JSON; a bound to refuse by for anything else.
    """
    bare = _SPACE.sub(b"", _STRING.sub(b'""', body))
    opened = bare.count(b"{") + bare.count(b"[") - bare.count(b"{}") - bare.count(b"[]")
    return 1 + bare.count(b",") + bare.count(b":") + opened


def _retry_after(header: str | None) -> float:
    """Seconds to wait: Retry-After's seconds when given, else 1."""
    try:
        seconds = float(header) if header is not None else 1.0
    except ValueError:
        seconds = 1.0
    return 1.0 if math.isnan(seconds) else max(seconds, 0.0)
