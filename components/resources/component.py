"""`TenantSessionSettings`: the Pulumi component that owns a tenant's session lifetimes."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_auth0 as auth0

from ..rules.settings import InvalidConfigError, SessionSettings, managed, validate_session_settings
from .session_action import ACTION_NAME, RUNTIME, TRIGGER, TRIGGER_VERSION, action_code
from .tenant_rest import READ, carried_settings, invalid_blocks

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
    for kind in ("organizations", "connections"):
        scopes = getattr(settings, kind)
        if scopes:
            outputs[kind] = {name: policy.minutes() for name, policy in scopes.items()}
    return outputs


class TenantSessionSettings(pulumi.ComponentResource):
    """Session lifetimes of one Auth0 tenant, refused before any API call when Auth0 would
    silently supersede them (a plan limit) or the provider would round them.

    `args` is a `SessionSettings` (or a mapping of its config keys: `plan`,
    `requireLoginAfter`, …); it is validated again here, so every program that uses the
    component gets the same errors as `python -m components check`.

    `auth0.Tenant` is the tenant's one settings object: it is never created or deleted
    for real. The child is therefore `retain_on_delete`: removing it from a program (or
    `pulumi destroy`) only forgets it and never pretends to reset the tenant. Pass
    `protect=True` in `opts` to refuse such a destroy outright; the child inherits it.

    The provider's create would clear five tenant blocks it is not given (see
    tenant_rest.py): they are read first and carried as they are, and left alone after.
    Every Tenant input the settings do not manage is in `ignore_changes`, so nothing
    else of the tenant ever diffs or is sent.
    Settings that manage nothing register no Tenant (its PATCH would be empty).

    The child's name starts with the component's, so a rename needs only
    `aliases=[pulumi.Alias(name=OLD)]` in `opts`: Pulumi derives the child's alias from
    it, and the Tenant is updated in place, never replaced.
    """

    tenant: auth0.Tenant | None
    action: auth0.Action | None
    binding: auth0.TriggerAction | None
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

        self.tenant = self._tenant(name, settings) if managed(settings) else None
        self.action, self.binding = (
            self._scoped_action(name, settings) if settings.scoped() else (None, None)
        )
        self.settings = pulumi.Output.from_input(describe(settings))
        tenant_id = self.tenant.id if self.tenant else None
        action_id = self.action.id if self.action else None
        self.register_outputs(
            {"tenantId": tenant_id, "actionId": action_id, "settings": self.settings}
        )

    def _scoped_action(
        self, name: str, settings: SessionSettings
    ) -> tuple[auth0.Action, auth0.TriggerAction]:
        """Our one Post-Login Action, deployed, and its one binding.

        `auth0.TriggerAction` binds this Action alone; `auth0.TriggerActions` would own
        the trigger's whole list and unbind every Action the team already has. Both are
        children: when the stack file drops its organizations and connections, the next
        `up` unbinds and deletes ours, and nothing else.
        """
        action = auth0.Action(
            f"{name}-action",
            name=ACTION_NAME,
            code=action_code(settings),
            runtime=RUNTIME,
            deploy=True,
            supported_triggers=auth0.ActionSupportedTriggersArgs(
                id=TRIGGER, version=TRIGGER_VERSION
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        binding = auth0.TriggerAction(
            f"{name}-post-login",
            trigger=TRIGGER,
            action_id=action.id,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return action, binding

    def _tenant(self, name: str, settings: SessionSettings) -> auth0.Tenant:
        now = auth0.get_tenant(opts=pulumi.InvokeOptions(parent=self))
        current = {attribute: getattr(now, attribute, None) for attribute in READ}
        for note in invalid_blocks(current):
            pulumi.log.warn(note, resource=self)
        return auth0.Tenant(
            f"{name}-tenant",
            **settings.provider_hours(),
            session_cookie=(
                auth0.TenantSessionCookieArgs(mode=settings.cookie_mode.value)
                if settings.cookie_mode
                else None
            ),
            **carried_settings(current),
            opts=pulumi.ResourceOptions(
                parent=self, retain_on_delete=True, ignore_changes=unmanaged_inputs(settings)
            ),
        )


def tenant_inputs() -> list[str]:
    """Every input of `auth0.Tenant`, as the engine names them, read from the SDK itself:
    a provider upgrade that adds a field is covered without a change here."""
    return sorted(
        getattr(value.fget, "_pulumi_name", name)
        for name, value in vars(auth0.TenantArgs).items()
        if isinstance(value, property)
    )


def unmanaged_inputs(settings: SessionSettings) -> list[str]:
    """The Tenant inputs the component does not manage: ignored, so none ever diffs.

    The carried blocks among them are sent on create and ignored after; the rest (e.g.
    `defaultRedirectionUri`, Optional and not Computed) would otherwise show a change on
    every refreshed preview of a tenant that has them.
    """
    managed = {setting.provider_prop for setting, _ in settings.durations()}
    if settings.cookie_mode is not None:
        managed.add("sessionCookie")
    return [name for name in tenant_inputs() if name not in managed]
