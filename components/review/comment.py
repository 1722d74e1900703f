"""The commands for a fleet of tenants and for adopting one: `stacks`, `comment` and `pull`.

Wired into `python -m components` by cli.py; like it, nothing here imports pulumi (and
`pull` imports httpx and ruamel only when it runs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from ..adopt.auth0_api import ApiError, Credentials, fetch_tenant_settings
from .checks import STACK_NAME, display_path, judge_file
from .diff import MAX_UNCHANGED_NAMES
from ..adopt.exports import ExportError, read_export
from ..cli.helptext import EXIT_INVALID, EXIT_OK, MATRIX_LIMIT
from ..text.inert import COMMENT_LIMIT, bound_markdown, snippet, terminal
from ..rules.plans import Plan
from .preview import NO_CHANGES
from ..adopt.pull import PullError, pull_settings, stack_file_text
from ..adopt.pull import notes as pull_notes
from ..text.safeio import UnsafeFileError, read_text
from ..stackfiles.stackconfig import MAX_WAVE
from ..stackfiles.stackfile import (
    PROJECT_FILE,
    STACK_FILE_GLOB,
    STACKS_DIR,
    default_stack_files,
    project_defaults,
)
from ..stackfiles.stackwrite import StackWriteError, current_values, update_in_place
from ..stackfiles.yaml12 import YamlError

PART_LIMIT = 16 * 1024 * 1024  # a comment part read at most (it is cut to fit anyway)


NO_PREVIEW = (
    "No preview: previews run only for branches of this repository (a fork gets no "
    "credentials), after the review job passes."
)


def _part(path: Path | None, missing: str) -> str:
    """One part of the comment, as text; a missing or unreadable part is said to be."""
    if path is None:
        return missing
    try:
        return read_text(path, limit=PART_LIMIT)
    except UnsafeFileError as error:
        return f"{missing} ({terminal(path.name)} {error})"


def _previews_section(previews: list[str]) -> str:
    """Each changed stack's section in full; unchanged stacks as a few lines and a count."""
    if not previews:
        return NO_PREVIEW + "\n"
    changed: list[str] = []
    unchanged: list[str] = []
    for part in previews:  # an unchanged stack is one line (preview.render_markdown)
        (unchanged if part.count("\n") <= 1 and NO_CHANGES in part else changed).append(part)
    lines = [part.strip() for part in unchanged[:MAX_UNCHANGED_NAMES]]
    if len(unchanged) > len(lines):
        lines.append(f"… and {len(unchanged) - len(lines):,} more stacks with no changes.")
    sections = [part.rstrip() + "\n" for part in changed]
    if lines:  # one line each, kept apart by markdown's two-space line break
        sections.append("  \n".join(lines) + "\n")
    return "\n".join(sections)


def run_comment(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    diff = _part(args.diff, "diff did not run: see the review job.")
    previews = [_part(path, "A preview left no summary.") for path in sorted(args.preview)]
    text = f"{diff.rstrip()}\n\n### pulumi preview\n\n" + _previews_section(previews)
    out.write(bound_markdown(text, COMMENT_LIMIT - 1_000, "this comment"))
    return EXIT_OK


def run_stacks(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    folder = args.project / STACKS_DIR.name
    files = default_stack_files(folder)
    if not files:
        parser.error(f"no stack files: {display_path(folder)}/ has no {STACK_FILE_GLOB}")
    defaults = project_defaults(args.project / PROJECT_FILE.name)
    if args.wave is not None and not 1 <= args.wave <= MAX_WAVE:
        args.usage.error(f"--wave takes 1 to {MAX_WAVE}")
    verdicts = sorted(
        (judge_file(path, defaults=defaults) for path in files),
        key=lambda v: (v.settings.wave if v.settings else 0, v.stack),
    )
    chosen = [
        v for v in verdicts if args.wave is None or (v.settings and v.settings.wave == args.wave)
    ]
    invalid = [v.file for v in verdicts if not v.ok]
    if args.matrix:
        if invalid:
            sys.stderr.write(f"error: invalid stack files (run check): {', '.join(invalid)}\n")
            return EXIT_INVALID
        if len(chosen) > MATRIX_LIMIT:
            sys.stderr.write(
                f"error: {len(chosen):,} stacks in one matrix, over GitHub's {MATRIX_LIMIT}: "
                "spread them over more waves (auth0-sessions:wave)\n"
            )
            return EXIT_INVALID
        out.write(json.dumps([v.stack for v in chosen]) + "\n")
    elif args.json:
        rows = [
            {
                "stack": v.stack,
                "file": v.file,
                "wave": v.settings.wave if v.settings else None,
                "ok": v.ok,
            }
            for v in chosen
        ]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for v in chosen:
            wave = f"wave {v.settings.wave}" if v.settings else "INVALID (run check)"
            out.write(f"{terminal(v.stack):<24} {wave:<22} {v.file}\n")
    return EXIT_INVALID if invalid else EXIT_OK


def run_pull(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    if not STACK_NAME.fullmatch(args.stack):
        args.usage.error("--stack: a Pulumi stack name (letters, digits, '-', '_' and '.')")
    plan = Plan(args.plan)
    try:
        if args.source is not None:
            raw, domain = read_export(args.source), None
            source = f"the Deploy CLI export {args.source.name}"
        else:
            credentials = Credentials.from_environment(os.environ)
            raw = fetch_tenant_settings(credentials, args.api_url)
            domain, source = credentials.domain, f"{credentials.domain} (Management API)"
        pulled = pull_settings(raw, plan)
        for line in pull_notes(pulled):
            sys.stderr.write(f"{terminal(line)}\n")
        if not args.write:
            out.write(stack_file_text(pulled, plan, source, domain))
            return EXIT_OK
        target = args.project / STACKS_DIR.name / f"Pulumi.{args.stack}.yaml"
        if target.exists() or target.is_symlink():
            before = current_values(target)
            for p in pulled:
                if str(before.get(p.key, "")) != p.written:
                    shown = snippet(before[p.key]) if p.key in before else "(not set)"
                    sys.stderr.write(f"{target.name}: {p.key}: {shown} -> {p.written}\n")
            text = update_in_place(target, {p.key: p.written for p in pulled})
        else:
            text = stack_file_text(pulled, plan, source, domain)
        target.write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {display_path(target)}\n")
    except (ApiError, ExportError, PullError, StackWriteError, UnsafeFileError, YamlError) as error:
        sys.stderr.write(f"error: {terminal(error)}\n")
        return EXIT_INVALID
    return EXIT_OK
