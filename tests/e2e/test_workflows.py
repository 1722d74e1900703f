"""The workflows, run for real: `.github/workflows/` under act, against fakes of Auth0 and
GitHub that record every request (act_harness.py). Each test asserts on what reached the
fakes -- the comment, the issues, the PATCHes -- not on act's job status (under act a
failing matrix leg marks every leg failed). docs/github.md links these as the executable
description of each workflow.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from act_harness import CLIENT_SECRET, PASSPHRASE, Run, Tenant, World
from rig import VENV

MARKER = "<!-- auth0-sessions:review -->"
DEV = Tenant("dev", "acme-dev.eu.auth0.com", 1, {
    "plan": "professional", "requireLoginAfter": "30d", "inactivityTimeout": "3d"})  # fmt: skip
PROD = Tenant("prod", "acme-prod.eu.auth0.com", 2, {
    "plan": "enterprise", "requireLoginAfter": "7d", "inactivityTimeout": "1d"})  # fmt: skip
SANDBOX = Tenant("sandbox", "acme-sandbox.eu.auth0.com", 3, {
    "plan": "free", "inactivityTimeout": "1h"})  # fmt: skip


@pytest.fixture
def world(tmp_path: Path, engine: Path) -> Iterator[World]:
    """dev (wave 1) and prod (wave 2) deployed by hand; sandbox a tenant to be added."""
    built = World(tmp_path, engine, [DEV, PROD], later=[SANDBOX])
    built.up("dev", "prod")
    for fake in built.fakes.values():
        fake.forget_requests()
    yield built
    built.stop()


# --- helpers -------------------------------------------------------------------------------------
def _review(world: World, pull: dict) -> tuple[Run, Run]:
    """pull-request.yml for the pull request (from its merge commit, as GitHub runs it),
    then pr-comment.yml on that run's completion (from the default branch)."""
    event = {"action": "synchronize", "number": pull["number"], "pull_request": pull}
    first = world.act("pull-request.yml", "pull_request", event, checkout=pull["merge_commit_sha"])
    completed = {
        "action": "completed",
        "workflow_run": {
            "id": first.run_id,
            "event": "pull_request",
            "head_sha": pull["head"]["sha"],
            "name": "pull request",
            "conclusion": "success" if first.code == 0 else "failure",
        },
    }
    return first, world.act("pr-comment.yml", "workflow_run", completed)


def _comments(world: World, number: int) -> list[dict]:
    return world.github.comments.get(number, [])


def _artifact_texts(world: World) -> list[str]:
    texts = []
    for archive in world.artifacts.rglob("*.zip"):
        with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as opened:
            texts += [opened.read(name).decode(errors="replace") for name in opened.namelist()]
    return texts


def _no_secret_in(*texts: str) -> None:
    for text in texts:
        assert CLIENT_SECRET not in text, "the client secret leaked"
        assert PASSPHRASE not in text, "the passphrase leaked"


def _tenant_calls(world: World) -> list[tuple[str, str, str]]:
    return [(s, *c) for s, fake in world.fakes.items() for c in fake.calls()]


def _why(*runs: Run) -> str:
    return "\n".join(run.log[-4000:] for run in runs)


# --- 1 and 2: a pull request from a branch, then a second push -----------------------------------
def test_a_pull_request_gets_one_comment_with_refreshed_previews_updated_on_every_push(world):
    world.git("checkout", "-q", "-b", "shorter-dev", "main")
    world.write_stack(DEV, requireLoginAfter="7d")
    world.add_stack(SANDBOX)
    world.commit("dev: 7 days; a sandbox tenant")
    pull = world.open_pull_request(7, "shorter-dev")
    review, comment = _review(world, pull)

    comments = _comments(world, 7)
    assert len(comments) == 1, _why(review, comment)
    body = comments[0]["body"]
    assert body.startswith(MARKER)
    assert "| Require log in after | 30 days (720 h) | 7 days (168 h) |" in body
    assert "#### `sandbox` — added · ✅ valid" in body
    # a preview section per stack the change touches, from the real CLI's refreshed preview
    assert "#### `dev`: `pulumi preview` (refreshed: now is the live tenant)" in body
    assert (
        "| Require log in after | 30 days (720 h) | 7 days (168 h) |"
        in body.split("### pulumi preview")[1]
    )
    assert "#### `sandbox`: `pulumi preview`" in body
    # prod's file and the program are unchanged: not previewed, said in one line
    assert "`prod`: `pulumi preview`" not in body
    assert (
        "Not previewed, since neither their stack files nor the program changed: `prod`."
        in body.splitlines()
    )
    assert world.fakes["prod"].calls() == []
    previewed = {p.name for p in (world.artifacts / str(review.run_id)).iterdir()}
    assert previewed == {"preview-dev", "preview-sandbox"}
    # previews read the tenants and changed nothing
    assert not any(f.patches() for f in world.fakes.values())
    assert ("GET", "/api/v2/tenants/settings") in world.fakes["dev"].calls()
    _no_secret_in(body, review.log, comment.log, *_artifact_texts(world))

    # a second push: the same comment, updated
    world.git("checkout", "-q", "shorter-dev")
    world.write_stack(DEV, requireLoginAfter="14d")
    world.commit("dev: 14 days after all")
    pull = world.open_pull_request(7, "shorter-dev")
    review, comment = _review(world, pull)
    comments = _comments(world, 7)
    assert len(comments) == 1, _why(review, comment)
    assert "| Require log in after | 30 days (720 h) | 14 days (336 h) |" in comments[0]["body"]
    writes = [(c.method, c.path) for c in world.github.writes()]
    assert writes == [
        ("POST", "/repos/acme/tenants/issues/7/comments"),
        ("PATCH", f"/repos/acme/tenants/issues/comments/{comments[0]['id']}"),
    ]


