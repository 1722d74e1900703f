"""What the live tenant says about its applications, for `audit`: each application's refresh
token settings, whether any API lets clients ask for offline access, the deployed
Post-Login Actions that move a session's expiry, and the tenant's own session lifetimes.

Only the fields `audit` uses are asked for (`fields=` with `include_fields=true`), so a
client secret never crosses the wire, even when the token could read it. Scopes:
read:clients, read:resource_servers, read:actions, read:tenant_settings, and
read:organizations and read:connections (without them, the rest is still reported).
Organizations and connections are read with checkpoint paging (`take`/`from`): offset
paging stops at 1,000 results.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from ..rules.durations import Duration, rounded_minutes
from ..rules.foreign import (
    MOST_HOURS,
    MOST_SECONDS,
    ImplausibleNumberError,
    plausible,
)
from ..rules.limits import DURATION_SETTINGS
from ..text.inert import snippet
from .auth0_api import ApiError, ManagementApi, RefusedError
from .bounds import MAX_TEXT

CLIENT_FIELDS = "name,client_id,app_type,grant_types,refresh_token,session_transfer,oidc_logout"
SERVER_FIELDS = "name,identifier,allow_offline_access,allow_online_access_with_ephemeral_sessions"
# Okta and OIDC connections can end sessions at the upstream IdP's expiry (docs:
# authenticate/enterprise-connections/session-expiry-enterprise-connections).
IDP_EXPIRY_STRATEGIES = ("okta", "oidc")
REFRESH_FIELDS = (
    "expiration_type",
    "rotation_type",
    "token_lifetime",
    "idle_token_lifetime",
    "infinite_token_lifetime",
    "infinite_idle_token_lifetime",
    "leeway",
)
MAX_GRANTS = 20
# A Post-Login Action's calls that move a session (Auth0 docs, `api.session`).
SESSION_CALLS = re.compile(
    r"\bapi\s*\.\s*session\s*\.\s*(setExpiresAt|setIdleExpiresAt|setCookieMode)\b"
)


@dataclass(frozen=True)
class LiveApps:
    clients: list[dict[str, object]]
    offline_apis: list[str]  # APIs with allow_offline_access
    actions: list[tuple[str, list[str]]]  # (action name, session calls its code makes)
    session: tuple[Duration, Duration]  # the tenant's require-log-in-after and inactivity
    servers: list[dict[str, object]] = field(default_factory=list)  # shaped, judged fields
    # (id, name) of each organization the stack names; None: could not be read
    organizations: list[tuple[str, str]] | None = field(default_factory=list)
    # name → IdP session expiry, of each connection the stack names and each Okta or OIDC
    # one; None: could not be read
    connections: dict[str, bool] | None = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)  # what could not be read, and why


def _hours(tenant: dict[str, object], field: str, default: Duration) -> Duration:
    """The tenant's hours as minutes (absent: Auth0's default); ApiError naming the field
    for anything that is not a plausible number of hours (`foreign.plausible`)."""
    value = tenant.get(field)
    if value is None:
        return default
    try:
        return Duration(rounded_minutes(plausible(value, "hours", MOST_HOURS)))
    except ImplausibleNumberError as error:
        raise ApiError(f"GET /api/v2/tenants/settings: {field}: {error}") from None


def _text(value: object) -> object:
    """A string cut to MAX_TEXT characters (escaped later, where it is shown)."""
    return value[:MAX_TEXT] if isinstance(value, str) else value


def _client(item: dict[str, object]) -> dict[str, object]:
    """Only what audit judges of an application, each number checked, each text bounded."""
    kept: dict[str, object] = {
        k: _text(item[k]) for k in ("name", "client_id", "app_type") if k in item
    }
    grants = item.get("grant_types")
    if isinstance(grants, list):
        kept["grant_types"] = [_text(g) for g in grants[:MAX_GRANTS] if isinstance(g, str)]
    transfer = item.get("session_transfer")
    if isinstance(transfer, dict):
        kept["session_transfer"] = {
            k: transfer[k] is True
            for k in ("can_create_session_transfer_token", "allow_refresh_token")
            if k in transfer
        }
    logout = item.get("oidc_logout")
    if isinstance(logout, dict):
        kept["oidc_logout"] = _logout(logout)
    block = item.get("refresh_token")
    if isinstance(block, dict):
        kept["refresh_token"] = {k: _text(block[k]) for k in REFRESH_FIELDS if k in block}
        for field in ("token_lifetime", "idle_token_lifetime"):
            if block.get(field) is None:
                continue
            try:
                plausible(block[field], "seconds", MOST_SECONDS)
            except ImplausibleNumberError as error:
                name = snippet(kept.get("name") or kept.get("client_id") or "?")
                raise ApiError(
                    f'GET /api/v2/clients: application "{name}": refresh_token.{field}: {error}'
                ) from None
    return kept


def _logout(logout: dict[str, object]) -> dict[str, object]:
    """Whether back-channel logout is set up, and for which events (nothing else kept)."""
    initiators = logout.get("backchannel_logout_initiators")
    shaped: dict[str, object] = {
        "backchannel_logout_urls": bool(logout.get("backchannel_logout_urls"))
    }
    if isinstance(initiators, dict):
        chosen = initiators.get("selected_initiators")
        shaped["backchannel_logout_initiators"] = {
            "mode": _text(initiators.get("mode")),
            "selected_initiators": [
                _text(e) for e in (chosen if isinstance(chosen, list) else [])[:MAX_GRANTS]
            ],
        }
    return shaped


def _server(item: dict[str, object]) -> dict[str, object]:
    return {
        "name": str(_text(item.get("name") or item.get("identifier"))),
        "allow_offline_access": item.get("allow_offline_access") is True,
        "allow_online_access_with_ephemeral_sessions": (
            item.get("allow_online_access_with_ephemeral_sessions") is True
        ),
    }


def _organization(item: dict[str, object]) -> tuple[str, str]:
    return str(_text(item.get("id") or "")), str(_text(item.get("name") or ""))


def _connection(item: dict[str, object]) -> tuple[str, bool]:
    """A connection's name, and whether it ends sessions at the IdP's expiry. Its options
    may hold a client secret: only that one flag is kept, as the page arrives."""
    options = item.get("options")
    expiring = (
        item.get("strategy") in IDP_EXPIRY_STRATEGIES
        and isinstance(options, dict)
        and options.get("id_token_session_expiry_supported") is True
    )
    return str(_text(item.get("name") or "")), expiring


def _action(item: dict[str, object]) -> tuple[str, list[str]]:
    """An action's name and the session calls its code makes (the code is not kept)."""
    code = item.get("code")
    calls = sorted(set(SESSION_CALLS.findall(code[:1_000_000]))) if isinstance(code, str) else []
    return str(_text(item.get("name") or item.get("id") or "?")), calls


