"""`check`: stack files against the rules, offline, with what each value becomes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..review.checks import StackVerdict, judge_file
from ..rules.limits import describe_ceilings
from ..rules.reach import BOTH_WAYS
from ..stackfiles.paths import (
    STACK_FILE_GLOB,
    STACK_NAME,
    default_stack_files,
    display_path,
    unread_files,
    unread_note,
)
from ..stackfiles.stackfile import ProjectReading
from .parsing import EXIT_INVALID, EXIT_OK, command, project_of, project_option

DESCRIPTION = """\
Check stack files offline: no Pulumi CLI, no credentials, no network.

Applies the same rules as `pulumi up` (the program validates with the same code):
the plan's limits, which Auth0 would otherwise apply silently; the maximums of the
compliance baselines a stack opts into (`python -m components baselines`); values the provider
cannot send exactly (from 1 hour up it sends whole hours); minimums; inactivity
timeout <= require-log-in-after; unknown keys; and that auth0:clientSecret and
auth0:apiToken are stored encrypted (`secure:`). Secret values are never printed.

For each file it prints the verdict and, when valid, what the tenant would get (in
days, hours and minutes, with the provider field each value is sent as); when
invalid, every problem of the file. A file that cannot be read is reported as
invalid and does not hide the other files' results.
"""


EPILOG = """\
exit status:
  0  every file is valid
  1  at least one file is invalid or unreadable, or the project is refused (a symlink
     along the path to its stack files; a stackConfigDir outside it)
  2  usage error (e.g. no stack files found)

--json prints one array, an object per file:
  {"file": "stacks/Pulumi.dev.yaml", "stack": "dev", "ok": true,
   "plan": "professional", "baselines": ["pci-dss-4"], "cookie_mode": "persistent",
   "errors": [{"key": "auth0-sessions:inactivityTimeout", "message": "..."}],
   "settings": {"session_lifetime": 720.0, "idle_session_lifetime": 72.0,
                "ephemeral_session_lifetime": 24.0,
                "idle_ephemeral_session_lifetime": 4.0},
   "organizations": {"acme-bank": {"inactivityTimeout": 15, "baselines": []}},
   "connections": {},
   "notes": ["imports Pulumi ESC environment(s) ...: values from there are ..."]}
  settings are in hours, exactly as sent to the provider; a setting left unmanaged
  is absent; plan, baselines, cookie_mode and settings are null for an invalid file; an error
  of the whole file (e.g. broken YAML) has "key": null.

examples:
  python -m components check
  python -m components check stacks/Pulumi.prod.yaml --json
  python -m components check --project infra
"""


def register(commands: Any) -> None:
    check = command(
        commands,
        "check",
        "check stack files against the rules, offline",
        run,
        DESCRIPTION,
        EPILOG,
    )
    check.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help=f"stack files to check (default: every {STACK_FILE_GLOB} where Pulumi.yaml's "
        "stackConfigDir says)",
    )
    check.add_argument("--json", action="store_true", help="print a JSON array (see below)")
    check.add_argument(
        "--stack",
        metavar="NAME",
        help="check the stack file Pulumi reads for stack NAME (Pulumi.yaml's stackConfigDir)",
    )
    project_option(check)


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
        "organizations": _scopes_json(settings.organizations) if settings else None,
        "connections": _scopes_json(settings.connections) if settings else None,
        "notes": verdict.notes(),
    }


def _scopes_json(scopes: Mapping[str, Any]) -> dict[str, object]:
    """Per organization or connection: each limit in minutes (what the Action applies)."""
    return {
        name: {**policy.minutes(), "baselines": list(policy.baselines)}
        for name, policy in scopes.items()
    }


def _scope_lines(kind: str, scopes: Mapping[str, Any]) -> list[str]:
    """One row per organization or connection, under the tenant's (names are Auth0's)."""
    lines = []
    for name, policy in scopes.items():
        values = ", ".join(
            f"{s.key} {v.human()} ({v.minutes:,} min)" for s, v in policy.durations()
        )
        marks = f"; baselines {', '.join(policy.baselines)}" if policy.baselines else ""
        lines.append(f"  {kind} {name}: {values}{marks} -> post-login Action")
    return lines


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
    lines += _scope_lines("organization", settings.organizations)
    lines += _scope_lines("connection", settings.connections)
    if settings.protect:
        lines.append("  protected: `pulumi destroy` is refused for this stack's settings resource")
    unmanaged = [s.key for s in settings.unmanaged()]
    if unmanaged:
        lines.append(f"  left unmanaged (Auth0 keeps the tenant's value): {', '.join(unmanaged)}")
    return "\n".join(lines + notes)


def check(files: Sequence[Path], as_json: bool, out: TextIO, project: ProjectReading) -> int:
    verdicts = [judge_file(path, defaults=project.defaults, typed=project.typed) for path in files]
    if as_json:
        json.dump([_verdict_json(v) for v in verdicts], out, indent=2)
        out.write("\n")
    else:
        out.write("\n\n".join(_verdict_text(v) for v in verdicts) + "\n")
        if any(v.settings and v.settings.durations() for v in verdicts):
            out.write(f"\n{BOTH_WAYS}\n")
        invalid = sum(not v.ok for v in verdicts)
        noun = "file" if len(verdicts) == 1 else "files"
        out.write(
            f"\n{len(verdicts)} stack {noun} checked: {len(verdicts) - invalid} valid, "
            f"{invalid} invalid.\n"
        )
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_INVALID


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    project = project_of(args)
    folder = project.folder
    if args.stack is not None:
        if not STACK_NAME.fullmatch(args.stack) or args.files:
            args.usage.error("--stack takes a Pulumi stack name, and no FILE beside it")
        args.files = [folder / f"Pulumi.{args.stack}.yaml"]
    files = args.files or default_stack_files(folder)
    if not files:
        args.usage.error(f"no stack files: {display_path(folder)}/ has no {STACK_FILE_GLOB}")
    code = check(files, args.json, out, project)
    if not args.files:  # a file Pulumi would never read is worth a word
        notes = sys.stderr if args.json else out
        for path in unread_files(folder):
            notes.write(f"note: {unread_note(path)}\n")
    return code
