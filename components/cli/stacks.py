"""`stacks`: the stack files with their waves, for people and workflow matrices."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ..review.batches import MATRIX_LIMIT, BatchError, batches, carries_credentials
from ..review.checks import judge_file
from ..stackfiles.paths import (
    STACK_FILE_GLOB,
    default_stack_files,
    display_path,
)
from ..stackfiles.stackconfig import MAX_WAVE
from ..text.inert import terminal
from .parsing import EXIT_INVALID, EXIT_OK, command, project_of, project_option


def _batch_size(text: str) -> int | None:
    if text in ("auto", ""):  # "": a workflow's unset repository variable
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise argparse.ArgumentTypeError(f"takes auto or a number of stacks, not {text[:20]!r}")
    return int(text)


DESCRIPTION = """\
List the stack files in stacks/ with their stack name and wave, for people and for
GitHub Actions matrices. Offline and fast like `check` (each file is judged by the
same rules; an invalid file is listed as such). Adding a stack is adding its file:
the workflows build their matrices from this command.
"""


EPILOG = f"""\
exit status:
  0  every stack file is valid
  1  a stack file is invalid (run `check`), or --matrix would exceed {MATRIX_LIMIT} stacks,
     or the project is refused (a symlink along the path to its stack files)
  2  usage error (e.g. no stack files found)

--json prints one array: [{{"stack": "dev", "file": "stacks/Pulumi.dev.yaml", "wave": 1,
  "ok": true}}]; "wave" is null for an invalid file.
--matrix prints only the stack names, as a JSON array for `fromJSON` in a workflow
  (e.g. ["dev"]); it refuses an invalid file anywhere, and more than {MATRIX_LIMIT} stacks
  (GitHub's limit on one matrix). --names prints the same array with no limit.
--batches preview|deploy prints the jobs of a workflow matrix, each a set-up shared by
  several stacks: [{{"name": "batch+1-of-3", "stacks": "eu us", "environment":
  "auth0-sessions-preview"}}]. A stack whose file carries its own credentials
  (auth0:domain, auth0:clientId and an encrypted auth0:clientSecret, or an encrypted
  auth0:apiToken) shares a job in the purpose's one environment (auth0-sessions-preview
  for previews and drift; auth0-sessions-wave-N to deploy wave N); any other stack keeps
  a job and an environment of its own (preview-<stack>, <stack>), as with --matrix.
--batch-size N|auto: stacks per shared job; auto (the default) is 20, or more when the
  jobs would not fit in one matrix ({MATRIX_LIMIT}). An empty value is auto.
--changed-since REV keeps the stacks a change since the git revision REV can touch: those
  whose stack file it changes or adds, or every stack when it changes what the program
  reads (components/, __main__.py, Pulumi.yaml, the requirements files, plugin/, the
  setup action and pull-request.yml); --unchanged-since REV keeps the others.

examples:
  python -m components stacks
  python -m components stacks --matrix --wave 2
  python -m components stacks --matrix --project pr --changed-since origin/main
  python -m components stacks --batches deploy --wave 2 --batch-size 10
"""


def register(commands: Any) -> None:
    stacks = command(
        commands,
        "stacks",
        "list the stack files with their waves (for workflow matrices)",
        run,
        DESCRIPTION,
        EPILOG,
    )
    output = stacks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array of objects")
    output.add_argument(
        "--matrix", action="store_true", help="print a JSON array of stack names (see below)"
    )
    output.add_argument("--names", action="store_true", help="the same array, with no matrix limit")
    output.add_argument(
        "--batches",
        choices=("preview", "deploy"),
        help="print the jobs of a workflow matrix, several stacks each (see below)",
    )
    stacks.add_argument(
        "--batch-size",
        type=_batch_size,
        default=None,
        metavar="N|auto",
        help="stacks per shared job with --batches (default: auto)",
    )
    stacks.add_argument(
        "--wave", type=int, metavar="N", help=f"only the stacks of wave N (1 to {MAX_WAVE})"
    )
    since = stacks.add_mutually_exclusive_group()
    since.add_argument(
        "--changed-since", metavar="REV", help="only the stacks a change since REV can touch"
    )
    since.add_argument("--unchanged-since", metavar="REV", help="only the others")
    project_option(stacks)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    project = project_of(args)
    folder = project.folder
    files = default_stack_files(folder)
    if not files:
        args.usage.error(f"no stack files: {display_path(folder)}/ has no {STACK_FILE_GLOB}")
    if args.wave is not None and not 1 <= args.wave <= MAX_WAVE:
        args.usage.error(f"--wave takes 1 to {MAX_WAVE}")
    verdicts = sorted(
        (judge_file(path, defaults=project.defaults, typed=project.typed) for path in files),
        key=lambda v: (v.settings.wave if v.settings else 0, v.stack),
    )
    chosen = [
        v for v in verdicts if args.wave is None or (v.settings and v.settings.wave == args.wave)
    ]
    base = args.changed_since or args.unchanged_since
    if base is not None:
        from ..review.gitrev import GitError
        from ..review.touched import touched

        try:
            files = touched(args.project, folder, base)
        except GitError as error:
            sys.stderr.write(f"error: {error}\n")
            return EXIT_INVALID
        if files is not None:
            want = args.changed_since is not None
            chosen = [v for v in chosen if (v.stack in files) == want]
        elif args.unchanged_since is not None:
            chosen = []
    invalid = [v.file for v in verdicts if not v.ok]
    if (args.matrix or args.batches) and invalid:
        sys.stderr.write(f"error: invalid stack files (run check): {', '.join(invalid)}\n")
        return EXIT_INVALID
    if args.batches:
        try:
            laid = batches(
                [(v.stack, carries_credentials(v.raw)) for v in chosen],
                args.batches,
                wave=args.wave,
                size=args.batch_size,
            )
        except BatchError as error:
            sys.stderr.write(f"error: {error}\n")
            return EXIT_INVALID
        out.write(json.dumps([batch.as_matrix() for batch in laid]) + "\n")
    elif args.matrix:
        if len(chosen) > MATRIX_LIMIT:
            sys.stderr.write(
                f"error: {len(chosen):,} stacks in one matrix, over GitHub's {MATRIX_LIMIT}: "
                "lay them out in jobs of several stacks (--batches), or spread them over more "
                "waves (auth0-sessions:wave)\n"
            )
            return EXIT_INVALID
        out.write(json.dumps([v.stack for v in chosen]) + "\n")
    elif args.names:
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
