"""Under attack (issue: the review comment can't be forged; every input bounded):
`summarize` and `pull` refuse any input within 10 s and 100 MB with one line, no command
ends in a traceback, and `pull --write` changes exactly the keys it names.

The hostile server speaks raw HTTP on 127.0.0.1 so that it can do what a well-behaved
library would not: an endless chunked body, a gzip bomb, a drip of one byte at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import FIXTURES, ROOT, Repo, cli_output, run_cli
from hostile_server import (
    drip,
    endless,
    gzip_bomb,
    measured,
    serving,
    token_then,
)
from hypothesis import given, settings
from hypothesis import strategies as st

EXPORTS = ROOT / "tests" / "exports"
TOKEN_ANSWER = b'{"access_token": "eyJ-ok", "token_type": "Bearer"}'
ENV = {
    "AUTH0_DOMAIN": "acme-dev.eu.auth0.com",
    "AUTH0_CLIENT_ID": "client-id-123",
    "AUTH0_CLIENT_SECRET": "client-Secret-that-must-never-print",
}


@pytest.fixture
def hostile() -> Iterator[Callable[[Callable[[socket.socket, int], None]], str]]:
    with contextlib.ExitStack() as stack:
        yield lambda serve: stack.enter_context(serving(serve))


PULL = [sys.executable, "-m", "components", "pull", "--stack", "dev", "--plan", "free"]


@pytest.mark.parametrize(
    ("answer", "line"),
    [
        (
            gzip_bomb,
            "error: GET /api/v2/tenants/settings: the answer is larger than 1,048,576 bytes\n",
        ),
        (
            endless,
            "error: GET /api/v2/tenants/settings: the answer is larger than 1,048,576 bytes\n",
        ),
        (drip, "error: GET /api/v2/tenants/settings: no complete answer within 8 s\n"),
    ],
    ids=["gzip-bomb", "endless-chunked", "one-byte-a-second"],
)
def test_pull_refuses_a_hostile_answer_within_the_bound(hostile, answer, line):
    url = hostile(token_then(answer))
    done, seconds, peak = measured([*PULL, "--api-url", url], ENV)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", line)
    assert seconds < 10 and peak < 100, (seconds, peak)


@pytest.mark.parametrize(
    ("token", "line"),
    [
        (
            "eyJ\r\nX-Injected: 1",
            "error: AUTH0_API_TOKEN holds a character an HTTP header cannot carry",
        ),
        ("eyJ-tökén", "error: AUTH0_API_TOKEN holds a character an HTTP header cannot carry"),
        ("e" * 100_000, "error: AUTH0_API_TOKEN is longer than 16,384 characters: not a token"),
    ],
    ids=["crlf", "non-ascii", "100-kb"],
)
def test_a_token_that_cannot_be_a_header_is_said_to_be(token, line):
    done = run_cli(*PULL[3:], env={"AUTH0_DOMAIN": "acme.eu.auth0.com", "AUTH0_API_TOKEN": token})
    assert done.returncode == 1 and done.stderr.startswith(line), done.stderr
    assert "Traceback" not in done.stderr and token[:50] not in done.stderr


def test_a_200_kb_token_is_refused_before_any_call():
    from components.adopt.auth0_api import ApiError, Credentials

    with pytest.raises(ApiError) as raised:
        Credentials.from_environment(
            {"AUTH0_DOMAIN": "acme.eu.auth0.com", "AUTH0_API_TOKEN": "e" * 200_000}
        )
    assert str(raised.value) == "AUTH0_API_TOKEN is longer than 16,384 characters: not a token"


def test_a_non_ascii_access_token_in_the_answer_is_said_to_be(hostile):
    def serve(conn: socket.socket, index: int) -> None:
        body = json.dumps({"access_token": "eyJ-tökén"}, ensure_ascii=False).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

    done = run_cli(*PULL[3:], "--api-url", hostile(serve), env=ENV)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "error: the access_token POST /oauth/token answered holds a character an HTTP header"
    )


def test_an_api_url_with_a_control_character_is_refused():
    done = run_cli(*PULL[3:], "--api-url", "https://acme\x07.example/", env=ENV)
    assert done.returncode == 1
    assert done.stderr == (
        "error: --api-url 'https://acme\\\\x07.example/' holds control or non-ASCII characters: "
        "give a plain https URL\n"
    )


# ------------------------------------------------------------------ summarize, bounded

SUMMARIZE = [sys.executable, "-m", "components", "summarize"]


def test_summarize_refuses_a_device_a_fifo_and_a_huge_file(tmp_path):
    fifo = tmp_path / "preview.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.truncate(100 * 1024 * 1024)  # 100 MB of zeros, sparse
    for name, line in [
        ("/dev/zero", "error: /dev/zero: is a device, not a regular file: refused\n"),
        (str(fifo), f"error: {fifo}: is a FIFO (named pipe), not a regular file: refused\n"),
        (
            str(huge),
            f"error: {huge}: is larger than 4,194,304 bytes: refused (a preview's JSON is a "
            "few kilobytes per resource)\n",
        ),
    ]:
        done, seconds, peak = measured([*SUMMARIZE, name], {})
        assert (done.returncode, done.stdout, done.stderr) == (1, "", line)
        assert seconds < 10 and peak < 100


def test_summarize_reads_no_more_of_standard_input_than_its_bound():
    """`yes | summarize -` grew to 9 GB: now it stops reading at 4 MiB."""
    command = f"yes | {sys.executable} -m components summarize -"
    start = time.perf_counter()
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.perf_counter() - start < 10
    assert done.returncode == 1
    assert done.stderr == (
        "error: standard input: is larger than 4,194,304 bytes: refused (a preview's JSON is a "
        "few kilobytes per resource)\n"
    )


def test_a_preview_of_millions_of_objects_is_refused_before_parsing(tmp_path):
    many = tmp_path / "objects.json"
    many.write_text("[" + ",".join(["{}"] * 1_300_000) + "]")
    done, seconds, peak = measured([*SUMMARIZE, str(many)], {})
    assert done.stderr == (
        f"error: {many}: more than 200,000 JSON objects and arrays: not the preview of a stack "
        "(refused before parsing)\n"
    )
    assert seconds < 10 and peak < 100


# ------------------------------------------------------------------ no traceback, anywhere


def _not_utf8_project(tmp_path: Path) -> Path:
    repo = Repo(tmp_path)
    name = os.fsencode(repo.project / "stacks") + b"/Pulumi.d\xffv.yaml"
    with open(name, "w") as out:
        out.write((FIXTURES / "Pulumi.dev.yaml").read_text())
    return repo.project


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--project", "{p}"],
        ["stacks", "--project", "{p}"],
        ["diff", "--base", "main", "--project", "{p}"],
    ],
    ids=["check", "stacks", "diff"],
)
def test_a_file_name_that_is_not_utf8_prints_on_a_strict_terminal(tmp_path, args):
    project = _not_utf8_project(tmp_path)
    argv = [a.replace("{p}", str(project)) for a in args]
    done = run_cli(*argv, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "Pulumi.d\\udcffv.yaml" in done.stdout


@pytest.mark.parametrize(
    "args",
    [["diff", "--base", "main", "--project", "{p}"], ["baselines"], ["check", "--project", "{p}"]],
    ids=["diff", "baselines", "check"],
)
def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path, args):
    repo = Repo(tmp_path)
    repo.set("dev", "requireLoginAfter", "7d")
    argv = [a.replace("{p}", str(repo.project)) for a in args]
    done = run_cli(*argv, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stdout.isascii()
    assert "\\u2192" in done.stdout or "\\u2264" in done.stdout or "OK" in done.stdout


def test_pull_write_with_no_stacks_folder_or_an_unwritable_one_is_one_line(tmp_path, monkeypatch):
    export = str(EXPORTS / "tenant.json")
    args = ["pull", "--stack", "dev", "--plan", "professional", "--from", export, "--write"]
    done = run_cli(*args, "--project", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.endswith(
        "error: stacks/ is not a folder here: give --project, the folder holding Pulumi.yaml "
        "and stacks/\n"
    )
    done = run_cli(*args, "--project", "/proc/sys")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (tmp_path / "stacks").mkdir()

    def read_only(*_args: object, **_kwargs: object) -> int:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("components.stackfiles.stackwrite.os.open", read_only)
    code, _ = cli_output(*args, "--project", str(tmp_path))
    assert code == 1
    assert not (tmp_path / "stacks" / "Pulumi.dev.yaml").exists()


_EVERY_COMMAND = """
import json, sys
from components.cli.main import main
codes = []
for argv in json.loads(sys.argv[1]):
    try:
        codes.append(main(argv))
    except SystemExit as done:  # argparse's usage errors
        codes.append(done.code)
