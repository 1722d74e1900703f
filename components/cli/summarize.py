"""`summarize`: `pulumi preview --json` documents as a markdown section per stack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..text.inert import terminal
from .parsing import EXIT_INVALID, EXIT_OK, command

DESCRIPTION = """\
Turn `pulumi preview --json` output (one document per stack; several files, or
several documents on standard input) into a markdown section per stack: the session
settings that change on auth0:index/tenant:Tenant (now -> after, in words with hours),
other resource changes counted by operation, and error diagnostics quoted. The stack
name comes from the URNs. Secrets stay "[secret]"; nothing is sent anywhere.

A policy pack's violations are not in `--json` (it says only "preview failed"): give
the engine's event log too (`--event-log FILE`, which the CLI offers when
PULUMI_DEBUG_COMMANDS=true), and each violation is shown with its stack.
"""


EPILOG = """\
exit status:
  0  summarized (a preview that failed is summarized with its errors)
  1  an input is missing, not a regular file, over 4 MiB, not JSON, truncated, or not
     preview output; nothing is printed
  2  usage error

examples:
  pulumi preview --stack dev --diff --json > dev.json
  python -m components summarize dev.json
  pulumi preview --stack prod --json | python -m components summarize -
  PULUMI_DEBUG_COMMANDS=true pulumi preview --stack dev --json --event-log dev.events \\
      --policy-pack ../auth0-sessions/policy > dev.json
  python -m components summarize dev.json dev.events
"""


def register(commands: Any) -> None:
    summarize = command(
        commands,
        "summarize",
        "summarize `pulumi preview --json` output as markdown, per stack",
        run,
        DESCRIPTION,
        EPILOG,
    )
    summarize.add_argument(
        "previews",
        nargs="+",
        metavar="PREVIEW_JSON",
        help="files written by `pulumi preview --json` (or its --event-log), or - for "
        "standard input",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    from ..review.events import attach
    from ..review.preview import MAX_INPUT_BYTES, PreviewError, read_documents
    from ..review.preview_render import render_markdown as render_preview
    from ..text.safeio import UnsafeFileError, read_stream, read_text

    usual = "a preview's JSON is a few kilobytes per resource"
    previews = []
    try:
        for name in args.previews:
            source = "standard input" if name == "-" else name
            try:
                text = (
                    read_stream(sys.stdin, limit=MAX_INPUT_BYTES, usual=usual)
                    if name == "-"
                    else read_text(Path(name), limit=MAX_INPUT_BYTES, usual=usual)
                )
            except UnsafeFileError as error:
                raise PreviewError(f"{terminal(source)}: {error}") from None
            previews += attach(read_documents(text, source), source, previews)
    except PreviewError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_INVALID
    out.write(render_preview(previews))
    return EXIT_OK
