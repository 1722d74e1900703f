"""The Pulumi program under the SDK's mock runtime, once per real stack file.

Expected provider inputs are written out by hand from each stack file (hours, as
pulumi-auth0 takes them), so a change to a stack file or to the conversion shows here.
"""

import json
import textwrap
from pathlib import Path

import pytest
from harness import (
    COMPONENT,
    DECRYPTED,
    FIXTURES,
    TENANT,
    engine_config,
    run_program,
    start_mock_runtime,
)

from components.review.checks import judge_file

STACK_FILES = sorted(FIXTURES.glob("Pulumi.*.yaml"))

EXPECTED_TENANT_INPUTS = {
    "dev": {
        "sessionLifetime": 720.0,  # 30d
        "idleSessionLifetime": 72.0,  # 3d
        "ephemeralSessionLifetime": 24.0,  # 1d
        "idleEphemeralSessionLifetime": 4.0,  # 4h
        "sessionCookie": {"mode": "persistent"},
    },
    "staging": {
        "sessionLifetime": 168.0,  # 7d
        "idleSessionLifetime": 24.0,  # 1d
        "ephemeralSessionLifetime": 12.0,  # 12h
        "idleEphemeralSessionLifetime": 0.5,  # 30m
        "sessionCookie": {"mode": "persistent"},
    },
    "prod": {
        "sessionLifetime": 2160.0,  # 90d
        "idleSessionLifetime": 168.0,  # 7d
        "ephemeralSessionLifetime": 12.0,  # 12h
        "idleEphemeralSessionLifetime": 0.5,  # 30m
        "sessionCookie": {"mode": "persistent"},
    },
}
PROTECTED = {"dev": False, "staging": False, "prod": True}


def stack_of(path: Path) -> str:
    return path.name.removeprefix("Pulumi.").removesuffix(".yaml")


def test_every_stack_file_has_expectations():
    assert sorted(map(stack_of, STACK_FILES)) == sorted(EXPECTED_TENANT_INPUTS)


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=stack_of)
def test_program_sends_exactly_the_stack_files_values(stack_file):
    stack = stack_of(stack_file)
    config, secret_keys = engine_config(stack_file)
    run = run_program(stack, config, secret_keys)
    assert run.error is None, run.error

    component = run.one(COMPONENT)
    tenant = run.one(TENANT)
    assert component.name == "sessions"
    assert tenant.name == "sessions-tenant"
    assert tenant.parent.endswith(f"{COMPONENT}::sessions")
    assert tenant.inputs == EXPECTED_TENANT_INPUTS[stack]
    assert tenant.retain_on_delete is True  # a destroy only forgets the tenant settings
    assert tenant.protect is PROTECTED[stack]
    assert component.protect is PROTECTED[stack]


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=stack_of)
def test_program_agrees_with_check_json(stack_file):
    """What `check --json` says would be sent is what the program sends."""
    checked = judge_file(stack_file).settings
    assert checked is not None
    run = run_program(stack_of(stack_file), *engine_config(stack_file))
    inputs = run.one(TENANT).inputs
    camel = {
        "session_lifetime": "sessionLifetime",
        "idle_session_lifetime": "idleSessionLifetime",
        "ephemeral_session_lifetime": "ephemeralSessionLifetime",
        "idle_ephemeral_session_lifetime": "idleEphemeralSessionLifetime",
    }
    assert {camel[k]: v for k, v in checked.provider_hours().items()} == {
        k: v for k, v in inputs.items() if k in camel.values()
    }


def test_component_outputs_each_value_in_hours_minutes_and_words():
    stack_file = FIXTURES / "Pulumi.prod.yaml"
    run = run_program("prod", *engine_config(stack_file))
    (urn,) = [u for u in run.outputs if u.endswith(f"{COMPONENT}::sessions")]
    outputs = run.outputs[urn]
    assert outputs["tenantId"] == "sessions-tenant-id"
    assert outputs["settings"] == {
        "plan": "enterprise",
        "baselines": [],
        "cookieMode": "persistent",
        "requireLoginAfter": {"hours": 2160.0, "minutes": 129600, "human": "90 days"},
        "inactivityTimeout": {"hours": 168.0, "minutes": 10080, "human": "7 days"},
        "ephemeralRequireLoginAfter": {"hours": 12.0, "minutes": 720, "human": "12 hours"},
        "ephemeralInactivityTimeout": {"hours": 0.5, "minutes": 30, "human": "30 minutes"},
    }


