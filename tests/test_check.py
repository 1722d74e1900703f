"""`python -m components check`: real stack files, broken files, exit codes and --json."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from harness import FIXTURES, Repo, check_output

from components.cli.main import main
from components.review.checks import REFRESH_TOKENS_NOTE, judge_file
from components.rules.settings import Encrypted
from components.stackfiles.paths import default_stack_files
from components.stackfiles.stackfile import StackFileError, read_stack_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_STACKS = sorted(FIXTURES.glob("Pulumi.*.yaml"))
SECRET = "plain-Text-Secret-0123456789"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_default_stack_files_are_what_pulumi_reads_in_stacks():
    assert default_stack_files() == sorted((ROOT / "stacks").glob("Pulumi.*.yaml"))
    assert default_stack_files(FIXTURES) == FIXTURE_STACKS


@pytest.mark.parametrize("path", FIXTURE_STACKS, ids=lambda p: p.name)
def test_every_real_stack_file_passes(path):
    verdict = judge_file(path)
    assert verdict.ok, verdict.error_text()


def test_default_run_checks_every_stack_of_the_project_and_exits_0(tmp_path):
    code, out = check_output("--project", str(Repo(tmp_path).project))
    assert code == 0
    assert "3 stack files checked: 3 valid, 0 invalid." in out
    for stack in ("dev", "staging", "prod"):
        assert f"Pulumi.{stack}.yaml: stack {stack}, plan" in out


def test_text_output_shows_what_each_environment_would_get(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = check_output("tests/stacks/Pulumi.dev.yaml")
    assert code == 0
    assert out.splitlines()[0] == "tests/stacks/Pulumi.dev.yaml: stack dev, plan professional: OK"
    assert "Require log in after" in out and "30 days" in out and "720 h" in out
    assert "43,200 min" in out and "-> session_lifetime (plan limit 30 days)" in out
    assert "-> session_cookie.mode" in out


def test_json_shape(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = check_output("--json", *(str(p.relative_to(ROOT)) for p in FIXTURE_STACKS))
    assert code == 0
    results = json.loads(out)
    assert [r["stack"] for r in results] == ["dev", "prod", "staging"]
    for result in results:
        assert set(result) == {
            "file",
            "stack",
            "ok",
            "plan",
            "baselines",
            "cookie_mode",
            "errors",
            "settings",
            "organizations",
            "connections",
            "notes",
        }
        assert result["organizations"] == result["connections"] == {}
        assert result["ok"] is True and result["errors"] == []
        assert result["notes"] == ([REFRESH_TOKENS_NOTE] if result["baselines"] else [])
    assert [r["baselines"] for r in results] == [[], [], ["nist-800-63b-aal1"]]
    prod = results[1]
    assert prod["file"] == "tests/stacks/Pulumi.prod.yaml"
    assert prod["plan"] == "enterprise"
    assert prod["settings"] == {
        "session_lifetime": 2160.0,
        "idle_session_lifetime": 168.0,
        "ephemeral_session_lifetime": 12.0,
        "idle_ephemeral_session_lifetime": 0.5,
    }


def test_json_leaves_unmanaged_settings_out(tmp_path):
    path = write(
        tmp_path,
        "Pulumi.min.yaml",
        """\
        config:
          auth0-sessions:plan: free
          auth0-sessions:requireLoginAfter: 12h
        """,
    )
    code, out = check_output("--json", str(path))
    assert code == 0
    assert json.loads(out)[0]["settings"] == {"session_lifetime": 12.0}


def test_invalid_file_exits_1_with_every_error_and_secrets_masked(tmp_path):
    path = write(
        tmp_path,
        "Pulumi.bad.yaml",
        f"""\
        config:
          auth0:clientSecret: {SECRET}
          auth0-sessions:plan: professional
          auth0-sessions:inactivityTimeout: 73h
          auth0-sessions:requireLoginAfter: 72
        """,
    )
    code, out = check_output(str(path))
    assert code == 1
    assert f"{path}: 3 problems" in out
    assert "auth0-sessions:inactivityTimeout" in out and "72 h" in out
    assert "auth0-sessions:requireLoginAfter" in out and '"72m"' in out
    assert "auth0:clientSecret: is stored in plaintext" in out
    assert SECRET not in out
    code, out = check_output("--json", str(path))
    assert code == 1 and SECRET not in out
    (result,) = json.loads(out)
    assert result["ok"] is False and result["settings"] is None
    assert [e["key"] for e in result["errors"]] == [
        "auth0:clientSecret",  # keys refused by name come first, then the rules in field order
        "auth0-sessions:requireLoginAfter",
        "auth0-sessions:inactivityTimeout",
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("config: [unclosed\n", "not valid YAML: line"),
        ("- a list\n", "not a stack file"),
        ("config: just text\n", "`config:` must be a mapping"),
        ("config:\n  a:b: 1\n  a:b: 2\n", "key 'a:b' is given twice"),
        ("config:\n  plan: free\n  auth0-sessions:plan: free\n", "are one key to Pulumi"),
        ("\x00\x01binary", "not valid YAML"),
    ],
)
def test_broken_files_are_reported_and_hide_nothing(tmp_path, text, fragment):
    broken = tmp_path / "Pulumi.broken.yaml"
    broken.write_text(text)
    code, out = check_output(
        "--json", str(broken), str(FIXTURE_STACKS[0]), str(tmp_path / "nope.yaml")
    )
    assert code == 1
    broken_result, real_result, missing_result = json.loads(out)
    assert broken_result["ok"] is False
    assert broken_result["errors"][0]["key"] is None
    assert fragment in broken_result["errors"][0]["message"]
    assert real_result["ok"] is True
    assert missing_result["errors"] == [{"key": None, "message": "no such file"}]


def test_empty_file_says_it_is_empty_and_where_settings_go(tmp_path):
    code, out = check_output(str(write(tmp_path, "Pulumi.empty.yaml", "")))
    assert code == 1
    assert (
        "Pulumi.empty.yaml: 1 problem\n  - is empty: Pulumi reads a stack's settings only " in out
    )
    assert "from under `config:`" in out


def test_stack_file_reading_follows_pulumi(tmp_path):
    path = write(
        tmp_path,
        "Pulumi.x.yaml",
        """\
        encryptionsalt: v1:abc
        config:
          plan: free
          auth0:clientSecret:
            secure: v1:AAAA:BBBB
          aws:region: eu-west-1
        """,
    )
    stack_file = read_stack_file(path)
    assert stack_file.stack == "x"
    assert stack_file.config["auth0-sessions:plan"] == "free"  # bare key: the project's
    assert stack_file.config["auth0:clientSecret"] == Encrypted()
    assert "v1:AAAA:BBBB" not in repr(stack_file)
    assert stack_file.config["auth0-sessions:requireLoginAfter"] == ""  # Pulumi.yaml default
    assert stack_file.config["auth0-sessions:protect"] is False


def test_missing_file_raises_stack_file_error(tmp_path):
    with pytest.raises(StackFileError):
        read_stack_file(tmp_path / "Pulumi.none.yaml")


def test_no_stack_files_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "stacks").mkdir()
    with pytest.raises(SystemExit) as raised:
        main(["check", "--project", str(tmp_path)])
    assert raised.value.code == 2
    assert "no stack files" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["check", "--nope"]])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2


def test_help_explains_exit_codes_and_json(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["check", "--help"])
    assert raised.value.code == 0
    text = capsys.readouterr().out
    fragments = ("exit status", "--json", "settings are in hours", "encrypted", "no Pulumi CLI")
    for fragment in fragments:
        assert fragment in text


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--project", "{repo}"],
        ["diff", "--base", "main", "--project", "{repo}"],
        ["summarize", "tests/previews/update-dev.json"],
        ["baselines"],
        ["stacks", "--json", "--project", "{repo}"],
        ["comment", "--diff", "README.md"],
    ],
    ids=lambda argv: argv[0],
)
def test_commands_that_read_files_do_not_import_pulumi(argv, tmp_path):
    """Reading stack files must not pay for pulumi_auth0 (~0.4 s) or pulumi."""
    if "{repo}" in argv:
        project = Repo(tmp_path).project
        argv = [arg.format(repo=project) for arg in argv]
    probe = (
        f"import sys, runpy; sys.argv = ['components', *{argv!r}];\n"
        "try:\n    runpy.run_module('components', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pulumi', 'pulumi_auth0', 'pulumi_policy', 'grpc', 'httpx', 'ruamel')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "0 []"
