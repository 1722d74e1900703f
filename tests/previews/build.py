"""Build the `pulumi preview --json` fixtures in tests/previews/ the way the real CLI prints them.

Run: .venv/bin/python tests/previews/build.py   (a test checks the files match its output)

No Pulumi CLI can run here, so each digest is assembled by the rules of pulumi/pulumi's
Go source (commit 1b5949891b, sdk 3.260), and the Tenant's new inputs are the ones the
real program registers under the mock runtime for that stack's config:
- pkg/backend/display/json.go `ShowPreviewDigest`: a step is printed when `shouldShow`
  or it is the root stack; a `refresh` step is replaced in place by its `update` (or
  `delete`) only when its outputs event carries that op, which pkg/engine/update.go
  gives it only under `pulumi refresh` (`isRefresh`: `ResultOp()`); under
  `pulumi preview --refresh` it stays `refresh`, with its new state still the stored one
  (step.go `NewRefreshStep`), and the live state is the program step's old state.
  `getPreviewMetadataStep`: `detailedDiff` is null when the engine gave none.
  `stateForJSONOutput` + `MassageSecrets`: secrets print as "[secret]".
- pkg/backend/display/display.go `shouldShow`: `same` only with `--show-sames`;
  replacement sub-steps (create-replacement, delete-replaced) are not printed in JSON.
- pkg/engine/update.go `isInternalStep`: default-provider steps are never printed.
- pkg/display/json.go `PreviewStep`/`PreviewDigest` and sdk/go/common/apitype/core.go
  `ResourceV3`: field order and `omitempty` (empty inputs/outputs are left out).
- pkg/resource/deploy/step.go `RefreshStep`: before it runs, its new state is its old.
- A Tenant's outputs carry every attribute of pulumi_auth0.Tenant (all Computed): read
  here from the SDK's own property getters.
- A program's RunError: its message as an error diagnostic (prefix "error: "), then
  "an unhandled error occurred: program exited with non-zero exit code: 1".
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]

import pulumi_auth0  # noqa: E402
from harness import FIXTURES as STACKS  # noqa: E402
from harness import engine_config, run_program  # noqa: E402

TENANT = "auth0:index/tenant:Tenant"
COMPONENT = "auth0-sessions:index:TenantSessionSettings"
PROVIDER_ID = "7f1c2a9e-0b3d-4c7e-9a51-3e2d8c4b6f10"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
DOMAINS = {
    "dev": "acme-dev.eu.auth0.com",
    "staging": "acme-staging.eu.auth0.com",
    "prod": "acme.eu.auth0.com",
    "qa": "acme-qa.eu.auth0.com",
}


def urns(stack: str) -> dict[str, str]:
    prefix = f"urn:pulumi:{stack}::auth0-sessions::"
    return {
        "root": f"{prefix}pulumi:pulumi:Stack::auth0-sessions-{stack}",
        "component": f"{prefix}{COMPONENT}::sessions",
        "tenant": f"{prefix}{COMPONENT}${TENANT}::sessions-tenant",
        "provider": f"{prefix}pulumi:providers:auth0::default_3_55_1::{PROVIDER_ID}",
    }


def tenant_attributes() -> list[str]:
    return [
        getattr(value.fget, "_pulumi_name", name)
        for name, value in vars(pulumi_auth0.Tenant).items()
        if isinstance(value, property)
    ]


def live_tenant(**session: Any) -> dict[str, Any]:
    """Every Tenant attribute, as a refreshed or created Tenant's outputs hold them."""
    outputs: dict[str, Any] = {"id": "8e6a1c4f-5b2d-4e9a-a3c7-1d0f2b6e9a48"}
    for name in tenant_attributes():
        outputs[name] = {
            "allowedLogoutUrls": [],
            "enabledLocales": ["en"],
            "flags": {"disableClickjackProtectionHeaders": False},
            "friendlyName": "Acme",
            "sessionCookie": {"mode": "persistent"},
            "sessions": {"oidcLogoutPromptEnabled": False},
            "supportEmail": "support@acme.example",
            "skipNonVerifiableCallbackUriConfirmationPrompt": "null",
            "sessionLifetime": 168,
            "idleSessionLifetime": 72,
            "ephemeralSessionLifetime": 72,
            "idleEphemeralSessionLifetime": 24,
        }.get(name, "" if name.endswith(("Url", "Uri", "Audience", "Directory")) else None)
    outputs.update(session)
    return {k: v for k, v in sorted(outputs.items()) if v is not None}


