"""The policy: every `auth0:index/client:Client`'s refresh tokens, held to the baselines.

A tenant's session settings do not bound an application that uses refresh tokens: with
non-expiring ones, a user stays signed in for ever. The rule is
`components.rules.refresh_tokens` (the one `python -m components audit` applies to a live
tenant): "require log in after" bounds a refresh token's absolute lifetime, "inactivity
timeout" its idle lifetime. Machine-to-machine clients (`non_interactive`) pass; inputs not
known until the update (in a preview) are skipped, never failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from components.rules.plans import BASELINE_NAMES
from components.rules.refresh_tokens import INTERACTIVE, over_baselines, refresh_bounds

POLICY_NAME = "auth0-client-refresh-tokens"
CLIENT_TYPE = "auth0:index/client:Client"
_FIELDS = (
    "rotationType",
    "expirationType",
    "tokenLifetime",
    "infiniteTokenLifetime",
    "idleTokenLifetime",
    "infiniteIdleTokenLifetime",
)

CONFIG_SCHEMA = PolicyConfigSchema(
    properties={
        "baselines": {
            "type": "array",
            "items": {"type": "string", "enum": list(BASELINE_NAMES)},
            "uniqueItems": True,
            "default": [],
            "description": "Compliance baselines every client's refresh tokens must meet.",
        },
    },
)


def _read(props: Mapping[str, Any], key: str) -> tuple[object, bool]:
    """(value, known): an input not known until the update raises on access."""
    try:
        return props.get(key), True
    except UnknownValueError:
        return None, False


def validate_client(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """One violation per baseline a client's refresh tokens break."""
    if args.resource_type != CLIENT_TYPE:
        return
    baselines = args.get_config().get("baselines") or []
    app_type, known = _read(args.props, "appType")
    if not known or (app_type is not None and app_type not in INTERACTIVE):
        return
    block, known = _read(args.props, "refreshToken")
    if not known:
        return
    if not isinstance(block, Mapping):
        grants, known = _read(args.props, "grantTypes")
        if known and isinstance(grants, list | tuple) and "refresh_token" in grants:
            report_violation(
                "refreshToken: not set, so Auth0 decides: new applications in the provider's "
                "recordings get non-rotating, non-expiring tokens; set refresh_token with "
                "expiration_type expiring and lifetimes within the baselines",
                None,
            )
        return
    read: dict[str, object] = {}
    for field in _FIELDS:
        value, known = _read(block, field)
        if not known:
            return  # decided at the update: not judged in the preview
        read[field] = value
    absolute, idle = refresh_bounds(read)
    for finding in over_baselines(absolute, idle, baselines):
        report_violation(f"refreshToken: {finding}", None)


CLIENT_REFRESH_TOKENS = ResourceValidationPolicy(
    name=POLICY_NAME,
    description=(
        "Auth0 applications' refresh tokens keep users signed in no longer than the "
        "configured compliance baselines allow (absolute and idle lifetimes)."
    ),
    validate=validate_client,
    config_schema=CONFIG_SCHEMA,
)
