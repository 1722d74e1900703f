"""What `python -m components` commands cost, how it grows with the fleet, and the worst inputs.

Run: .venv/bin/python benchmarks/check_speed.py [--runs N] [--sizes 100,1000,5000]
     [--startup-only]

First `check` on one stack file against the floor, as a paired median ratio (each
command imports only what it runs; the target is about x1.2). Then the median wall
time (and the peak memory of the child process) of fresh processes for:
- the floor: an empty Python start, and yaml plus one pydantic model;
- `check`, `stacks`, `diff --base` and `summarize` on fleets of 100, 1,000 and 5,000
  stack files (a temporary git project: base commit, then one changed stack), with the
  growth factor from one size to the next, so the shape reads at a glance (×10 stacks
  should cost about ×10 time once start-up is paid; `diff` reads the base side through
  one git process, so it should grow like `check`);
- the worst inputs a pull request can hold: a YAML alias bomb and a 50 MB stack file,
  both refused before they cost anything;
- importing pulumi_auth0, which none of these commands may do (~0.4 s).
Timings are for reading, not for asserting: no test depends on them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLOOR = "import yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    a: int"
GIT = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def measure(argv: list[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """(median seconds, peak MiB of the largest child) over `runs` fresh processes."""
    times, peak = [], 0.0
    env = {**os.environ, "PYTHONPATH": str(ROOT), **GIT}
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)  # this child's own peak, not all children's
        child.returncode = 0
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def paired_ratio(argv: list[str], floor: list[str], runs: int) -> tuple[float, float, float]:
    """(median ratio, median seconds, median floor seconds) over `runs` alternating pairs.

    Each pair runs the floor and the command back to back, so a busy moment on the
    machine slows both sides of the same pair instead of skewing the ratio.
    """
    ratios, mine, floors = [], [], []
    for _ in range(runs):
        base, _ = measure(floor, 1)
        seconds, _ = measure(argv, 1)
        ratios.append(seconds / base)
        mine.append(seconds)
        floors.append(base)
    return statistics.median(ratios), statistics.median(mine), statistics.median(floors)


def startup(runs: int) -> None:
    """`check` on one stack file against the floor: what reading a file costs over Python."""
    with tempfile.TemporaryDirectory() as scratch:
        stack = Path(scratch) / "Pulumi.dev.yaml"
        stack.write_text(
            "config:\n  auth0-sessions:plan: professional\n"
            "  auth0-sessions:requireLoginAfter: 7d\n  auth0-sessions:inactivityTimeout: 1d\n"
        )
        check = [PYTHON, "-m", "components", "check", str(stack)]
        ratio, seconds, floor = paired_ratio(check, [PYTHON, "-c", FLOOR], runs)
    print(
        f"check, one stack file: {seconds * 1000:.0f} ms, the floor {floor * 1000:.0f} ms: "
        f"x{ratio:.2f} the floor (paired median of {runs})"
    )


def fleet(root: Path, size: int) -> Path:
    """A project with `size` stack files in git, the working tree changing one of them."""
    project = root / f"fleet{size}"
    (project / "stacks").mkdir(parents=True)
    shutil.copy(ROOT / "Pulumi.yaml", project)
    sources = sorted((ROOT / "stacks").glob("Pulumi.*.yaml"))
    for index in range(size):
        shutil.copy(sources[index % 3], project / "stacks" / f"Pulumi.env{index:05d}.yaml")
    run = {"cwd": project, "env": {**os.environ, **GIT}, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q", "-b", "main"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "commit", "-q", "-m", "base"], **run)
    changed = project / "stacks" / "Pulumi.env00000.yaml"
    changed.write_text(changed.read_text().replace("30d", "7d"))
    return project


def previews(root: Path, size: int) -> Path:
    """`size` preview documents, one per stack, concatenated as on standard input."""
    one = json.loads((ROOT / "tests" / "previews" / "update-dev.json").read_text())
    path = root / f"previews{size}.json"
    with path.open("w") as out:
        for index in range(size):
            text = json.dumps(one).replace("urn:pulumi:dev::", f"urn:pulumi:env{index:05d}::")
            out.write(text + "\n")
    return path


def worst(root: Path) -> list[tuple[str, list[str]]]:
    bomb = root / "Pulumi.bomb.yaml"
    lines = ["config:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [*a{i - 1}] " for i in range(1, 40)]
    lines += ["  auth0:domain: *a39"]
    bomb.write_text("\n".join(lines) + "\n")
    huge = root / "Pulumi.huge.yaml"
    with huge.open("w") as out:
        out.write("config:\n  auth0:domain: '")
        for _ in range(50):  # in chunks: this process stays small, so the child's peak is its own
            out.write("x" * 1_000_000)
        out.write("'\n")
    return [
        ("check: YAML alias bomb", [PYTHON, "-m", "components", "check", str(bomb)]),
        ("check: 50 MB stack file", [PYTHON, "-m", "components", "check", str(huge)]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per row (median shown)")
    parser.add_argument("--sizes", default="100,1000,5000", help="fleet sizes, comma-separated")
    parser.add_argument(
        "--startup-only", action="store_true", help="only check's start-up against the floor"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    startup(max(args.runs, 9))
    if args.startup_only:
        return

    print(f"median of {args.runs} fresh processes each; peak memory of the child")
    for label, argv in [
        ("python -c pass", [PYTHON, "-c", "pass"]),
        ("pydantic model + yaml (floor)", [PYTHON, "-c", FLOOR]),
        ("import pulumi_auth0 (avoided)", [PYTHON, "-c", "import pulumi_auth0"]),
    ]:
        seconds, _ = measure(argv, args.runs)
        print(f"  {label:<34} {seconds * 1000:9.0f} ms")

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        commands = {
            "check": lambda p, _: [
                PYTHON,
                "-m",
                "components",
                "check",
                *sorted(str(f) for f in (p / "stacks").glob("*.yaml")),
            ],
            "stacks --json": lambda p, _: [
                PYTHON,
                "-m",
                "components",
                "stacks",
                "--json",
                "--project",
                str(p),
            ],
            "diff --base main": lambda p, _: [
                PYTHON,
                "-m",
                "components",
                "diff",
                "--project",
                str(p),
                "--base",
                "main",
            ],
            "summarize": lambda _, s: [PYTHON, "-m", "components", "summarize", str(s)],
        }
        results: dict[str, list[float]] = {name: [] for name in commands}
        for size in sizes:
            project, preview = fleet(root, size), previews(root, size)
            print(f"\n{size:,} stacks")
            for name, argv in commands.items():
                seconds, peak = measure(argv(project, preview), args.runs)
                results[name].append(seconds)
                print(f"  {name:<34} {seconds * 1000:9.0f} ms {peak:8.0f} MiB")
        print("\ngrowth from one size to the next (time ratio for the stack-count ratio):")
        for name, times in results.items():
            steps = [
                f"x{sizes[i + 1] / sizes[i]:g} stacks: x{times[i + 1] / times[i]:.1f}"
                for i in range(len(times) - 1)
            ]
            print(f"  {name:<34} {'; '.join(steps)}")
        print("\nworst inputs (refused):")
        for label, argv in worst(root):
            seconds, peak = measure(argv, args.runs)
            print(f"  {label:<34} {seconds * 1000:9.0f} ms {peak:8.0f} MiB")
        hostile_inputs(root)


def hostile_inputs(root: Path) -> None:
    """summarize and pull on the worst a stranger can hand them: each must be refused
    within 10 s and 100 MB (measured by tests/hostile_server.py's helper, the command's
    own peak)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_server import drip, endless, gzip_bomb, measured, serving, token_then

    huge = root / "huge.json"
    with huge.open("wb") as out:
        out.truncate(100 * 1024 * 1024)
    objects = root / "objects.json"
    objects.write_text("[" + ",".join(["{}"] * 1_300_000) + "]")
    summarize = [PYTHON, "-m", "components", "summarize"]
    cases: list[tuple[str, list[str], Callable[..., Any] | None]] = [
        ("summarize /dev/zero", [*summarize, "/dev/zero"], None),
        ("summarize: 100 MB file", [*summarize, str(huge)], None),
        ("summarize: 1.3 M JSON objects", [*summarize, str(objects)], None),
    ]
    pull = [PYTHON, "-m", "components", "pull", "--stack", "dev", "--plan", "free", "--api-url"]
    env = {"AUTH0_DOMAIN": "acme.eu.auth0.com", "AUTH0_CLIENT_ID": "i", "AUTH0_CLIENT_SECRET": "s"}
    for label, answer in [("gzip bomb", gzip_bomb), ("endless body", endless), ("drip", drip)]:
        cases.append((f"pull: {label}", pull, answer))
    for label, argv, answer in cases:
        if answer is None:
            done, seconds, peak = measured(argv, {})
        else:
            with serving(token_then(answer)) as url:
                done, seconds, peak = measured([*argv, url], env)
        verdict = "refused" if done.returncode == 1 else f"exit {done.returncode}"
        print(f"  {label:<34} {seconds * 1000:9.0f} ms {peak:8.0f} MiB  {verdict}")


if __name__ == "__main__":
    main()
