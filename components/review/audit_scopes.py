"""`audit` beyond the tenant's own clocks: organizations, connections, and the settings
that let a session outlive what the stack asks for.

Every number carries where it came from (an API field, or the stack file's key that our
Action applies), so `--json` can say, per finding, what to look at. Names come from the
tenant or the stack file: shown inert, like every other read text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..rules.durations import Duration
from ..rules.plans import BASELINES
from ..rules.refresh_tokens import Bound, over_baselines
from ..rules.settings import SessionSettings

BACKCHANNEL_EVENTS = ("session-expired", "session-revoked")
OWN_SESSIONS = ("regular_web",)  # applications that keep a session of their own


@dataclass(frozen=True)
class ScopeClock:
    """One organization's or connection's effective session, and what it breaks."""

    kind: str  # organization | connection
    name: str  # as the stack file (or the tenant) names it
    found: bool | None  # the tenant has it (None: the list could not be read)
    absolute: Bound
    idle: Bound
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flag:
    """A setting that lets a session outlive the stack's intent, or a missing safeguard."""

    subject: str  # "application X", "API Y"
    message: str
    source: str  # the API field it came from


def _shorter(
    tenant: Duration, mine: Sequence[tuple[Duration | None, str]], tenant_field: str
) -> Bound:
    """The clock a login gets: the shortest of our Action's values (each with its stack
    file key) where one is shorter than the tenant's, else the tenant's."""
    given = [(value, key) for value, key in mine if value is not None]
    if given:
        value, key = min(given, key=lambda pair: pair[0])
        if value < tenant:
            return Bound(value, f"our Action ({key} in the stack file)")
    return Bound(tenant, f"the tenant's session ({tenant_field})")


def _groups(
    kind: str, names: Sequence[str], tenant: Sequence[tuple[str, str]] | None
) -> list[list[str]]:
    """The stack file's entries, grouped by what they match: an organization named by its
    name and by its id is one organization, which the Action gives the shorter of each."""
    if kind != "organization" or not tenant:
        return [[name] for name in names]
    owner = {value: pair[0] for pair in tenant for value in pair}
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(owner.get(name, name), []).append(name)
    return list(grouped.values())


def scope_clocks(
    settings: SessionSettings,
    session: tuple[Duration, Duration],
    organizations: Sequence[tuple[str, str]] | None,
    connections: Mapping[str, bool] | None,
    other_actions: Sequence[str],
) -> list[ScopeClock]:
    """Each organization and connection the stack names, then each connection that ends
    sessions at the upstream IdP's expiry. `organizations` are (id, name) pairs from the
    tenant; `connections` map a name to its `id_token_session_expiry_supported`; None
    for either: the token could not read them (the clocks are still the Action's)."""
    rows = []
    for kind, policies, tenant in (
        ("organization", settings.organizations, organizations),
        ("connection", settings.connections, connections),
    ):
        present = (
            None
            if tenant is None
            else {v for pair in tenant for v in pair}
            if kind == "organization"
            else set(tenant)
        )
        for group in _groups(kind, list(policies), organizations):
            entries = [(f"{kind}s.{name}", policies[name]) for name in group]
            absolute = _shorter(
                session[0],
                [(p.require_login_after, f"{key}.requireLoginAfter") for key, p in entries],
                "session_lifetime",
            )
            idle = _shorter(
                session[1],
                [(p.inactivity_timeout, f"{key}.inactivityTimeout") for key, p in entries],
                "idle_session_lifetime",
            )
            own = (b for _, p in entries for b in p.baselines)
            baselines = tuple(dict.fromkeys((*settings.baselines, *own)))
            name, found = group[0], None if present is None else bool(present & set(group))
            notes = []
            if len(group) > 1:
                notes.append(
                    f"named {len(group)} times in the stack file ({', '.join(group)}): the "
                    "Action gives each login the shorter of each clock"
                )
            if found is None:
                notes.append(f"not looked up: the tenant's {kind}s could not be read")
            elif not found:
                notes.append(f"the tenant has no {kind} {name!r}: the Action matches no login")
            if kind == "connection" and tenant and tenant.get(name):  # type: ignore[union-attr]
                notes.append(IDP_EXPIRY)
            if other_actions:
                notes.append(
                    "other deployed Actions move session dates too: " + ", ".join(other_actions[:5])
                )
            findings = over_baselines(absolute, idle, baselines)
            rows.append(ScopeClock(kind, name, found, absolute, idle, findings, notes))
    for name, expiring in sorted((connections or {}).items()):
        if expiring and name not in settings.connections:
            absolute = _shorter(session[0], [], "session_lifetime")
            idle = _shorter(session[1], [], "idle_session_lifetime")
            rows.append(ScopeClock("connection", name, True, absolute, idle, [], [IDP_EXPIRY]))
    return rows


IDP_EXPIRY = (
    "sessions end at the upstream IdP's session_expiry or earlier (connection option "
    "id_token_session_expiry_supported): it can only shorten them"
)


def flags(
    settings: SessionSettings,
    clients: Sequence[Mapping[str, object]],
    servers: Sequence[Mapping[str, object]],
) -> list[Flag]:
    """What defeats the stack's intent: web sessions made from a native app's refresh
    token, online refresh tokens outliving non-persistent sessions, and (under a baseline
    with an idle limit) applications with sessions of their own that are not told when
    Auth0's session expires or is revoked."""
    found = []
    non_persistent = settings.cookie_mode is not None and settings.cookie_mode.value == (
        "non-persistent"
    )
    idle_bound = any(BASELINES[name].inactivity_timeout is not None for name in settings.baselines)
    for server in servers:
        if non_persistent and server.get("allow_online_access_with_ephemeral_sessions") is True:
            found.append(
                Flag(
                    f"API {server.get('name') or server.get('identifier')}",
                    "issues online refresh tokens even for non-persistent sessions: a user "
                    "stays signed in after the browser session this stack asks for",
                    "resource server allow_online_access_with_ephemeral_sessions",
                )
            )
    for client in clients:
        name = f"application {client.get('name') or client.get('client_id')}"
        transfer = client.get("session_transfer")
        if (
            isinstance(transfer, Mapping)
            and transfer.get("can_create_session_transfer_token") is True
            and transfer.get("allow_refresh_token") is True
        ):
            found.append(
                Flag(
                    name,
                    "can create web sessions from its refresh tokens (session transfer): "
                    "such a web session lasts as long as the native app's refresh token, "
                    "not the session settings",
                    "client session_transfer.can_create_session_transfer_token, "
                    "allow_refresh_token",
                )
            )
        if idle_bound and client.get("app_type") in OWN_SESSIONS and not _subscribed(client):
            found.append(
                Flag(
                    name,
                    "keeps its own session but is not told when Auth0's session expires or is "
                    "revoked: subscribe it to session-expired and session-revoked (OIDC "
                    "back-channel logout), or its session outlives the idle limit",
                    "client oidc_logout.backchannel_logout_initiators",
                )
            )
    return found


def _subscribed(client: Mapping[str, object]) -> bool:
    logout = client.get("oidc_logout")
    if not isinstance(logout, Mapping) or not logout.get("backchannel_logout_urls"):
        return False
    initiators = logout.get("backchannel_logout_initiators")
    if not isinstance(initiators, Mapping):
        return False
    if initiators.get("mode") == "all":
        return True
    chosen = initiators.get("selected_initiators")
    return isinstance(chosen, list) and all(e in chosen for e in BACKCHANNEL_EVENTS)
