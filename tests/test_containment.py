"""Nothing outside the project is read or written, whichever path component is a symlink.

A pull request controls every name in its tree: it can make `stacks/`, a folder above a
`stackConfigDir`, `Pulumi.yaml` or a stack file a symlink (in the working tree, or as a
git tree entry of mode 120000). Each command refuses it with one line naming the link,
exit 1, and neither reads nor quotes nor writes what it points to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from harness import FIXTURES, ROOT, Repo, engine_config, run_cli, run_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import components.stackfiles.engine as engine_module

EXPORTS = ROOT / "tests" / "exports"
SECRET = "outside-the-checkout.example.com"  # a value only the outside folder holds


def _outside(root: Path) -> Path:
    """A folder outside the project holding a valid-looking stack file of its own."""
    folder = root / "outside"
    folder.mkdir(exist_ok=True)
    for name in ("dev", "prod", "staging"):
        text = (FIXTURES / f"Pulumi.{name}.yaml").read_text()
        (folder / f"Pulumi.{name}.yaml").write_text(text.replace("auth0.com", SECRET))
    return folder


def _link(repo: Repo, where: str, root: Path) -> str:
    """Put a symlink at `where` in the project; return how the refusal names it."""
    outside = _outside(root)
    project = repo.project
    if where == "stacks folder":
        for path in (project / "stacks").iterdir():
            path.unlink()
        (project / "stacks").rmdir()
        (project / "stacks").symlink_to(outside)
        return "stacks/ is a symlink"
    if where == "folder above stackConfigDir":
        text = (project / "Pulumi.yaml").read_text()
        (project / "Pulumi.yaml").write_text(
            text.replace("stackConfigDir: stacks", "stackConfigDir: envs/stacks")
        )
        (project / "envs").symlink_to(root)  # envs/stacks is then root/stacks → ...
        (root / "stacks").mkdir(exist_ok=True)
        for path in outside.iterdir():
            (root / "stacks" / path.name).write_text(path.read_text())
        return "envs/ is a symlink"
    if where == "Pulumi.yaml":
        (root / "elsewhere.yaml").write_text((project / "Pulumi.yaml").read_text())
        (project / "Pulumi.yaml").unlink()
        (project / "Pulumi.yaml").symlink_to(root / "elsewhere.yaml")
        return "Pulumi.yaml is a symlink"
    raise AssertionError(where)


PLACES = ["stacks folder", "folder above stackConfigDir", "Pulumi.yaml"]
COMMANDS = [
    ["check"],
    ["check", "--stack", "dev"],
    ["stacks"],
    ["stacks", "--matrix"],
    ["diff", "--base", "main"],
    ["audit", "--stack", "dev"],
]


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_symlink_along_the_path_is_refused_by_every_reader(tmp_path, where, command):
    repo = Repo(tmp_path)
    named = _link(repo, where, tmp_path)
    env = {"AUTH0_DOMAIN": "127.0.0.1:9", "AUTH0_API_TOKEN": "t"}  # never reached
    done = run_cli(*command, "--project", str(repo.project), env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and named in lines[0] and "refused" in lines[0]
    assert SECRET not in done.stdout + done.stderr
    assert str(tmp_path) not in lines[0]  # the link is named, its target never


@pytest.mark.parametrize("where", PLACES)
def test_pull_write_through_a_link_writes_nothing(tmp_path, where):
    repo = Repo(tmp_path)
    named = _link(repo, where, tmp_path)
    before = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    export = EXPORTS / "tenant.json"
    done = run_cli(
        "pull", "--stack", "qa", "--plan", "professional", "--from", str(export), "--write",
        "--project", str(repo.project),
    )  # fmt: skip
    assert done.returncode == 1 and named in done.stderr
    after = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert after == before


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    depth=st.integers(1, 4),
    at=st.integers(0, 3),
    names=st.lists(
        st.from_regex(r"[a-zé][a-z0-9 _.é-]{0,5}", fullmatch=True), min_size=4, max_size=4,
        unique=True,
    ),
)  # fmt: skip
def test_a_link_at_any_depth_of_stack_config_dir_is_named(tmp_path_factory, depth, at, names):
    """The class, not one payload: a symlink at any component of a nested stackConfigDir."""
    root = tmp_path_factory.mktemp("deep")
    repo = Repo(root)
    parts = names[:depth]
    at = min(at, depth - 1)
    text = (repo.project / "Pulumi.yaml").read_text()
    folder = "/".join(parts)
    (repo.project / "Pulumi.yaml").write_text(
        text.replace("stackConfigDir: stacks", f'stackConfigDir: "{folder}"')
    )
    real = repo.project.joinpath(*parts[:at])
    real.mkdir(parents=True, exist_ok=True)
    outside = _outside(root)
    target = outside
    for part in parts[at + 1 :]:
        target = target / part
        target.mkdir()
        for path in outside.glob("Pulumi.*.yaml"):
            (target / path.name).write_text(path.read_text())
    (real / parts[at]).symlink_to(outside)
    done = run_cli("check", "--project", str(repo.project))
    assert done.returncode == 1
    assert "/".join(parts[: at + 1]) + "/ is a symlink" in done.stderr
    assert SECRET not in done.stdout + done.stderr


def test_a_symlinked_folder_in_the_base_revision_is_refused(tmp_path):
    repo = Repo(tmp_path)
    _outside(tmp_path)
    stacks = repo.project / "stacks"
    for path in stacks.iterdir():
        path.unlink()
    stacks.rmdir()
    stacks.symlink_to(tmp_path / "outside")
    repo.commit("stacks/ becomes a link (a git tree entry of mode 120000)")
    repo.git("rm", "-q", "--cached", "infra/stacks")
    stacks.unlink()
    stacks.mkdir()
    for path in FIXTURES.glob("Pulumi.*.yaml"):
        (stacks / path.name).write_text(path.read_text())
    done = run_cli("diff", "--base", "HEAD", "--project", str(repo.project))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: stacks is a symlink at HEAD: refused (its target is not read)"
    ]


def test_the_program_refuses_a_symlinked_stack_folder(tmp_path, monkeypatch):
    repo = Repo(tmp_path)
    _link(repo, "stacks folder", tmp_path)
    monkeypatch.setattr(engine_module, "PROJECT_DIR", repo.project)
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    run = run_program("dev", config, secret_keys)
    assert type(run.error).__name__ == "RunError"
    assert "stacks/ is a symlink: refused" in str(run.error)
    assert run.resources == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_pull_write_keeps_the_mode_of_the_file_it_replaces(tmp_path, mode):
    repo = Repo(tmp_path)
    dev = repo.stack("dev")
    dev.chmod(mode)
    done = run_cli(
        "pull", "--stack", "dev", "--plan", "professional", "--from", str(EXPORTS / "tenant.json"),
        "--write", "--project", str(repo.project),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(dev.stat().st_mode) == mode
    assert dev.stat().st_uid == os.getuid()


def test_a_diff_of_a_project_whose_path_has_spaces_and_no_base_folder(tmp_path):
    """git's `<name> missing` answer once held the path: read by object id, never by name."""
    repo = Repo(tmp_path)
    for name in ("my app", "line\nbreak", 'quote"d'):
        project = tmp_path / name
        project.mkdir()
        (project / "Pulumi.yaml").write_text((repo.project / "Pulumi.yaml").read_text())
        (project / "stacks").mkdir()
        for path in FIXTURES.glob("Pulumi.*.yaml"):
            (project / "stacks" / path.name).write_text(path.read_text())
        done = run_cli("diff", "--base", "HEAD", "--project", str(project))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "3 stacks: 3 added; 0 invalid." in done.stdout


