"""The project's own files agree with the code: Pulumi.yaml, README, .ci/run, workflows."""

import re
from pathlib import Path

import yaml

from components.rules.settings import PROJECT
from components.stackfiles.stackconfig import StackSettings
from components.stackfiles.stackfile import project_defaults

ROOT = Path(__file__).resolve().parent.parent
CONFIG_KEYS = [field.alias for field in StackSettings.model_fields.values()]


def project() -> dict:
    return yaml.safe_load((ROOT / "Pulumi.yaml").read_text())


def test_pulumi_yaml_names_the_project_and_the_stacks_folder():
    document = project()
    assert document["name"] == PROJECT
    assert document["runtime"]["name"] == "python"
    assert document["stackConfigDir"] == "stacks"


def test_every_preview_and_up_refreshes_first():
    """pulumi/pulumi sdk/go/common/workspace: ProjectOptions.Refresh, project.json's
    `"const": "always"`. Without it a local `pulumi up` would re-send the stored default
    token quota, country codes and callback prompt (the provider sends them on every
    update, expand.go), reverting what was changed since the first up."""
    assert project()["options"] == {"refresh": "always"}
    runs = [
        str(step.get("run", ""))
        for path in (ROOT / ".github" / "workflows").glob("*.yml")
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for step in job.get("steps", [])
    ]
    commands = [r for r in runs if re.search(r'pulumi/bin/pulumi" (preview|up)\b', r)]
    assert len(commands) >= 3
    assert all("--refresh" in command for command in commands), commands


def test_pulumi_yaml_declares_every_key_with_type_and_description():
    declared = project()["config"]
    assert list(declared) == [
        "plan",
        "baselines",
        "inactivityTimeout",
        "requireLoginAfter",
        "ephemeralInactivityTimeout",
        "ephemeralRequireLoginAfter",
        "cookieMode",
        "organizations",
        "connections",
        "protect",
        "wave",
    ]
    assert sorted(declared) == sorted(CONFIG_KEYS)
    for key, spec in declared.items():
        assert spec["type"] in ("string", "boolean", "array", "integer", "object"), key
        assert len(spec["description"]) > 20, key


def test_only_plan_is_required_and_the_rest_default_to_unmanaged():
    declared = project()["config"]
    assert "default" not in declared["plan"]  # Pulumi refuses a stack without it
    for key in CONFIG_KEYS:
        if key in ("organizations", "connections"):  # `type: object` (Pulumi 3.274 reads it)
            assert declared[key] == {**declared[key], "type": "object", "default": {}}, key
        elif key not in ("plan", "protect", "baselines", "wave"):
            assert declared[key]["default"] == "", key
    assert declared["protect"] == {**declared["protect"], "type": "boolean", "default": False}
    assert declared["baselines"] == {
        **declared["baselines"],
        "type": "array",
        "items": {"type": "string"},
        "default": [],
    }
    assert project_defaults()[f"{PROJECT}:protect"] is False
    assert declared["wave"] == {**declared["wave"], "type": "integer", "default": 9}


def test_the_configuration_page_lists_every_key():
    page = (ROOT / "docs" / "configuration.md").read_text()
    for key in CONFIG_KEYS:
        assert f"`{PROJECT}:{key}`" in page, key


def test_python_311_or_newer_is_stated_and_enforced_with_one_line():
    import subprocess
    import sys
    import tomllib

    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == (
        ">=3.11"
    )
    assert "Python 3.11 or newer" in (ROOT / "README.md").read_text()
    for entry in (
        "import components.cli.main",  # python -m components
        "import runpy; runpy.run_path('__main__.py')",  # the Pulumi program
        "import runpy; runpy.run_path('policy/__main__.py')",  # the policy pack
    ):
        done = subprocess.run(
            [sys.executable, "-c", f"import sys; sys.version_info = (3, 10, 12); {entry}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, entry
        assert done.stderr.strip().startswith("auth0-sessions needs Python 3.11 or newer"), entry
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_readme_uses_one_form_of_the_command():
    readme = (ROOT / "README.md").read_text()
    bare = re.findall(r"(?<![./\w])python -m components", readme)
    assert bare == [], "README writes `.venv/bin/python -m components` everywhere"


def test_ci_runs_the_test_commands_readme_gives_in_its_order():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Tests", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == [
        ".venv/bin/python -m pytest",
        "bash engine/build",
        ".venv/bin/python -m pytest tests/e2e",
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    positions = [ci.index(f"\n{command}") for command in commands]
    assert positions == sorted(positions)
    assert "pip install" in ci
