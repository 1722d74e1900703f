"""Messages for the names and habits people bring from elsewhere (issue: "it is the user's
repository"): other tools' key names, decimal durations, files without `config:`, `secure:`
session settings, documents `pull` cannot use, and the pull request comment's prose."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from harness import FIXTURES, ROOT, Repo, check_output, cli_output, pull_from, run_cli
from hypothesis import given
from hypothesis import strategies as st

from components.rules.durations import Duration
from components.rules.plans import Plan
from components.rules.settings import SessionSettings
from components.text.inert import md_code, md_prose, snippet


def check_file(tmp_path, text: str) -> str:
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(textwrap.dedent(text))
    return check_output(str(path))[1]


@pytest.mark.parametrize(
    ("written", "ours", "whose"),
    [
        ("session_lifetime", "requireLoginAfter", "the Management API's"),
        ("sessionLifetime", "requireLoginAfter", "pulumi-auth0's name (in hours)"),
        ("session_lifetime_in_minutes", "requireLoginAfter", "(in minutes)"),
        ("idle_session_lifetime", "inactivityTimeout", "the Management API's"),
        ("idleSessionLifetime", "inactivityTimeout", "pulumi-auth0's name (in hours)"),
        ("IdleSessionLifetime", "inactivityTimeout", "the Dashboard's name (in minutes)"),
        ("ephemeral_session_lifetime", "ephemeralRequireLoginAfter", "the Management API's"),
        ("idle_ephemeral_session_lifetime", "ephemeralInactivityTimeout", "Management API"),
        ("maximumSessionLifetime", "requireLoginAfter", "the Dashboard's name (in minutes)"),
        ('"Maximum Session Lifetime"', "requireLoginAfter", "the Dashboard's name"),
        ('"Idle Session Lifetime"', "inactivityTimeout", "the Dashboard's name"),
        ("session_cookie", "cookieMode", "the Management API's object"),
        ("sessionCookie", "cookieMode", "pulumi-auth0's object"),
    ],
)
def test_other_tools_names_get_our_key_and_why_ours_differ(tmp_path, written, ours, whose):
    out = check_file(
        tmp_path,
        f"""\
        config:
          auth0-sessions:plan: free
          {written}: 12
        """,
    )
    assert f'unknown key (did you mean "{ours}"?)' in out
    assert whose in out
    if ours != "cookieMode":
        assert "our keys take a unit (30d, 12h, 45m) because the Management API counts" in out


def test_component_args_get_the_same_did_you_mean():
    from components.rules.problems import InvalidConfigError
    from components.rules.settings import validate_session_settings

    with pytest.raises(InvalidConfigError) as raised:
        validate_session_settings({"plan": "free", "sessionLifetime": 12}, source="args")
    assert 'did you mean "requireLoginAfter"' in str(raised.value)


@pytest.mark.parametrize(
    ("written", "hint", "proposals"),
    [
        ("2.5d", 'write "2d12h" (60 h) instead', ["2d12h"]),
        ("0.5h", 'write "30m" (0.5 h) instead', ["30m"]),
        ("7.0d", 'write "7d" (168 h) instead', ["7d"]),
        ("1,5d", 'write "1d12h" (36 h) instead', ["1d12h"]),
        (
            "1.5h",
            "it is 1 hour 30 minutes, which cannot be applied exactly (from 1 hour up "
            'pulumi-auth0 sends whole hours): write "1h" or "2h"',
            ["1h", "2h"],
        ),
        (
            "0.25m",
            'it is not a whole number of minutes (Auth0 stores whole minutes): write "1m"',
            ["1m"],
        ),
    ],
)
def test_decimal_durations_get_a_computed_hint_that_check_accepts(
    tmp_path, written, hint, proposals
):
    out = check_file(
        tmp_path,
        f"""\
        config:
          auth0-sessions:plan: enterprise
          auth0-sessions:requireLoginAfter: "{written}"
        """,
    )
    assert f'auth0-sessions:requireLoginAfter: "{written}" has a decimal: {hint}' in out
    assert '"90m"' not in out
    for proposal in proposals:  # what the hint proposes, check itself accepts
        settings = SessionSettings.model_validate(
            {"plan": "enterprise", "requireLoginAfter": proposal}
        )
        assert settings.require_login_after == Duration.parse(proposal)


def test_keys_outside_config_are_said_to_be(tmp_path):
    out = check_file(tmp_path, "auth0-sessions:plan: free\nauth0-sessions:requireLoginAfter: 1d\n")
    assert "- has no `config:` mapping (its top-level keys: auth0-sessions:plan, " in out
    assert "Pulumi reads a stack's settings only from under `config:`" in out
    assert "plan: is required" not in out


def test_an_esc_only_stack_file_is_not_told_it_lacks_config(tmp_path):
    out = check_file(tmp_path, "environment:\n  - acme/prod\n")
    assert "has no `config:`" not in out and "plan: is required" in out


@pytest.mark.parametrize("ciphertext", ["v1:AAAA:BBBB", "not-ciphertext"])
def test_secure_session_settings_get_one_piece_of_advice(tmp_path, ciphertext):
    out = check_file(
        tmp_path,
        f"""\
        config:
          auth0-sessions:plan: free
          auth0-sessions:requireLoginAfter:
            secure: {ciphertext}
        """,
    )
    assert "(without --secret)" in out
    assert not re.search(r"--secret auth0-sessions", out), out


def test_a_malformed_secure_credential_still_says_use_secret(tmp_path):
    out = check_file(
        tmp_path,
        """\
        config:
          auth0-sessions:plan: free
          auth0:clientSecret:
            secure: "not ciphertext!"
        """,
    )
    assert "pulumi config set --secret auth0:clientSecret" in out


def test_pull_refuses_a_document_that_is_no_tenant(tmp_path):
    path = tmp_path / "foo.json"
    path.write_text(json.dumps({"foo": 1}))
    done = run_cli("pull", "--stack", "dev", "--plan", "free", "--from", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "error: foo.json is neither a Deploy CLI export nor a Management API tenant-settings "
        "answer: none of its keys (foo) is a tenant setting such as session_lifetime, "
        "friendly_name or flags\n"
    )


def test_pull_write_stops_when_the_files_plan_differs(tmp_path):
    project = Repo(tmp_path).project
    before = (project / "stacks" / "Pulumi.dev.yaml").read_text()
    done = run_cli(
        "pull",
        "--stack",
        "dev",
        "--plan",
        "enterprise",
        "--from",
        str(ROOT / "tests" / "exports" / "tenant.json"),
        "--write",
        "--project",
        str(project),
    )
    assert done.returncode == 1
    assert (
        "error: Pulumi.dev.yaml says plan professional, not --plan enterprise: the plan sets "
        "the limits the pulled values are held to, so nothing was written"
    ) in done.stderr
    assert (project / "stacks" / "Pulumi.dev.yaml").read_text() == before


def test_the_comment_writes_the_projects_sentence_as_prose(tmp_path):
    repo = Repo(tmp_path)
    repo.set("dev", "inactivityTimeout", "4d")
    code, out = repo.diff("--base", "main", "--format", "markdown")
    assert code == 1
    assert (
        "> - `auth0-sessions:inactivityTimeout`: `4d` is 5,760 min = 96 h = 4 days, over the "
        "professional plan's limit of 4,320 min = 72 h = 3 days"
    ) in out
    # an invalid row still shows its limit, and how far over the value is
    assert (
        "| Inactivity timeout | 3 days (72 h) | 4 days (96 h) | "
        + "3 days (72 h) (professional plan); over by 1 day (24 h) |"
    ) in (out)


def test_preview_and_diff_tables_show_values_in_one_style(tmp_path):
    repo = Repo(tmp_path)
    repo.set("dev", "requireLoginAfter", "7d")
    diff = repo.diff("--base", "main", "--format", "markdown")[1]
    preview = cli_output("summarize", str(ROOT / "tests" / "previews" / "update-dev.json"))[1]
    row = "| Require log in after | 30 days (720 h) | 7 days (168 h) |"
    assert row in diff and row in preview


@given(st.text(max_size=80))
def test_quoted_file_text_is_always_one_code_span(text):
    """Whatever a value holds, the message's quotes around it are the message's own."""
    message = f'"{snippet(text)}" is not a duration: write 45m'
    inner = re.sub(r"\\([\\\"`])", r"\1", snippet(text))
    assert md_prose(message) == f"{md_code(inner)} is not a duration: write 45m"


@given(st.text(max_size=80))
def test_prose_never_mentions_links_or_formats(text):
    rendered = md_prose(text)
    outside = re.sub(r"(`+).*?\1", "", rendered)  # drop the code spans
    assert "@" not in outside and "://" not in outside and "#" not in outside
    assert not re.search(r"(?<!\\)[*_\[\]<>|~]", outside), rendered


@pytest.mark.parametrize(
    "command", ["check", "diff", "summarize", "comment", "pull", "stacks", "baselines"]
)
def test_every_command_says_its_exit_statuses(command, capsys):
    from components.cli.main import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "exit status:" in text and "  0  " in text and "  2  usage error" in text


def test_a_file_pulumi_never_reads_gets_a_note(tmp_path):
    project = Repo(tmp_path).project
    for name in ("Pulumi.qa.yml", "qa.yaml"):
        (project / "stacks" / name).write_text((FIXTURES / "Pulumi.dev.yaml").read_text())
    code, out = check_output("--project", str(project))
    assert code == 0
    for name in ("Pulumi.qa.yml", "qa.yaml"):
        assert f"stacks/{name} is not read by Pulumi, which reads only Pulumi.*.yaml here" in out


def test_pull_notes_name_the_api_field_and_our_key():
    done = pull_from(ROOT / "tests" / "exports" / "tenant.json")
    assert "requireLoginAfter (API session_lifetime): tenant 3 hours 1 minute" in done.stderr
    assert Plan("professional")  # the plan the notes were judged against
