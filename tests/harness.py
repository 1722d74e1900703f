"""Run the real Pulumi program (`__main__.py`) under the SDK's mock runtime.

The config is given as the engine would give it: every value a string (structured
values as JSON), secrets decrypted and listed as secret keys, and Pulumi.yaml's
defaults filled in under the stack's own values. Nothing here reuses the project's
own readers, so the tests check them rather than repeat them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc

from components.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "stacks"  # the tests' own stack files, never the real stacks/
TENANT = "auth0:index/tenant:Tenant"
COMPONENT = "auth0-sessions:index:TenantSessionSettings"
DECRYPTED = "decrypted-placeholder-value"


def examples(quick: int) -> int:
    """A property's example count: as given, or ten times it under the thorough profile."""
    return quick * (10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1)


def _engine_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value)


def engine_config(stack_file: Path) -> tuple[dict[str, str], list[str]]:
    """(config, secret keys) as `pulumi up` would hand them to the program."""
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())
    config: dict[str, str] = {}
    for key, spec in project.get("config", {}).items():
        if isinstance(spec, dict) and "default" in spec:
            config[f"auth0-sessions:{key}"] = _engine_string(spec["default"])
    secret_keys: list[str] = []
    document = yaml.safe_load(stack_file.read_text()) or {}
    for key, value in (document.get("config") or {}).items():
        full_key = key if ":" in key else f"auth0-sessions:{key}"
        if isinstance(value, dict) and set(value) == {"secure"}:
            config[full_key] = DECRYPTED
            secret_keys.append(full_key)
        else:
            config[full_key] = _engine_string(value)
    return config, secret_keys


@dataclass
class Registration:
    type: str
    name: str
    inputs: dict[str, Any]
    parent: str
    protect: bool
    retain_on_delete: bool
    ignore_changes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass
class ProgramRun:
    resources: list[Registration] = field(default_factory=list)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # by URN
    error: BaseException | None = None
    invokes: list[str] = field(default_factory=list)

    def one(self, type_: str) -> Registration:
        found = [r for r in self.resources if r.type == type_]
        assert len(found) == 1, f"expected one {type_}, got {[r.name for r in found]}"
        return found[0]


GET_TENANT = "auth0:index/getTenant:getTenant"


class _Mocks(pulumi.runtime.Mocks):
    """Resources echo their inputs; `getTenant` answers with `tenant` (camelCase, as the
    provider's invoke would), every other invoke with nothing."""

    def __init__(self, run: ProgramRun, tenant: dict[str, Any] | None) -> None:
        self.run = run
        self.tenant = tenant or {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list]:
        self.run.invokes.append(args.token)
        return (dict(self.tenant) if args.token == GET_TENANT else {}), []


class _RecordingMonitor(pulumi_mocks.MockMonitor):
    """The SDK's mock monitor, also keeping what it is asked to register."""

    def __init__(self, mocks: pulumi.runtime.Mocks, run: ProgramRun) -> None:
        super().__init__(mocks)
        self.run = run

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.run.resources.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    inputs=rpc.deserialize_properties(request.object),
                    parent=request.parent,
                    protect=bool(request.protect),
                    retain_on_delete=bool(request.retainOnDelete),
                    ignore_changes=list(request.ignoreChanges),
                    aliases=[_alias(alias) for alias in request.aliases],
                )
            )
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        self.run.outputs[request.urn] = rpc.deserialize_properties(request.outputs)
        return super().RegisterResourceOutputs(request)


def _alias(alias: Any) -> str:
    """An alias as sent: a URN, or (with alias specs) the spec's name or its URN."""
    if isinstance(alias, str):
        return alias
    return alias.urn or alias.spec.name


def start_mock_runtime(
    project: str, stack: str, tenant: dict[str, Any] | None = None
) -> ProgramRun:
    """Point the Pulumi SDK at a fresh mock engine; what it registers lands in the result.

    `tenant` is what `auth0.get_tenant()` answers (the live tenant's settings).
    """
    run = ProgramRun()
    mocks = _Mocks(run, tenant)
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=False, monitor=_RecordingMonitor(mocks, run)
    )
    return run


def cli_output(*args: str) -> tuple[int, str]:
    """`python -m components ARGS` in this process: (exit status, what it printed)."""
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


_PROCESS_SETTINGS = {"PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG"}


def run_cli(
    *args: str,
    cwd: Path = ROOT,
    stdin: str = "",
    timeout: float = 60,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m components ARGS` in this process, as a fresh one would see it: `cwd`,
    `env` on top of this environment and `stdin` for the call only; (exit code, stdout,
    stderr). A traceback is an exception here, so it fails the test as it would the command.
    Where the process itself is under test (its encoding, memory, time), use run_process."""
    if _PROCESS_SETTINGS & set(env or {}):  # settings only a fresh interpreter reads
        return run_process(*args, cwd=cwd, stdin=stdin, timeout=timeout, env=env)
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd, saved_stdin = dict(os.environ), os.getcwd(), sys.stdin
    try:
        os.environ.update(env or {})
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8", "surrogateescape")))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as done:  # argparse: usage errors and --help
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
                if isinstance(done.code, str):
                    err.write(done.code + "\n")
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def run_process(
    *args: str,
    cwd: Path = ROOT,
    stdin: str = "",
    timeout: float = 60,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m components ARGS` in a fresh process (exit code, stdout, stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def pull_from(
    export: Path, *args: str, stack: str = "dev", plan: str = "professional"
) -> subprocess.CompletedProcess[str]:
    """`python -m components pull --from EXPORT` in a fresh process."""
    return run_cli("pull", "--stack", stack, "--plan", plan, "--from", str(export), *args)


def check_output(*args: str) -> tuple[int, str]:
    """`python -m components check ARGS` in this process."""
    return cli_output("check", *args)


def run_program(
    stack: str,
    config: dict[str, str],
    secret_keys: list[str] | None = None,
    tenant: dict[str, Any] | None = None,
) -> ProgramRun:
    """Run `__main__.py` for `stack` with `config`; a failure is kept in `.error`."""
    run = start_mock_runtime("auth0-sessions", stack, tenant)
    pulumi.runtime.set_all_config(config, secret_keys or [])

    @pulumi.runtime.test
    def program() -> None:
        runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")

    try:
        program()
    except Exception as error:  # the program's own failure is what some tests assert
        run.error = error
    return run


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    """A project folder (Pulumi.yaml + stacks/) inside a fresh git repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = root / "infra"  # the project need not be the repository's root
        (self.project / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", self.project / "Pulumi.yaml")
        for path in FIXTURES.glob("Pulumi.*.yaml"):
            shutil.copy(path, self.project / "stacks" / path.name)
        self.git("init", "-q", "-b", "main")
        self.commit("base: the three environments")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **GIT_ENV},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def stack(self, name: str) -> Path:
        return self.project / "stacks" / f"Pulumi.{name}.yaml"

    def set(self, stack: str, key: str, value: str) -> None:
        """Replace one `auth0-sessions:key: …` line (or add it)."""
        path = self.stack(stack)
        lines = path.read_text().splitlines()
        prefix = f"  auth0-sessions:{key}:"
        new = f"{prefix} {value}"
        lines = [new if line.startswith(prefix) else line for line in lines]
        if new not in lines:
            lines.append(new)
        path.write_text("\n".join(lines) + "\n")

    def diff(self, *args: str) -> tuple[int, str]:
        return cli_output("diff", "--project", str(self.project), *args)