def _missing_scope(what: str, scope: str, error: RefusedError) -> str:
    """The note for a list the token may not read: audit reports the rest."""
    if error.status != 403:
        raise error
    return (
        f"{what} could not be read: the token lacks {scope} (403); grant it to the "
        "machine-to-machine app (Applications > APIs > Auth0 Management API) to judge them"
    )


def read_organizations(api: ManagementApi, named: set[str]) -> list[tuple[str, str]]:
    """The (id, name) of each organization the stack names (by id or name), read with
    checkpoint paging only until all are found: none when the stack names none."""
    if not named:
        return []

    def found_all(pairs: list[tuple[str, str]]) -> bool:
        return named <= {value for pair in pairs for value in pair}

    pairs = api.checkpoint_pages(
        "organizations",
        "organizations",
        "read:organizations",
        {"fields": "id,name", "include_fields": "true"},
        shape=_organization,
        enough=found_all,
    )
    return [pair for pair in pairs if named & set(pair)]


def read_connections(api: ManagementApi, named: set[str]) -> dict[str, bool]:
    """Each connection the stack names, whatever its strategy, and each Okta or OIDC
    connection (the IdP's session expiry), with checkpoint paging. A stack that names
    none needs only those two strategies."""
    fields = {"fields": "name,strategy,options", "include_fields": "true"}
    queries = [fields] if named else [{**fields, "strategy": s} for s in IDP_EXPIRY_STRATEGIES]
    found: dict[str, bool] = {}
    for query in queries:
        for name, expiring in api.checkpoint_pages(
            "connections", "connections", "read:connections", query, shape=_connection
        ):
            if expiring or name in named:
                found[name] = expiring
    return found


def read_live_apps(
    api: ManagementApi, organizations: Collection[str] = (), connections: Collection[str] = ()
) -> LiveApps:
    """Everything `audit` judges, read through one session with the Management API;
    `organizations` and `connections` are the names the stack file gives.

    Each page is shaped as it arrives (only the judged fields, texts cut), so what is
    held is bounded by items, not by what a server chose to send. A token that may not
    read organizations or connections gets the rest of the report and a note.
    """
    tenant = api.get("tenants/settings", "read:tenant_settings")
    tenant = tenant if isinstance(tenant, dict) else {}
    absolute, idle = DURATION_SETTINGS[0], DURATION_SETTINGS[1]
    session = (
        _hours(tenant, absolute.provider_field, absolute.tenant_default),
        _hours(tenant, idle.provider_field, idle.tenant_default),
    )
    clients = api.pages(
        "clients",
        "clients",
        "read:clients",
        {"fields": CLIENT_FIELDS, "include_fields": "true"},
        shape=_client,
    )
    servers = api.pages(
        "resource-servers",
        "resource_servers",
        "read:resource_servers",
        {"fields": SERVER_FIELDS, "include_fields": "true"},
        shape=_server,
    )
    offline = [str(s["name"]) for s in servers if s["allow_offline_access"]]
    unread: list[str] = []
    orgs: list[tuple[str, str]] | None = None
    try:
        orgs = read_organizations(api, set(organizations))
    except RefusedError as error:
        unread.append(_missing_scope("organizations", "read:organizations", error))
    conns: dict[str, bool] | None = None
    try:
        conns = read_connections(api, set(connections))
    except RefusedError as error:
        unread.append(_missing_scope("connections", "read:connections", error))
    deployed = api.pages(
        "actions/actions",
        "actions",
        "read:actions",
        {"triggerId": "post-login", "deployed": "true"},
        shape=_action,
    )
    actions = [(name, calls) for name, calls in deployed if calls]
    return LiveApps(clients, offline, actions, session, servers, orgs, conns, unread)
