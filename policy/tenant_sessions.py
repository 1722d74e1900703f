"""The policy: every `auth0:index/tenant:Tenant` in any program, judged by our rules.

Plan and baselines come from the policy config; the rules themselves are
`components.rules.tenant_inputs.tenant_violations`, which reads the Tenant's inputs back into
the same model the auth0-sessions program and `check` use.
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

from components.rules.plans import BASELINE_NAMES, PLAN_NAMES
from components.rules.tenant_inputs import COOKIE_PROP, PROPS, TENANT_TYPE, tenant_violations

POLICY_NAME = "auth0-tenant-session-lifetimes"

CONFIG_SCHEMA = PolicyConfigSchema(
    properties={
        "plan": {
            "type": "string",
            "enum": list(PLAN_NAMES),
            "description": "The tenant's Auth0 plan: its limits are the ones Auth0 would "
            "otherwise apply silently.",
        },
        "baselines": {
            "type": "array",
            "items": {"type": "string", "enum": list(BASELINE_NAMES)},
            "uniqueItems": True,
            "default": [],
            "description": "Compliance baselines whose maximums every Tenant must meet too "
            "(`python -m components baselines`).",
        },
    },
    # `plan` is not `required` here: Pulumi would then fail the whole preview with its
    # generic schema message when --policy-pack-config is missing. validate_tenant says
    # what to give instead, naming the flag.
)


def readable_props(props: Mapping[str, Any]) -> tuple[dict[str, object], set[str]]:
    """The session inputs that are known, and the names of those not known until the update.

    During a preview the engine hands unknown inputs as sentinels that raise on access;
    those are skipped rather than failed.
    """
    known: dict[str, object] = {}
    unknown: set[str] = set()
    for prop in [*PROPS, COOKIE_PROP]:
        try:  # `in` would read the value too, and raise for an unknown one
            value = props[prop]
            if prop == COOKIE_PROP and isinstance(value, Mapping):
                value = {"mode": value.get("mode")}
        except KeyError:
            continue
        except UnknownValueError:
            unknown.add(f"{prop}.mode" if prop == COOKIE_PROP else prop)
            continue
        known[prop] = value
    return known, unknown


def validate_tenant(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report one violation per broken rule of one Tenant; other resources pass untouched."""
    if args.resource_type != TENANT_TYPE:
        return
    config = args.get_config()
    if "plan" not in config:
        report_violation(
            f"no plan in the policy config: give --policy-pack-config with "
            f'{{"{POLICY_NAME}": {{"plan": "<{"|".join(PLAN_NAMES)}>"}}}}',
            None,
        )
        return
    known, unknown = readable_props(args.props)
    for violation in tenant_violations(
        known,
        plan=config["plan"],
        baselines=config.get("baselines") or [],
        unknown=unknown,
    ):
        report_violation(violation, None)


TENANT_SESSION_LIFETIMES = ResourceValidationPolicy(
    name=POLICY_NAME,
    description=(
        "Auth0 tenant session lifetimes are applied exactly as written: within the plan's "
        "limits (Auth0 caps silently above them), in whole minutes below 1 hour and whole "
        "hours from 1 hour up (the provider rounds), at least the minimums, inactivity "
        "no longer than the absolute lifetime, and within the configured baselines."
    ),
    validate=validate_tenant,
    config_schema=CONFIG_SCHEMA,
)
