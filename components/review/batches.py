"""Stacks grouped into workflow jobs: one set-up, several stacks, each its own result.

GitHub gives one matrix at most 256 jobs, and a job one environment. A stack whose
credentials come from a GitHub environment of its own (`preview-<stack>`, `<stack>`) keeps
a job to itself, as before. A stack whose file carries its own credentials (`auth0:domain`
plus an encrypted `auth0:clientSecret` and `auth0:clientId`, or an encrypted
`auth0:apiToken`) can share a job: the job's one environment then holds only what decrypts
stack files (the passphrase, or the secrets provider's login), one per purpose and wave.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..rules.credentials import Encrypted

MATRIX_LIMIT = 256  # GitHub Actions: the most jobs one matrix generates
DEFAULT_BATCH_SIZE = 20  # set-up ≈ 1 min, a stack ≈ 10 s: see benchmarks/drift_cost.py
MAX_BATCH_SIZE = 1000  # a job runs at most 6 hours on GitHub's runners

Purpose = Literal["preview", "deploy"]


@dataclass(frozen=True)
class Batch:
    """One job: its name (artifacts), its stacks, and the environment it runs in."""

    name: str
    stacks: tuple[str, ...]
    environment: str

    def as_matrix(self) -> dict[str, str]:
        return {"name": self.name, "stacks": " ".join(self.stacks), "environment": self.environment}


class BatchError(ValueError):
    """The stacks cannot be laid out within GitHub's limits; the text says what to do."""


def carries_credentials(config: Mapping[str, object]) -> bool:
    """True when the stack file alone tells the provider which tenant and how to log in."""
    if not isinstance(config.get("auth0:domain"), str):
        return False
    if isinstance(config.get("auth0:apiToken"), Encrypted):
        return True
    return isinstance(config.get("auth0:clientId"), str) and isinstance(
        config.get("auth0:clientSecret"), Encrypted
    )


def own_environment(purpose: Purpose, stack: str) -> str:
    """The GitHub environment of a stack that has its own (the layout before batches)."""
    return f"preview-{stack}" if purpose == "preview" else stack


def shared_environment(purpose: Purpose, wave: int | None) -> str:
    """The one environment of every shared job of a purpose (and, to deploy, a wave)."""
    if purpose == "preview":
        return "auth0-sessions-preview"
    return f"auth0-sessions-wave-{wave}" if wave is not None else "auth0-sessions-deploy"


def batch_size_for(sharing: int, alone: int, wanted: int | None) -> int:
    """`wanted`, or the default grown until the jobs fit in one matrix."""
    room = MATRIX_LIMIT - alone
    if alone > MATRIX_LIMIT or (sharing and room < 1):
        raise BatchError(
            f"{alone:,} stacks take their credentials from a GitHub environment of their own, "
            f"one job each, over GitHub's {MATRIX_LIMIT} jobs in one matrix: put their "
            "credentials in their stack files (auth0:domain, auth0:clientId and, encrypted, "
            "`pulumi config set --secret auth0:clientSecret`) so that they can share jobs, "
            "or spread them over more waves (auth0-sessions:wave)"
        )
    needed = math.ceil(sharing / room) if sharing else 1
    if wanted is None:
        return max(DEFAULT_BATCH_SIZE, needed)
    if not 1 <= wanted <= MAX_BATCH_SIZE:
        raise BatchError(f"a batch size is 1 to {MAX_BATCH_SIZE:,} stacks, not {wanted:,}")
    if wanted < needed:
        raise BatchError(
            f"batches of {wanted:,} make {math.ceil(sharing / wanted) + alone:,} jobs, over "
            f"GitHub's {MATRIX_LIMIT} in one matrix: use {needed:,} or more, or leave the "
            "size to `stacks` (auto)"
        )
    return wanted


def batches(
    stacks: Sequence[tuple[str, bool]],
    purpose: Purpose,
    *,
    wave: int | None = None,
    size: int | None = None,
) -> list[Batch]:
    """`stacks` as (name, carries its own credentials), in the order to run them.

    Stacks with an environment of their own come first, one per job; the others are dealt
    into the fewest jobs of at most `size` (evenly: 12 in fives are 4, 4 and 4).
    """
    alone = [name for name, own in stacks if not own]
    sharing = [name for name, own in stacks if own]
    common = shared_environment(purpose, wave)
    clash = [name for name in alone if own_environment(purpose, name) == common]
    if clash:
        raise BatchError(
            f"the stack {clash[0]} would take the environment {common}, which the shared "
            "jobs use: rename the stack, or give it its own credentials in its stack file"
        )
    per_job = batch_size_for(len(sharing), len(alone), size)
    laid = [Batch(name, (name,), own_environment(purpose, name)) for name in alone]
    jobs = math.ceil(len(sharing) / per_job)
    prefix = "batch" if wave is None else f"wave{wave}"
    for k in range(jobs):
        part = tuple(sharing[k::jobs])  # evenly dealt; each batch keeps the file order
        # '+' is in no stack name, so a batch's artifact never takes a stack's name
        laid.append(Batch(f"{prefix}+{k + 1}-of-{jobs}", part, common))
    return laid
