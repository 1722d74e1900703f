"""Reading a tenant's settings from the Auth0 Management API, carefully.

Client credentials (`AUTH0_CLIENT_ID` + `AUTH0_CLIENT_SECRET`, audience
`https://<domain>/api/v2/`) or a ready `AUTH0_API_TOKEN`; then
`GET /api/v2/tenants/settings` (scope `read:tenant_settings`). Every failure is one line
that names the credential or scope to fix; no secret or token is ever printed; answers
are bounded; 429 is honoured (Retry-After, a few bounded retries). httpx is imported
only here, so no other command pays for it.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from ..text.inert import snippet
from .bounded_http import ApiError, Deadline, RefusedError, check_token, request
from .bounds import MAX_CHECKPOINT, MAX_PAGES, PER_PAGE

__all__ = [
    "ApiError",
    "Credentials",
    "Deadline",
    "ManagementApi",
    "RefusedError",
    "base_url",
    "fetch_tenant_settings",
]


@dataclass(frozen=True)
class Credentials:
    domain: str
    client_id: str | None = None
    client_secret: str | None = None
    api_token: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> Credentials:
        domain = env.get("AUTH0_DOMAIN", "").strip()
        if not domain:
            raise ApiError(
                "AUTH0_DOMAIN is not set: export the tenant's domain, e.g. acme.eu.auth0.com"
            )
        if not _is_hostname(domain):
            raise ApiError(f"AUTH0_DOMAIN {snippet(domain)!r} is not a host name")
        token = env.get("AUTH0_API_TOKEN") or None
        if token is not None:
            check_token(token, "AUTH0_API_TOKEN")
        client_id = env.get("AUTH0_CLIENT_ID") or None
        secret = env.get("AUTH0_CLIENT_SECRET") or None
        if not token and not (client_id and secret):
            raise ApiError(
                "no credentials: export AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a machine-to-"
                "machine app with read:tenant_settings), or AUTH0_API_TOKEN"
            )
        return cls(domain, client_id, secret, token)


def _is_hostname(text: str) -> bool:
    labels = text.split(".")
    return len(text) <= 253 and all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
        for label in labels
    )


def base_url(domain: str, api_url: str | None) -> str:
    """`https://<domain>`, or --api-url (https anywhere, plain http only to loopback)."""
    if api_url is None:
        return f"https://{domain}"
    if not (api_url.isascii() and api_url.isprintable()) or len(api_url) > 2048:
        raise ApiError(
            f"--api-url {snippet(api_url)!r} holds control or non-ASCII characters: give a plain "
            "https URL"
        )
    try:
        parts = urlsplit(api_url)
        host = parts.hostname or ""
    except ValueError:
        raise ApiError(f"--api-url {snippet(api_url)!r} is not a URL") from None
    if parts.scheme == "https" and host:
        return api_url.rstrip("/")
    if parts.scheme == "http" and _loopback(host):
        return api_url.rstrip("/")
    raise ApiError(
        f"--api-url {snippet(api_url)!r}: use https, or plain http only to this machine "
        "(127.0.0.1, ::1, localhost)"
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


T = TypeVar("T")


class ManagementApi:
    """One command's conversation with the Management API: one token, one deadline, and
    answers capped as they arrive (bounded_http.py). Use it as a context manager."""

    def __init__(
        self,
        credentials: Credentials,
        api_url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: Deadline | None = None,
    ) -> None:
        self.credentials = credentials
        self.base = base_url(credentials.domain, api_url)
        self.sleep = sleep
        self.deadline = deadline or Deadline()

    def __enter__(self) -> ManagementApi:
        import httpx  # here only: no other command pays for it

        self.client = httpx.Client(follow_redirects=False, headers={"Accept-Encoding": "identity"})
        self.token = self.credentials.api_token or _client_credentials_token(
            self.client, self.base, self.credentials, self.deadline, self.sleep
        )
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def get(self, path: str, scope: str, params: Mapping[str, str] | None = None) -> object:
        """`GET /api/v2/<path>`; a refusal names the scope the token lacks."""
        return request(
            self.client,
            "GET",
            f"{self.base}/api/v2/{path}",
            self.deadline,
            self.sleep,
            params=dict(params or {}),
            headers={"Authorization": f"Bearer {self.token}"},
            refused={
                401: "the Management API refused the token (401): check AUTH0_API_TOKEN, or "
                "the client credentials it came from",
                403: f"the token lacks the scope {scope} (403): grant it to the "
                "machine-to-machine app in the Dashboard (Applications > APIs > Auth0 "
                "Management API)",
            },
        )

    def _page(
        self, path: str, key: str, scope: str, query: dict[str, str], page: int
    ) -> tuple[dict[str, object], list[object]]:
        """One page of a list: the answer and its items, never more than PER_PAGE."""
        answer = self.get(path, scope, query)
        batch = answer.get(key) if isinstance(answer, dict) else None
        if not isinstance(answer, dict) or not isinstance(batch, list):
            raise ApiError(f"GET /api/v2/{path} did not answer with a list of {key}")
        if len(batch) > PER_PAGE:
            raise ApiError(
                f"GET /api/v2/{path}: page {page} holds {len(batch):,} {key}, more than "
                f"the {PER_PAGE} asked for: not read"
            )
        return answer, batch

    def pages(
        self,
        path: str,
        key: str,
        scope: str,
        params: Mapping[str, str] | None = None,
        shape: Callable[[dict[str, object]], T] = dict,  # type: ignore[assignment]
    ) -> list[T]:
        """Every item of a paged list, each kept as `shape` makes it (only what is judged).

        Bounded three ways: bytes and values per answer (bounded_http), items per page
        (never more than the PER_PAGE asked for: the real API never sends more), pages
        per list. So a whole read holds at most MAX_PAGES × PER_PAGE shaped items.
        """
        items: list[T] = []
        for page in range(MAX_PAGES):
            query = {
                **(params or {}),
                "page": str(page),
                "per_page": str(PER_PAGE),
                "include_totals": "true",
            }
            answer, batch = self._page(path, key, scope, query, page)
            items += [shape(item) for item in batch if isinstance(item, dict)]
            total = answer.get("total")
            if len(batch) < PER_PAGE or (isinstance(total, int) and len(items) >= total):
                return items
        raise ApiError(f"GET /api/v2/{path}: more than {MAX_PAGES * PER_PAGE:,} {key}, not read")

    def checkpoint_pages(
        self,
        path: str,
        key: str,
        scope: str,
        params: Mapping[str, str] | None = None,
        shape: Callable[[dict[str, object]], T] = dict,  # type: ignore[assignment]
        enough: Callable[[list[T]], bool] = lambda _: False,
    ) -> list[T]:
        """A list read with checkpoint paging (`take`, then `from` the answer's `next`),
        which Auth0 serves past the 1,000 results offset paging stops at (organizations,
        connections). Stops when there is no `next`, or as soon as `enough(items)` says
        what is needed was found; bounded as `pages` is."""
        items: list[T] = []
        after: str | None = None
        for page in range(MAX_PAGES):
            query = {**(params or {}), "take": str(PER_PAGE)}
            if after is not None:
                query["from"] = after
            answer, batch = self._page(path, key, scope, query, page)
            items += [shape(item) for item in batch if isinstance(item, dict)]
            after = answer.get("next")
            if not batch or after is None or enough(items):
                return items
            if not (isinstance(after, str) and 0 < len(after) <= MAX_CHECKPOINT):
                raise ApiError(f"GET /api/v2/{path}: the answer's `next` is not a checkpoint")
        raise ApiError(f"GET /api/v2/{path}: more than {MAX_PAGES * PER_PAGE:,} {key}, not read")


def fetch_tenant_settings(
    credentials: Credentials,
    api_url: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: Deadline | None = None,
) -> dict[str, object]:
    """The tenant's settings as the API answers them (float hours; defaults may be absent)."""
    with ManagementApi(credentials, api_url, sleep, deadline) as api:
        answer = api.get("tenants/settings", "read:tenant_settings")
    if not isinstance(answer, dict):
        raise ApiError("GET /api/v2/tenants/settings did not answer with a JSON object")
    return answer


def _client_credentials_token(
    client: object,
    base: str,
    credentials: Credentials,
    deadline: Deadline,
    sleep: Callable[[float], None],
) -> str:
    answer = request(
        client,
        "POST",
        f"{base}/oauth/token",
        deadline,
        sleep,
        json={
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "audience": f"https://{credentials.domain}/api/v2/",
        },
        refused={
            401: "the client credentials were refused (401): check AUTH0_CLIENT_ID and "
            "AUTH0_CLIENT_SECRET",
            403: "the app may not call the Management API (403): authorize AUTH0_CLIENT_ID "
            "for it with read:tenant_settings",
        },
    )
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        raise ApiError("POST /oauth/token answered without an access_token")
    return check_token(token, "the access_token POST /oauth/token answered")
