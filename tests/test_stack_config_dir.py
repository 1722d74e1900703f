"""Stack files are where Pulumi.yaml's `stackConfigDir` says, for every command and at every
revision (pulumi/pulumi workspace: the project's stackConfigDir, relative to Pulumi.yaml)."""

from __future__ import annotations

import json

import pytest
from harness import FIXTURES, ROOT, Repo, cli_output, pull_from, run_cli


def moved(repo: Repo, folder: str = "elsewhere") -> None:
    """Pulumi.yaml points at `folder`, and the stack files move there."""
    text = (repo.project / "Pulumi.yaml").read_text()
    (repo.project / "Pulumi.yaml").write_text(
        text.replace("stackConfigDir: stacks", f"stackConfigDir: {folder}")
    )
    (repo.project / "stacks").rename(repo.project / folder)


def test_check_and_stacks_read_where_pulumi_yaml_says(tmp_path):
    repo = Repo(tmp_path)
    moved(repo)
    code, out = cli_output("check", "--project", str(repo.project))
    assert code == 0 and "3 stack files checked: 3 valid" in out
    assert "elsewhere/Pulumi.prod.yaml" in out
    code, out = cli_output("stacks", "--json", "--project", str(repo.project))
    assert [row["stack"] for row in json.loads(out)] == ["dev", "staging", "prod"]


def test_check_stack_finds_the_file_pulumi_reads(tmp_path):
    repo = Repo(tmp_path)
    moved(repo)
    code, out = cli_output("check", "--stack", "prod", "--project", str(repo.project))
    assert code == 0 and out.splitlines()[0].endswith(
        "elsewhere/Pulumi.prod.yaml: stack prod, plan enterprise: OK"
    )


def test_a_moved_folder_reads_as_a_move_and_the_changed_stack_as_changed(tmp_path):
    """The attack: move the files, change prod there. Read from stacks/, that was "prod
    removed, exit 0" while Pulumi deployed the changed prod."""
    repo = Repo(tmp_path)
    moved(repo)
    (repo.project / "elsewhere" / "Pulumi.prod.yaml").write_text(
        (FIXTURES / "Pulumi.prod.yaml")
        .read_text()
        .replace("requireLoginAfter: 90d", "requireLoginAfter: 400d")
    )
    code, out = repo.diff("--base", "main")
    assert code == 1
    assert (
        "Pulumi.yaml moves stackConfigDir from stacks/ to elsewhere/: Pulumi reads the stack "
        "files from elsewhere/ now, so each stack is compared with its file there"
    ) in out
    assert "prod (elsewhere/Pulumi.prod.yaml): changed, INVALID" in out
    assert "removed" not in out
    code, document = repo.diff("--base", "main", "--format", "json")
    assert json.loads(document)["stack_config_dir"] == {"before": "stacks", "after": "elsewhere"}


def test_a_folder_outside_the_project_is_refused(tmp_path):
    repo = Repo(tmp_path)
    text = (repo.project / "Pulumi.yaml").read_text()
    (repo.project / "Pulumi.yaml").write_text(
        text.replace("stackConfigDir: stacks", "stackConfigDir: ../outside")
    )
    for command in (["check"], ["stacks"], ["diff", "--base", "main"]):
        done = run_cli(*command, "--project", str(repo.project))
        assert done.returncode == 1, command
        assert "stackConfigDir '../outside' is not a folder inside the project" in done.stderr


def test_pull_write_writes_where_pulumi_reads(tmp_path):
    repo = Repo(tmp_path)
    moved(repo)
    export = ROOT / "tests" / "exports" / "tenant.json"
    done = pull_from(export, "--write", "--project", str(repo.project), stack="qa")
    assert done.returncode == 0, done.stderr
    assert (repo.project / "elsewhere" / "Pulumi.qa.yaml").is_file()


@pytest.mark.parametrize(("value", "folder"), [("stacks", "stacks"), ("./stacks/", "stacks")])
def test_the_folder_is_read_as_pulumi_reads_it(value, folder):
    from components.stackfiles.stackfile import stack_config_dir_of

    assert stack_config_dir_of(f"name: x\nstackConfigDir: {value}\n") == folder
    assert stack_config_dir_of("name: x\n") == "."  # beside Pulumi.yaml, as Pulumi does


def test_each_sides_pulumi_yaml_is_parsed_once(tmp_path, monkeypatch):
    """A Pulumi.yaml of up to 1 MiB takes about half a second to parse: `diff` once parsed
    each side's three to six times (folder, defaults, list-typed keys), `check` three."""
    from components.stackfiles import stackfile

    repo = Repo(tmp_path)
    base = (repo.project / "Pulumi.yaml").read_text()
    moved(repo)  # the two sides' Pulumi.yaml differ
    now = (repo.project / "Pulumi.yaml").read_text()
    parsed: list[str] = []
    real = stackfile._parse_yaml
    monkeypatch.setattr(stackfile, "_parse_yaml", lambda text: parsed.append(text) or real(text))

    def project_parses() -> list[str]:
        found = [text for text in parsed if "stackConfigDir:" in text]
        parsed.clear()
        stackfile._project_document.cache_clear()
        return found

    project_parses()
    assert repo.diff("--base", "main")[0] == 0
    assert sorted(project_parses()) == sorted([base, now])
    assert cli_output("check", "--project", str(repo.project))[0] == 0
    assert project_parses() == [now]
