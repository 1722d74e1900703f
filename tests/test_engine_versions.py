"""engine/versions names the engine's versions once; everything else must agree with it:
the Go modules engine/build builds from, the CLI the workflows install, and the
pulumi_auth0 SDK requirements.txt takes (it asks the engine for a plugin of its own version)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"


def versions() -> dict[str, str]:
    found = {}
    for line in (ENGINE / "versions").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            found[key] = value
    return found


def required(go_mod: Path) -> dict[str, str]:
    """module path → version, of every require line (direct or indirect)."""
    text = go_mod.read_text()
    return dict(re.findall(r"^\s*(?:require\s+)?([\w./-]+\.[\w./-]+)\s+(v[\w.+-]+)", text, re.M))


def test_versions_names_every_part_once() -> None:
    assert set(versions()) == {
        "PULUMI",
        "PULUMI_AUTH0",
        "TERRAFORM_PROVIDER_AUTH0",
        "TERRAFORM_BRIDGE",
        "PYTHON_HOST_SDK",
        "PULUMI_YAML",
        "ACT",
    }
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions().values())


def test_the_go_modules_build_the_named_versions() -> None:
    v = versions()
    cli = required(ENGINE / "cli" / "go.mod")
    assert cli["github.com/pulumi/pulumi/pkg/v3"] == f"v{v['PULUMI']}"
    assert cli["github.com/pulumi/pulumi/sdk/v3"] == f"v{v['PULUMI']}"
    provider = required(ENGINE / "provider" / "go.mod")
    assert (
        provider["github.com/auth0/terraform-provider-auth0"] == f"v{v['TERRAFORM_PROVIDER_AUTH0']}"
    )
    assert provider["github.com/pulumi/pulumi-terraform-bridge/v3"] == f"v{v['TERRAFORM_BRIDGE']}"
    assert provider["github.com/pulumi/pulumi-yaml"] == f"v{v['PULUMI_YAML']}"
    pyhost = required(ENGINE / "pyhost" / "go.mod")
    assert pyhost["github.com/pulumi/pulumi/sdk/v3"] == f"v{v['PYTHON_HOST_SDK']}"
    sdkgen = required(ENGINE / "sdkgen" / "go.mod")  # the CLI's own code generators
    assert sdkgen["github.com/pulumi/pulumi/pkg/v3"] == f"v{v['PULUMI']}"


def test_the_workflows_install_the_cli_the_suite_runs() -> None:
    found = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in (yaml.safe_load(workflow.read_text()).get("jobs") or {}).values():
            for step in job.get("steps") or []:
                pinned = (step.get("with") or {}).get("pulumi-version")
                if pinned is not None:
                    found.append((workflow.name, str(pinned)))
    assert found, "no workflow installs the Pulumi CLI"
    assert {version for _, version in found} == {versions()["PULUMI"]}, found


def test_requirements_take_the_sdk_of_the_plugin_the_engine_builds() -> None:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    (line,) = [x for x in lines if x.startswith("pulumi-auth0")]
    assert line.split("#")[0].strip() == f"pulumi-auth0=={versions()['PULUMI_AUTH0']}"
