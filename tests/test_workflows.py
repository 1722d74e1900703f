"""The GitHub workflows: they parse, pin their actions, keep secrets out of sight, use
the least permissions, deploy in order, and every `python -m components` line in them
is a command this code accepts."""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import pytest
import yaml
from harness import FIXTURES, ROOT, cli_output

from components.stackfiles.stackconfig import MAX_WAVE

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))
STACKS = sorted(p.name.split(".")[1] for p in FIXTURES.glob("Pulumi.*.yaml"))
PINNED = re.compile(r"[\w-]+/[\w-]+@[0-9a-f]{40}")


def load(path: Path) -> dict:
    document = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the `on:` key as True
    return {("on" if key is True else key): value for key, value in document.items()}


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def steps_of(document: dict) -> list[dict]:
    if "runs" in document:
        return document["runs"]["steps"]
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def all_text() -> list[tuple[str, str]]:
    return [(p.name, p.read_text()) for p in [*WORKFLOWS, *ACTIONS]]


def test_the_workflows_are_there():
    assert [p.name for p in WORKFLOWS] == [
        "deploy.yml",
        "drift.yml",
        "pr-comment.yml",
        "pull-request.yml",
        "tests.yml",
    ]


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_or_local(path):
    document = load(path)
    uses = [step["uses"] for step in steps_of(document) if "uses" in step]
    uses += [job["uses"] for job in document.get("jobs", {}).values() if "uses" in job]
    for use in uses:
        if use.startswith("./"):
            target = ROOT / use
            assert target.is_file() or (target / "action.yml").is_file(), use
        else:
            assert PINNED.fullmatch(use), use


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_read_only_by_default(path):
    assert load(path)["permissions"] == {"contents": "read"}


def test_only_the_comment_and_drift_report_jobs_may_write_and_run_no_code():
    writers = {
        (path.name, job_name, scope)
        for path in WORKFLOWS
        for job_name, job in load(path)["jobs"].items()
        for scope, level in (job.get("permissions") or {}).items()
        if level == "write"
    }
    assert writers == {
        ("pr-comment.yml", "post", "pull-requests"),
        ("drift.yml", "report", "issues"),
    }
    for name, job in (("pr-comment.yml", "post"), ("drift.yml", "report")):
        steps = workflow(name)["jobs"][job]["steps"]
        assert all("run" not in step for step in steps), name  # scripts only, no shell
        assert not any("checkout" in step.get("uses", "") for step in steps), name


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.name)
def test_no_checkout_keeps_credentials_and_nothing_edits_the_job_environment_paths(path):
    for step in steps_of(load(path)):
        if "actions/checkout@" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False, path.name
        assert "GITHUB_PATH" not in step.get("run", ""), path.name
    assert "secrets: inherit" not in path.read_text(), path.name


def test_zizmor_runs_in_ci_at_medium_and_above():
    run = (ROOT / ".ci" / "run").read_text()
    assert "zizmor --offline --min-severity medium .github/" in run
    ignores = re.findall(r"# zizmor: ignore\[([\w-]+)\]", "\n".join(t for _, t in all_text()))
    assert ignores == ["dangerous-triggers"]  # the workflow_run comment job, reasoned there


def test_secrets_only_reach_steps_through_env_and_are_never_echoed():
    for name, text in all_text():
        assert "set -x" not in text, name
        for line in text.splitlines():
            if "secrets." in line:
                assert re.fullmatch(r"\s+[A-Z0-9_]+: \$\{\{ secrets\.[A-Z0-9_]+ \}\}", line), (
                    name,
                    line,
                )
        for step in (
            steps_of(load(ROOT / ".github" / "workflows" / name))
            if name in (p.name for p in WORKFLOWS)
            else []
        ):
            assert "secrets." not in step.get("run", ""), (name, step)


