"""How a subcommand is declared: its help as written beside it, its exit statuses, --project.

Every command module in this package registers itself through `command()`, so the
help of each stays next to the code that does what it says.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..stackfiles.paths import PROJECT_DIR
from ..stackfiles.stackfile import ProjectReading, StackFileError, read_project

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
    """The --project's Pulumi.yaml, read once; a usage error when its stackConfigDir leads
    out of the project."""
    try:
        return read_project(args.project)
    except StackFileError as error:
        args.usage.error(str(error))  # exits 2
        raise  # pragma: no cover (usage.error does not return)
