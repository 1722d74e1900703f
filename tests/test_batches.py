"""`stacks --batches`: several stacks per job past GitHub's 256-job matrix, each stack
still with its own credentials (its own environment, or its own encrypted config)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harness import cli_output, run_cli
from hypothesis import given
from hypothesis import strategies as st
from test_stacks import VALID, project

from components.review.batches import (
    MATRIX_LIMIT,
    BatchError,
    batch_size_for,
    batches,
    carries_credentials,
)
from components.rules.credentials import Encrypted

OWN = (
    "  auth0:domain: {name}.eu.auth0.com\n  auth0:clientId: id-{name}\n"
    "  auth0:clientSecret:\n    secure: v1:3hYz0c6vTpQ3Zq0E:kq1kT9rP2v8=\n"
)


def fleet(tmp_path: Path, own: int, alone: int = 0, wave: int = 1) -> Path:
    files = {}
    for i in range(own):
        name = f"own{i:05d}"
        files[name] = VALID + f"  auth0-sessions:wave: {wave}\n" + OWN.format(name=name)
    for i in range(alone):
        files[f"env{i:05d}"] = VALID + f"  auth0-sessions:wave: {wave}\n"
    return project(tmp_path, files)


def laid(folder: Path, *args: str) -> list[dict[str, str]]:
    code, out = cli_output("stacks", "--project", str(folder), *args)
    assert code == 0, out
    return json.loads(out)


def test_twelve_stacks_with_their_own_credentials_in_fives(tmp_path):
    jobs = laid(fleet(tmp_path, 12), "--batches", "preview", "--batch-size", "5")
    assert [job["name"] for job in jobs] == ["batch+1-of-3", "batch+2-of-3", "batch+3-of-3"]
    assert {job["environment"] for job in jobs} == {"auth0-sessions-preview"}
    names = [name for job in jobs for name in job["stacks"].split()]
    assert sorted(names) == [f"own{i:05d}" for i in range(12)]  # each exactly once
    assert [len(job["stacks"].split()) for job in jobs] == [4, 4, 4]


def test_a_stack_with_an_environment_of_its_own_keeps_its_job(tmp_path):
    folder = fleet(tmp_path, 3, alone=2, wave=2)
    jobs = laid(folder, "--batches", "deploy", "--wave", "2")
    assert jobs == [
        {"name": "env00000", "stacks": "env00000", "environment": "env00000"},
        {"name": "env00001", "stacks": "env00001", "environment": "env00001"},
        {"name": "wave2+1-of-1", "stacks": "own00000 own00001 own00002",
         "environment": "auth0-sessions-wave-2"},
    ]  # fmt: skip
    previews = laid(folder, "--batches", "preview")
    assert [job["environment"] for job in previews][:2] == ["preview-env00000", "preview-env00001"]
    assert laid(folder, "--batches", "deploy", "--wave", "3") == []


def test_the_size_grows_until_the_jobs_fit_one_matrix(tmp_path):
    jobs = laid(fleet(tmp_path, 6000), "--batches", "preview")
    assert len(jobs) <= MATRIX_LIMIT
    assert max(len(job["stacks"].split()) for job in jobs) == 24  # ceil(6000 / 256)


def test_a_size_too_small_for_the_fleet_is_refused_with_the_size_that_fits(tmp_path):
    folder = fleet(tmp_path, 600)
    done = run_cli("stacks", "--project", str(folder), "--batches", "preview",
                   "--batch-size", "2")  # fmt: skip
    assert done.returncode == 1
    refused = "batches of 2 make 300 jobs, over GitHub's 256 in one matrix: use 3 or more"
    assert refused in done.stderr


def test_too_many_stacks_with_environments_of_their_own_say_how_to_batch(tmp_path):
    done = run_cli("stacks", "--project", str(fleet(tmp_path, 0, alone=257)),
                   "--batches", "preview")  # fmt: skip
    assert done.returncode == 1
    assert "257 stacks take their credentials from a GitHub environment of their own" in done.stderr
    assert "pulumi config set --secret auth0:clientSecret" in done.stderr


@pytest.mark.parametrize("size", ["0", "-1", "1001", "x", "٣", "5 ", "1e3"])
def test_a_bad_size_is_a_usage_error(tmp_path, size):
    done = run_cli("stacks", "--project", str(fleet(tmp_path, 2)), "--batches",
                   "preview", "--batch-size", size)  # fmt: skip
    assert done.returncode in (1, 2)
    assert not done.stdout
    assert "batch" in done.stderr


def test_an_empty_size_is_auto(tmp_path):
    folder = fleet(tmp_path, 3)
    assert laid(folder, "--batches", "preview", "--batch-size", "") == laid(
        folder, "--batches", "preview"
    )


def test_credentials_count_only_when_the_file_alone_logs_in():
    secret = Encrypted()
    full = {"auth0:domain": "a.eu.auth0.com", "auth0:clientId": "x", "auth0:clientSecret": secret}
    assert carries_credentials(full)
    assert carries_credentials({"auth0:domain": "a.eu.auth0.com", "auth0:apiToken": secret})
    assert not carries_credentials({**full, "auth0:domain": None})
    assert not carries_credentials({k: v for k, v in full.items() if k != "auth0:clientId"})
    assert not carries_credentials({**full, "auth0:clientSecret": "plain"})


def test_a_stack_named_like_the_shared_environment_is_refused():
    with pytest.raises(BatchError, match="would take the environment auth0-sessions-wave-1"):
        batches([("auth0-sessions-wave-1", False), ("eu", True)], "deploy", wave=1)


@given(
    own=st.integers(0, 3000),
    alone=st.integers(0, MATRIX_LIMIT),
    size=st.none() | st.integers(1, 1000),
)
def test_every_stack_in_exactly_one_job_and_never_over_the_limit(own, alone, size):
    stacks = [(f"o{i}", True) for i in range(own)] + [(f"e{i}", False) for i in range(alone)]
    try:
        jobs = batches(stacks, "preview", size=size)
    except BatchError:
        needed = -(-own // max(MATRIX_LIMIT - alone, 1)) if own else 1
        assert (alone == MATRIX_LIMIT and own) or (size is not None and size < needed)
        return
    assert len(jobs) <= MATRIX_LIMIT
    seen = [name for job in jobs for name in job.stacks]
    assert sorted(seen) == sorted(name for name, _ in stacks)
    chosen = batch_size_for(own, alone, size)
    assert all(len(job.stacks) <= chosen for job in jobs)
    assert all(job.stacks == (job.name,) for job in jobs if job.environment.startswith("preview-"))