def test_unmanaged_settings_are_not_sent(tmp_path):
    path = tmp_path / "Pulumi.partial.yaml"
    path.write_text("config:\n  plan: free\n  auth0-sessions:inactivityTimeout: 45m\n")
    run = run_program("partial", *engine_config(path))
    assert run.error is None, run.error
    assert run.one(TENANT).inputs == {"idleSessionLifetime": 0.75}


@pytest.mark.parametrize(
    "bad_config",
    [
        """\
        config:
          auth0-sessions:plan: professional
          auth0-sessions:inactivityTimeout: 4d
          auth0-sessions:requireLoginAfter: 90m
        """,
        """\
        config:
          auth0-sessions:plan: enterprise
          auth0-sessions:inactivityTimout: 1h
          auth0:clientSecret: hunter2-plaintext
        """,
        """\
        config:
          auth0-sessions:plan: professional
          auth0-sessions:baselines: [pci-dss-4, nist-aal2]
          auth0-sessions:inactivityTimeout: 30m
        """,
        """\
        config:
          auth0-sessions:plan: professional
          auth0-sessions:baselines: [pci-dss-4]
          auth0-sessions:inactivityTimeout: 30m
        """,
    ],
)
def test_bad_value_fails_the_program_with_checks_message(tmp_path, monkeypatch, bad_config):
    monkeypatch.setattr("components.stackfiles.engine.stack_config_dir", lambda _: tmp_path)
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(textwrap.dedent(bad_config))
    verdict = judge_file(path)
    assert not verdict.ok

    run = run_program("bad", *engine_config(path))
    assert type(run.error).__name__ == "RunError"
    assert str(run.error) == verdict.error_text()
    assert run.resources == []  # nothing registered: no half-applied change
    assert "hunter2-plaintext" not in str(run.error)


def test_secret_keys_from_the_engine_are_masked_and_accepted():
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    config["auth0:clientSecret"] = DECRYPTED
    run = run_program("dev", config, [*secret_keys, "auth0:clientSecret"])
    assert run.error is None, run.error
    # the same value, not marked secret by the engine, is refused as plaintext
    run = run_program("dev", config, secret_keys)
    assert "auth0:clientSecret: is stored in plaintext" in str(run.error)
    assert DECRYPTED not in str(run.error)


def test_component_used_directly_validates_its_args():
    """Another program using the component gets the same rules and messages."""
    import pulumi

    run = start_mock_runtime("other", "s")

    from components.resources.component import TenantSessionSettings

    with pytest.raises(pulumi.RunError) as raised:
        TenantSessionSettings("t", {"plan": "free", "requireLoginAfter": "31d"})
    assert "requireLoginAfter" in str(raised.value) and "30 days" in str(raised.value)
    assert run.resources == []


def test_staging_baseline_reaches_the_component_from_the_engines_json_array():
    stack_file = FIXTURES / "Pulumi.staging.yaml"
    config, secret_keys = engine_config(stack_file)
    assert config["auth0-sessions:baselines"] == '["nist-800-63b-aal1"]'  # as the engine gives it
    run = run_program("staging", config, secret_keys)
    (urn,) = [u for u in run.outputs if u.endswith(f"{COMPONENT}::sessions")]
    assert run.outputs[urn]["settings"]["baselines"] == ["nist-800-63b-aal1"]


def test_a_baseline_that_refuses_a_stack_fails_the_program(tmp_path):
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    config["auth0-sessions:baselines"] = '["nist-800-63b-aal2"]'
    run = run_program("dev", config, secret_keys)
    assert type(run.error).__name__ == "RunError"
    assert "over baseline nist-800-63b-aal2's maximum of 1,440 min = 24 h = 1 day" in str(run.error)
    assert run.resources == []


def test_engine_config_helper_matches_pulumi_yaml_defaults():
    config, _ = engine_config(FIXTURES / "Pulumi.dev.yaml")
    assert config["auth0-sessions:protect"] == "false"
    assert config["auth0-sessions:baselines"] == "[]"
    assert json.loads('"' + config["auth0-sessions:plan"] + '"') == "professional"
