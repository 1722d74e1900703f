"""Programs with a raw `auth0:index:Tenant` (Pulumi YAML: its host comes from engine/build
too): the policy pack under the real engine, and a preview with a secret and an unknown
input (tests/previews/secrets-dev.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from configs import CLIENT_SECRET
from fake_auth0 import CLIENT_ID, FakeAuth0
from recording import recorded, recorded_events
from rig import ROOT, VENV, Project, YamlProgram

OVER = 'sessionLifetime = 1080 h: "45d" is 64,800 min = 1,080 h = 45 days, over the professional plan\'s limit of 43,200 min = 720 h = 30 days'  # noqa: E501


def tenant_program(**properties: Any) -> dict[str, Any]:
    return {
        "name": "raw-tenant",
        "runtime": "yaml",
        "resources": {"tenant": {"type": "auth0:index:Tenant", "properties": properties}},
    }


@pytest.fixture
def raw(tmp_path: Path, project: Project, fake: FakeAuth0) -> YamlProgram:
    program = YamlProgram(tmp_path / "raw", project.env, tenant_program(sessionLifetime=720))
    config = {"auth0:domain": fake.domain, "auth0:clientId": CLIENT_ID}
    program.new_stack("dev", config, secret=CLIENT_SECRET)
    return program


@pytest.fixture
def pack(tmp_path: Path, engine: Path) -> Path:
    """policy/ beside the components/ it imports, its venv the project's, and the link
    through which the CLI starts it (engine/pulumi-analyzer-policy-python says why)."""
    root = tmp_path / "checkout"
    for name in ("policy", "components"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "policy" / "venv").symlink_to(VENV)
    link = root / "policy" / "pulumi-analyzer-policy-python"
    link.symlink_to(engine / "bin" / "pulumi-analyzer-policy-python")
    config = root / "policy" / "config.json"
    config.write_text(json.dumps({"auth0-tenant-session-lifetimes": {"plan": "professional"}}))
    return link


def policy_preview(raw: YamlProgram, pack: Path, tmp_path: Path, *extra: str) -> tuple:
    events = tmp_path / "events.jsonl"
    raw.env["PULUMI_DEBUG_COMMANDS"] = "true"  # the CLI offers --event-log only then
    run = raw.pulumi(
        "preview",
        "--json",
        "--stack",
        "dev",
        "--policy-pack",
        str(pack),
        "--policy-pack-config",
        str(pack.parent / "config.json"),
        "--event-log",
        str(events),
        *extra,
        expect=None,
    )
    return run, events


def summarize(*paths: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "components", "summarize", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_policy_pack_refuses_a_raw_tenant_over_the_plan_limit(
    raw: YamlProgram, pack: Path, fake: FakeAuth0, tmp_path: Path
) -> None:
    raw.write(tenant_program(sessionLifetime=1080))

    run, events = policy_preview(raw, pack, tmp_path)

    assert run.code == 1, run.output  # as for any failed preview
    document = run.json()
    # --json says only that the preview failed; the engine reports the violation in its
    # text output and its event log, where summarize takes it from.
    assert [d["message"] for d in document["diagnostics"]] == ["error: preview failed\n"]
    assert OVER not in run.stdout
    json_file = Path(recorded("policy-dev", document, fake.domain))
    out = summarize(json_file, Path(recorded_events("policy-dev", events.read_text(), fake.domain)))
    assert "❌ `pulumi preview` failed" in out
    assert "- ❌ mandatory `auth0-tenant-session-lifetimes` on `tenant`:" in out
    assert OVER in out
    assert "PATCH" not in {method for method, _ in fake.calls()}
    text = raw.pulumi(
        "preview",
        "--stack",
        "dev",
        "--policy-pack",
        str(pack),
        "--policy-pack-config",
        str(pack.parent / "config.json"),
        expect=None,
    )
    assert (
        "[mandatory]  auth0-tenant-session-lifetimes  (auth0:index:Tenant: tenant)" in text.stdout
    )
    assert OVER in text.stdout


def test_the_policy_pack_passes_a_raw_tenant_within_the_limits(
    raw: YamlProgram, pack: Path, fake: FakeAuth0, tmp_path: Path
) -> None:
    run, events = policy_preview(raw, pack, tmp_path)

    assert run.code == 0, run.output
    assert "policyEvent" not in events.read_text()
    raw.pulumi(
        "up",
        "--yes",
        "--stack",
        "dev",
        "--policy-pack",
        str(pack),
        "--policy-pack-config",
        str(pack.parent / "config.json"),
    )
    assert fake.snapshot()["session_lifetime"] == 720


def test_a_secret_and_an_unknown_input(raw: YamlProgram, fake: FakeAuth0) -> None:
    raw.pulumi("up", "--yes", "--stack", "dev")
    program = tenant_program(
        sessionLifetime={"fn::secret": 168},
        # known only after `other` is created: unknown in the preview
        ephemeralSessionLifetime="${other.ephemeralSessionLifetime}",
    )
    program["resources"]["other"] = {
        "type": "auth0:index:Tenant",
        "properties": {"friendlyName": "Acme"},
    }
    raw.write(program)

    document = raw.pulumi("preview", "--json", "--stack", "dev").json()

    out = summarize(Path(recorded("secrets-dev", document, fake.domain)))
    assert "| Require log in after | 30 days (720 h) | [secret] |" in out
    assert "(known after the update)" in out
