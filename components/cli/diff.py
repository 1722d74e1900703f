"""`diff --base REV`: the stack files at a git revision next to the working tree."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from .parsing import EXIT_INVALID, EXIT_OK, command, project_option, refuse

DESCRIPTION = """\
Compare every stack file at git revision REV (read through git: no checkout, nothing
in the working tree changes) with the working tree. Offline, and without secrets, so
it runs on pull requests from forks.

Per stack: each setting old -> new in words with hours (e.g. `Require log in after:
30 days (720 h) -> 7 days (168 h)`), the tightest limit on the new value (plan or
baseline) and the headroom left, stacks added or removed, unchanged stacks said once,
and the verdict of the new side with every error (the same rules as `check`).
"""


EPILOG = """\
exit status:
  0  every stack file of the working tree is valid (changed or not)
  1  at least one is invalid, or the project is refused (a symlink along the path to
     its stack files, in the working tree or at REV; a stackConfigDir outside it)
  2  usage error: unknown revision, not a git repository, git missing

--format json prints one object:
  {"base": {"rev": "main", "commit": "<sha>"}, "ok": true,
   "stacks": [{"stack": "dev", "file": "stacks/Pulumi.dev.yaml",
               "status": "changed|unchanged|added|removed", "ok": true (null if removed),
               "errors": [{"key": "...", "message": "..."}],
               "changes": [{"key": "auth0-sessions:requireLoginAfter",
                            "label": "Require log in after",
                            "old": {"written": "30d", "minutes": 43200, "hours": 720.0,
                                    "human": "30 days"} (null: no such file),
                            "new": {...},
                            "limit": {"minutes": 43200, "by": "plan:professional",
                                      "headroom_minutes": 33120} (or null)}]}]}
  "written" is null for a setting left out; minutes/hours/human are null for a value
  that is not a duration.

examples:
  python -m components diff --base main
  python -m components diff --base origin/main --format markdown > comment.md
"""


def register(commands: Any) -> None:
    diff = command(
        commands,
        "diff",
        "compare the stack files at a git revision with the working tree",
        run,
        DESCRIPTION,
        EPILOG,
    )
    diff.add_argument(
        "--base", required=True, metavar="REV", help="git revision to compare with (e.g. main)"
    )
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown (the pull request comment) or json (stable, for tools)",
    )
    project_option(diff)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    from ..review.diff import diff_project, project_sides, stack_folders
    from ..review.diff_render import render_json, render_markdown, render_text
    from ..review.gitrev import GitError, RefusedEntryError, Revision
    from ..stackfiles.stackfile import StackFileError

    try:
        base = Revision.open(args.project, args.base)
        sides = project_sides(args.project, base)
        diffs = diff_project(args.project, base, sides)
    except (RefusedEntryError, StackFileError) as error:
        refuse(str(error))  # exits 1
    except GitError as error:
        args.usage.error(str(error))  # exits 2
    folders = stack_folders(args.project, sides)
    moved = folders if folders[0] != folders[1] else None
    if args.format == "json":
        json.dump(render_json(diffs, base, moved), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        render = render_markdown if args.format == "markdown" else render_text
        out.write(render(diffs, base, moved))
    return EXIT_OK if all(d.ok for d in diffs) else EXIT_INVALID
