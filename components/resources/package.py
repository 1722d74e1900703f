"""TenantSessionSettings as a Pulumi component package, for programs in any language.

`plugin/` hosts this module with `component_provider_host`'s machinery: Pulumi infers
the package schema from the annotations below, so this module must not use PEP 563
(`from __future__ import annotations`): the analyzer reads annotations as objects.
It may use no unions but `X | None`, and no `Mapping` args (see
../shared/component-package-facts.md). The rules are not here: the component
validates with `SessionSettings` exactly as the program does, and `PackageProvider`
runs the same validation before construction, so a refused value reaches a TypeScript
or YAML caller as the project's message for that property, with no Python traceback.
"""

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_auth0 as auth0
from pulumi.errors import InputPropertiesError
from pulumi.output import Unknown
from pulumi.provider.experimental.component import ComponentProvider

from ..rules.problems import Problem
from ..rules.settings import InvalidConfigError, validate_session_settings
from . import component
from .component import TYPE

PACKAGE = TYPE.split(":", 1)[0]  # auth0-sessions
VERSION: str = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())[
    "project"
]["version"]
"""The package's version: pyproject.toml's, which the release tag carries as v<VERSION>."""


class ScopeLimits(TypedDict):
    """One organization's or connection's limits: each below the tenant's own."""

    require_login_after: NotRequired[str]
    """Maximum session lifetime for its users, with a unit: 12h, 8h, 90m."""
    inactivity_timeout: NotRequired[str]
    """Idle session lifetime for its users, with a unit: 15m, 1h."""
    ephemeral_require_login_after: NotRequired[str]
    """Maximum lifetime of its non-persistent sessions (cookieMode non-persistent only)."""
    ephemeral_inactivity_timeout: NotRequired[str]
    """Idle lifetime of its non-persistent sessions (cookieMode non-persistent only)."""
    baselines: NotRequired[list[str]]
    """Compliance baselines its limits must meet, e.g. pci-dss-4."""


class TenantSessionSettingsArgs(TypedDict):
    """The session settings of one Auth0 tenant, each as the Dashboard names it."""

    plan: str
    """The tenant's Auth0 plan: free, essentials, professional or enterprise. Above its limits
    Auth0 would silently supersede a value, so such values are refused."""
    baselines: NotRequired[list[str]]
    """Compliance baselines whose maximums every value must also meet: nist-800-63b-aal1,
    nist-800-63b-aal2, nist-800-63b-aal3, pci-dss-4. A baseline also requires every setting
    it bounds to be set."""
    require_login_after: NotRequired[str]
    """Maximum Session Lifetime (was "Require log in after"), with a unit: 45m, 12h, 30d,
    1d12h. Whole minutes below 1 hour, whole hours from 1 hour up; at most the plan's limit
    (30 days, or 365 on Enterprise). Left out: the tenant keeps its value."""
    inactivity_timeout: NotRequired[str]
    """Idle Session Lifetime (was "Inactivity timeout"), with a unit: 45m, 12h, 3d. At most the
    plan's limit (3 days, or 100 on Enterprise) and at most requireLoginAfter."""
    ephemeral_require_login_after: NotRequired[str]
    """Maximum lifetime of non-persistent sessions, with a unit; at least 2m."""
    ephemeral_inactivity_timeout: NotRequired[str]
    """Idle lifetime of non-persistent sessions, with a unit; at least 2m, at most
    ephemeralRequireLoginAfter."""
    cookie_mode: NotRequired[str]
    """Session cookie mode: persistent or non-persistent. Left out: the tenant keeps its mode."""
    # The entries are typed as inputs only for Pulumi's Go generator, which cannot write a
    # map of plain objects (docs/package.md); an Output there is refused all the same.
    organizations: NotRequired[dict[str, pulumi.Input[ScopeLimits]]]
    """Stricter limits for some organizations, by name or id; a Post-Login Action applies
    them (docs/organizations.md)."""
    connections: NotRequired[dict[str, pulumi.Input[ScopeLimits]]]
    """Stricter limits for users of some connections, by name; the same Action applies them."""


class TenantSessionSettings(component.TenantSessionSettings):
    """Session lifetimes of one Auth0 tenant, refused before any API call when Auth0 would
    silently supersede them or pulumi-auth0 would round them."""

    tenant: auth0.Tenant | None
    """The tenant's settings resource (absent when the settings manage nothing)."""
    action: auth0.Action | None
    """The Post-Login Action applying organization and connection limits (absent without)."""
    binding: auth0.TriggerAction | None
    """That Action's one binding to the post-login trigger."""
    settings: pulumi.Output[dict[str, Any]]
    """Each managed value in hours, minutes and words, plus the plan and the baselines."""

    def __init__(
        self,
        name: str,
        args: TenantSessionSettingsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(name, args, opts)


NOT_PLAIN = (
    "is not known until another resource is deployed (an Output), but this component's "
    "inputs are plain values: the rules judge them before any resource is registered, so a "
    "refused value never leaves a half-applied change. Pass the value itself (a literal, "
    "or config read with `config.require`)"
)


def _unknown(value: object, depth: int = 0) -> bool:
    """An Output or unknown anywhere in a value (the entries of organizations and
    connections are typed as inputs, so one may hide there)."""
    if isinstance(value, Unknown | pulumi.Output):
        return True
    if depth > 8:  # the schema nests three deep; deeper is not this package's input
        return False
    if isinstance(value, Mapping):
        return any(_unknown(v, depth + 1) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_unknown(v, depth + 1) for v in value)
    return False


def refuse_unknowns(inputs: Mapping[str, object], *, source: str) -> None:
    """Inputs are plain by design (see docs/package.md): an Output is refused, and says why."""
    found = [Problem(key, NOT_PLAIN) for key, value in inputs.items() if _unknown(value)]
    if found:
        raise InvalidConfigError(source, found)


class PackageProvider(ComponentProvider):
    """The component provider, with the project's rules run before construction.

    A refusal is an `InputPropertiesError`: the engine shows one line per property,
    in the project's words, instead of a Python traceback.
    """

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: dict[str, Any],
        options: pulumi.ResourceOptions | None = None,
    ) -> Any:
        try:
            refuse_unknowns(inputs, source=f"{TYPE} {name!r}")
            validate_session_settings(dict(inputs), source=f"{TYPE} {name!r}")
        except InvalidConfigError as error:
            # The engine prints a line per property under the message (seen with the real
            # CLI): the message is then only the heading, unless a problem has no property.
            text = str(error)
            if all(p.key for p in error.problems):
                text = text.splitlines()[0]
            raise InputPropertiesError(
                text,
                [{"property_path": p.key or "", "reason": p.message} for p in error.problems],
            ) from None
        return super().construct(name, resource_type, inputs, options)


def provider() -> PackageProvider:
    return PackageProvider([TenantSessionSettings], PACKAGE, None, VERSION)
