"""`audit`: each application of the live tenant, held to the stack's compliance baselines."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from typing import Any, TextIO

from ..adopt import bounds
from ..stackfiles.paths import STACK_NAME
from ..text.inert import terminal
from .parsing import EXIT_INVALID, EXIT_OK, command, project_of, project_option

EXIT_INCOMPLETE = 3

DESCRIPTION = """\
How long can a user stay signed in? The tenant's session settings bound the Auth0 login
session, not an application that uses refresh tokens: with non-expiring ones a user
stays signed in for ever, whatever requireLoginAfter says. audit reads, from the live
tenant, every application (name, type, grant types and refresh token settings only:
never a secret), the APIs that allow offline access, and the deployed Post-Login
Actions that call api.session.setExpiresAt, setIdleExpiresAt or setCookieMode (named
as notes: code is pointed at, not judged). For each application a person signs in to,
it prints the longest a user stays signed in and the longest idle gap tolerated, and
where each comes from (the tenant's session, or the refresh token's lifetimes, or
"unbounded"), then holds them to the stack's baselines: require log in after bounds
the first, inactivity timeout the second. Machine-to-machine applications are listed,
never flagged.

Then every other clock: for each organization and connection the stack file names, its
effective session (the tenant's, shortened by our Action) held to the stack's and its own
baselines; Okta and OIDC connections that end sessions at the IdP's session_expiry; and
notes where a setting defeats the stack's intent (session transfer from a native app's
refresh token, online refresh tokens with non-persistent sessions, applications with
sessions of their own not subscribed to session-expired/session-revoked back-channel
logout under an idle baseline). --json names, per finding, the field it came from.

Organizations are read only when the stack names some, and only until each is found;
connections, every one the stack names whatever its strategy, and the Okta and OIDC
ones; both with checkpoint paging (take/from), which Auth0 serves past the 1,000
results offset paging stops at.

Credentials as the provider takes them: the stack file's auth0:domain and auth0:clientId
(else AUTH0_DOMAIN and AUTH0_CLIENT_ID) with AUTH0_CLIENT_SECRET, or AUTH0_API_TOKEN (an
encrypted secret in the file is not decrypted here: export what `pulumi config get
auth0:clientSecret` prints, as drift.yml does); scopes read:clients,
read:resource_servers, read:actions, read:tenant_settings, read:organizations and
read:connections (of a connection's options only id_token_session_expiry_supported is
kept: the rest, a client secret included, is dropped as the page arrives). Without
read:organizations or read:connections the rest is still reported, with a note naming
the scope, and the exit status says the report is incomplete.
"""

_PAGE, _PAGES = bounds.PER_PAGE, bounds.MAX_PAGES
BOUNDS = f"""\
bounds (whatever the server sends; past one, audit stops with one line and exit 1):
  {_PAGE} items a page (a page with more is refused), {_PAGES} pages a list
  ({_PAGE * _PAGES:,} applications, APIs or Actions), {bounds.MAX_ANSWER_BYTES:,} bytes and
  {bounds.MAX_ANSWER_VALUES:,} JSON values an answer, {bounds.DEADLINE_SECONDS:g} s for the whole
  command; of each application only name, type, grant types and refresh-token settings
  are kept, texts cut at {bounds.MAX_TEXT} characters.
"""

EPILOG = f"""\
exit status:
  0  everything was read, and every application, organization and connection holds the
     baselines
  1  an application, organization or connection is over a baseline (each is named), the
     tenant could not be read, or
     the project is refused (a symlink along the path to its stack files)
  2  usage error (e.g. the stack file is missing or invalid: run check)
  3  incomplete: nothing read is over a baseline, but organizations or connections could
     not be read (a scope is missing: the report's notes name it)

{BOUNDS}
examples:
  python -m components audit --stack prod
  python -m components audit --stack prod --json
"""


def register(commands: Any) -> None:
    audit = command(
        commands,
        "audit",
        "hold the live tenant's applications (refresh tokens) to the stack's baselines",
        run,
        DESCRIPTION,
        EPILOG,
    )
    audit.add_argument("--stack", required=True, metavar="NAME", help="the stack's name")
    audit.add_argument(
        "--api-url",
        metavar="URL",
        help="the base of the API calls instead of https://<domain> (https, or http to "
        "this machine only)",
    )
    output = audit.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--markdown", action="store_true", help="print it as markdown")
    project_option(audit)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO) -> int:
    from ..adopt.auth0_api import ApiError, Credentials, ManagementApi
    from ..adopt.tenant_apps import read_live_apps
    from ..resources.session_action import ACTION_NAME
    from ..review.audit import audit, render_json, render_markdown, render_text
    from ..review.audit_scopes import flags, scope_clocks
    from ..review.checks import judge_file

    if not STACK_NAME.fullmatch(args.stack):
        args.usage.error("--stack: a Pulumi stack name (letters, digits, '-', '_' and '.')")
    project = project_of(args)
    path = project.folder / f"Pulumi.{args.stack}.yaml"
    verdict = judge_file(path, defaults=project.defaults, typed=project.typed)
    if verdict.settings is None:
        args.usage.error(f"the stack file is not valid, run check: {verdict.error_text()}")
    env = dict(os.environ)
    for key, variable in (("auth0:domain", "AUTH0_DOMAIN"), ("auth0:clientId", "AUTH0_CLIENT_ID")):
        value = verdict.raw.get(key)
        if isinstance(value, str):  # as for the provider: the stack file's key wins
            env[variable] = value
    try:
        with ManagementApi(Credentials.from_environment(env), args.api_url) as api:
            live = read_live_apps(api, verdict.settings.organizations, verdict.settings.connections)
    except ApiError as error:
        sys.stderr.write(f"error: {terminal(error)}\n")
        return EXIT_INVALID
    report = audit(
        live.clients, live.offline_apis, live.session, live.actions, verdict.settings.baselines
    )
    others = [name for name, _ in live.actions if name != ACTION_NAME]
    report = replace(
        report,
        scopes=scope_clocks(
            verdict.settings, live.session, live.organizations, live.connections, others
        ),
        flags=flags(verdict.settings, live.clients, live.servers),
        unread=live.unread,
    )
    if args.json:
        json.dump(render_json(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(render_markdown(report) if args.markdown else render_text(report))
    if not report.ok:
        return EXIT_INVALID
    return EXIT_INCOMPLETE if report.unread else EXIT_OK
