"""`python -m components …`: the parser, built from one module per command.

Each command module holds its help and imports what it runs only when it runs, so
`check` pays for reading stack files and nothing else (never pulumi or pulumi_auth0).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ..text.inert import InertStream
from . import audit, baselines, check, comment, diff, pull, stacks, summarize
from .parsing import EXIT_OK

COMMANDS = (check, diff, summarize, comment, pull, audit, stacks, baselines)  # the order of --help


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m components",
        description="Auth0 session lifetimes as code: offline commands on the stack files.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command. Everything it writes, to `out` and to standard error (argparse's
    usage errors included), goes through `inert_output`: no command can print a control,
    bidi or invisible character, whatever a renderer forgot."""
    _printable_streams()
    out = InertStream(out or sys.stdout)
    errors, sys.stderr = sys.stderr, InertStream(sys.stderr)  # type: ignore[assignment]
    try:
        parser = _parser()
        args = parser.parse_args(argv)  # exits 2 on a usage error, incl. an unknown command
        code = int(args.run(args, parser, out))  # type: ignore[arg-type]
        out.flush()
    except BrokenPipeError:  # `check --json | head`: the reader has what it wanted
        _quiet_stdout()
        return EXIT_OK
    finally:
        sys.stderr = errors
    return code


def _quiet_stdout() -> None:
    """After a closed pipe, let the interpreter's final flush go nowhere instead of failing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. in tests)
        pass


def _printable_streams() -> None:
    """Whatever the terminal's encoding (PYTHONIOENCODING=ascii, LC_ALL=C), a character it
    cannot show is written as an escape (\\u2192), never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream
                reconfigure(errors="backslashreplace")