def state(
    urn: str,
    kind: str,
    *,
    inputs: dict[str, Any] | None = None,
    outputs: dict[str, Any] | None = None,
    parent: str = "",
    custom: bool = False,
    id_: str = "",
    provider: str = "",
    protect: bool = False,
    retain: bool = False,
) -> dict[str, Any]:
    """apitype.ResourceV3 in its field order, with Go's omitempty."""
    fields: list[tuple[str, Any]] = [
        ("urn", urn),
        ("custom", custom),
        ("id", id_),
        ("type", kind),
        ("inputs", inputs or {}),
        ("outputs", outputs or {}),
        ("parent", parent),
        ("protect", protect),
        ("provider", provider),
        ("retainOnDelete", retain),
    ]
    return {k: v for k, v in fields if k in ("urn", "custom", "type") or v}


def step(
    op: str,
    urn: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    *,
    provider: str = "",
    diffs: list[str] | None = None,
    replace: list[str] | None = None,
    detailed: dict[str, str] | None = None,
) -> dict[str, Any]:
    """display.PreviewStep: detailedDiff is always printed, null when the engine gave none."""
    fields: list[tuple[str, Any]] = [
        ("op", op),
        ("urn", urn),
        ("provider", provider),
        ("oldState", old),
        ("newState", new),
        ("diffReasons", diffs),
        ("replaceReasons", replace),
    ]
    found = {k: v for k, v in fields if k in ("op", "urn") or v}
    found["detailedDiff"] = (
        None
        if detailed is None
        else {key: {"kind": kind, "inputDiff": False} for key, kind in detailed.items()}
    )
    return found


def program_inputs(stack: str, **changes: str) -> dict[str, Any]:
    """The Tenant inputs the real program registers for a stack file, with changed keys."""
    config, secret_keys = engine_config(STACKS / f"Pulumi.{stack}.yaml")
    config.update({f"auth0-sessions:{k}": v for k, v in changes.items()})
    run = run_program(stack, config, secret_keys)
    assert run.error is None, run.error
    tenant = run.one(TENANT)
    return {"__defaults": [], **tenant.inputs}


def session_outputs(inputs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k != "__defaults"}


class Stack:
    """The three resources of one stack, and their states."""

    def __init__(self, stack: str) -> None:
        self.stack = stack
        self.urn = urns(stack)

    def root(self) -> dict[str, Any]:
        return state(self.urn["root"], "pulumi:pulumi:Stack")

    def component(self) -> dict[str, Any]:
        return state(self.urn["component"], COMPONENT, parent=self.urn["root"])

    def tenant(self, inputs: dict[str, Any], live: dict[str, Any] | None = None) -> dict[str, Any]:
        return state(
            self.urn["tenant"],
            TENANT,
            inputs=inputs,
            outputs=live_tenant(**(live if live is not None else session_outputs(inputs))),
            parent=self.urn["component"],
            custom=True,
            id_="8e6a1c4f-5b2d-4e9a-a3c7-1d0f2b6e9a48",
            provider=self.urn["provider"],
            retain=True,
        )

    def change(
        self,
        op: str,
        old: dict[str, Any],
        new: dict[str, Any],
        changed: list[str],
        replace: list[str] | None = None,
    ) -> dict[str, Any]:
        """The Tenant's update (or replace) step, with its diff on `changed` inputs."""
        return step(
            op,
            self.urn["tenant"],
            old,
            new,
            provider=self.urn["provider"],
            diffs=sorted(changed),
            replace=replace,
            detailed=dict.fromkeys(changed, "update"),
        )

    def config(self) -> dict[str, str]:
        return {
            "auth0-sessions:plan": "professional",
            "auth0:domain": DOMAINS[self.stack],
            "auth0:clientSecret": "[secret]",
        }

    def same(self, which: str, resource: dict[str, Any]) -> dict[str, Any]:
        return step("same", self.urn[which], resource, resource)

    def refresh(self, which: str, resource: dict[str, Any]) -> dict[str, Any]:
        return step("refresh", self.urn[which], resource, resource)


