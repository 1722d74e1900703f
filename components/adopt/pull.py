"""`pull`: a tenant's session settings as they are today, as a stack file `check` accepts.

The source is the Management API's `GET /api/v2/tenants/settings` (auth0_api.py) or a
Deploy CLI export (exports.py): both give float hours (`3.0166666666666666`) and may
leave out a field still at its default. Each value becomes exact minutes the way the
Deploy CLI does (`Math.round(hours * 60)`, src/sessionDurationsToMinutes.ts), and is
then written as the nearest value the rules accept, saying why whenever it differs:
not exactly applicable (the nearest whole hour, as `check` proposes), above the plan's
limit (the limit, which Auth0 enforces anyway), below the minimum, idle longer than
absolute, or absent (Auth0's default, written out). No pulumi here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from ..rules.durations import (
    Duration,
    is_exactly_applicable,
    nearest_applicable,
    rounded_minutes,
)
from ..rules.fields import COOKIE_MODES, CookieMode
from ..rules.foreign import MOST_HOURS, ImplausibleNumberError, plausible
from ..rules.limits import DURATION_SETTINGS, DurationSetting, ceilings, tightest
from ..rules.plans import Plan
from ..rules.settings import SessionSettings
from ..text.inert import snippet

DEFAULT_COOKIE_MODE = CookieMode.PERSISTENT  # what a tenant has until session_cookie is set


class PullError(ValueError):
    """A source that cannot be read as a tenant's settings; the message says why."""


# Fields of the Management API's tenant settings (go-auth0 management.Tenant), which the
# Deploy CLI exports under the same names: a document with none of them is no tenant.
TENANT_SETTING_KEYS = frozenset(
    {
        *(s.provider_field for s in DURATION_SETTINGS),
        *(f"{s.provider_field}_in_minutes" for s in DURATION_SETTINGS),
        "session_cookie",
        "sessions",
        "friendly_name",
        "picture_url",
        "support_email",
        "support_url",
        "allowed_logout_urls",
        "default_audience",
        "default_directory",
        "default_redirection_uri",
        "enabled_locales",
        "flags",
        "sandbox_version",
        "sandbox_versions_available",
        "error_page",
        "change_password",
        "guardian_mfa_page",
        "device_flow",
        "universal_login",
        "mtls",
        "oidc_logout",
        "default_token_quota",
        "acr_values_supported",
        "pushed_authorization_requests_supported",
        "skip_non_verifiable_callback_uri_confirmation_prompt",
    }
)


def tenant_settings(raw: object, source: str) -> Mapping[str, object]:
    """`raw` if it reads as a tenant's settings; else PullError naming the source."""
    if not isinstance(raw, Mapping):
        raise PullError(f"{source} is not a mapping of tenant settings")
    if not TENANT_SETTING_KEYS.intersection(k for k in raw if isinstance(k, str)):
        keys = ", ".join(snippet(k, 30) for k in list(raw)[:5]) or "none"
        raise PullError(
            f"{source} is neither a Deploy CLI export nor a Management API tenant-settings "
            f"answer: none of its keys ({keys}) is a tenant setting such as session_lifetime, "
            "friendly_name or flags"
        )
    return raw


@dataclass(frozen=True)
class Pulled:
    """One setting: what the tenant has (None: absent), what is written, and why they differ."""

    key: str  # the stack file key, e.g. requireLoginAfter
    label: str
    tenant: str  # the tenant's value, in words ("absent" when not there)
    written: str  # the value written to the stack file
    why: str = ""  # empty when written as the tenant has it
    field: str = ""  # the API's and the Deploy CLI's name, e.g. session_lifetime


def tenant_minutes(hours: object, field: str) -> int:
    """Float hours from the API or an export as whole minutes: round(h × 60), as Deploy CLI."""
    try:
        return rounded_minutes(plausible(hours, "hours", MOST_HOURS))
    except ImplausibleNumberError as error:
        raise PullError(f"{field}: {error}") from None


