"""`comment`: the pull request's one review comment, from diff and summarize outputs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .parsing import EXIT_OK, command

DESCRIPTION = """\
Assemble the pull request's one review comment: the `diff --format markdown` section,
then `### pulumi preview` with each stack's `summarize` section (or a note that no
preview ran, e.g. for a fork). The whole stays within GitHub's 65,536-character
limit for a comment, cut at a line with a note saying so. Parts that are missing are
said to be missing; a part larger than the limit is read only up to it.
"""


EPILOG = """\
exit status:
  0  the comment was printed (a missing or unreadable part is said in it)
  2  usage error

examples:
  python -m components diff --base origin/main --format markdown > diff.md
  python -m components summarize dev.json > dev.md
  python -m components comment --diff diff.md --preview dev.md > comment.md
"""


def register(commands: Any) -> None:
    comment = command(
        commands,
        "comment",
        "assemble the review comment from diff and summarize outputs",
        run,
        DESCRIPTION,
        EPILOG,
    )
    comment.add_argument("--diff", type=Path, metavar="MD", help="diff's markdown output")
    comment.add_argument(
        "--preview",
        type=Path,
        action="append",
        default=[],
        metavar="MD",
        help="a stack's summarize output (repeat per stack)",
    )
    comment.add_argument(
        "--not-previewed",
        type=Path,
        metavar="JSON",
        help="a JSON array of the stacks no preview ran for, since nothing of theirs "
        "changed (`stacks --names --unchanged-since REV`): named in one line",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    from ..review.comment import assemble

    out.write(assemble(args.diff, args.preview, args.not_previewed))
    return EXIT_OK
