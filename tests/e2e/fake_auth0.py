"""A Management API on 127.0.0.1 over TLS that the real pulumi-resource-auth0 can talk to.

It serves what the provider calls for a tenant's settings and records every request
(method, path, body) for the tests to assert:

- `POST /oauth/token`: the client-credentials grant (form or JSON body), the client's
  credentials in the body or as HTTP Basic auth (Go's oauth2 tries Basic first), audience
  `https://<domain>/api/v2/`; wrong credentials get 401 `access_denied`.
- `GET /api/v2/tenants/settings`: the stored settings; keys never set are absent
  (`session_cookie` until it is set), as the real API leaves out fields at their defaults.
- `PATCH /api/v2/tenants/settings`: merged like the real API: a key replaces the stored
  one, `null` removes it, `flags` merge key by key; the hour fields take integers of
  1..8,760 (a decimal is HTTP 400 "Expected type integer but found type number"), the
  `*_in_minutes` fields integers of minutes, stored as float hours as GET answers them
  (181 minutes read back as 3.0166666666666666). Bodies are read by Content-Length or
  chunked (go-auth0's second PATCH is chunked), capped at 1 MiB.
- `/api/v2/actions/…`: Actions and trigger bindings (fake_actions.py).
- `GET /api/v2/clients`, `resource-servers`, `connections`: empty lists, as `audit` reads
  them (a tenant with no applications of its own).
- anything else: 404 with the API's body.

`start(folder)` serves it as `127.0.0.1:<port>`; `start(folder, domain=…, ca=…)` as a
tenant domain, with a certificate for that name from a shared CA, for clients that reach
it through the workflow tests' CONNECT proxy. `client_secret` is the one it accepts.

Shapes come from auth0/terraform-provider-auth0 v1.57.0's recorded API traffic
(test/data/recordings: TestAccTenant_Main.yaml for the settings answer and the PATCH
bodies, the 404 `{"statusCode":404,"error":"Not Found","message":"Not Found"}` and the
400 `{"statusCode":400,"error":"Bad Request",…,"errorCode":"invalid_body"}` of other
recordings) and the Management API facts in ../shared/auth0-sessions-facts.md.
"""

from __future__ import annotations

import base64
import binascii
import copy
import itertools
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import trustme
from fake_actions import FakeActions

