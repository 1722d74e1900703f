"""The repository is a template its owners edit: their edits to `stacks/` never turn CI red.

Each case copies this repository to a temporary folder, gives it the example stacks of
`tests/stacks/`, makes the edits a platform team makes (add a tenant, change a value,
remove one, rename one, keep a single stack, grow to twenty), then runs what CI runs on
`stacks/`: `check` and the stack-judging tests (`tests/test_your_stacks.py`). Only an
invalid value fails them, with `check`'s message naming the file and the key.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import FIXTURES, ROOT

SKIP = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"
)
QA = """\
config:
  auth0-sessions:plan: essentials
  auth0-sessions:requireLoginAfter: 14d
  auth0-sessions:inactivityTimeout: 2d
  auth0-sessions:wave: 2
"""


def template(tmp_path: Path) -> Path:
    """This repository, its stacks/ being the example stacks."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    shutil.rmtree(copy / "stacks")
    shutil.copytree(FIXTURES, copy / "stacks", ignore=shutil.ignore_patterns("*.md"))
    return copy


def ci_on_stacks(repo: Path) -> subprocess.CompletedProcess[str]:
    """What CI runs on the stack files: `check`, then the stack-judging tests."""
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}
    script = (
        f"{sys.executable} -m components check && "
        f"{sys.executable} -m pytest -q -n 0 -p no:cacheprovider "
        "tests/test_your_stacks.py"
    )
    return subprocess.run(
        ["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )


def edit(stacks: Path, name: str, old: str, new: str) -> None:
    path = stacks / f"Pulumi.{name}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def everyday_edits(stacks: Path) -> None:
    (stacks / "Pulumi.qa.yaml").write_text(QA)  # a fourth tenant
    edit(stacks, "dev", "requireLoginAfter: 30d", "requireLoginAfter: 7d")
    (stacks / "Pulumi.staging.yaml").unlink()
    (stacks / "Pulumi.prod.yaml").rename(stacks / "Pulumi.production.yaml")


def one_stack(stacks: Path) -> None:
    for path in stacks.glob("Pulumi.*.yaml"):
        if path.name != "Pulumi.dev.yaml":
            path.unlink()


def twenty_stacks(stacks: Path) -> None:
    for index in range(17):
        (stacks / f"Pulumi.customer-{index:02d}.yaml").write_text(
            QA.replace("14d", f"{index + 2}d")
        )


@pytest.mark.parametrize(
    "edits",
    [everyday_edits, one_stack, twenty_stacks],
    ids=lambda edits: edits.__name__,
)
def test_edits_within_the_rules_keep_ci_green(tmp_path, edits: Callable[[Path], None]):
    repo = template(tmp_path)
    edits(repo / "stacks")
    done = ci_on_stacks(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout and "failed" not in done.stdout


def test_an_over_limit_value_fails_ci_with_checks_message(tmp_path):
    repo = template(tmp_path)
    edit(repo / "stacks", "dev", "requireLoginAfter: 30d", "requireLoginAfter: 45d")
    done = ci_on_stacks(repo)
    assert done.returncode == 1
    assert "stacks/Pulumi.dev.yaml: 1 problem" in done.stdout
    assert "auth0-sessions:requireLoginAfter:" in done.stdout
    assert "43,200 min = 720 h = 30 days" in done.stdout