# --- 3: a fork -----------------------------------------------------------------------------------
APPROVED = """
def render_markdown(*args, **kwargs):
    return "<!-- auth0-sessions:review -->\\n### approved, nothing to see\\n"
"""


def test_a_fork_gets_no_credentials_and_cannot_change_the_comment(world):
    world.git("checkout", "-q", "-b", "stranger", "main")
    world.write_stack(DEV, requireLoginAfter="7d")
    render = world.work / "components" / "review" / "diff_render.py"
    render.write_text(render.read_text() + APPROVED)  # its review would say "approved"
    world.commit("a stranger's change")
    pull = world.open_pull_request(9, "stranger", fork=True)
    review, comment = _review(world, pull)

    assert _tenant_calls(world) == [], "a fork's run reached a tenant"
    assert not list((world.artifacts / str(review.run_id)).glob("preview-*"))
    comments = _comments(world, 9)
    assert len(comments) == 1, _why(review, comment)
    body = comments[0]["body"]
    assert "approved" not in body
    assert body == _comment_by_main(world, 9), "the comment is not main's code's"
    _no_secret_in(review.log, comment.log)


def _comment_by_main(world: World, number: int) -> str:
    """What the default branch's own code makes of the pull request's head (no previews:
    a fork has none): the comment, character for character."""
    world.git("checkout", "-q", "--detach", "main")
    pr = world.work / "pr"
    world.git("clone", "-q", str(world.bare), str(pr))
    subprocess.run(["git", "fetch", "-q", "origin", f"refs/pull/{number}/head"], cwd=pr, check=True)
    subprocess.run(["git", "checkout", "-q", "FETCH_HEAD"], cwd=pr, check=True)
    python = str(VENV / "bin" / "python")
    diff = subprocess.run(
        [python, "-m", "components", "diff", "--project", "pr", "--base", "origin/main",
         "--format", "markdown"],
        cwd=world.work, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    (world.work / "diff.md").write_text(diff)
    return subprocess.run(
        [python, "-m", "components", "comment", "--diff", "diff.md"],
        cwd=world.work, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


# --- 4: an invalid value -------------------------------------------------------------------------
def test_an_invalid_value_fails_the_review_and_no_preview_reaches_a_tenant(world):
    world.git("checkout", "-q", "-b", "too-long", "main")
    world.write_stack(DEV, requireLoginAfter="45d")  # over professional's 30 days
    world.commit("dev: 45 days")
    pull = world.open_pull_request(11, "too-long")
    review, _comment = _review(world, pull)

    assert review.code != 0
    assert "auth0-sessions:requireLoginAfter" in review.log
    assert _tenant_calls(world) == [], "a preview reached a tenant"
    body = _comments(world, 11)[0]["body"]
    assert "#### `dev` — changed · ❌ invalid" in body
    assert "`auth0-sessions:requireLoginAfter`" in body and "30 days" in body
    assert "No preview: previews run only for branches of this repository" in body
    assert "`dev`: `pulumi preview`" not in body


# --- 5: a merge to the default branch ------------------------------------------------------------
def _deploy(world: World) -> Run:
    return world.act("deploy.yml", "push", {"ref": "refs/heads/main"})


def test_a_merge_deploys_wave_by_wave_and_a_refused_wave_stops_the_later_ones(world):
    world.push_main("shorter sessions", dev={"requireLoginAfter": "7d"},
                    prod={"requireLoginAfter": "3d"})  # fmt: skip
    run = _deploy(world)
    dev, prod = world.fakes["dev"], world.fakes["prod"]
    assert dev.patches() and prod.patches(), _why(run)
    first_dev = _first(dev, "PATCH")
    first_prod = _first(prod, "PATCH")
    assert first_dev < first_prod, "wave 2 was patched before wave 1"
    for fake in (dev, prod):  # each with a refresh first
        assert _first(fake, "GET") < _first(fake, "PATCH")
    assert dev.snapshot()["session_lifetime"] == 168
    assert prod.snapshot()["session_lifetime"] == 72
    _no_secret_in(run.log)

    for fake in (dev, prod):
        fake.forget_requests()
    again = _deploy(world)
    assert not dev.patches() and not prod.patches(), _why(again)
    assert ("GET", "/api/v2/tenants/settings") in prod.calls()  # it did run

    # wave 1's tenant refuses the credentials: wave 2 never runs
    dev.client_secret = "rotated-elsewhere"
    world.push_main("shorter still", dev={"requireLoginAfter": "5d"},
                    prod={"requireLoginAfter": "2d"})  # fmt: skip
    for fake in (dev, prod):
        fake.forget_requests()
    stopped = _deploy(world)
    assert ("POST", "/oauth/token") in dev.calls(), _why(stopped)
    assert not dev.patches()
    assert prod.calls() == [], "wave 2 ran after wave 1 failed"


def _first(fake, method: str) -> int:
    return min(r.arrived for r in fake.requests if r.method == method and "tenants" in r.path)


# --- 6: the daily drift run ----------------------------------------------------------------------
def _drift(world: World) -> Run:
    return world.act("drift.yml", "schedule", {"schedule": "17 6 * * *"})


def _open_issues(world: World, marker: str) -> list[dict]:
    return [i for i in world.github.issues if i["state"] == "open" and i["body"].startswith(marker)]


def test_drift_opens_one_issue_updates_it_and_closes_it_and_says_when_it_could_not_check(world):
    dev, prod = world.fakes["dev"], world.fakes["prod"]
    dev.dashboard_edit(session_lifetime=100)  # a Dashboard edit on dev, and on prod
    prod.dashboard_edit(idle_session_lifetime=48)
    first = _drift(world)
    dev_marker, prod_marker = (
        "<!-- auth0-sessions:drift:dev -->",
        "<!-- auth0-sessions:drift:prod -->",
    )
    assert len(_open_issues(world, dev_marker)) == 1, _why(first)
    assert len(_open_issues(world, prod_marker)) == 1
    issue = _open_issues(world, dev_marker)[0]
    assert issue["title"] == "Session settings drift: dev"
    assert "100 h" in issue["body"] or "4 days 4 hours" in issue["body"]
    assert not dev.patches() and not prod.patches()
    _no_secret_in(first.log, *(i["body"] for i in world.github.issues))

    prod_issue = dict(_open_issues(world, prod_marker)[0])
    prod.client_secret = "rotated-elsewhere"  # prod can no longer be checked
    second = _drift(world)
    assert [i["number"] for i in _open_issues(world, dev_marker)] == [issue["number"]], _why(second)
    updated = [c for c in world.github.writes() if c.path.endswith(f"/issues/{issue['number']}")]
    assert updated and updated[-1].method == "PATCH"
    unchecked = _open_issues(world, "<!-- auth0-sessions:unchecked:prod -->")
    assert len(unchecked) == 1 and unchecked[0]["title"] == "Could not check session settings: prod"
    assert _open_issues(world, prod_marker) == [prod_issue], "prod's drift issue was touched"

    dev.dashboard_edit(session_lifetime=720)  # dev matches its file again
    prod.client_secret = CLIENT_SECRET
    third = _drift(world)
    closed = next(i for i in world.github.issues if i["number"] == issue["number"])
    assert closed["state"] == "closed", _why(third)
    assert _open_issues(world, "<!-- auth0-sessions:unchecked:prod -->") == []
    assert len(_open_issues(world, prod_marker)) == 1  # prod still drifts


# --- the engine cache of tests.yml (and deploy.yml's test job) -----------------------------------
def test_the_engine_is_built_once_then_restored_by_actions_cache(tmp_path: Path, engine: Path):
    """tests.yml twice on fresh runners: the first builds the engine (engine/build) and
    saves it with actions/cache, the second restores it and engine/build takes seconds.
    The stand-in .ci/run here runs engine/build alone, with this machine's Go caches (a
    cold compile would take ten minutes; what is proven is the cache of its output)."""
    built = World(tmp_path, engine, [DEV], engine_ci=True)
    try:
        pull = {"number": 3, "head": {"sha": built.git("rev-parse", "main"), "ref": "main"}}
        first = built.act("tests.yml", "pull_request", {"pull_request": pull}, cache=True)
        assert "Cache not found" in first.log, _why(first)
        assert "Cache saved with key: engine-" in first.log, _why(first)
        assert "engine/build: building pulumi" in first.log, _why(first)
        built.fresh_runner()  # a new runner: nothing in its HOME
        second = built.act("tests.yml", "pull_request", {"pull_request": pull}, cache=True)
        assert "Cache restored successfully" in second.log, _why(second)
        assert "engine/build: reusing" in second.log, _why(second)
        took = [line for line in second.log.splitlines() if "Success - Main bash .ci/run" in line]
        assert took and _seconds(took[0]) < 20, took
    finally:
        built.stop()


def _seconds(line: str) -> float:
    """act's step duration, a Go duration in brackets: `[22.1ms]`, `[3.2s]`, `[1m2.3s]`."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "µs": 1e-6, "us": 1e-6, "ns": 1e-9}
    inside = line.rsplit("[", 1)[1].rstrip("]")
    return sum(float(n) * units[u] for n, u in re.findall(r"([0-9.]+)(ms|µs|us|ns|h|m|s)", inside))