def digest(
    steps: list[dict[str, Any]],
    summary: dict[str, int],
    config: dict[str, str],
    diagnostics: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """display.PreviewDigest, keys in struct order, omitempty."""
    found: dict[str, Any] = {"config": config, "steps": steps}
    if diagnostics:
        found["diagnostics"] = diagnostics
    found["duration"] = 2_318_004_551
    found["changeSummary"] = summary
    return found


def update_dev() -> dict[str, Any]:
    """`pulumi preview --json`, dev moved from 30 to 7 days."""
    s = Stack("dev")
    old = s.tenant(program_inputs("dev"))
    new = s.tenant(program_inputs("dev", requireLoginAfter="7d"), live=old["outputs"])
    tenant = s.change("update", old, new, ["sessionLifetime"])
    steps = [s.same("root", s.root()), tenant]
    return digest(steps, {"same": 2, "update": 1}, s.config())


def same_prod(show_sames: bool) -> dict[str, Any]:
    """`pulumi preview --json` (optionally `--show-sames`) with nothing to do."""
    s = Stack("prod")
    tenant = s.tenant(program_inputs("prod"))
    steps = [s.same("root", s.root())]
    if show_sames:
        steps += [s.same("component", s.component()), s.same("tenant", tenant)]
    return digest(steps, {"same": 3}, s.config())


def create_qa() -> dict[str, Any]:
    """A new stack's first preview: everything is created (the Tenant adopts the tenant)."""
    s = Stack("qa")
    inputs = program_inputs(
        "dev", requireLoginAfter="12h", inactivityTimeout="30m", cookieMode="non-persistent"
    )
    qa = Stack("qa")
    new_tenant = qa.tenant(inputs, live=session_outputs(inputs))
    new_tenant["outputs"] = {**session_outputs(inputs), "id": UNKNOWN}  # preview: not read yet
    steps = [
        step("create", s.urn["root"], None, s.root()),
        step("create", s.urn["component"], None, s.component()),
        step("create", s.urn["tenant"], None, new_tenant, provider=s.urn["provider"]),
    ]
    return digest(steps, {"create": 3}, s.config())


def refreshed_dev(refresh_only: bool) -> dict[str, Any]:
    """The Dashboard set dev's inactivity timeout to 1 day; `--refresh` sees it.

    `pulumi preview --refresh`: every resource first shows as its refresh step, op
    `refresh`, whose new state is still the stored one (step.go `NewRefreshStep`; the op
    is replaced by `ResultOp()` only under `pulumi refresh`, update.go `isRefresh`, so
    json.go never swaps it). The live tenant reaches the program's own step as its old
    state, and that step sets the value back to 3 days. Refresh steps are not logical
    and not counted in the change summary.

    `pulumi refresh --preview-only`: only refresh steps; the Tenant's is replaced in place
    by its result, `update` from Pulumi's state to the live tenant (json.go,
    ResourceOutputsEvent), and the summary counts each refresh by its result op.
    """
    s = Stack("dev")
    inputs = program_inputs("dev")
    stored = s.tenant(inputs)
    edited = {**session_outputs(inputs), "idleSessionLifetime": 24}
    refreshed = s.tenant({**inputs, "idleSessionLifetime": 24}, live=edited)
    if refresh_only:
        steps = [
            s.refresh("root", s.root()),
            s.refresh("component", s.component()),
            s.change("update", stored, refreshed, ["idleSessionLifetime"]),
        ]
        return digest(steps, {"same": 2, "update": 1}, s.config())
    after = s.tenant(inputs, live=edited)
    steps = [
        s.refresh("root", s.root()),
        s.refresh("component", s.component()),
        s.refresh("tenant", stored),
        s.same("root", s.root()),
        s.change("update", refreshed, after, ["idleSessionLifetime"]),
    ]
    return digest(steps, {"same": 2, "update": 1}, s.config())


def refreshed_unchanged_prod() -> dict[str, Any]:
    """`pulumi preview --refresh` when the tenant is as its file says: only refresh steps
    (new state = stored), then the root's `same`; the Tenant's program step is hidden."""
    s = Stack("prod")
    stored = s.tenant(program_inputs("prod"))
    steps = [
        s.refresh("root", s.root()),
        s.refresh("component", s.component()),
        s.refresh("tenant", stored),
        s.same("root", s.root()),
    ]
    return digest(steps, {"same": 3}, s.config())


def unmanaged_staging() -> dict[str, Any]:
    """A stack that manages only the persistent pair: the rest stays the tenant's own."""
    s = Stack("staging")
    keep = {"__defaults": [], "sessionLifetime": 168.0, "idleSessionLifetime": 24.0}
    old = s.tenant(keep, live={**session_outputs(keep), "sessionCookie": {"mode": "persistent"}})
    new_inputs = {**keep, "idleSessionLifetime": 12.0}
    new = s.tenant(new_inputs, live=old["outputs"])
    tenant = s.change("update", old, new, ["idleSessionLifetime"])
    return digest(
        [s.same("root", s.root()), tenant],
        {"same": 2, "update": 1},
        s.config(),
    )


def delete_dev() -> dict[str, Any]:
    """The component removed from the program: a delete (the Tenant is retained)."""
    s = Stack("dev")
    tenant = s.tenant(program_inputs("dev"))
    steps = [
        s.same("root", s.root()),
        step("delete", s.urn["tenant"], tenant, None, provider=s.urn["provider"]),
        step("delete", s.urn["component"], s.component(), None),
    ]
    return digest(steps, {"delete": 2, "same": 1}, s.config())


def replace_staging() -> dict[str, Any]:
    """A replace of the Tenant (as a changed provider would cause): re-adopts the tenant."""
    s = Stack("staging")
    old = s.tenant(program_inputs("staging"))
    new = s.tenant(program_inputs("staging", inactivityTimeout="12h"), live=old["outputs"])
    new["outputs"] = {**new["outputs"], "id": UNKNOWN}
    tenant = s.change("replace", old, new, ["idleSessionLifetime"], replace=["provider"])
    return digest(
        [s.same("root", s.root()), tenant],
        {"replace": 1, "same": 2},
        s.config(),
    )


def failed_prod() -> dict[str, Any]:
    """A bad stack file: the program's RunError, exactly as the program raises it, logged
    as an error diagnostic without a URN."""
    s = Stack("prod")
    config, secret_keys = engine_config(STACKS / "Pulumi.prod.yaml")
    config["auth0-sessions:inactivityTimeout"] = "101d"
    run = run_program("prod", config, secret_keys)
    assert run.error is not None
    message = str(run.error)
    # Logged without a URN (sdk/python/lib/pulumi/log.py, the host's Log): display/json.go
    # PreviewDiagnostic's `urn` is omitempty, so the key is absent.
    diagnostics = [
        {"message": f"error: {message}\n", "severity": "error"},
        {
            "message": "error: an unhandled error occurred: program exited with non-zero "
            "exit code: 1\n",
            "severity": "error",
        },
    ]
    return digest([s.same("root", s.root())], {"same": 1}, s.config(), diagnostics)


def secrets_dev() -> dict[str, Any]:
    """A secret input prints as "[secret]"; a value known only after the update as unknown."""
    s = Stack("dev")
    old = s.tenant(program_inputs("dev"))
    new_inputs = {
        **program_inputs("dev"),
        "sessionLifetime": "[secret]",
        "ephemeralSessionLifetime": UNKNOWN,
    }
    new = s.tenant(new_inputs, live=old["outputs"])
    tenant = s.change("update", old, new, ["ephemeralSessionLifetime", "sessionLifetime"])
    return digest(
        [s.same("root", s.root()), tenant],
        {"same": 2, "update": 1},
        s.config(),
    )


FIXTURES: dict[str, Callable[[], dict[str, Any]]] = {
    "update-dev.json": update_dev,
    "same-prod.json": lambda: same_prod(show_sames=False),
    "same-prod-show-sames.json": lambda: same_prod(show_sames=True),
    "create-qa.json": create_qa,
    "refresh-dev.json": lambda: refreshed_dev(refresh_only=False),
    "refresh-only-dev.json": lambda: refreshed_dev(refresh_only=True),
    "refresh-same-prod.json": refreshed_unchanged_prod,
    "unmanaged-staging.json": unmanaged_staging,
    "delete-dev.json": delete_dev,
    "replace-staging.json": replace_staging,
    "failed-prod.json": failed_prod,
    "secrets-dev.json": secrets_dev,
}


def render(name: str) -> str:
    """One fixture's text, indented as `json.MarshalIndent(&digest, "", "    ")`."""
    return json.dumps(FIXTURES[name](), indent=4, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    for name in FIXTURES:
        (HERE / name).write_text(render(name))
        print(f"wrote tests/previews/{name}")
