"""What one daily drift pass costs in runner-minutes: one job per stack (the layout for
stacks with a GitHub environment of their own) against jobs of several stacks (stacks
whose files carry their credentials: `stacks --batches`), for a fleet of 1,000.

Run: .venv/bin/python benchmarks/drift_cost.py [--stacks 6] [--fleet 1000]

Measures under act here (tests/e2e/act_harness.py: engine/build's CLI and provider, fake
tenants): drift.yml over a small fleet in two jobs, read from act's step durations: a
job's set-up (checkout, Python and the project's virtualenv, the Pulumi CLI, the artifact
upload) and the time per stack (refreshed preview, summary, audit). GitHub bills each job
rounded up to a whole minute; the model does the same, and adds nothing for a runner's
start (not measured here). For reading, not asserting: no test depends on these figures.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests"), str(ROOT)]

from act_harness import Tenant, World  # noqa: E402
from rig import engine_dir  # noqa: E402

from components.review.batches import batch_size_for  # noqa: E402

_STEP = re.compile(r"^\[drift/(preview[^\]]*?)\s*\]\s+✅\s+Success - Main (.+?) \[([^\]]+)\]$")
_SETUP_STEPS = ("actions/checkout@", "./.github/actions/setup", "actions/upload-artifact@")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "µs": 1e-6, "us": 1e-6, "ns": 1e-9}


def seconds(duration: str) -> float:
    """A Go duration as act prints it: `22.1ms`, `3.2s`, `1m2.3s`."""
    parts = re.findall(r"([0-9.]+)(ms|µs|us|ns|h|m|s)", duration)
    return sum(float(n) * _UNITS[u] for n, u in parts)


def measure(stacks: int) -> tuple[float, float]:
    """(set-up seconds per job, seconds per stack) from one drift run in two jobs."""
    fleet = [
        Tenant(f"t{n:02d}", f"acme-t{n:02d}.eu.auth0.com", 1, {"plan": "professional"})
        for n in range(1, stacks + 1)
    ]
    per_job = math.ceil(stacks / 2)
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder), engine_dir(), fleet, own_credentials=True, batch_size=per_job)
        try:
            world.up(*(t.stack for t in fleet))
            run = world.act("drift.yml", "schedule", {"schedule": "17 6 * * *"})
        finally:
            world.stop()
    setup: dict[str, float] = {}
    loops: dict[str, float] = {}
    for line in run.log.splitlines():
        found = _STEP.match(line.strip())
        if not found:
            continue
        job, step, took = found.groups()
        if step.startswith("for each stack"):
            loops[job] = seconds(took)
        elif step.startswith(_SETUP_STEPS):
            setup[job] = setup.get(job, 0.0) + seconds(took)
    if len(loops) != 2 or set(setup) != set(loops):
        raise SystemExit(f"the drift run did not run two jobs: see the log\n{run.log[-3000:]}")
    per_stack = sum(loops.values()) / stacks
    return sum(setup.values()) / len(setup), per_stack


def minutes(jobs: int, per_job: int, setup: float, per_stack: float) -> tuple[int, float]:
    """Billed runner-minutes (each job rounded up), and the unrounded figure."""
    took = setup + per_job * per_stack
    return jobs * math.ceil(took / 60), jobs * took / 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", type=int, default=6, help="stacks to measure with (6)")
    parser.add_argument("--fleet", type=int, default=1000, help="fleet to model (1,000)")
    args = parser.parse_args()
    setup, per_stack = measure(max(args.stacks, 2))
    print(f"measured under act: set-up {setup:.1f} s per job, {per_stack:.1f} s per stack")
    size = batch_size_for(args.fleet, 0, None)
    jobs = math.ceil(args.fleet / size)
    alone, alone_raw = minutes(args.fleet, 1, setup, per_stack)
    batched, batched_raw = minutes(jobs, size, setup, per_stack)
    print(f"one daily drift pass of {args.fleet:,} stacks:")
    print(f"  one job per stack:      {args.fleet:,} jobs, {alone:,} runner-minutes billed "
          f"({alone_raw:,.0f} used)")  # fmt: skip
    print(f"  batches of {size} (auto):  {jobs:,} jobs, {batched:,} runner-minutes billed "
          f"({batched_raw:,.0f} used)")  # fmt: skip
    ratio = batched / alone
    verdict = "within" if ratio <= 0.2 else "OVER"
    print(f"batched / one per stack: {ratio:.2f}, {verdict} the target of a fifth")


if __name__ == "__main__":
    main()