def test_pull_request_review_runs_for_forks_with_no_secrets():
    review = workflow("pull-request.yml")["jobs"]["review"]
    assert "environment" not in review
    assert "secrets." not in yaml.safe_dump(review)
    tool, pull_request = (s for s in review["steps"] if "actions/checkout@" in s.get("uses", ""))
    assert tool["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"  # trusted code
    assert pull_request["with"]["path"] == "pr" and pull_request["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in review["steps"]]
    assert any(
        '.venv/bin/python -m components diff --project pr --base "origin/$BASE_REF"' in run
        for run in runs
    )
    assert not any(".ci/run" in run for run in runs)  # the previews never wait for tests
    assert set(workflow("pull-request.yml")["jobs"]) == {"review", "preview"}  # no comment here


def test_the_pull_requests_tests_are_a_workflow_of_their_own_with_the_engine_cached():
    tests = workflow("tests.yml")
    assert set(tests["jobs"]) == {"ci"}
    ci = tests["jobs"]["ci"]["steps"]
    assert ci[-1]["run"] == "bash .ci/run"
    assert "secrets." not in yaml.safe_dump(tests)
    for steps in (ci, workflow("deploy.yml")["jobs"]["test"]["steps"]):
        (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
        assert cache["with"]["path"] == "~/.cache/auth0-sessions/engine"
        assert "hashFiles('engine/versions', 'engine/**/go.sum'" in cache["with"]["key"]
        assert steps.index(cache) < len(steps) - 1  # restored before .ci/run, saved after
    comment = workflow("pr-comment.yml")["on"]["workflow_run"]["workflows"]
    assert comment == ["pull request"]  # the comment waits for the previews, not the tests


def test_previews_run_for_same_repository_pull_requests_over_every_discovered_stack():
    jobs = workflow("pull-request.yml")["jobs"]
    preview = jobs["preview"]
    assert preview["if"] == (
        "github.event.pull_request.head.repo.full_name == github.repository"
        " && needs.review.outputs.batches != '[]'"
    )
    assert preview["strategy"]["matrix"]["batch"] == "${{ fromJSON(needs.review.outputs.batches) }}"
    assert preview["environment"] == "${{ matrix.batch.environment }}"
    found = [s for s in jobs["review"]["steps"] if s.get("id") == "stacks"]
    assert (
        'python -m components stacks --batches preview --batch-size "$BATCH_SIZE" --project pr '
        '--changed-since "origin/$BASE_REF"' in found[0]["run"]
    )
    runs = "\n".join(step.get("run", "") for step in preview["steps"])
    assert "for STACK in $STACKS; do" in runs  # each stack of the batch, its own summary
    assert 'pulumi" preview --stack' in runs and "--refresh --diff --json" in runs
    assert 'python -m components summarize "preview/$STACK.json"' in runs
    upload = next(s for s in preview["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "preview-${{ matrix.batch.name }}"


def test_no_workflow_names_a_stack_by_hand():
    for name, text in all_text():
        for stack in STACKS:
            shown = text.replace("preview-", "").replace("/dev/null", "")
            assert not re.search(rf"\b{re.escape(stack)}\b(?!-)", shown), (
                name,
                stack,
            )


def test_drift_runs_daily_and_on_demand_with_one_issue_per_stack():
    drift = workflow("drift.yml")
    assert set(drift["on"]) == {"schedule", "workflow_dispatch"}
    preview = drift["jobs"]["preview"]
    assert preview["strategy"]["matrix"]["batch"] == "${{ fromJSON(needs.stacks.outputs.batches) }}"
    assert preview["environment"] == "${{ matrix.batch.environment }}"  # read-only credentials
    runs = "\n".join(step.get("run", "") for step in preview["steps"])
    assert "for STACK in $STACKS; do" in runs
    assert "--refresh --expect-no-changes --json" in runs
    discover = drift["jobs"]["stacks"]["steps"][-1]["run"]
    assert "components stacks --names" in discover  # the report: every stack, no limit
    assert 'components stacks --batches preview --batch-size "$BATCH_SIZE"' in discover
    script = drift["jobs"]["report"]["steps"][-1]["with"]["script"]
    assert "<!-- auth0-sessions:drift:${stack} -->" in script
    assert "issues.update" in script and "state: 'closed'" in script and "issues.create" in script


def test_one_sticky_comment_is_updated_not_added():
    comment = workflow("pr-comment.yml")
    assert comment["on"]["workflow_run"]["workflows"] == [workflow("pull-request.yml")["name"]]
    script = comment["jobs"]["post"]["steps"][-1]["with"]["script"]
    assert "const marker = '<!-- auth0-sessions:review -->'" in script
    assert "body.startsWith(marker)" in script  # the body `comment` made, posted as it is
    assert "updateComment" in script and "createComment" in script
    assert script.index("updateComment") < script.index("createComment")
    assert ".slice(" not in script  # bounded in one place: the `comment` command
    find = comment["jobs"]["assemble"]["steps"][2]["with"]["script"]
    assert "p.head.sha === process.env.HEAD_SHA" in find  # not taken from any artifact


def test_the_comment_is_this_repositorys_own_work_with_the_pull_request_as_data():
    """A fork's `pull_request` run executes the fork's workflow file: nothing it leaves is
    used. The trusted workflow checks out the default branch, fetches the head as data
    into pr/, runs `diff` and `comment` itself, and takes previews only from this
    repository's own branches."""
    assemble = workflow("pr-comment.yml")["jobs"]["assemble"]
    steps = assemble["steps"]
    tool = steps[0]
    assert "actions/checkout@" in tool["uses"] and "ref" not in tool["with"]  # default branch
    data = next(s for s in steps if s.get("with", {}).get("path") == "pr")
    assert data["with"]["ref"] == "refs/pull/${{ steps.pr.outputs.number }}/head"
    runs = "\n".join(step.get("run", "") for step in steps)
    assert '.venv/bin/python -m components diff --project pr --base "origin/$BASE_REF"' in runs
    assert ".venv/bin/python -m components comment" in runs
    assert not re.search(r"(^|[\s;&|(])(bash|sh|python\S*|\.)\s+pr/|pr/\.venv|\./pr/", runs)
    previews = next(s for s in steps if s.get("with", {}).get("pattern") == "preview-*")
    assert previews["if"] == "steps.pr.outputs.same_repo == 'true'"
    assert assemble["permissions"] == {
        "contents": "read",
        "actions": "read",
        "pull-requests": "read",
    }


def test_deploy_goes_wave_by_wave_after_the_tests_from_discovered_stacks():
    jobs = workflow("deploy.yml")["jobs"]
    assert workflow("deploy.yml")["on"] == {
        "push": {"branches": ["main"]},
        "workflow_dispatch": None,
    }
    assert jobs["test"]["steps"][-1]["run"] == "bash .ci/run"
    assert jobs["stacks"]["needs"] == "test"
    waves = [f"wave-{n}" for n in range(1, MAX_WAVE + 1)]
    assert [name for name in jobs if name.startswith("wave-")] == waves
    discover = re.sub(r"\\\n\s*", "", jobs["stacks"]["steps"][-1]["run"])
    assert (
        'python -m components stacks --batches deploy --wave "$wave" --batch-size "$BATCH_SIZE"'
        in discover
    )
    assert "for wave in " + " ".join(str(n) for n in range(1, MAX_WAVE + 1)) + ";" in discover
    for n, (before, after) in enumerate(itertools.pairwise(["stacks", *waves]), start=1):
        job = jobs[after]
        assert job["needs"] == ("stacks" if n == 1 else ["stacks", before])
        assert job["if"] == (
            f"${{{{ !failure() && !cancelled() && needs.stacks.outputs.wave{n} != '[]' }}}}"
        )  # a failed wave stops the later ones; an empty wave is skipped, not a failure
        assert (
            job["strategy"]["matrix"]["batch"]
            == f"${{{{ fromJSON(needs.stacks.outputs.wave{n}) }}}}"
        )
        assert job["strategy"]["max-parallel"] >= 1
        assert "uses" not in job  # no called workflow: the job itself runs `pulumi up`
        assert jobs["stacks"]["outputs"][f"wave{n}"] == f"${{{{ steps.waves.outputs.wave{n} }}}}"


@pytest.mark.parametrize("wave", range(1, MAX_WAVE + 1))
def test_each_up_is_bound_to_its_environment_in_the_pushed_workflow_and_never_cancelled(wave):
    """The job with `environment:` (the stack's own, or its wave's for shared jobs) is in
    the workflow the push triggers, so the environment's secrets reach it by GitHub's
    plain rule, whatever the docs say of called workflows."""
    deploy = workflow("deploy.yml")
    up = deploy["jobs"][f"wave-{wave}"]
    assert up["environment"] == "${{ matrix.batch.environment }}"
    assert deploy["concurrency"] == {"group": "deploy", "cancel-in-progress": False}
    assert up["env"]["AUTH0_CLIENT_SECRET"] == "${{ secrets.AUTH0_CLIENT_SECRET }}"
    run = next(step["run"] for step in up["steps"] if 'pulumi" up --stack' in step.get("run", ""))
    assert "for STACK in $STACKS; do" in run
    assert run.index('.venv/bin/python -m components check --stack "$STACK"') < run.index(
        'pulumi" up --stack'
    )  # where stackConfigDir says
    assert "--refresh" in run  # a Dashboard edit is seen, and set back


def test_the_generated_deploy_workflow_is_current():
    import runpy

    generator = runpy.run_path(str(ROOT / ".github" / "deploy_workflow.py"))
    assert (ROOT / ".github" / "workflows" / "deploy.yml").read_text() == generator["render"](), (
        "run .venv/bin/python .github/deploy_workflow.py"
    )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_called_workflow_reads_secrets(path):
    document = load(path)
    triggers = document.get("on") or document.get(True) or {}
    if "workflow_call" in triggers:
        assert "secrets." not in path.read_text()


SHELL_VALUES = {"$wave": "1", "$BATCH_SIZE": "auto"}


def components_commands() -> list[tuple[str, list[str]]]:
    """Every `python -m components …` in the workflows, as argument lists."""
    found = []
    for name, text in all_text():
        joined = text.replace("\\\n", " ")
        for match in re.finditer(r"python -m components ([^\n|>)]*)", joined):
            args = shlex.split(match.group(1).split("||")[0])
            # shell variables stand for values the workflow computes
            args = [SHELL_VALUES.get(arg, arg) for arg in args if arg != "${previews[@]}"]
            found.append((name, args))
    return found


def test_workflows_use_the_commands():
    assert {args[0] for _, args in components_commands()} == {
        "audit",
        "check",
        "diff",
        "summarize",
        "stacks",
        "comment",
    }


@pytest.mark.parametrize(
    ("name", "args"), components_commands(), ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_components_line_is_accepted_here(name, args, capsys):
    """Its options parse (with --help last, nothing runs): a renamed flag breaks this."""
    with pytest.raises(SystemExit) as exited:
        cli_output(*args, "--help")
    assert exited.value.code == 0, (name, args, capsys.readouterr().err)


@pytest.mark.parametrize(
    ("status", "verdict"), [(0, "clean"), (7, "drift"), (1, "unchecked"), (255, "unchecked")]
)
def test_drift_is_exit_7_and_any_other_failure_could_not_check(tmp_path, status, verdict):
    """pulumi's --expect-no-changes prints the JSON, then exits 7 when there are changes
    (cmd/exit_codes.go); the step's own `case` decides, run here as bash runs it."""
    import subprocess

    steps = workflow("drift.yml")["jobs"]["preview"]["steps"]
    run = next(step["run"] for step in steps if "--expect-no-changes" in step.get("run", ""))
    case = run[run.index('case "$status" in') : run.index("esac") + len("esac")]
    (tmp_path / "drift").mkdir()
    subprocess.run(["bash", "-c", f"status={status}; STACK=dev; {case}"], cwd=tmp_path, check=True)
    assert (tmp_path / "drift" / "dev.status").read_text() == f"{verdict}\n"


def test_a_failed_check_never_closes_a_drift_issue_and_has_its_own_title():
    script = workflow("drift.yml")["jobs"]["report"]["steps"][-1]["with"]["script"]
    unchecked = script[script.index("if (status === 'unchecked')") :]
    unchecked = unchecked[: unchecked.index("continue;")]
    assert "Could not check session settings: ${stack}" in unchecked
    assert "close(" not in unchecked and "drift," not in unchecked
    assert "Session settings drift: ${stack}" in script
    assert script.index("if (status === 'unchecked')") < script.index("close(drift")


@pytest.mark.parametrize(
    ("status", "report", "verdict"),
    [(0, "x", "held"), (1, "| app |", "over"), (1, "", "unchecked"), (2, "", "unchecked")],
)
def test_the_drift_job_audits_the_applications_beside_the_preview(
    tmp_path, status, report, verdict
):
    """audit's findings join the stack's one issue; an audit that could not run says so."""
    import subprocess

    steps = workflow("drift.yml")["jobs"]["preview"]["steps"]
    run = next(step["run"] for step in steps if "components audit" in step.get("run", ""))
    assert '.venv/bin/python -m components audit --stack "$STACK" --markdown' in run
    case = run[run.rindex('case "$status" in') : run.rindex("esac") + len("esac")]
    (tmp_path / "drift").mkdir()
    (tmp_path / "drift" / "dev.audit.md").write_text(report)
    subprocess.run(["bash", "-c", f"status={status}; STACK=dev; {case}"], cwd=tmp_path, check=True)
    assert (tmp_path / "drift" / "dev.audit").read_text() == f"{verdict}\n"
    script = workflow("drift.yml")["jobs"]["report"]["steps"][-1]["with"]["script"]
    assert "Applications over the session baselines: ${stack}" in script
    assert "if (status === 'clean' && audit !== 'over')" in script
