"""`summarize` on digests in the format of `pulumi preview --json` (tests/previews/)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ROOT, cli_output

PREVIEWS = Path(__file__).resolve().parent / "previews"


def summary(*names: str) -> str:
    code, out = cli_output("summarize", *(str(PREVIEWS / name) for name in names))
    assert code == 0
    return out


def test_every_digest_has_the_preview_shape():
    for path in PREVIEWS.glob("*.json"):
        document = json.loads(path.read_text())
        assert {"steps", "duration"} <= set(document), path.name
        for step in document["steps"]:
            assert {"op", "urn"} <= set(step), path.name
            assert step.get("oldState") or step.get("newState"), path.name


def test_update_shows_the_session_change_in_words_and_hours():
    assert summary("update-dev.json") == (
        "#### `dev`: `pulumi preview`\n"
        "\n"
        "Tenant settings `sessions-tenant`: **update**\n"
        "\n"
        "| setting | now | after |\n"
        "|---|---|---|\n"
        "| Require log in after | 30 days (720 h) | 7 days (168 h) |\n"
        "\n"
        "Other resources: no changes; 2 unchanged.\n"
    )


def test_create_shows_what_is_set_and_counts_the_rest():
    out = summary("create-qa.json")
    assert out.startswith("#### `qa`: `pulumi preview`\n")
    assert "Tenant settings `sessions-tenant`: **create**" in out
    assert "| Require log in after | — | 12 hours (12 h) |" in out
    assert "| Inactivity timeout | — | 30 minutes (0.5 h) |" in out
    assert "Other resources: 2 create." in out  # provider and component; not the stack


def test_same_says_nothing_changes():
    out = summary("same-prod.json")
    assert "Tenant settings `sessions-tenant`: **unchanged**" in out
    assert "No session setting changes." in out
    assert "Other resources: no changes; 2 unchanged." in out


def test_replace_says_nothing_is_reset():
    out = summary("replace-staging.json")
    assert "**replace**" in out and "nothing is reset" in out
    assert "| Inactivity timeout | 1 day (24 h) | 12 hours (12 h) |" in out
    assert "Other resources: 1 update; 2 unchanged." in out  # the Client


def test_delete_says_the_tenant_keeps_its_values():
    out = summary("delete-dev.json")
    assert "**delete**" in out and "the tenant keeps its values" in out
    assert "| setting |" not in out
    assert "Other resources: 1 delete; 1 unchanged." in out


def test_failed_preview_quotes_its_errors():
    out = summary("failed-prod.json")
    assert out.startswith("#### `prod`: ❌ `pulumi preview` failed\n")
    assert "> error: Program failed with an unhandled exception:\n" in out
    assert (
        '>     - auth0-sessions:inactivityTimeout: "101d" is 145,440 min = 2,424 h = 101 days'
        in out
    )
    assert "> error: update failed" in out
    assert "1 warning (see the job log)." in out
    assert "Python 3.9 is deprecated" not in out  # warnings are counted, not quoted


def test_secrets_stay_masked_and_unknowns_are_said_so():
    out = summary("secrets-dev.json")
    assert "| Require log in after | 30 days (720 h) | [secret] |" in out
    assert (
        "| Require log in after (non-persistent) | 1 day (24 h) | (known after the update) |"
        in (out)
    )
    assert "04da6b54" not in out
    document = json.loads((PREVIEWS / "secrets-dev.json").read_text())
    assert document["config"]["auth0:clientSecret"] == "[secret]"
    assert "clientSecret" not in out and "apiToken" not in out  # config is never shown


def test_several_files_give_a_section_each_in_order():
    out = summary("update-dev.json", "replace-staging.json", "failed-prod.json")
    headings = [line for line in out.splitlines() if line.startswith("#### ")]
    assert headings == [
        "#### `dev`: `pulumi preview`",
        "#### `staging`: `pulumi preview`",
        "#### `prod`: ❌ `pulumi preview` failed",
    ]


def test_standard_input_may_hold_several_documents(monkeypatch):
    text = (PREVIEWS / "update-dev.json").read_text() + (PREVIEWS / "same-prod.json").read_text()
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out = cli_output("summarize", "-")
    assert code == 0
    assert out.count("#### ") == 2


def test_the_stack_name_comes_from_the_urns(tmp_path):
    document = json.loads((PREVIEWS / "update-dev.json").read_text())
    for step in document["steps"]:
        step["urn"] = step["urn"].replace("urn:pulumi:dev::", "urn:pulumi:eu-prod::")
    path = tmp_path / "whatever.json"
    path.write_text(json.dumps(document))
    code, out = cli_output("summarize", str(path))
    assert code == 0
    assert out.startswith("#### `eu-prod`:")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "components", "summarize", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_truncated_json_is_a_clear_error_and_exit_1(tmp_path):
    text = (PREVIEWS / "update-dev.json").read_text()
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    done = run(str(path))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"error: {path}: not valid JSON at line ")
    assert "was the preview output cut off?" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "standard input: empty: expected `pulumi preview --json` output"),
        ("[1, 2]", "standard input: not a `pulumi preview --json` document: expected an object"),
        ('{"steps": [}', "standard input: not valid JSON at line 1, column 12"),
        ("error: no stack named 'dev' found\n", "standard input: not valid JSON at line 1"),
    ],
)
def test_malformed_input_is_a_clear_error(text, message):
    done = run("-", stdin=text)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"error: {message}")


def test_one_bad_file_prints_nothing_at_all(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    done = run(str(PREVIEWS / "update-dev.json"), str(bad))
    assert done.returncode == 1 and done.stdout == ""


def test_a_missing_file_is_named():
    done = run("no-such-preview.json")
    assert done.returncode == 1
    assert done.stderr == "error: no-such-preview.json: no such file\n"
