"""Many tenants: `stacks` for workflow matrices, `diff` at fleet speed, a comment that scales."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from harness import ROOT, Repo, cli_output, run_cli

from components.review import gitrev

VALID = "config:\n  auth0-sessions:plan: free\n  auth0-sessions:requireLoginAfter: 1d\n"


def project(tmp_path: Path, stacks: dict[str, str]) -> Path:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    for name, text in stacks.items():
        (tmp_path / "stacks" / f"Pulumi.{name}.yaml").write_text(text)
    return tmp_path


def stacks(folder: Path, *args: str) -> tuple[int, str]:
    return cli_output("stacks", "--project", str(folder), *args)


def test_the_fixture_stacks_deploy_dev_then_staging_then_prod(tmp_path):
    folder = Repo(tmp_path).project
    code, out = stacks(folder, "--json")
    assert code == 0
    assert [(r["stack"], r["wave"]) for r in json.loads(out)] == [
        ("dev", 1),
        ("staging", 2),
        ("prod", 3),
    ]
    assert json.loads(stacks(folder, "--matrix", "--wave", "2")[1]) == ["staging"]


def test_waves_may_hold_several_stacks_and_a_stack_without_one_goes_last(tmp_path):
    folder = project(
        tmp_path,
        {
            "eu": VALID + "  auth0-sessions:wave: 2\n",
            "us": VALID + "  auth0-sessions:wave: 2\n",
            "dev": VALID + "  auth0-sessions:wave: 1\n",
            "customer": VALID,
        },
    )
    assert json.loads(stacks(folder, "--matrix", "--wave", "2")[1]) == ["eu", "us"]
    assert json.loads(stacks(folder, "--matrix", "--wave", "9")[1]) == ["customer"]
    assert json.loads(stacks(folder, "--matrix", "--wave", "5")[1]) == []
    rows = json.loads(stacks(folder, "--json")[1])
    assert [r["stack"] for r in rows] == ["dev", "eu", "us", "customer"]
    assert rows[0] == {"stack": "dev", "file": rows[0]["file"], "wave": 1, "ok": True}


def test_a_bad_wave_is_refused_by_check_and_stops_every_matrix(tmp_path):
    folder = project(tmp_path, {"dev": VALID, "odd": VALID + "  auth0-sessions:wave: 0\n"})
    code, out = cli_output("check", str(folder / "stacks" / "Pulumi.odd.yaml"))
    assert code == 1 and 'auth0-sessions:wave: "0" is not a wave' in out
    done = run_cli("stacks", "--matrix", "--project", str(folder))
    assert done.returncode == 1
    assert "invalid stack files (run check): " in done.stderr and done.stdout == ""
    code, out = stacks(folder, "--json")
    assert code == 1
    assert {r["stack"]: r["wave"] for r in json.loads(out)} == {"dev": 9, "odd": None}


def test_no_stacks_is_a_usage_error(tmp_path, capsys):
    folder = project(tmp_path, {})
    with pytest.raises(SystemExit) as exited:
        stacks(folder)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "components stacks: error: no stack files" in err
    assert "usage: python -m components stacks" in err  # the command's usage, as check's


def test_a_wave_larger_than_one_matrix_is_refused(tmp_path, capsys):
    folder = project(tmp_path, {f"t{i:03d}": VALID for i in range(257)})
    code, out = stacks(folder, "--matrix")
    assert code == 1 and out == ""
    assert "257 stacks in one matrix, over GitHub's 256" in capsys.readouterr().err


# ------------------------------------------------------------------ diff at fleet speed


def test_an_unchanged_fleet_is_a_count_and_a_few_names(tmp_path):
    repo = Repo(tmp_path)
    for index in range(300):
        (repo.project / "stacks" / f"Pulumi.t{index:03d}.yaml").write_text(VALID)
    repo.commit("a fleet")
    code, out = repo.diff("--base", "main", "--format", "markdown")
    assert code == 0
    assert "Unchanged and valid: `dev`, `prod`, `staging`, `t000`" in out
    assert "and 293 more." in out and len(out) < 2_000
    # every stack changed: tests/test_clocks_chart.py (5,000 stacks, charts and the bound)


def test_the_base_side_is_read_through_two_git_processes_however_many_files(tmp_path, monkeypatch):
    repo = Repo(tmp_path)
    for index in range(200):
        (repo.project / "stacks" / f"Pulumi.t{index:03d}.yaml").write_text(VALID)
    repo.commit("a fleet")
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(argv, *args, **kwargs):  # subprocess.run starts its process through Popen too
        calls.append(list(argv))
        return real_popen(argv, *args, **kwargs)

    monkeypatch.setattr(gitrev.subprocess, "Popen", popen)
    code, out = repo.diff("--base", "main")
    assert code == 0 and "203 stacks: 203 unchanged" in out
    verbs = [next(arg for arg in c[1:] if not arg.startswith("-")) for c in calls]
    reading = [verb for verb in verbs if verb in ("ls-tree", "cat-file", "show")]
    # Pulumi.yaml (its tree entry, its blob), the folder's entries, all their blobs:
    assert reading == ["ls-tree", "cat-file", "ls-tree", "cat-file"]
    assert len(calls) <= 7  # and three rev-parse: folder, top, revision


def test_renames_deletions_and_non_ascii_names(tmp_path):
    repo = Repo(tmp_path)
    folder = repo.project / "stacks"
    (folder / "Pulumi.dev.yaml").rename(folder / "Pulumi.development.yaml")
    (folder / "Pulumi.staging.yaml").unlink()
    (folder / "Pulumi.qa-é.yaml").write_text(VALID)
    code, out = repo.diff("--base", "main")
    assert "development (stacks/Pulumi.development.yaml): added, valid" in out
    assert "dev (stacks/Pulumi.dev.yaml): removed" in out
    assert "staging (stacks/Pulumi.staging.yaml): removed" in out
    assert "qa-é (stacks/Pulumi.qa-é.yaml): added, INVALID" in out  # é: not a Pulumi stack name
    assert code == 1


# --- which stacks a change can touch (the pull request previews only those) ----------------


def _names(repo: Repo, *args: str) -> list[str]:
    code, out = cli_output("stacks", "--names", "--project", str(repo.project), *args)
    assert code == 0, out
    return json.loads(out)


def test_a_change_to_a_stack_file_touches_that_stack_and_an_added_one(tmp_path):
    repo = Repo(tmp_path)
    assert _names(repo, "--changed-since", "main") == []
    assert _names(repo, "--unchanged-since", "main") == ["dev", "staging", "prod"]
    repo.set("dev", "requireLoginAfter", "7d")
    (repo.project / "stacks" / "Pulumi.qa.yaml").write_text(repo.stack("dev").read_text())
    assert _names(repo, "--changed-since", "main") == ["dev", "qa"]
    assert _names(repo, "--unchanged-since", "main") == ["staging", "prod"]
    repo.commit("dev and qa")  # committed or not, against the base revision the same
    assert _names(repo, "--changed-since", "main~1") == ["dev", "qa"]


@pytest.mark.parametrize(
    "touched",
    ["Pulumi.yaml", "components/anything.py", "__main__.py", "requirements.txt", "plugin/x"],
)
def test_a_change_to_what_the_program_reads_touches_every_stack(tmp_path, touched):
    repo = Repo(tmp_path)
    path = repo.project / touched
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(path.read_text() + "\n# changed\n" if path.exists() else "new\n")
    assert _names(repo, "--changed-since", "main") == ["dev", "staging", "prod"]
    assert _names(repo, "--unchanged-since", "main") == []


def test_an_unknown_base_is_one_line_and_exit_1(tmp_path):
    repo = Repo(tmp_path)
    done = run_cli("stacks", "--matrix", "--project", str(repo.project),
                   "--changed-since", "nope")  # fmt: skip
    assert done.returncode == 1 and "unknown revision 'nope'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_comment_names_the_stacks_not_previewed_in_one_line(tmp_path):
    rest = tmp_path / "rest.json"
    rest.write_text(json.dumps(["prod", "qa", "../etc", "x`y"]))
    code, out = cli_output("comment", "--not-previewed", str(rest))
    assert code == 0
    line = "Not previewed, since neither their stack files nor the program changed: `prod`, `qa`."
    assert line in out.splitlines()
    rest.write_text("[" + ", ".join(f'"s{i}"' for i in range(100)) + "]")
    assert "… and" in cli_output("comment", "--not-previewed", str(rest))[1]
