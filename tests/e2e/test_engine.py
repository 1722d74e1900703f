"""The binaries engine/build made are the versions engine/versions names, and the plugin
speaks the same shapes as the pulumi_auth0 SDK the program uses."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pulumi
import pulumi_auth0
from rig import VERSIONS


def output(*command: str | Path) -> str:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_binaries_report_the_named_versions(engine: Path, pulumi_home: Path) -> None:
    assert output(engine / "bin" / "pulumi", "version") == f"v{VERSIONS['PULUMI']}"
    plugin = engine / "plugins" / "pulumi-resource-auth0"
    assert output(plugin, "-version") == VERSIONS["PULUMI_AUTH0"]
    assert (
        json.loads((engine / "schema-auth0.json").read_text())["version"]
        == (VERSIONS["PULUMI_AUTH0"])
    )
    installed = subprocess.run(
        [engine / "bin" / "pulumi", "plugin", "ls", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={"PULUMI_HOME": str(pulumi_home), "PATH": "/usr/bin:/bin"},
    ).stdout
    found = {(p["kind"], p["name"], p["version"]) for p in json.loads(installed)}
    assert ("resource", "auth0", VERSIONS["PULUMI_AUTH0"]) in found
    sdk = json.loads((Path(pulumi_auth0.__file__).parent / "pulumi-plugin.json").read_text())
    assert sdk["version"] == VERSIONS["PULUMI_AUTH0"]  # the plugin the program asks for


def test_the_plugin_schema_has_the_sdks_resources_and_tenant_inputs(engine: Path) -> None:
    schema = json.loads((engine / "schema-auth0.json").read_text())
    resources = {token.split(":")[-1] for token in schema["resources"]}
    sdk_resources = {
        name
        for name, value in vars(pulumi_auth0).items()
        if isinstance(value, type) and issubclass(value, pulumi.CustomResource)
    }
    assert resources == sdk_resources - {"Provider"}
    tenant = schema["resources"]["auth0:index/tenant:Tenant"]["inputProperties"]
    sdk_inputs = {
        getattr(p.fget, "_pulumi_name", n)
        for n, p in vars(pulumi_auth0.TenantArgs).items()
        if isinstance(p, property)
    }
    assert set(tenant) == sdk_inputs
    # Blocks the SDK types as one object are objects in the plugin, not lists (the
    # bridge's MaxItemsOne flattening), so what the program sends is what the plugin reads.
    for name in ("sessionCookie", "errorPage", "mtls", "defaultTokenQuota", "countryCodes"):
        assert "$ref" in tenant[name], name
    for name in ("sessionLifetime", "idleSessionLifetime"):
        assert tenant[name]["type"] == "number"
