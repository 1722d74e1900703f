"""The real engine, run as a user runs it: a copy of this project in a temporary folder,
`pulumi` from engine/build's folder on PATH (the Python host beside it finds the
project's virtualenv through Pulumi.yaml), a file backend, a passphrase, and a fake
Management API over TLS. Nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
PASSPHRASE = "e2e-passphrase"
VERSIONS = dict(
    line.split("=", 1)
    for line in (ROOT / "engine" / "versions").read_text().splitlines()
    if line and not line.startswith("#")
)
PROJECT_FILES = ("Pulumi.yaml", "__main__.py", "requirements.txt", "components")


@cache
def engine_dir() -> Path:
    """The folder engine/build prints last (a second build with everything cached is quick):
    `bin/` goes on PATH, `plugins/pulumi-resource-auth0` is installed."""
    found = os.environ.get("AUTH0_SESSIONS_ENGINE")
    if found:
        return Path(found)
    run = subprocess.run(
        ["bash", str(ROOT / "engine" / "build")],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"engine/build failed:\n{run.stderr[-4000:]}")
    return Path(run.stdout.strip().splitlines()[-1])


def base_env(home: Path, backend: Path, ca_file: Path, engine: Path) -> dict[str, str]:
    """A user's shell: pulumi's folder first on PATH, the project's venv nowhere on it."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and str(VENV) not in p]
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AUTH0_"))}
    keep.pop("VIRTUAL_ENV", None)
    return {
        **keep,
        "PATH": os.pathsep.join([str(engine / "bin"), *path]),
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "1",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_COPILOT": "false",
        "SSL_CERT_FILE": str(ca_file),
        "NO_COLOR": "1",
    }


def install_provider(home: Path, engine: Path) -> None:
    """`pulumi plugin install … --file`: the provider comes from the plugin cache, so no
    "using pulumi-resource-auth0 from $PATH" warning reaches the previews."""
    env = {**os.environ, "PULUMI_HOME": str(home), "PULUMI_SKIP_UPDATE_CHECK": "1"}
    subprocess.run(
        [
            str(engine / "bin" / "pulumi"),
            "plugin",
            "install",
            "resource",
            "auth0",
            VERSIONS["PULUMI_AUTH0"],
            "--file",
            str(engine / "plugins" / "pulumi-resource-auth0"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Program:
    """A Pulumi project folder, and `pulumi` run in it."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        folder.mkdir(parents=True, exist_ok=True)

    def stack_file(self, stack: str) -> Path:
        return self.folder / f"Pulumi.{stack}.yaml"

    def pulumi(self, *args: str, timeout: float = 180, expect: int | None = 0) -> Run:
        done = subprocess.run(
            ["pulumi", *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        run = Run(done.returncode, done.stdout, done.stderr)
        if expect is not None and run.code != expect:
            command = " ".join(args)
            raise AssertionError(
                f"pulumi {command} exited {run.code}, expected {expect}:\n{run.output[-6000:]}"
            )
        return run

    def new_stack(self, stack: str, config: dict[str, Any], *, secret: str | None = None) -> None:
        """`pulumi stack init` (passphrase secrets), then the stack file's config, then the
        client secret with `pulumi config set --secret`, as a user does."""
        self.pulumi("stack", "init", stack, "--secrets-provider", "passphrase")
        self.set_config(stack, config)
        if secret is not None:
            self.pulumi("config", "set", "--secret", "auth0:clientSecret", secret, "--stack", stack)

    def set_config(self, stack: str, config: dict[str, Any]) -> None:
        """Rewrite the stack file's config (its encryption salt and secrets kept)."""
        path = self.stack_file(stack)
        document = yaml.safe_load(path.read_text()) or {}
        kept = {
            k: v
            for k, v in (document.get("config") or {}).items()
            if isinstance(v, dict) and set(v) == {"secure"}  # a secret, not an object value
        }
        document["config"] = {**config, **kept}
        path.write_text(yaml.safe_dump(document, sort_keys=False))


class YamlProgram(Program):
    """A Pulumi YAML program: its Pulumi.yaml is `project`, written as YAML."""

    def __init__(self, folder: Path, env: dict[str, str], project: dict[str, Any]) -> None:
        super().__init__(folder, env)
        self.write(project)

    def write(self, project: dict[str, Any]) -> None:
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))


class Project(Program):
    """This project copied to `folder`, with the tests' own stack files."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        super().__init__(folder, env)
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, folder / name)
        (folder / ".venv").symlink_to(VENV)
        (folder / "stacks").mkdir()

    def stack_file(self, stack: str) -> Path:
        return self.folder / "stacks" / f"Pulumi.{stack}.yaml"