MAX_BODY = 1024 * 1024
HOUR_FIELDS = (
    "session_lifetime",
    "idle_session_lifetime",
    "ephemeral_session_lifetime",
    "idle_ephemeral_session_lifetime",
)
MAX_HOURS = 8760
CLIENT_ID = "e2e-client-id"
CLIENT_SECRET = "e2e-client-secret-never-printed"
ACCESS_TOKEN = "e2e-access-token"
LISTS = {
    ("GET", f"/api/v2/{path}"): key
    for path, key in (
        ("clients", "clients"),
        ("resource-servers", "resource_servers"),
        ("connections", "connections"),
    )
}
NOT_FOUND = {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


_ARRIVALS = itertools.count()  # one order across every fake of a test


@dataclass(frozen=True)
class Request:
    """One request as the fake received it; `body` is parsed JSON, a form, or None;
    `basic` the client id and secret of an HTTP Basic Authorization header."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    chunked: bool
    authorized: bool
    basic: tuple[str, str] | None = None
    arrived: int = field(default_factory=lambda: next(_ARRIVALS))

    def changes_tenant(self) -> bool:
        return self.method == "PATCH" and self.path == "/api/v2/tenants/settings"


@dataclass
class FakeAuth0:
    """The fake's state; `start()` serves it, `requests` records what arrived."""

    settings: dict[str, Any]
    requests: list[Request] = field(default_factory=list)
    actions: FakeActions = field(default_factory=FakeActions)
    client_secret: str = CLIENT_SECRET
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(
        self, folder: Path, domain: str | None = None, ca: trustme.CA | None = None
    ) -> FakeAuth0:
        ca = ca or trustme.CA()
        cert = ca.issue_cert(domain or "127.0.0.1")
        self.ca_file = folder / "fake-auth0-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self.domain = domain or f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # What tests read and do -------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self.settings)

    def dashboard_edit(self, **changes: Any) -> None:
        """A change made outside code (the Dashboard): not a request of the provider's."""
        with self._lock:
            self.settings.update(changes)

    def calls(self) -> list[tuple[str, str]]:
        with self._lock:
            return [(r.method, r.path) for r in self.requests]

    def patches(self) -> list[Any]:
        with self._lock:
            return [r.body for r in self.requests if r.changes_tenant()]

    def forget_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # The API ------------------------------------------------------------------------------
    def token(self, body: Any, basic: tuple[str, str] | None) -> tuple[int, Any]:
        body = body if isinstance(body, dict) else {}
        audience = f"https://{self.domain}/api/v2/"
        client = basic or (body.get("client_id"), body.get("client_secret"))
        if (
            body.get("grant_type") != "client_credentials"
            or client != (CLIENT_ID, self.client_secret)
            or body.get("audience") != audience
        ):
            return 401, {"error": "access_denied", "error_description": "Unauthorized"}
        return 200, {
            "access_token": ACCESS_TOKEN,
            "scope": "read:tenant_settings update:tenant_settings",
            "expires_in": 86400,
            "token_type": "Bearer",
        }

    def patch_settings(self, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict):
            return _bad_request("Payload validation error: 'Expected type object'")
        if not body:
            return _bad_request(
                "Payload validation error: 'Too few properties defined (0), minimum 1'."
            )
        changes: dict[str, Any] = {}
        for key, value in body.items():
            name = key.removesuffix("_in_minutes")
            if name in HOUR_FIELDS and value is not None:
                problem = _lifetime_problem(key, value, minutes=key != name)
                if problem:
                    return _bad_request(problem)
                if key != name and name in body:
                    return _bad_request(f"Payload validation error: {key} and {name} together.")
                changes[name] = value / 60 if key != name else value
            else:
                changes[key] = value
        with self._lock:
            for key, value in changes.items():
                if value is None:
                    self.settings.pop(key, None)
                elif key == "flags" and isinstance(value, dict):
                    self.settings["flags"] = {**self.settings.get("flags", {}), **value}
                else:
                    self.settings[key] = value
            return 200, copy.deepcopy(self.settings)


def _lifetime_problem(key: str, value: Any, *, minutes: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return (
            "Payload validation error: 'Expected type integer but found type "
            f"{'number' if isinstance(value, float) else type(value).__name__}' on property {key}."
        )
    maximum = MAX_HOURS * 60 if minutes else MAX_HOURS
    if value < 1:
        return (
            f"Payload validation error: 'Value {value} is less than minimum 1' on property {key}."
        )
    if value > maximum:
        return (
            f"Payload validation error: 'Value {value} is greater than maximum {maximum}' "
            f"on property {key}."
        )
    return ""


def _bad_request(message: str) -> tuple[int, Any]:
    return 400, {
        "statusCode": 400,
        "error": "Bad Request",
        "message": message,
        "errorCode": "invalid_body",
    }


def _handler(fake: FakeAuth0) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return  # the tests read `requests`, not a log

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
            raw = self._read_body(chunked)
            if raw is None:
                self._answer(413, {"statusCode": 413, "error": "Payload Too Large"})
                return
            body = _parse(raw, self.headers.get("Content-Type", ""))
            authorization = self.headers.get("Authorization", "")
            authorized = authorization == f"Bearer {ACCESS_TOKEN}"
            basic = _basic(authorization)
            with fake._lock:
                fake.requests.append(
                    Request(method, url.path, parse_qs(url.query), body, chunked, authorized, basic)
                )
            if (method, url.path) == ("POST", "/oauth/token"):
                self._answer(*fake.token(body, basic))
            elif not url.path.startswith("/api/v2/"):
                self._answer(404, NOT_FOUND)
            elif not authorized:
                self._answer(
                    401,
                    {"statusCode": 401, "error": "Unauthorized", "message": "Invalid token"},
                )
            elif (method, url.path) == ("GET", "/api/v2/tenants/settings"):
                self._answer(200, fake.snapshot())
            elif (method, url.path) == ("PATCH", "/api/v2/tenants/settings"):
                self._answer(*fake.patch_settings(body))
            elif (method, url.path) in LISTS:
                self._answer(200, {LISTS[(method, url.path)]: [], "total": 0})
            elif url.path.startswith("/api/v2/actions/"):
                with fake._lock:
                    answer = fake.actions.serve(method, url.path, parse_qs(url.query), body)
                self._answer(*answer)
            else:
                self._answer(404, NOT_FOUND)

        def _read_body(self, chunked: bool) -> bytes | None:
            if not chunked:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length <= MAX_BODY else None
            data = b""
            while True:
                size = int(self.rfile.readline(100).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline(100)  # the last chunk's CRLF (no trailers sent)
                    return data
                if len(data) + size > MAX_BODY:
                    return None
                data += self.rfile.read(size)
                self.rfile.readline(100)

        def _answer(self, status: int, body: Any) -> None:
            payload = b"" if status == 204 else json.dumps(body, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _basic(authorization: str) -> tuple[str, str] | None:
    """RFC 6749 2.3.1: Basic base64(urlencoded id ":" urlencoded secret)."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client, _, secret = decoded.partition(":")
    return unquote_plus(client), unquote_plus(secret)


def _parse(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    if "application/x-www-form-urlencoded" in content_type:
        return {k: v[0] for k, v in parse_qs(text).items()}
    try:
        return json.loads(text)
    except ValueError:
        return text