print(json.dumps(codes))
"""


@settings(max_examples=3, deadline=None)
@given(values=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=8))
def test_every_command_under_an_ascii_locale_ends_without_a_traceback(tmp_path_factory, values):
    """One process per example (its streams are what is under test), every command in it."""
    folder = tmp_path_factory.mktemp("ascii")
    (folder / "stacks").mkdir()
    (folder / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    for number, value in enumerate(values):
        text = (
            "config:\n  auth0-sessions:plan: free\n  auth0-sessions:requireLoginAfter: "
            + json.dumps(value)
            + "\n"
        )
        (folder / "stacks" / f"Pulumi.x{number}.yaml").write_text(text, encoding="utf-8")
    commands = [
        ["check", "--project", str(folder)],
        ["stacks", "--project", str(folder)],
        ["summarize", str(ROOT / "tests" / "previews" / "secrets-dev.json")],
        ["baselines"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", _EVERY_COMMAND, json.dumps(commands)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    codes = json.loads(done.stdout.splitlines()[-1])
    assert len(codes) == 4 and set(codes) <= {0, 1, 2}, codes


# ------------------------------------------------------------------ pull --write, exactly


def _write(project: Path, export: Path = EXPORTS / "tenant.json", plan: str = "professional"):
    return run_cli(
        "pull",
        "--stack",
        "dev",
        "--plan",
        plan,
        "--from",
        str(export),
        "--write",
        "--project",
        str(project),
    )


def test_write_refuses_to_write_through_a_link(tmp_path):
    repo = Repo(tmp_path)
    dev, prod = repo.stack("dev"), repo.stack("prod")
    before = prod.read_text()
    dev.unlink()
    dev.symlink_to(prod.name)
    done = _write(repo.project, plan="enterprise")
    assert done.returncode == 1
    assert done.stderr.endswith(
        "error: Pulumi.dev.yaml is a symlink: pull --write does not write through a link (it "
        "would change the file it points to); replace the link with the file itself\n"
    )
    assert prod.read_text() == before and dev.is_symlink()


def test_a_stacks_folder_linked_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "stacks").symlink_to(outside)
    done = _write(project)
    assert done.returncode == 1
    assert done.stderr.endswith(
        "error: stacks/ is a symlink: refused (the project's files are read only through real "
        "folders inside it; its target is not read)\n"
    )
    assert list(outside.iterdir()) == []


YAML_11 = """\
%YAML 1.1
---
# a YAML 1.1 file: none of these lines may change
config:
  auth0-sessions:plan: professional
  auth0-sessions:protect: on
  other:window: 1:30
  other:flag: yes
  auth0-sessions:requireLoginAfter: 30d   # kept comment
  'quoted:key': "kept"
