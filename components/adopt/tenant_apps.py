"""What the live tenant says about its applications, for `audit`: each application's refresh
token settings, whether any API lets clients ask for offline access, the deployed
Post-Login Actions that move a session's expiry, and the tenant's own session lifetimes.

Only the fields `audit` uses are asked for (`fields=` with `include_fields=true`), so a
client secret never crosses the wire, even when the token could read it. Scopes:
read:clients, read:resource_servers, read:actions, read:tenant_settings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..rules.durations import MAX_HOURS, Duration, rounded_minutes
from ..rules.limits import DURATION_SETTINGS
from .auth0_api import ManagementApi

CLIENT_FIELDS = "name,client_id,app_type,grant_types,refresh_token"
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


def _hours(value: object, default: Duration) -> Duration:
    """The tenant's hours as minutes; no number reads as the default, and a number outside
    0..MAX_HOURS as the nearest end (a huge float would overflow the rounding)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return Duration(rounded_minutes(min(max(value, 0), MAX_HOURS)))


def read_live_apps(api: ManagementApi) -> LiveApps:
    """Everything `audit` judges, read through one session with the Management API."""
    tenant = api.get("tenants/settings", "read:tenant_settings")
    tenant = tenant if isinstance(tenant, dict) else {}
    absolute, idle = DURATION_SETTINGS[0], DURATION_SETTINGS[1]
    session = (
        _hours(tenant.get(absolute.provider_field), absolute.tenant_default),
        _hours(tenant.get(idle.provider_field), idle.tenant_default),
    )
    clients = api.pages(
        "clients", "clients", "read:clients", {"fields": CLIENT_FIELDS, "include_fields": "true"}
    )
    servers = api.pages(
        "resource-servers",
        "resource_servers",
        "read:resource_servers",
        {"fields": "name,identifier,allow_offline_access", "include_fields": "true"},
    )
    offline = [
        str(s.get("name") or s.get("identifier"))
        for s in servers
        if s.get("allow_offline_access") is True
    ]
    deployed = api.pages(
        "actions/actions",
        "actions",
        "read:actions",
        {"triggerId": "post-login", "deployed": "true"},
    )
    actions = []
    for action in deployed:
        code = action.get("code")
        calls = (
            sorted(set(SESSION_CALLS.findall(code[:1_000_000]))) if isinstance(code, str) else []
        )
        if calls:
            actions.append((str(action.get("name") or action.get("id") or "?"), calls))
    return LiveApps(clients, offline, actions, session)
