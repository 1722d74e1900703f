"""Runs a workflow of `.github/workflows/` as GitHub would, under act (nektos/act) in host
mode, against fakes that record every request (../shared/workflow-facts.md has the facts
behind each piece):

- a bare remote holding the default branch and `refs/pull/N/{head,merge}`, and a working
  copy whose `origin` is the GitHub URL: a `.gitconfig` in the runs' HOME rewrites it to
  the bare remote (actions/checkout copies that file into its own HOME);
- the pinned actions from ../shared/actions/ when that folder exists
  (`--local-repository`), else act fetches them as it does for a user with internet;
- setup-python's tool cache seeded with this machine's Python 3.11; the Pulumi CLI and
  provider from engine/build, through a `curl` that stands in for the get.pulumi.com
  install on the runs' PATH only; every stack initialised in a file backend;
- one fake Management API per tenant domain behind a loopback CONNECT proxy (HTTPS_PROXY;
  other hosts, PyPI, pass through), each with a certificate for its name from one CA;
- a fake GitHub API (fake_github.py) and act's artifact server on 127.0.0.1, a distinct
  run id per run;
- each run bounded by a timeout, its log kept, act's per-job workspaces deleted after it.

Per-environment variables and secrets do not exist under act: every stack's file names its
own tenant (`auth0:domain`), and all tenants take the same client id; one that refuses
its credentials is a fake with another secret. With `own_credentials`, each stack file
also carries the secret, encrypted (`pulumi config set --secret`), and no run is given
AUTH0_CLIENT_SECRET: the layout that lets stacks share jobs (`stacks --batches`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import trustme
from connect_proxy import ConnectProxy
from fake_auth0 import CLIENT_ID, CLIENT_SECRET, FakeAuth0
from fake_github import FakeGitHub
from rig import PASSPHRASE, ROOT, VENV, install_provider

OWNER, REPO = "acme", "tenants"
SHARED_ACTIONS = ROOT.parent / "shared" / "actions"
RUN_TIMEOUT = 900  # seconds: one workflow run, all its jobs
TIMES_FILE = Path(
    os.environ.get("AUTH0_SESSIONS_WORKFLOW_TIMES", "/tmp/auth0-sessions-workflow-times")
)
# The project files a clone of the template holds (tests and engine left out: the
# pull request's own .ci/run is a stand-in here, see `Repository.__init__`).
PROJECT_FILES = (
    "Pulumi.yaml",
    "__main__.py",
    "requirements.txt",
    "requirements-dev.txt",
    "pyproject.toml",
    "components",
    "plugin",
    "policy",
    ".github",
)
CI_STAND_IN = """\
#!/usr/bin/env bash
# The workflow tests' stand-in for the project's CI: the product's own tests are not what
# these runs prove, and the real one takes minutes. It still checks the stack files.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m components check
echo "1 passed, 0 failed"
"""
ENGINE_STAND_IN = """\
#!/usr/bin/env bash
# The cache test's stand-in for the project's CI: engine/build alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash engine/build
"""


# --- git ---------------------------------------------------------------------------------
def git(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout.strip()


@dataclass(frozen=True)
class Tenant:
    stack: str
    domain: str
    wave: int
    config: dict[str, str]  # auth0-sessions keys (without the namespace) and values


# --- the world a run happens in ------------------------------------------------------------
@dataclass
class Run:
    workflow: str
    event: str
    run_id: int
    code: int
    seconds: float
    log: str


@dataclass
class World:
    """Everything a workflow run reaches, built once per test in `root`."""

    root: Path
    engine: Path
    tenants: list[Tenant]
    refused: set[str] = field(default_factory=set)  # stacks whose tenant refuses the secret
    later: list[Tenant] = field(default_factory=list)  # tenants a pull request will add
    engine_ci: bool = False  # .ci/run builds the engine (the cache test), not check
    own_credentials: bool = False  # each stack file carries its secret, encrypted
    batch_size: int | None = None  # the AUTH0_SESSIONS_BATCH_SIZE repository variable
    runs: list[Run] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.home = self.root / "home"
        self.remotes = self.root / "remotes"
        self.bare = self.remotes / OWNER / REPO
        self.work = self.root / "work"
        self.backend = self.root / "backend"
        self.artifacts = self.root / "artifacts"
        self.cache = self.root / "act-cache"
        for folder in (self.home, self.bare, self.backend, self.artifacts, self.cache):
            folder.mkdir(parents=True)
        self._run_ids = count(100)
        self._start_fakes()
        self._seed_home()
        self._init_repository()

    # fakes --------------------------------------------------------------------------------
    def _start_fakes(self) -> None:
        from conftest import recorded_tenant

        ca = trustme.CA()
        self.ca_file = self.root / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        self.fakes: dict[str, FakeAuth0] = {}
        for tenant in [*self.tenants, *self.later]:
            folder = self.root / "fake" / tenant.stack
            folder.mkdir(parents=True)
            secret = "another-secret" if tenant.stack in self.refused else CLIENT_SECRET
            fake = FakeAuth0(recorded_tenant(), client_secret=secret)
            self.fakes[tenant.stack] = fake.start(folder, domain=tenant.domain, ca=ca)
        self.proxy = ConnectProxy(
            {t.domain: self.fakes[t.stack].port for t in [*self.tenants, *self.later]}
        )
        self.github = FakeGitHub(OWNER, REPO, self.artifacts).start()

    def stop(self) -> None:
        for fake in self.fakes.values():
            fake.stop()
        self.proxy.stop()
        self.github.stop()

    # HOME, PATH and the environment ------------------------------------------------------
    def _seed_home(self) -> None:
        (self.home / ".gitconfig").write_text(
            f'[url "{self.remotes}/"]\n\tinsteadOf = https://github.com/\n'
            "[user]\n\tname = Test\n\temail = test@example.com\n"
            "[init]\n\tdefaultBranch = main\n"
        )
        install_provider(self.home / ".pulumi", self.engine)
        shims = self.root / "shims"
        shims.mkdir()
        real_curl = shutil.which("curl") or "/usr/bin/curl"
        # get.pulumi.com's installer puts the CLI in $HOME/.pulumi/bin: this one links the
        # CLI engine/build made there; every other call goes to the real curl.
        (shims / "curl").write_text(
            "#!/usr/bin/env bash\n"
            'case " $* " in\n'
            "  *get.pulumi.com*)\n"
            "    cat <<'EOF'\n"
            'mkdir -p "$HOME/.pulumi/bin"\n'
            f'for f in "{self.engine}/bin/"*; do ln -sf "$f" "$HOME/.pulumi/bin/"; done\n'
            "EOF\n"
            "    ;;\n"
            f'  *) exec "{real_curl}" "$@" ;;\n'
            "esac\n"
        )
        (shims / "curl").chmod(0o755)
        self.shims = shims
        # setup-python finds a Python in its tool cache: this machine's 3.11.
        version = ".".join(map(str, sys.version_info[:3]))
        tool = self.cache / "tool_cache" / "Python" / version / "x64"
        tool.parent.mkdir(parents=True)
        prefix = subprocess.run(
            ["python3.11", "-c", "import sys; print(sys.base_prefix)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        tool.symlink_to(prefix)
        (tool.parent / "x64.complete").touch()
        self.python_version = version

    def fresh_runner(self) -> None:
        """What a new runner lacks: anything a run left in its HOME's caches."""
        shutil.rmtree(self.home / ".cache", ignore_errors=True)

    def env(self) -> dict[str, str]:
        """The host environment act's jobs inherit: a user's machine with nothing of ours."""
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and str(VENV) not in p]
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PULUMI_", "AUTH0_", "GITHUB_", "RUNNER_", "ACTIONS_"))
            and k not in ("VIRTUAL_ENV", "PYTHONPATH", "CI")
        }
        return {
            **keep,
            "HOME": str(self.home),
            "PATH": os.pathsep.join([str(self.shims), *path]),
            "HTTPS_PROXY": self.proxy.url,
            "https_proxy": self.proxy.url,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "SSL_CERT_FILE": str(self.ca_file),
            "NODE_EXTRA_CA_CERTS": str(self.ca_file),
            "PIP_CACHE_DIR": str(Path.home() / ".cache" / "auth0-sessions" / "act-pip"),
            # Pulumi finds its home through the passwd entry (Go's user.Current), not
            # $HOME: on a runner both are the runner's; here HOME is the test's.
            "PULUMI_HOME": str(self.home / ".pulumi"),
            "PULUMI_SKIP_UPDATE_CHECK": "1",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            # Go compiles and downloads from this machine's caches (engine/build in the
            # cache test): only engine/build's output is what a run may not find.
            "GOCACHE": _go_env("GOCACHE"),
            "GOMODCACHE": _go_env("GOMODCACHE"),
        }

    def pulumi(self, *args: str, cwd: Path | None = None, expect: int | None = 0) -> str:
        """The engine's CLI as a user on this machine runs it, against the runs' backend."""
        env = {
            **self.env(),
            "PATH": os.pathsep.join([str(self.engine / "bin"), self.env()["PATH"]]),
            "PULUMI_BACKEND_URL": f"file://{self.backend}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "AUTH0_CLIENT_ID": CLIENT_ID,
            "AUTH0_CLIENT_SECRET": CLIENT_SECRET,
        }
        done = subprocess.run(
            ["pulumi", *args],
            cwd=cwd or self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if expect is not None and done.returncode != expect:
            raise AssertionError(f"pulumi {' '.join(args)}: {done.stdout}\n{done.stderr}")
        return done.stdout

    # the repository -----------------------------------------------------------------------
    def _init_repository(self) -> None:
        env = {**os.environ, "HOME": str(self.home)}
        git(self.bare, "init", "--bare", "-q", "-b", "main", env=env)
        self.work.mkdir()
        git(self.work, "init", "-q", "-b", "main", env=env)
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(source, self.work / name, ignore=ignore)
            elif source.exists():
                shutil.copy2(source, self.work / name)
        (self.work / ".gitignore").write_text(".venv\n__pycache__/\npr/\ndiff.md\n")
        (self.work / ".venv").symlink_to(VENV)  # for `up` by hand; each job makes its own
        (self.work / ".ci").mkdir()
        (self.work / ".ci" / "run").write_text(ENGINE_STAND_IN if self.engine_ci else CI_STAND_IN)
        if self.engine_ci:
            shutil.copytree(ROOT / "engine", self.work / "engine")
        (self.work / "stacks").mkdir()
        for tenant in self.tenants:
            self.add_stack(tenant)
        git(self.work, "remote", "add", "origin", f"https://github.com/{OWNER}/{REPO}", env=env)
        self.commit("the template, with this team's tenants")
        git(self.work, "push", "-q", "origin", "main", env=env)

    def add_stack(self, tenant: Tenant) -> None:
        """A new tenant's stack file, and its stack in the backend (`pulumi stack init`
        writes the file's encryption salt), as a team adds one."""
        self.write_stack(tenant)
        self.pulumi("stack", "init", tenant.stack, "--secrets-provider", "passphrase")
        if self.own_credentials:
            self.pulumi("config", "set", "--secret", "--stack", tenant.stack,
                        "auth0:clientSecret", CLIENT_SECRET)  # fmt: skip

    def up(self, *stacks: str) -> None:
        """`pulumi up` by hand from the default branch: tenants deployed before the runs."""
        self.git("checkout", "-q", "--detach", "main")
        for stack in stacks:
            self.pulumi("up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive")

    def write_stack(self, tenant: Tenant, **changes: str) -> None:
        path = self.work / "stacks" / f"Pulumi.{tenant.stack}.yaml"
        old = path.read_text().splitlines() if path.exists() else []
        salt = [line for line in old if line.startswith("encryptionsalt")]
        at = next((i for i, line in enumerate(old) if line == "  auth0:clientSecret:"), None)
        secret = [] if at is None else old[at : at + 2]  # the key and its `secure:` line
        config = {**tenant.config, **changes}
        lines = [
            *salt,
            "config:",
            f"  auth0:domain: {tenant.domain}",
            f"  auth0:clientId: {CLIENT_ID}",
            f"  auth0-sessions:wave: {tenant.wave}",
            *(f"  auth0-sessions:{k}: {v}" for k, v in config.items()),
            *secret,
        ]
        path.write_text("\n".join(lines) + "\n")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def push_main(self, message: str, **changes: dict[str, str]) -> str:
        """A merge to the default branch: each stack's changes committed on main, pushed."""
        self.git("checkout", "-q", "main")
        tenants = {t.stack: t for t in self.tenants}
        for stack, values in changes.items():
            self.write_stack(tenants[stack], **values)
        head = self.commit(message)
        self.git("push", "-q", "origin", "main")
        return head

    def git(self, *args: str) -> str:
        return git(self.work, *args, env={**os.environ, "HOME": str(self.home)})

    # pull requests -------------------------------------------------------------------------
    def open_pull_request(self, number: int, branch: str, *, fork: bool = False) -> dict[str, Any]:
        """`branch` of the working copy as pull request `number`: its head and a merge
        commit with main pushed as refs/pull/N/{head,merge}; the pull request listed."""
        head = self.git("rev-parse", branch)
        base = self.git("rev-parse", "main")
        self.git("checkout", "-q", "--detach", "main")
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {head} into {base}", head)
        merge = self.git("rev-parse", "HEAD")
        self.git("push", "-q", "-f", "origin", f"{head}:refs/pull/{number}/head")
        self.git("push", "-q", "-f", "origin", f"{merge}:refs/pull/{number}/merge")
        repo = {"full_name": f"{'a-stranger' if fork else OWNER}/{REPO}"}
        pull = {
            "number": number,
            "merge_commit_sha": merge,
            "state": "open",
            "head": {"sha": head, "ref": branch, "repo": repo},
            "base": {"sha": base, "ref": "main", "repo": {"full_name": f"{OWNER}/{REPO}"}},
        }
        self.github.pulls[:] = [p for p in self.github.pulls if p["number"] != number] + [pull]
        return pull

    # running act ---------------------------------------------------------------------------
    def act(
        self,
        workflow: str,
        event: str,
        payload: dict[str, Any],
        *,
        checkout: str = "main",
        cache: bool = False,
    ) -> Run:
        """One run of `.github/workflows/<workflow>` for `event`, from the working copy
        at `checkout` (github.sha is its HEAD), with a run id of its own."""
        self.git("checkout", "-q", "--detach", checkout)
        run_id = next(self._run_ids)
        event_file = self.root / f"event-{run_id}.json"
        repository = {"full_name": f"{OWNER}/{REPO}", "name": REPO, "owner": {"login": OWNER},
                      "default_branch": "main"}  # fmt: skip
        event_file.write_text(json.dumps({"repository": repository, **payload}))
        args = [
            str(self.engine / "bin" / "act"),
            event,
            "-W", f".github/workflows/{workflow}",
            "-e", str(event_file),
            "-P", "ubuntu-latest=-self-hosted",
            "--action-cache-path", str(self.cache),
            "--artifact-server-path", str(self.artifacts),
            "--artifact-server-addr", "127.0.0.1",
            "--artifact-server-port", str(_free_port()),
            *(
                ["--cache-server-path", str(self.root / "cache-server"),
                 "--cache-server-addr", "127.0.0.1"]
                if cache
                else ["--no-cache-server"]
            ),
            "--no-skip-checkout",
            "--concurrent-jobs", "2",
            "--defaultbranch", "main",
            "-s", "GITHUB_TOKEN=fake-github-token",
            "-s", f"PULUMI_CONFIG_PASSPHRASE={PASSPHRASE}",
            *([] if self.own_credentials else ["-s", f"AUTH0_CLIENT_SECRET={CLIENT_SECRET}"]),
            *(["--var", f"AUTH0_SESSIONS_BATCH_SIZE={self.batch_size}"] if self.batch_size else []),
            "--var", f"PULUMI_BACKEND_URL=file://{self.backend}",
            "--var", f"AUTH0_CLIENT_ID={CLIENT_ID}",
            "--env", f"GITHUB_API_URL={self.github.url}",
            "--env", f"GITHUB_RUN_ID={run_id}",
        ]  # fmt: skip
        if SHARED_ACTIONS.is_dir():
            for folder in sorted(SHARED_ACTIONS.iterdir()):
                if "@" in folder.name:
                    args += ["--local-repository", f"actions/{folder.name}={folder}"]
        started = time.monotonic()
        done = subprocess.run(
            args,
            cwd=self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        seconds = time.monotonic() - started
        log = done.stdout + done.stderr
        (self.root / f"act-{run_id}-{workflow}.log").write_text(log)
        for workspace in self.cache.glob("*"):  # act's per-job workspaces (≈ 0.5 GB each)
            if workspace.name not in ("tool_cache", "actions") and workspace.is_dir():
                shutil.rmtree(workspace, ignore_errors=True)
        run = Run(workflow, event, run_id, done.returncode, seconds, log)
        self.runs.append(run)
        with TIMES_FILE.open("a") as times:
            times.write(f"{workflow} ({event}): {seconds:.0f} s\n")
        return run


def _go_env(name: str) -> str:
    return subprocess.run(
        ["go", "env", name], capture_output=True, text=True, check=True
    ).stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
