"""`baselines`: the compliance baselines a stack can opt into, as a table."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..rules.plans import BASELINES
from .parsing import EXIT_OK, command

BASELINES_NOTE = """\
Compliance baselines: maximums a stack opts into with `auth0-sessions:baselines`,
e.g. [pci-dss-4], checked by check, diff and `pulumi up` exactly like plan limits.
Each maximum applies to both pairs (persistent and non-persistent), and every
setting a baseline bounds must be set: left unmanaged, the tenant keeps its own
value (a new tenant has 72 h inactivity, 24 h for non-persistent sessions).\
"""

EPILOG = """\
exit status:
  0  the table was printed
  2  usage error

examples:
  python -m components baselines
  python -m components baselines --markdown
"""


def register(commands: Any) -> None:
    baselines = command(
        commands,
        "baselines",
        "list the compliance baselines a stack can opt into",
        run,
        BASELINES_NOTE,
        EPILOG,
    )
    baselines.add_argument(
        "--markdown", action="store_true", help="print the table as markdown (as in README)"
    )


def baselines_table(markdown: bool) -> str:
    """The BASELINES table as printed by `baselines` (and shown in README)."""
    header = ("baseline", "require log in after ≤", "inactivity timeout ≤", "source")
    rows = [
        (
            f"`{b.name}`" if markdown else b.name,
            b.require_login_after.with_hours() if b.require_login_after else "—",
            b.inactivity_timeout.with_hours() if b.inactivity_timeout else "—",
            b.source,
        )
        for b in BASELINES.values()
    ]
    if markdown:
        lines = [f"| {' | '.join(row)} |" for row in [header, ("---",) * 4, *rows]]
    else:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        lines = [
            "   ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[3]])
            for row in [header, *rows]
        ]
    return "\n".join(lines)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    out.write(baselines_table(args.markdown) + "\n")
    if not args.markdown:
        out.write(f"\n{BASELINES_NOTE}\n")
    return EXIT_OK
