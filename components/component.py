"""`TenantSessionSettings`: the Pulumi component that owns a tenant's session lifetimes."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_auth0 as auth0

from .settings import InvalidConfigError, SessionSettings, validate_session_settings

TYPE = "auth0-sessions:index:TenantSessionSettings"


def describe(settings: SessionSettings) -> dict[str, object]:
    """The component's outputs: each managed value in hours, minutes and words."""
    outputs: dict[str, object] = {
        setting.key: {"hours": value.hours, "minutes": value.minutes, "human": value.human()}
        for setting, value in settings.durations()
    }
    if settings.cookie_mode:
        outputs["cookieMode"] = settings.cookie_mode.value
    outputs["plan"] = settings.plan.value
    outputs["baselines"] = list(settings.baselines)
    return outputs


class TenantSessionSettings(pulumi.ComponentResource):
    """Session lifetimes of one Auth0 tenant, refused before any API call when Auth0 would
    cap them or the provider would round them.

    `args` is a `SessionSettings` (or a mapping of its config keys: `plan`,
    `requireLoginAfter`, …); it is validated again here, so every program that uses the
    component gets the same errors as `python -m components check`.

    `auth0.Tenant` is the tenant's one settings object: it is never created or deleted
    for real. The child is therefore `retain_on_delete`: removing it from a program (or
    `pulumi destroy`) only forgets it and never pretends to reset the tenant. Pass
    `protect=True` in `opts` to refuse such a destroy outright; the child inherits it.
    """

    tenant: auth0.Tenant
    settings: pulumi.Output[dict[str, object]]

    def __init__(
        self,
        name: str,
        args: SessionSettings | Mapping[str, object],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        try:
            settings = validate_session_settings(args, source=f"{TYPE} {name!r}")
        except InvalidConfigError as error:
            raise pulumi.RunError(str(error)) from None
        super().__init__(TYPE, name, None, opts)

        self.tenant = auth0.Tenant(
            f"{name}-tenant",
            **settings.provider_hours(),
            session_cookie=(
                auth0.TenantSessionCookieArgs(mode=settings.cookie_mode.value)
                if settings.cookie_mode
                else None
            ),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=True),
        )
        self.settings = pulumi.Output.from_input(describe(settings))
        self.register_outputs({"tenantId": self.tenant.id, "settings": self.settings})
