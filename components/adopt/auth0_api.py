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
import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..text.inert import snippet

TIMEOUT_SECONDS = 10.0
MAX_RETRIES = 3
MAX_RETRY_AFTER = 30.0  # seconds: a longer wait is not worth holding a terminal for
MAX_ANSWER_BYTES = 1024 * 1024


class ApiError(ValueError):
    """One line saying what failed and what to do; never a secret."""


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
    parts = urlsplit(api_url)
    host = parts.hostname or ""
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


def fetch_tenant_settings(
    credentials: Credentials,
    api_url: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, object]:
    """The tenant's settings as the API answers them (float hours; defaults may be absent)."""
    import httpx  # here only: no other command pays for it

    base = base_url(credentials.domain, api_url)
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        token = credentials.api_token or _client_credentials_token(client, base, credentials, sleep)
        answer = _request(
            client,
            "GET",
            f"{base}/api/v2/tenants/settings",
            sleep,
            headers={"Authorization": f"Bearer {token}"},
            refused={
                401: "the Management API refused the token (401): check AUTH0_API_TOKEN, or the "
                "client credentials it came from",
                403: "the token lacks the scope read:tenant_settings (403): grant it to the "
                "machine-to-machine app in the Dashboard (Applications > APIs > Auth0 "
                "Management API)",
            },
        )
    if not isinstance(answer, dict):
        raise ApiError("GET /api/v2/tenants/settings did not answer with a JSON object")
    return answer


def _client_credentials_token(
    client: object, base: str, credentials: Credentials, sleep: Callable[[float], None]
) -> str:
    answer = _request(
        client,
        "POST",
        f"{base}/oauth/token",
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
    return token


def _request(
    client: object,
    method: str,
    url: str,
    sleep: Callable[[float], None],
    *,
    refused: Mapping[int, str],
    **kwargs: object,
) -> object:
    """One call with bounded retries on 429; a JSON answer, or ApiError in one line."""
    import httpx

    path = urlsplit(url).path
    for attempt in range(MAX_RETRIES + 1):
        try:
            response = client.request(method, url, **kwargs)  # type: ignore[attr-defined]
        except httpx.TimeoutException:
            raise ApiError(f"{method} {path}: no answer within {TIMEOUT_SECONDS:g} s") from None
        except httpx.HTTPError as error:
            raise ApiError(f"{method} {path}: {type(error).__name__}: cannot connect") from None
        if response.status_code == 429 and attempt < MAX_RETRIES:
            sleep(_retry_after(response.headers.get("Retry-After")))
            continue
        if response.status_code in refused:
            raise ApiError(refused[response.status_code])
        if response.status_code == 429:
            raise ApiError(f"{method} {path}: still rate-limited (429) after {MAX_RETRIES} retries")
        if not 200 <= response.status_code < 300:
            raise ApiError(f"{method} {path}: HTTP {response.status_code}")
        if len(response.content) > MAX_ANSWER_BYTES:
            raise ApiError(f"{method} {path}: the answer is larger than {MAX_ANSWER_BYTES:,} bytes")
        try:
            return json.loads(response.content)
        except (ValueError, RecursionError):
            raise ApiError(f"{method} {path}: the answer is not JSON") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(header: str | None) -> float:
    """Seconds to wait: Retry-After's seconds when given, else 1; never more than the bound."""
    try:
        seconds = float(header) if header is not None else 1.0
    except ValueError:
        seconds = 1.0
    return 1.0 if math.isnan(seconds) else min(max(seconds, 0.0), MAX_RETRY_AFTER)