# ------------------------------------------------------------------ numbers of any size

HUGE = ["9" * 400, "-" + "9" * 400, "1e400", "4300" + "0" * 4000]


@pytest.mark.parametrize("number", HUGE)
def test_a_huge_number_in_a_preview_is_an_invalid_value_not_a_traceback(tmp_path, number):
    text = (ROOT / "tests" / "previews" / "create-qa.json").read_text()
    assert '"sessionLifetime": 12,' in text
    preview = tmp_path / "qa.json"
    preview.write_text(text.replace('"sessionLifetime": 12,', f'"sessionLifetime": {number},'))
    done = run_cli("summarize", str(preview))
    assert "Traceback" not in done.stderr
    if len(number) > 4300:  # past Python's int-from-text limit: not JSON it will read
        assert done.returncode == 1 and done.stderr.count("\n") == 1
    else:
        assert done.returncode == 0, done.stderr
        assert "invalid value (" in done.stdout and number not in done.stdout


@given(
    digits=st.integers(16, 4000), field=st.sampled_from(["token_lifetime", "idle_token_lifetime"])
)
@settings(max_examples=8, deadline=None)
def test_a_refresh_token_lifetime_of_any_size_is_refused_in_one_line(digits, field):
    from components.adopt.auth0_api import ApiError
    from components.adopt.tenant_apps import read_live_apps

    block = {"expiration_type": "expiring", "token_lifetime": 3600, field: 10**digits}

    class Answering:
        def get(self, path: str, scope: str) -> object:
            return {}

        def pages(self, path: str, *args: object, shape=dict) -> list[object]:
            if path != "clients":
                return []
            return [shape({"name": "spa\x1b[2J", "app_type": "spa", "refresh_token": block})]

    with pytest.raises(ApiError) as raised:
        read_live_apps(Answering())  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith('GET /api/v2/clients: application "spa\\e[2J": ')
    assert f"refresh_token.{field}: a number of about" in message and "seconds" in message
    assert len(message) < 200
