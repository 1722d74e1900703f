"""A fleet in batches, under act: twelve stacks whose files carry their own (encrypted)
credentials, five at most per job (the AUTH0_SESSIONS_BATCH_SIZE variable), through a
deploy, the daily drift run and a pull request's previews. Each stack keeps its own
result; the one whose tenant refuses its credentials fails alone. As in
test_workflows.py, every assertion is on what reached the fakes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from act_harness import CLIENT_SECRET, PASSPHRASE, Run, Tenant, World

FLEET = [
    Tenant(f"s{n:02d}", f"acme-s{n:02d}.eu.auth0.com", 1 if n <= 8 else 2,
           {"plan": "professional", "requireLoginAfter": "30d", "inactivityTimeout": "3d"})
    for n in range(1, 13)
]  # fmt: skip
REFUSED = "s10"  # wave 2; its tenant takes another secret than its stack file holds
GOOD = [t.stack for t in FLEET if t.stack != REFUSED]


@pytest.fixture
def fleet(tmp_path: Path, engine: Path) -> Iterator[World]:
    built = World(tmp_path, engine, FLEET, refused={REFUSED}, own_credentials=True, batch_size=5)
    yield built
    built.stop()


def test_a_fleet_in_batches_is_deployed_checked_and_previewed_each_stack_on_its_own(fleet):
    """The three runs in the order a fleet lives them, in one world (one test: the runs
    build on each other, and the suite's workers would split separate tests)."""
    _deploy_goes_wave_by_wave_in_batches_and_the_refused_stack_fails_alone(fleet)
    _the_drift_run_checks_every_stack_in_batches_each_with_its_own_result(fleet)
    _a_pull_request_previews_every_changed_stack_in_batches(fleet)


def _why(*runs: Run) -> str:
    return "\n".join(run.log[-6000:] for run in runs)


def _artifacts(world: World, run: Run) -> dict[str, dict[str, str]]:
    """Each artifact of a run: its name -> {file name: text}."""
    found = {}
    for archive in (world.artifacts / str(run.run_id)).rglob("*.zip"):
        with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as opened:
            files = {name: opened.read(name).decode() for name in opened.namelist()}
        found[archive.parent.name] = {**found.get(archive.parent.name, {}), **files}
    return found


def _no_secret_in(*texts: str) -> None:
    for text in texts:
        assert CLIENT_SECRET not in text, "the client secret leaked"
        assert PASSPHRASE not in text, "the passphrase leaked"


def _deploy_goes_wave_by_wave_in_batches_and_the_refused_stack_fails_alone(fleet: World) -> None:
    run = fleet.act("deploy.yml", "push", {"ref": "refs/heads/main"})
    assert '"name": "wave1+1-of-2", "stacks": "s01 s03 s05 s07"' in run.log, _why(run)
    assert '"name": "wave2+1-of-1", "stacks": "s09 s10 s11 s12"' in run.log
    for stack in GOOD:
        fake = fleet.fakes[stack]
        assert fake.patches(), f"{stack} was not deployed\n{_why(run)}"
        assert fake.snapshot()["session_lifetime"] == 720
    refused = fleet.fakes[REFUSED]
    assert ("POST", "/oauth/token") in refused.calls() and not refused.patches()
    last_of_wave_1 = max(_patched(fleet, t.stack) for t in FLEET if t.wave == 1)
    first_of_wave_2 = min(_patched(fleet, s) for s in GOOD if s >= "s09")
    assert last_of_wave_1 < first_of_wave_2, "wave 2 began before wave 1 ended"
    assert run.code != 0  # the job that holds s10 failed
    _no_secret_in(run.log)


def _patched(world: World, stack: str) -> int:
    return min(r.arrived for r in world.fakes[stack].requests if r.method == "PATCH")


def _the_drift_run_checks_every_stack_in_batches_each_with_its_own_result(fleet: World) -> None:
    for fake in fleet.fakes.values():
        fake.forget_requests()
    run = fleet.act("drift.yml", "schedule", {"schedule": "17 6 * * *"})
    artifacts = _artifacts(fleet, run)
    assert set(artifacts) == {f"drift-batch+{k}-of-3" for k in (1, 2, 3)}, _why(run)
    files = {name: text for batch in artifacts.values() for name, text in batch.items()}
    for stack in GOOD:
        assert files[f"{stack}.status"] == "clean\n", (stack, _why(run))
        assert files[f"{stack}.audit"] == "held\n", (stack, files[f"{stack}.audit.md"])
    assert files[f"{REFUSED}.status"] == "unchecked\n"
    issues = [i for i in fleet.github.issues if i["state"] == "open"]
    assert [i["title"] for i in issues] == [f"Could not check session settings: {REFUSED}"]
    assert not any(fake.patches() for fake in fleet.fakes.values())
    _no_secret_in(run.log, *files.values(), *(i["body"] for i in fleet.github.issues))


def _a_pull_request_previews_every_changed_stack_in_batches(fleet: World) -> None:
    for fake in fleet.fakes.values():
        fake.forget_requests()
    fleet.git("checkout", "-q", "-b", "everywhere", "main")
    for tenant in FLEET:
        fleet.write_stack(tenant, requireLoginAfter="7d")
    fleet.commit("every tenant: 7 days")
    pull = fleet.open_pull_request(21, "everywhere")
    event = {"action": "opened", "number": 21, "pull_request": pull}
    review = fleet.act("pull-request.yml", "pull_request", event, checkout=pull["merge_commit_sha"])
    completed = {"action": "completed", "workflow_run": {
        "id": review.run_id, "event": "pull_request", "head_sha": pull["head"]["sha"],
        "name": "pull request", "conclusion": "failure"}}  # fmt: skip
    comment = fleet.act("pr-comment.yml", "workflow_run", completed)

    artifacts = _artifacts(fleet, review)
    assert set(artifacts) == {f"preview-batch+{k}-of-3" for k in (1, 2, 3)}, _why(review)
    names = sorted(name for batch in artifacts.values() for name in batch)
    assert names == [f"{t.stack}.md" for t in FLEET]  # one summary each, s10's included
    body = fleet.github.comments[21][0]["body"]
    for stack in GOOD:
        section = body.split(f"#### `{stack}`: `pulumi preview`", 1)
        assert len(section) == 2, (stack, body[:3000], _why(review, comment))
        assert "| Require log in after | 30 days (720 h) | 7 days (168 h) |" in section[1]
    assert f"`{REFUSED}`" in body.split("### pulumi preview")[1]
    assert not any(fake.patches() for fake in fleet.fakes.values())
    assert all(("GET", "/api/v2/tenants/settings") in fleet.fakes[s].calls() for s in GOOD)
    _no_secret_in(body, review.log, comment.log, *json.dumps(artifacts).split("\\n"))
