"""The component package (plugin/) from another language: a Pulumi YAML program declares
`auth0-sessions:index:TenantSessionSettings`, under the real engine and provider.

How the plugin is started here: today's CLI runs a plugin folder (PulumiPlugin.yaml,
runtime python) through the Python host's RunPlugin, which the host engine/build can get
(sdk/v3 v3.78.0) does not know. Given a folder that holds an executable named
pulumi-resource-<name>, the CLI runs that instead; the test makes one that starts
plugin/__main__.py with the project's virtualenv, as a Python host would
(`python plugin <engine address>`). Everything after that (schema, Construct, the child
Tenant, the project's refusals) is the plugin's own code under the real engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from configs import CLIENT_SECRET
from fake_auth0 import CLIENT_ID, FakeAuth0
from rig import ROOT, VENV, Project, YamlProgram
from transcripts import documented

TYPE = "auth0-sessions:index:TenantSessionSettings"


@pytest.fixture
def plugin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "plugin-launcher"
    folder.mkdir()
    launcher = folder / "pulumi-resource-auth0-sessions"
    launcher.write_text(f'#!/bin/sh\nexec "{VENV / "bin" / "python"}" "{ROOT / "plugin"}" "$@"\n')
    launcher.chmod(0o755)
    return folder


def component_program(plugin_dir: Path, **properties: Any) -> dict[str, Any]:
    return {
        "name": "yaml-consumer",
        "runtime": "yaml",
        "plugins": {"providers": [{"name": "auth0-sessions", "path": str(plugin_dir)}]},
        "resources": {"sessions": {"type": TYPE, "properties": properties}},
        "outputs": {"settings": "${sessions.settings}"},
    }


@pytest.fixture
def consumer(tmp_path: Path, project: Project, fake: FakeAuth0, plugin_dir: Path) -> YamlProgram:
    program = YamlProgram(
        tmp_path / "consumer",
        project.env,
        component_program(
            plugin_dir,
            plan="professional",
            requireLoginAfter="30d",
            inactivityTimeout="3d",
            ephemeralInactivityTimeout="45m",
            cookieMode="persistent",
        ),
    )
    config = {"auth0:domain": fake.domain, "auth0:clientId": CLIENT_ID}
    program.new_stack("dev", config, secret=CLIENT_SECRET)
    return program


def test_a_yaml_program_deploys_the_component(consumer: YamlProgram, fake: FakeAuth0) -> None:
    before = fake.snapshot()

    consumer.pulumi("up", "--yes", "--stack", "dev")

    after = fake.snapshot()
    assert after == {
        **before,
        "session_lifetime": 720,
        "idle_session_lifetime": 72,
        "idle_ephemeral_session_lifetime": 0.75,  # 45 minutes, as the API stores them
        "session_cookie": {"mode": "persistent"},
    }
    (patch,) = fake.patches()
    assert patch["idle_ephemeral_session_lifetime_in_minutes"] == 45
    outputs = consumer.pulumi("stack", "output", "--json", "--stack", "dev").json()
    assert outputs["settings"]["requireLoginAfter"] == {
        "hours": 720,
        "minutes": 43200,
        "human": "30 days",
    }
    state = consumer.pulumi("stack", "export", "--stack", "dev").json()
    types = [r["type"] for r in state["deployment"]["resources"]]
    assert TYPE in types and "auth0:index/tenant:Tenant" in types


def test_a_refused_value_reaches_the_yaml_program_as_the_projects_message(
    consumer: YamlProgram, fake: FakeAuth0, plugin_dir: Path
) -> None:
    consumer.write(component_program(plugin_dir, plan="professional", inactivityTimeout="90m"))

    run = consumer.pulumi("preview", "--stack", "dev", expect=None)

    assert run.code != 0
    # the engine's own rendering of the plugin's InputPropertiesError: a line per property
    assert (
        "error: auth0-sessions:index:TenantSessionSettings resource 'sessions' has a problem: "
        "auth0-sessions:index:TenantSessionSettings 'sessions': 1 problem\n"
        '    \t\t- property inactivityTimeout with value "90m" has a problem: "90m" (90 min = '
        "1.5 h = 0.062 days) cannot be applied exactly: from 1 hour up pulumi-auth0 sends whole "
        'hours, so it would silently become 2 hours. Use "1h" or "2h"\n'
    ) in run.stdout
    assert "Traceback" not in run.output
    assert "PATCH" not in {method for method, _ in fake.calls()}
    documented("component-refused", "pulumi preview --stack dev", run.output)
