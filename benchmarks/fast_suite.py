"""How long the fast suite takes on this machine, and which tests cost the most.

Run: .venv/bin/python benchmarks/fast_suite.py [--runs N]

Runs `python -m pytest` (the fast suite, as README.md and .ci/run give it: every core,
work-stealing) N times in fresh processes and prints the median wall time, the test
count, the target (45 s on a 2-core machine) and the ten slowest tests of the last run.
For reading, not asserting: no test depends on these figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 45.0


def run_once() -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--durations=10", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:])
        raise SystemExit(f"the fast suite failed (exit {done.returncode})")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times, output = [], ""
    for _ in range(args.runs):
        seconds, output = run_once()
        times.append(seconds)
    summary = re.search(r"(\d+) passed", output)
    median = statistics.median(times)
    print(f"fast suite: {summary.group(1) if summary else '?'} tests, median {median:.1f} s "
          f"of {args.runs} runs on {os.cpu_count()} cores (target {TARGET_SECONDS:g} s on 2): "
          f"{'within' if median <= TARGET_SECONDS else 'OVER'}")  # fmt: skip
    slowest = output.split("slowest 10 durations", 1)[-1].splitlines()[1:11]
    print("slowest tests of the last run:")
    print("\n".join(f"  {line}" for line in slowest))


if __name__ == "__main__":
    main()
