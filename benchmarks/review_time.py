"""How long a reviewer waits for the comment: from the start of a pull request's
`pull_request` run to the comment posted, under act on this machine.

Run: .venv/bin/python benchmarks/review_time.py [--runs N]

Uses the workflow tests' harness (tests/e2e/act_harness.py: the real engine from
engine/build, act, fake tenants and a fake GitHub API). Two tenants are deployed by
hand; a pull request changes one number in one stack file; pull-request.yml runs (the
diff, one preview: the other stack is untouched), then pr-comment.yml, which posts the
comment. The first run warms pip's cache; the median of the rest is the figure, against
the 2-minute target. For reading, not asserting: no test depends on these figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests")]

from act_harness import Tenant, World  # noqa: E402
from rig import engine_dir  # noqa: E402

TARGET_SECONDS = 120.0
DEV = Tenant(
    "dev", "acme-dev.eu.auth0.com", 1, {"plan": "professional", "requireLoginAfter": "30d"}
)
PROD = Tenant(
    "prod", "acme-prod.eu.auth0.com", 2, {"plan": "enterprise", "requireLoginAfter": "7d"}
)


def one_review(number: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder), engine_dir(), [DEV, PROD])
        try:
            world.up("dev", "prod")
            world.git("checkout", "-q", "-b", "change", "main")
            world.write_stack(DEV, requireLoginAfter="7d")
            world.commit("dev: 7 days")
            pull = world.open_pull_request(number, "change")
            start = time.monotonic()
            event = {"action": "opened", "number": number, "pull_request": pull}
            run = world.act(
                "pull-request.yml", "pull_request", event, checkout=pull["merge_commit_sha"]
            )
            completed = {
                "workflow_run": {
                    "id": run.run_id,
                    "event": "pull_request",
                    "head_sha": pull["head"]["sha"],
                }
            }
            world.act("pr-comment.yml", "workflow_run", completed)
            seconds = time.monotonic() - start
            if len(world.github.comments.get(number, [])) != 1:
                raise SystemExit("no comment was posted: see the act logs in " + folder)
            return seconds
        finally:
            world.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="reviews to time (default 3)")
    args = parser.parse_args()
    times = [one_review(n) for n in range(1, max(args.runs, 2) + 1)]
    warm = statistics.median(times[1:])
    print("start of the pull_request run -> comment posted, one changed stack:")
    for i, seconds in enumerate(times, 1):
        print(f"  run {i}: {seconds:.0f} s" + (" (pip cache warming)" if i == 1 else ""))
    verdict = "within" if warm <= TARGET_SECONDS else "OVER"
    print(f"median (warm): {warm:.0f} s, {verdict} the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
