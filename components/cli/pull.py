"""`pull`: adopt an existing tenant, from the Management API or a Deploy CLI export."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from ..rules.plans import PLAN_NAMES, Plan
from ..stackfiles.paths import STACK_NAME, display_path
from ..text.inert import snippet, terminal
from .parsing import EXIT_INVALID, EXIT_OK, command, project_option

DESCRIPTION = """\
Adopt an existing tenant: read its session settings, from the live tenant or from an
Auth0 Deploy CLI export, and print them as a stack file that `check` accepts (or write
it with --write). On standard error, per setting: the tenant's value (exact minutes:
float hours are rounded to whole minutes as the Deploy CLI does), what is written, and
why they differ: not exactly applicable (the nearest value that is: 181 min -> 3h),
above the plan's limit (the limit, which Auth0 enforces anyway), below a minimum, or
absent (Auth0's default, written out).

Live (no --from): AUTH0_DOMAIN with AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a
machine-to-machine app with read:tenant_settings; client-credentials grant, audience
https://<domain>/api/v2/), or AUTH0_API_TOKEN; then GET /api/v2/tenants/settings.
No secret or token is ever printed.
"""


EPILOG = """\
exit status:
  0  pulled (notes on standard error say what was adjusted)
  1  the source could not be read: credentials refused, scope missing, network error,
     not an export, unresolved placeholders, or a stack file that cannot be updated
  2  usage error

--write writes stacks/Pulumi.NAME.yaml. If it exists, the differences between the file
and the tenant are shown first, then only the auth0-sessions: duration and cookie keys
are set in place: comments, order and every other key are kept.

examples:
  AUTH0_DOMAIN=acme.eu.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... \\
    python -m components pull --stack prod --plan enterprise
  python -m components pull --stack dev --plan professional --from export/tenant.yaml --write
"""


def register(commands: Any) -> None:
    pull = command(
        commands,
        "pull",
        "adopt an existing tenant: its settings as a stack file",
        run,
        DESCRIPTION,
        EPILOG,
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
    project_option(pull)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    from ..adopt.auth0_api import ApiError, Credentials, fetch_tenant_settings
    from ..adopt.exports import ExportError, read_export
    from ..adopt.pull import PullError, pull_settings, stack_file_text, tenant_settings
    from ..adopt.pull import notes as pull_notes
    from ..stackfiles.stackfile import StackFileError, stack_config_dir
    from ..stackfiles.stackwrite import (
        StackWriteError,
        current_values,
        update_in_place,
        write_file,
        write_target,
    )
    from ..stackfiles.yaml12 import YamlError
    from ..text.safeio import UnsafeFileError

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
        what = args.source.name if args.source is not None else "the Management API's answer"
        settings = tenant_settings(raw, what)
        try:
            pulled = pull_settings(settings, plan)
        except PullError as error:  # name where the value came from
            raise PullError(f"{what}: {error}") from None
        for line in pull_notes(pulled):
            sys.stderr.write(f"{terminal(line)}\n")
        if not args.write:
            out.write(stack_file_text(pulled, plan, source, domain))
            return EXIT_OK
        folder = stack_config_dir(args.project).relative_to(args.project).as_posix()
        target = write_target(args.project, folder, f"Pulumi.{args.stack}.yaml")
        if target.exists():
            before = current_values(target)
            if "plan" in before and str(before["plan"]) != plan.value:
                raise PullError(
                    f"{target.name} says plan {snippet(before['plan'])}, not --plan {plan.value}:"
                    " the plan sets the limits the pulled values are held to, so nothing was "
                    "written; check the tenant's plan, then correct the file or --plan"
                )
            for p in pulled:
                if str(before.get(p.key, "")) != p.written:
                    shown = snippet(before[p.key]) if p.key in before else "(not set)"
                    sys.stderr.write(f"{target.name}: {p.key}: {shown} -> {p.written}\n")
            text = update_in_place(target, {p.key: p.written for p in pulled})
        else:
            text = stack_file_text(pulled, plan, source, domain)
        write_file(target, text)
        sys.stderr.write(f"wrote {display_path(target)}\n")
    except (
        ApiError,
        ExportError,
        PullError,
        StackFileError,
        StackWriteError,
        UnsafeFileError,
        YamlError,
    ) as error:
        sys.stderr.write(f"error: {terminal(error)}\n")
        return EXIT_INVALID
    return EXIT_OK