"""


def test_write_changes_only_the_session_lines_whatever_the_directive(tmp_path):
    repo = Repo(tmp_path)
    repo.stack("dev").write_text(YAML_11)
    done = _write(repo.project)
    assert done.returncode == 0, done.stderr
    after = repo.stack("dev").read_text()
    before_lines, after_lines = YAML_11.splitlines(), after.splitlines()
    assert after_lines[: len(before_lines)] == [
        line.replace("requireLoginAfter: 30d", "requireLoginAfter: 3h") for line in before_lines
    ]
    assert after_lines[len(before_lines) :] == [
        "  auth0-sessions:inactivityTimeout: 1h",
        "  auth0-sessions:ephemeralRequireLoginAfter: 3d",
        "  auth0-sessions:ephemeralInactivityTimeout: 1d",
        "  auth0-sessions:cookieMode: non-persistent",
    ]
    assert "WARNING" not in done.stderr and "ruamel" not in done.stderr


def test_a_session_cookie_that_is_not_an_object_is_refused(tmp_path):
    export = tmp_path / "tenant.json"
    export.write_text(json.dumps({"session_lifetime": 24, "session_cookie": "non-persistent"}))
    done = run_cli("pull", "--stack", "dev", "--plan", "free", "--from", str(export))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.endswith(
        'error: tenant.json: session_cookie is non-persistent, not an object such as {"mode": '
        '"persistent"}: not the shape of a tenant\'s settings, nothing written\n'
    )


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # an SMS template's @@password@@ is text: keyword names are upper case
        ('tenant:\n  session_lifetime: 24\n  sms: "code @@password@@"\n', False),
        # a comment is no value the Deploy CLI would fill in
        ("tenant:\n  session_lifetime: 24  # ##TODO## later\n# ##X## here\n", False),
        ("tenant:\n  session_lifetime: 24\n  support_url: https://##DOMAIN##/support\n", True),
        ("tenant:\n  session_lifetime: 24\n  friendly_name: ##NAME##\n", True),
    ],
    ids=["lowercase", "comments", "in-a-value", "value-position"],
)
def test_placeholders_follow_the_deploy_clis_own_rule(tmp_path, text, refused):
    export = tmp_path / "tenant.yaml"
    export.write_text(text)
    done = run_cli("pull", "--stack", "dev", "--plan", "free", "--from", str(export))
    assert (done.returncode == 1) is refused, done.stderr
    assert ("unresolved Deploy CLI keyword placeholders" in done.stderr) is refused


@pytest.mark.parametrize("kind", ["link-to-a-device", "huge"])
def test_a_hostile_pulumi_yaml_is_read_bounded(tmp_path, kind):
    """diff reads the working tree's Pulumi.yaml for stackConfigDir: bounded and safe like
    any stack file (a pull request can commit a symlink to /dev/zero, or 50 MB)."""
    repo = Repo(tmp_path)
    project_file = repo.project / "Pulumi.yaml"
    project_file.unlink()
    if kind == "huge":
        project_file.write_text("name: x\ndescription: '" + "x" * 50_000_000 + "'\n")
    else:
        project_file.symlink_to("/dev/zero")
    for args in (["diff", "--base", "main"], ["check"], ["stacks"]):
        done, seconds, peak = measured(
            [sys.executable, "-m", "components", *args, "--project", str(repo.project)], {}
        )
        assert seconds < 10 and peak < 100, (args, seconds, peak)
        assert "Traceback" not in done.stderr, done.stderr
