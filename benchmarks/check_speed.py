"""What `python -m components` commands cost, next to what they must not pay for.

Run: .venv/bin/python benchmarks/check_speed.py [--runs N]

Prints the median wall time of fresh processes for: an empty Python start; yaml plus
one pydantic model (the floor for check); `check` on the three real stacks; `check` on
1,000 stack files; `diff` and `summarize`; and importing pulumi_auth0, which none of
these commands may do (~0.4 s).
Timings are for reading, not for asserting: no test depends on them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# What any pydantic + yaml tool pays: `import pydantic` alone is lazy, the first model is not.
FLOOR = "import yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    a: int"


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per row (median shown)")
    parser.add_argument("--files", type=int, default=1000, help="stack files in the large row")
    args = parser.parse_args()

    python = sys.executable
    stacks = sorted((ROOT / "stacks").glob("Pulumi.*.yaml"))
    with tempfile.TemporaryDirectory() as scratch:
        many = []
        for index in range(args.files):
            target = Path(scratch) / f"Pulumi.env{index:04d}.yaml"
            shutil.copyfile(stacks[index % len(stacks)], target)
            many.append(str(target))
        rows = [
            ("python -c pass", [python, "-c", "pass"]),
            ("pydantic model + yaml (floor)", [python, "-c", FLOOR]),
            ("check (the 3 stacks)", [python, "-m", "components", "check"]),
            (f"check ({args.files:,} stack files)", [python, "-m", "components", "check", *many]),
            (
                "diff --base HEAD (3 stacks, git)",
                [python, "-m", "components", "diff", "--base", "HEAD"],
            ),
            (
                "summarize (one preview)",
                [python, "-m", "components", "summarize", "tests/previews/update-dev.json"],
            ),
            ("import pulumi_auth0 (avoided)", [python, "-c", "import pulumi_auth0"]),
        ]
        print(f"median of {args.runs} fresh processes each")
        for label, argv in rows:
            seconds = median_seconds(argv, args.runs)
            print(f"  {label:<32} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
