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
from harness import ROOT, cli_output

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))
STACKS = sorted(p.name.split(".")[1] for p in (ROOT / "stacks").glob("Pulumi.*.yaml"))
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
        "pr-comment.yml",
        "pull-request.yml",
        "pulumi-up.yml",
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


def test_only_the_comment_job_may_write_and_only_to_pull_requests():
    writers = {
        (path.name, job_name, scope)
        for path in WORKFLOWS
        for job_name, job in load(path)["jobs"].items()
        for scope, level in (job.get("permissions") or {}).items()
        if level == "write"
    }
    assert writers == {("pr-comment.yml", "comment", "pull-requests")}


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
    checkout = review["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # diff reads the base through git
    runs = [step.get("run", "") for step in review["steps"]]
    assert any('diff --base "origin/$BASE_REF" --format markdown' in run for run in runs)
    assert any(run == "bash .ci/run" for run in runs)


def test_previews_run_for_same_repository_pull_requests_over_every_stack():
    preview = workflow("pull-request.yml")["jobs"]["preview"]
    assert preview["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert preview["strategy"]["matrix"]["stack"] == ["dev", "staging", "prod"]
    assert sorted(preview["strategy"]["matrix"]["stack"]) == STACKS
    runs = "\n".join(step.get("run", "") for step in preview["steps"])
    assert "pulumi preview --stack" in runs and "--diff --json" in runs
    assert 'python -m components summarize "preview/$STACK.json"' in runs


def test_one_sticky_comment_is_updated_not_added():
    comment = workflow("pr-comment.yml")
    assert comment["on"]["workflow_run"]["workflows"] == [workflow("pull-request.yml")["name"]]
    script = comment["jobs"]["comment"]["steps"][-1]["with"]["script"]
    assert "const marker = '<!-- auth0-sessions:review -->'" in script
    assert "updateComment" in script and "createComment" in script
    assert script.index("updateComment") < script.index("createComment")
    assert "p.head.sha === process.env.HEAD_SHA" in script  # the PR is not taken from the artifact


def test_deploy_goes_dev_then_staging_then_prod_after_the_tests():
    jobs = workflow("deploy.yml")["jobs"]
    assert workflow("deploy.yml")["on"] == {
        "push": {"branches": ["main"]},
        "workflow_dispatch": None,
    }
    assert jobs["test"]["steps"][-1]["run"] == "bash .ci/run"
    order = ["test", "dev", "staging", "prod"]
    for before, after in itertools.pairwise(order):
        assert jobs[after]["needs"] == before
        if after != "test":
            assert jobs[after]["uses"] == "./.github/workflows/pulumi-up.yml"
            assert jobs[after]["with"] == {"stack": after}


def test_each_up_is_bound_to_its_environment_and_never_cancelled():
    up = workflow("pulumi-up.yml")["jobs"]["up"]
    assert up["environment"] == "${{ inputs.stack }}"
    assert up["concurrency"] == {
        "group": "pulumi-up-${{ inputs.stack }}",
        "cancel-in-progress": False,
    }
    runs = [step.get("run", "") for step in up["steps"]]
    assert runs.index('.venv/bin/python -m components check "stacks/Pulumi.$STACK.yaml"') < (
        next(i for i, run in enumerate(runs) if run.startswith("pulumi up"))
    )


def components_commands() -> list[tuple[str, list[str]]]:
    """Every `python -m components …` in the workflows, as argument lists."""
    found = []
    for name, text in all_text():
        joined = text.replace("\\\n", " ")
        for match in re.finditer(r"python -m components ([^\n|>]*)", joined):
            args = shlex.split(match.group(1).split("||")[0])
            found.append((name, args))
    return found


def test_workflows_use_the_commands():
    assert {args[0] for _, args in components_commands()} == {"check", "diff", "summarize"}


@pytest.mark.parametrize(
    ("name", "args"), components_commands(), ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_components_line_is_accepted_here(name, args, capsys):
    """Its options parse (with --help last, nothing runs): a renamed flag breaks this."""
    with pytest.raises(SystemExit) as exited:
        cli_output(*args, "--help")
    assert exited.value.code == 0, (name, args, capsys.readouterr().err)
