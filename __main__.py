"""Pulumi program: stack config → rules → TenantSessionSettings → auth0.Tenant."""

import pulumi

from components.resources.component import TenantSessionSettings
from components.stackfiles.engine import load_stack_config

config = load_stack_config()  # every rule, before any resource exists
sessions = TenantSessionSettings(
    "sessions",
    config.settings,
    opts=pulumi.ResourceOptions(protect=config.settings.protect),
)
pulumi.export("tenantId", sessions.tenant.id if sessions.tenant else None)
pulumi.export("sessionSettings", sessions.settings)
