"""Stack config for the end-to-end suite: the fast suite's fixture stack files
(tests/stacks/), pointed at the fake Management API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fake_auth0 import CLIENT_ID, CLIENT_SECRET, FakeAuth0
from rig import ROOT, Project

FIXTURES = ROOT / "tests" / "stacks"


def fixture_config(
    stack: str, fake: FakeAuth0, *, like: str | None = None, **changes: Any
) -> dict[str, Any]:
    """tests/stacks/Pulumi.<stack>.yaml's config (or that of the fixture `like`), for the
    fake tenant; `changes` are auth0-sessions keys without the namespace (None removes one)."""
    document = yaml.safe_load((FIXTURES / f"Pulumi.{like or stack}.yaml").read_text())
    config = dict(document["config"])
    config["auth0:domain"] = fake.domain
    config["auth0:clientId"] = CLIENT_ID
    for key, value in changes.items():
        if value is None:
            config.pop(f"auth0-sessions:{key}", None)
        else:
            config[f"auth0-sessions:{key}"] = value
    return config


def new_stack(
    project: Project, fake: FakeAuth0, stack: str, *, like: str | None = None, **changes: Any
) -> None:
    """`pulumi stack init` and the fixture's config, with the client secret set encrypted."""
    config = fixture_config(stack, fake, like=like, **changes)
    project.new_stack(stack, config, secret=CLIENT_SECRET)


def change(
    project: Project, fake: FakeAuth0, stack: str, *, like: str | None = None, **changes: Any
) -> None:
    project.set_config(stack, fixture_config(stack, fake, like=like, **changes))


def check_problems(project: Project, stack: str) -> list[str]:
    """The problem lines `python -m components check` prints for one stack file."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "components", "check", str(Path("stacks") / f"Pulumi.{stack}.yaml")],
        cwd=project.folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line.strip() for line in run.stdout.splitlines() if line.strip().startswith("- ")]


__all__ = ["CLIENT_SECRET", "change", "check_problems", "fixture_config", "new_stack"]