def _nearest(minutes: Duration, most: Duration | None) -> Duration:
    """The closest value the provider applies exactly; on a tie the shorter (the safer)."""
    candidates = nearest_applicable(minutes, within=most) or [most or minutes]
    return min(candidates, key=lambda c: (abs(c.minutes - minutes.minutes), c.minutes))


def _one(
    setting: DurationSetting,
    raw: Mapping[str, object],
    plan: Plan,
    written: dict[str, Duration],
) -> Pulled:
    value = raw.get(setting.provider_field)
    limit = tightest(ceilings(setting, plan, ()))
    most = limit.maximum if limit else None
    if value is None:
        target, why = setting.tenant_default, "absent: Auth0's default, written out"
        shown = "absent"
    else:
        target = Duration(tenant_minutes(value, setting.provider_field))
        shown = f"{target.with_hours()}, {target.minutes:,} min"
        why = ""
        if target < setting.minimum:
            target, why = setting.minimum, "below the least the rules take"
        if most is not None and target > most:
            why = f"above the {plan.value} plan's limit, which Auth0 enforces anyway"
            target = most
        if not is_exactly_applicable(target):
            target = _nearest(target, most)
            why = why or "not exactly applicable: pulumi-auth0 sends whole hours from 1 hour up"
    absolute = written.get(setting.at_most or "")
    if absolute is not None and target > absolute:
        target, why = absolute, "longer than its pair's require-log-in-after, which ends it first"
    written[setting.field] = target
    return Pulled(setting.key, setting.label, shown, str(target), why, setting.provider_field)


def pull_settings(raw: Mapping[str, object], plan: Plan) -> list[Pulled]:
    """Every session setting of a tenant (API field names), as the stack file will hold it."""
    written: dict[str, Duration] = {}
    pulled = [_one(setting, raw, plan, written) for setting in DURATION_SETTINGS]
    cookie = raw.get("session_cookie")
    if cookie is not None and not isinstance(cookie, Mapping):
        raise PullError(
            f"session_cookie is {snippet(cookie)}, not an object such as "
            '{"mode": "persistent"}: not the shape of a tenant\'s settings, nothing written'
        )
    mode = cookie.get("mode") if isinstance(cookie, Mapping) else None
    if mode is None:
        pulled.append(
            Pulled(
                "cookieMode",
                "Cookie mode",
                "absent",
                DEFAULT_COOKIE_MODE.value,
                "absent: Auth0's default, written out",
            )
        )
    elif mode in COOKIE_MODES:
        pulled.append(Pulled("cookieMode", "Cookie mode", str(mode), str(mode)))
    else:
        raise PullError(f"session_cookie.mode is {snippet(mode)}, not one of {COOKIE_MODES}")
    values = {p.key: p.written for p in pulled}
    SessionSettings.model_validate({"plan": plan.value, **values})  # what check will say
    return pulled


def stack_file_text(
    pulled: list[Pulled], plan: Plan, source: str, domain: str | None = None
) -> str:
    """The stack file for the pulled settings: every value quoted as JSON (valid YAML)."""
    lines = [
        f"# Pulled from {snippet(source, 120)} by `python -m components pull`: review the",
        "# notes it printed, then commit; the first `pulumi up` then changes nothing unseen.",
        "config:",
    ]
    if domain is not None:
        lines.append(f"  auth0:domain: {json.dumps(domain)}")
    lines.append(f"  auth0-sessions:plan: {json.dumps(plan.value)}")
    lines += [f"  auth0-sessions:{p.key}: {json.dumps(p.written)}" for p in pulled]
    return "\n".join(lines) + "\n"


def notes(pulled: list[Pulled]) -> list[str]:
    """One line per setting for stderr: the tenant's value, what is written, and why."""
    lines = []
    for p in pulled:
        api = p.field or "session_cookie.mode"
        line = f"{p.key} (API {api}): tenant {p.tenant} -> writes {p.written}"
        lines.append(f"{line} ({p.why})" if p.why else line)
    return lines
