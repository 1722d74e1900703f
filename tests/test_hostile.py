"""What a stranger's pull request (or a careless one) can put in front of the commands.

Each test is an attack and the line it must get: no secret printed, no traceback, every
other file still judged, nothing injected into the review comment, bounded time and
memory. Hypothesis then throws arbitrary YAML and JSON at the same readers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from harness import (
    FIXTURES,
    ROOT,
    Repo,
    check_output,
    cli_output,
    engine_config,
    examples,
    run_cli,
    run_program,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.review.checks import judge_file

SECRET = "PLAINTEXT-TOKEN-hunter2"
FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # each example writes its own files
VALID = "config:\n  auth0-sessions:plan: professional\n  auth0-sessions:requireLoginAfter: 7d\n"


def stack(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text(textwrap.dedent(text))
    return path


# ------------------------------------------------------------------ secrets never printed


@pytest.mark.parametrize("key", ["auth0:apiToken", "auth0:clientSecret", "auth0:ClientSecret"])
def test_a_plaintext_credential_is_refused_by_name_and_never_shown(tmp_path, key):
    path = stack(tmp_path, "x", f"config:\n  auth0-sessions:plan: free\n  {key}: {SECRET}\n")
    for args in ((str(path),), ("--json", str(path))):
        code, out = check_output(*args)
        assert code == 1 and SECRET not in out
        assert key in out


@pytest.mark.parametrize("side", ["added", "removed"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_never_prints_a_credential_from_either_side(tmp_path, side, fmt):
    repo = Repo(tmp_path)
    path = repo.stack("dev")
    leaked = path.read_text() + f"  auth0:apiToken: {SECRET}\n  aws:secretKey: {SECRET}\n"
    if side == "removed":  # the leak is on the base side: removing it must not post it again
        path.write_text(leaked)
        repo.commit("leak")
        repo.git("checkout", "-q", "HEAD~1", "--", str(path))
    else:
        path.write_text(leaked)
    _code, out = repo.diff("--base", "main", "--format", fmt)
    assert SECRET not in out
    assert "not shown" in out or side == "removed"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("{value: hunter2}", "its `secure:` value is not text"),
        ("12345", "its `secure:` value is not text"),
        ('""', "its `secure:` value is empty"),
        ("null", "its `secure:` value is nothing"),
        ("[x]", "its `secure:` value is not text"),
        ("hunter2!", "its `secure:` value is not Pulumi's ciphertext"),
        ("v1:abc", "its `secure:` value is not Pulumi's ciphertext"),
    ],
)
def test_secure_must_hold_pulumis_ciphertext(tmp_path, value, why):
    path = stack(
        tmp_path, "x", f"config:\n  plan: free\n  auth0:clientSecret:\n    secure: {value}\n"
    )
    code, out = check_output(str(path))
    assert code == 1
    assert f"auth0:clientSecret: {why}" in out
    assert "hunter2" not in out


@pytest.mark.parametrize("ciphertext", ["v1:3hYz0c6vTpQ3Zq0E:kq1kT9rP2v8=", "AAABAGZvbw=="])
def test_real_ciphertext_shapes_pass(tmp_path, ciphertext):
    path = stack(
        tmp_path, "x", f"config:\n  plan: free\n  auth0:apiToken:\n    secure: {ciphertext}\n"
    )
    assert check_output(str(path))[0] == 0


# ------------------------------------------------------------------ crash-free and bounded


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("config:\n  plan: free\n  baselines: [[pci-dss-4]]\n", "expects a list of baseline names"),
        (
            'config:\n  plan: free\n  baselines: "[[1]]"\n',
            'is "[[1]]", not a list: Pulumi.yaml declares it a list',
        ),
        ("config:\n  ? [a]\n  : 1\n", "a key must be plain text, not a list or map"),
        ("config:\n  plan: free\n  x: &a [1]\n  y: *a\n", "YAML aliases (*a) are not accepted"),
        ("config: !!set {a}\n", "the YAML tag tag:yaml.org,2002:set is not accepted"),
        ("config:\n  x: " + "[" * 200 + "]" * 200 + "\n", "nested more than 32 levels deep"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "nested more than 32 levels deep"),
        ("---\nconfig: {}\n---\nconfig: {}\n", "a stack file holds one YAML document"),
        ("config:\n  plan: free\n  wave: 1e999\n", "is not a wave"),
        ("\ufeffconfig:\n  plan: free\n", None),  # a BOM is fine
    ],
)
def test_odd_yaml_gets_a_verdict_line_and_the_next_file_still_gets_its_own(tmp_path, text, line):
    bad = tmp_path / "Pulumi.bad.yaml"
    bad.write_text(text, encoding="utf-8")
    good = stack(tmp_path, "good", VALID)
    code, out = check_output(str(bad), str(good))
    assert "Traceback" not in out
    assert f"{good}: stack good, plan professional: OK" in out
    if line is None:
        assert code == 0
    else:
        assert code == 1 and line in out


def test_the_engines_json_text_for_a_nested_list_fails_the_program_cleanly():
    config, secret_keys = engine_config(FIXTURES / "Pulumi.staging.yaml")
    config["auth0-sessions:baselines"] = "[[1]]"
    run = run_program("staging", config, secret_keys)
    assert type(run.error).__name__ == "RunError"
    assert "auth0-sessions:baselines: expects a list of baseline names" in str(run.error)
    assert run.resources == []


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (lambda f: f.symlink_to(f), "is a symlink: refused"),
        (lambda f: f.symlink_to("/dev/zero"), "is a symlink: refused"),
        (lambda f: f.symlink_to("/etc/hostname"), "is a symlink: refused"),
        (lambda f: os.mkfifo(f), "is a FIFO (named pipe), not a regular file: refused"),
        (lambda f: f.mkdir(), "is a directory, not a regular file: refused"),
        (lambda f: f.write_bytes(b"config:\n  a: '" + b"x" * 2_000_000 + b"'\n"), "larger than"),
        (lambda f: f.write_bytes(b"config:\n  plan: \xff\xfe\n"), "is not UTF-8 text"),
    ],
)
def test_files_a_fork_could_plant_are_refused_without_reading_them(tmp_path, make, line):
    folder = tmp_path / "stacks"
    planted = folder / "Pulumi.planted.yaml"
    folder.mkdir()
    make(planted)
    good = stack(folder, "good", VALID)
    start = time.monotonic()
    done = run_cli("check", str(planted), str(good), timeout=20)  # a FIFO would hang for ever
    assert time.monotonic() - start < 15
    out = done.stdout
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert line in out
    assert "plan professional: OK" in out
    if planted.is_symlink() and os.readlink(planted) != str(planted):
        assert os.readlink(planted) not in out  # the target is never named or quoted


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["config:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines.append("  auth0:domain: *a29")
    path = tmp_path / "Pulumi.bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    code, out = check_output(str(path))
    assert time.monotonic() - start < 2
    assert code == 1 and "YAML aliases (*a0) are not accepted in stack files" in out


def test_a_long_value_is_quoted_short(tmp_path):
    path = stack(tmp_path, "x", f"config:\n  plan: {'g' * 500_000}\n")
    code, out = check_output(str(path))
    assert code == 1
    assert len(out) < 2_000
    assert "…(+499,940 characters)" in out


@settings(max_examples=examples(80), deadline=None, suppress_health_check=FIXTURE_OK)
@given(
    key=st.sampled_from(
        [
            "plan",
            "inactivityTimeout",
            "requireLoginAfter",
            "cookieMode",
            "baselines",
            "wave",
            "protect",
            "auth0:domain",
            "auth0:clientId",
            "auth0-session:x",
            "Auth0:x",
        ]
    ),
    value=st.text(min_size=0, max_size=3000),
)
def test_any_text_value_is_quoted_short_and_escaped(tmp_path, key, value):
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(f"config:\n  {key}: {json.dumps(value)}\n")
    code, out = check_output(str(path))
    assert code in (0, 1)
    for line in out.splitlines():
        assert len(line) < 1_000, line
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line), line


def test_a_closed_pipe_ends_quietly(tmp_path):
    for i in range(300):
        stack(tmp_path / "stacks", f"s{i}", VALID)
    done = subprocess.run(
        f"{sys.executable} -m components check --json | head -c 10",
        shell=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------ inert text


INJECTION = (
    "x\n### Approved by the security team\n![i](https://e.example/i.png) "
    "[l](https://e.example) <img src=x> @admins | a |"
)


def test_markdown_injection_stays_inside_code_spans(tmp_path):
    repo = Repo(tmp_path)
    path = repo.stack("dev")
    path.write_text(
        path.read_text().replace("plan: professional", f"plan: {json.dumps(INJECTION)}")
    )
    (repo.project / "stacks" / "Pulumi.we`ird.yaml").write_text(VALID)
    code, out = repo.diff("--base", "main", "--format", "markdown")
    assert code == 1
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert all(h.startswith(("### ✅", "### ❌", "#### ")) for h in headings), headings
    assert "Approved by the security team" not in "\n".join(headings)
    for line in out.splitlines():
        for outside in _outside_code_spans(line):
            assert not re.search(r"!\[|\]\(|<img|@admins|https://", outside), line
    assert "#### ``Pulumi.we`ird`` — " not in out  # the file name has no heading of its own
    assert "`` we`ird ``" in out or "``we`ird``" in out


def _outside_code_spans(line: str) -> list[str]:
    """The parts of a markdown line outside code spans (CommonMark backtick runs)."""
    parts, position = [], 0
    for match in re.finditer(r"(`+)(.*?[^`])\1(?!`)", line):
        parts.append(line[position : match.start()])
        position = match.end()
    parts.append(line[position:])
    return parts


def test_control_characters_from_values_are_shown_escaped(tmp_path):
    path = stack(tmp_path, "x", 'config:\n  plan: "a\\e[31mred\\r\\u0000z"\n')
    code, out = check_output(str(path))
    assert code == 1
    assert "\x1b" not in out and "\r" not in out and "\x00" not in out
    assert "\\e[31mred\\r\\x00z" in out


def test_the_whole_comment_stays_under_githubs_limit(tmp_path):
    huge = tmp_path / "diff.md"
    huge.write_text("### x\n" + "| a | b |\n" * 20_000)
    code, out = cli_output("comment", "--diff", str(huge))
    assert code == 0
    assert len(out.encode("utf-16-le")) // 2 <= 65_536  # the whole body, as posted
    assert out.startswith("<!-- auth0-sessions:review -->\n")
    assert "was cut here" in out


def test_a_long_comment_with_emoji_is_cut_in_utf16_units_between_lines(tmp_path):
    """GitHub counts UTF-16 code units (an emoji is two): cut by characters, such a comment
    was cut by the poster inside a code span, leaving a live @mention and link."""
    line = "> - `" + "😀" * 40 + " @octocat https://evil.example` and ✅ more\n"
    huge = tmp_path / "diff.md"
    huge.write_text("### ❌ Session settings\n" + line * 5_000)
    code, out = cli_output("comment", "--diff", str(huge))
    assert code == 0
    assert len(out.encode("utf-16-le")) // 2 <= 65_536
    assert len(out) + len(line) < 65_536  # counted in characters, more would have been kept
    body = out.split("\n\n_this comment was cut here")[0]
    for kept in body.splitlines()[2:]:  # every line kept whole: its code span closed
        assert kept == line.rstrip("\n"), kept[-40:]


# ------------------------------------------------------------------ near misses, YAML 1.2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "auth0-session:inactivityTimeout: 99d",
            'auth0-session:inactivityTimeout: unknown namespace "auth0-session" '
            '(did you mean "auth0-sessions"?)',
        ),
        ("Auth0-Sessions:inactivityTimeout: 1d", '(did you mean "auth0-sessions"?)'),
        ("Auth0:domain: x.auth0.com", 'unknown namespace "Auth0" (did you mean "auth0"?)'),
        (
            "auth0-sessions:inactivity_timeout: 1d",
            'auth0-sessions:inactivity_timeout: unknown key (did you mean "inactivityTimeout"?)',
        ),
        ("protect: yes", 'auth0-sessions:protect: "yes" is not a boolean Pulumi accepts'),
        ("protect: on", 'auth0-sessions:protect: "on" is not a boolean Pulumi accepts'),
        ("inactivityTimeout: 12:30", '"12:30" is not a duration'),
        ("auth0:clientId: REPLACE-WITH-CLIENT-ID", "is a placeholder"),
        ("auth0:domain: <your-tenant>.auth0.com", None),
        ("auth0:domain: <your-tenant>", "is a placeholder"),
    ],
)
def test_near_misses_and_yaml_12(tmp_path, line, expected):
    path = stack(tmp_path, "x", f"config:\n  plan: professional\n  {line}\n")
    code, out = check_output(str(path))
    assert (code == 0) is (expected is None), out
    if expected:
        assert expected in out


def test_a_placeholder_stops_the_program_before_any_resource():
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    config["auth0:clientId"] = "REPLACE-WITH-DEV-M2M-CLIENT-ID"
    run = run_program("dev", config, secret_keys)
    assert "auth0:clientId" in str(run.error) and "AUTH0_CLIENT_ID" in str(run.error)
    assert run.resources == []


def test_shipped_stack_files_hold_no_placeholder():
    for path in FIXTURES.glob("Pulumi.*.yaml"):
        assert "REPLACE-WITH" not in "\n".join(
            line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")
        )


# ------------------------------------------------------------------ say what cannot be seen


def test_esc_environments_get_a_visible_note(tmp_path):
    path = stack(tmp_path, "x", "environment:\n  - acme/auth0-prod\nconfig:\n  plan: free\n")
    code, out = check_output(str(path))
    assert code == 0
    assert "note: imports Pulumi ESC environment(s) acme/auth0-prod" in out
    assert "validated only by `pulumi up`" in out


def test_git_errors_are_reported_as_git_says_them(tmp_path):
    repo = Repo(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "components",
            "diff",
            "--project",
            str(repo.project),
            "--base",
            "main",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "dubious ownership" in done.stderr
    assert "safe.directory" in done.stderr  # the fix git suggests
    assert "Traceback" not in done.stderr


def test_non_ascii_stack_file_names_are_read_exactly(tmp_path):
    repo = Repo(tmp_path)
    (repo.project / "stacks" / "Pulumi.zürich.yaml").write_text(VALID)
    repo.commit("a stack with a non-ASCII name")
    _code, out = repo.diff("--base", "main")
    assert "added" not in out  # ls-tree -z: the name as stored, not git's quoted form
    assert "zürich" in out and "4 stacks: 4 unchanged; 1 invalid." in out
    assert "is not a name Pulumi accepts for a stack" in out


def test_a_symlink_in_git_named_like_a_stack_file_is_refused(tmp_path):
    repo = Repo(tmp_path)
    (repo.project / "stacks" / "Pulumi.link.yaml").symlink_to("/etc/passwd")
    repo.commit("a symlink")
    (repo.project / "stacks" / "Pulumi.link.yaml").unlink()
    _code, out = repo.diff("--base", "main")
    assert "root:" not in out
    assert "removed" in out


# ------------------------------------------------------------------ summarize on hostile JSON


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"step": [' + "1" * 5000 + "]}", "not a `pulumi preview --json` document"),
    ],
)
def test_summarize_refuses_what_is_not_a_preview(text, line):
    done = run_cli("summarize", "-", stdin=text)
    assert done.returncode == 1 and line in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "number", ["1e308", "NaN", "Infinity", "-1", "1.0000001", "true", "9" * 5000]
)
def test_summarize_shows_absurd_numbers_as_invalid_values(number):
    document = json.loads((ROOT / "tests" / "previews" / "update-dev.json").read_text())
    text = json.dumps(document).replace('"sessionLifetime": 168', f'"sessionLifetime": {number}')
    assert text != json.dumps(document)
    done = run_cli("summarize", "-", stdin=text)
    assert done.returncode == 0, done.stderr
    assert "invalid value" in done.stdout
    assert "nan h" not in done.stdout and "inf h" not in done.stdout


# ------------------------------------------------------------------ hypothesis

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["yes", "on", "12:30", "0x1F", ".inf", "~", "1e400", "v1:a:b", "7d", "90m"]),
)
_keys = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "plan",
            "baselines",
            "auth0:clientSecret",
            "auth0:ClientSecret",
            "auth0-session:x",
            "inactivity_timeout",
            "protect",
            "wave",
            "secure",
        ]
    ),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=4)
    ),
    max_leaves=20,
)


def _yaml_of(tree: object) -> str:
    """JSON is YAML; add an anchor and alias now and then, as a hand-written file might."""
    return json.dumps({"config": tree} if isinstance(tree, dict) else tree)


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(tree=_trees, alias=st.booleans())
def test_any_yaml_document_gets_a_verdict_never_an_exception(tmp_path, tree, alias):
    text = _yaml_of(tree)
    if alias:
        text = "x: &a [1]\ny: *a\n" if not text.strip() else text + "\n"
    path = tmp_path / "Pulumi.h.yaml"
    path.write_text(text)
    verdict = judge_file(path)
    assert verdict.ok or verdict.problems
    code, _out = check_output(str(path))
    assert code in (0, 1)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(old=_trees, new=_trees)
def test_any_yaml_on_either_side_of_a_diff_gets_a_verdict(tmp_path_factory, old, new):
    repo = Repo(tmp_path_factory.mktemp("repo"))
    path = repo.stack("dev")
    path.write_text(_yaml_of(old))
    repo.commit("old")
    path.write_text(_yaml_of(new))
    for fmt in ("text", "markdown", "json"):
        code, _ = repo.diff("--base", "main", "--format", fmt)
        assert code in (0, 1)


_json = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from(["[secret]", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "refresh", "same"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "steps",
                    "op",
                    "urn",
                    "oldState",
                    "newState",
                    "type",
                    "inputs",
                    "outputs",
                    "sessionLifetime",
                    "sessionCookie",
                    "mode",
                    "diagnostics",
                    "severity",
                    "message",
                    "changeSummary",
                    "auth0:index/tenant:Tenant",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)


@settings(max_examples=examples(200), deadline=None)
@given(document=_json)
def test_any_json_through_summarize_is_summarized_or_refused(document):
    import io

    from components.cli import main as cli

    old_stdin = sys.stdin
    sys.stdin = io.StringIO(json.dumps(document, allow_nan=True))
    try:
        code = cli.main(["summarize", "-"], out=io.StringIO())
    finally:
        sys.stdin = old_stdin
    assert code in (0, 1)
