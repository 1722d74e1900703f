"""`python -m components …`: offline commands on the stack files (no Pulumi CLI, no secrets).

This module and everything it imports must stay free of pulumi and pulumi_auth0, so
that reading a few YAML files costs little more than starting Python with pydantic.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..review.checks import StackVerdict, display_path, judge_file
from ..review.diff import (
    diff_project,
    render_json,
    render_markdown,
    render_text,
)
from ..review.comment import run_comment, run_pull, run_stacks
from ..review.gitrev import GitError, Revision
from .helptext import (
    BASELINES_NOTE,
    CHECK_DESCRIPTION,
    CHECK_EPILOG,
    COMMENT_DESCRIPTION,
    DIFF_DESCRIPTION,
    DIFF_EPILOG,
    EXIT_INVALID,
    EXIT_OK,
    PULL_DESCRIPTION,
    PULL_EPILOG,
    STACKS_DESCRIPTION,
    STACKS_EPILOG,
    SUMMARIZE_DESCRIPTION,
    SUMMARIZE_EPILOG,
)
from ..rules.plans import BASELINES, PLAN_NAMES
from ..review.preview import PreviewError, read_documents, summarize
from ..review.preview import render_markdown as render_preview
from ..rules.settings import describe_ceilings
from ..stackfiles.stackconfig import MAX_WAVE
from ..stackfiles.stackfile import (
    PROJECT_DIR,
    STACK_FILE_GLOB,
    STACKS_DIR,
    default_stack_files,
)

Run = Callable[[argparse.Namespace, argparse.ArgumentParser, TextIO], int]


def _command(
    commands: Any, name: str, summary: str, run: Run, description: str, epilog: str = ""
) -> argparse.ArgumentParser:
    """One subcommand: its help as written here, and the function that runs it."""
    command: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.set_defaults(run=run, usage=command)
    return command


def _project_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project",
        type=Path,
        default=PROJECT_DIR,
        metavar="DIR",
        help="the auth0-sessions project folder, holding Pulumi.yaml and stacks/ "
        "(default: this one)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m components",
        description="Auth0 session lifetimes as code: offline commands on the stack files.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = _command(
        commands,
        "check",
        "check stack files against the rules, offline",
        _check,
        CHECK_DESCRIPTION,
        CHECK_EPILOG,
    )
    check.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help=f"stack files to check (default: every {display_path(STACKS_DIR)}/{STACK_FILE_GLOB})",
    )
    check.add_argument("--json", action="store_true", help="print a JSON array (see below)")

    diff = _command(
        commands,
        "diff",
        "compare the stack files at a git revision with the working tree",
        _diff,
        DIFF_DESCRIPTION,
        DIFF_EPILOG,
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
    _project_option(diff)

    summarize = _command(
        commands,
        "summarize",
        "summarize `pulumi preview --json` output as markdown, per stack",
        _summarize,
        SUMMARIZE_DESCRIPTION,
        SUMMARIZE_EPILOG,
    )
    summarize.add_argument(
        "previews",
        nargs="+",
        metavar="PREVIEW_JSON",
        help="files written by `pulumi preview --json`, or - for standard input",
    )

    comment = _command(
        commands,
        "comment",
        "assemble the review comment from diff and summarize outputs",
        run_comment,
        COMMENT_DESCRIPTION,
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

    pull = _command(
        commands,
        "pull",
        "adopt an existing tenant: its settings as a stack file",
        run_pull,
        PULL_DESCRIPTION,
        PULL_EPILOG,
    )
    pull.add_argument("--stack", required=True, metavar="NAME", help="the stack's name")
    pull.add_argument("--plan", required=True, choices=PLAN_NAMES, help="the tenant's plan")
    pull.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="FILE",
        help="a Deploy CLI export (tenant.yaml, tenant.json, or its folder) instead of the API",
    )
    pull.add_argument(
        "--api-url",
        metavar="URL",
        help="the base of both API calls instead of https://<domain> (https, or http to "
        "this machine only)",
    )
    pull.add_argument("--write", action="store_true", help="write stacks/Pulumi.NAME.yaml")
    _project_option(pull)

    stacks = _command(
        commands,
        "stacks",
        "list the stack files with their waves (for workflow matrices)",
        run_stacks,
        STACKS_DESCRIPTION,
        STACKS_EPILOG,
    )
    output = stacks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array of objects")
    output.add_argument(
        "--matrix", action="store_true", help="print a JSON array of stack names (see below)"
    )
    stacks.add_argument(
        "--wave", type=int, metavar="N", help=f"only the stacks of wave N (1 to {MAX_WAVE})"
    )
    _project_option(stacks)

    baselines = _command(
        commands,
        "baselines",
        "list the compliance baselines a stack can opt into",
        _baselines,
        BASELINES_NOTE,
    )
    baselines.add_argument(
        "--markdown", action="store_true", help="print the table as markdown (as in README)"
    )
    return parser


def _verdict_json(verdict: StackVerdict) -> dict[str, object]:
    settings = verdict.settings
    return {
        "file": verdict.file,
        "stack": verdict.stack,
        "ok": verdict.ok,
        "plan": settings.plan.value if settings else None,
        "baselines": list(settings.baselines) if settings else None,
        "cookie_mode": settings.cookie_mode.value if settings and settings.cookie_mode else None,
        "errors": [{"key": p.key or None, "message": p.message} for p in verdict.problems],
        "settings": settings.provider_hours() if settings else None,
        "notes": verdict.notes(),
    }


def _verdict_text(verdict: StackVerdict) -> str:
    settings = verdict.settings
    notes = [f"  note: {note}" for note in verdict.notes()]
    if settings is None:
        return "\n".join([verdict.error_text(), *notes])
    baselines = f", baselines {', '.join(settings.baselines)}" if settings.baselines else ""
    lines = [f"{verdict.file}: stack {verdict.stack}, plan {settings.plan.value}{baselines}: OK"]
    for setting, value in settings.durations():
        amounts = f"{value.human():<16} {value.hours:>7,g} h {value.minutes:>9,} min"
        lines.append(
            f"  {setting.label:<39} {amounts}   -> {setting.provider_field}"
            f" ({describe_ceilings(setting, settings.plan, settings.baselines)})"
        )
    if settings.cookie_mode:
        lines.append(
            f"  {'Cookie mode':<39} {settings.cookie_mode.value:<44}-> session_cookie.mode"
        )
    if settings.protect:
        lines.append("  protected: `pulumi destroy` is refused for this stack's settings resource")
    unmanaged = [s.key for s in settings.unmanaged()]
    if unmanaged:
        lines.append(f"  left unmanaged (Auth0 keeps the tenant's value): {', '.join(unmanaged)}")
    return "\n".join(lines + notes)


def check(files: Sequence[Path], as_json: bool, out: TextIO) -> int:
    verdicts = [judge_file(path) for path in files]
    if as_json:
        json.dump([_verdict_json(v) for v in verdicts], out, indent=2)
        out.write("\n")
    else:
        out.write("\n\n".join(_verdict_text(v) for v in verdicts) + "\n")
        invalid = sum(not v.ok for v in verdicts)
        noun = "file" if len(verdicts) == 1 else "files"
        out.write(
            f"\n{len(verdicts)} stack {noun} checked: {len(verdicts) - invalid} valid, "
            f"{invalid} invalid.\n"
        )
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_INVALID


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    files = args.files or default_stack_files()
    if not files:
        parser.error(f"no stack files: {display_path(STACKS_DIR)}/ has no {STACK_FILE_GLOB}")
    return check(files, args.json, out)


def _diff(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    try:
        base = Revision.open(args.project, args.base)
        diffs = diff_project(args.project, base)
    except GitError as error:
        args.usage.error(str(error))  # exits 2
    if args.format == "json":
        json.dump(render_json(diffs, base), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        render = render_markdown if args.format == "markdown" else render_text
        out.write(render(diffs, base))
    return EXIT_OK if all(d.ok for d in diffs) else EXIT_INVALID


def _summarize(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    previews = []
    try:
        for name in args.previews:
            source = "standard input" if name == "-" else name
            text = sys.stdin.read() if name == "-" else _read_input(Path(name))
            previews += [summarize(d, source) for d in read_documents(text, source)]
    except PreviewError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_INVALID
    out.write(render_preview(previews))
    return EXIT_OK


def _read_input(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PreviewError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PreviewError(f"{path}: cannot be read: {error}") from None


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


def _baselines(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    out.write(baselines_table(args.markdown) + "\n")
    if not args.markdown:
        out.write(f"\n{BASELINES_NOTE}\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error, incl. an unknown command
    try:
        code = int(args.run(args, parser, out))
        out.flush()
    except BrokenPipeError:  # `check --json | head`: the reader has what it wanted
        _quiet_stdout()
        return EXIT_OK
    return code


def _quiet_stdout() -> None:
    """After a closed pipe, let the interpreter's final flush go nowhere instead of failing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. in tests)
        pass
