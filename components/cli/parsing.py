"""How a subcommand is declared: its help as written beside it, its exit statuses, --project.

Every command module in this package registers itself through `command()`, so the
help of each stays next to the code that does what it says.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..stackfiles.paths import PROJECT_DIR
from ..stackfiles.stackfile import ProjectReading, StackFileError, read_project
from ..text.inert import terminal

EXIT_OK, EXIT_INVALID = 0, 1  # argparse exits 2 for usage errors

Run = Callable[[argparse.Namespace, argparse.ArgumentParser, TextIO], int]


def command(
    commands: Any, name: str, summary: str, run: Run, description: str, epilog: str = ""
) -> argparse.ArgumentParser:
    """One subcommand: its help as written, and the function that runs it."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run, usage=parser)
    return parser


def project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=PROJECT_DIR,
        metavar="DIR",
        help="the auth0-sessions project folder, holding Pulumi.yaml and stacks/ "
        "(default: this one)",
    )


def project_of(args: argparse.Namespace) -> ProjectReading:
    """The --project's Pulumi.yaml, read once. A project whose stack files would be read
    from outside it (stackConfigDir, a symlinked folder or Pulumi.yaml) is refused like an
    invalid file: one line, exit 1."""
    try:
        return read_project(args.project)
    except StackFileError as error:
        refuse(str(error))
        raise  # pragma: no cover (refuse does not return)


def refuse(message: str) -> None:
    """`error: <message>` on standard error, and exit 1 (the input is refused)."""
    sys.stderr.write(f"error: {terminal(message)}\n")
    raise SystemExit(EXIT_INVALID)
