"""The help texts of `python -m components`: what each command does, its exit status and output.

Kept apart from cli.py so that the wiring stays short; `--help` prints them as written.
"""

from __future__ import annotations

EXIT_OK, EXIT_INVALID = 0, 1  # argparse exits 2 for usage errors
MATRIX_LIMIT = 256  # GitHub Actions: the most jobs one matrix generates


CHECK_DESCRIPTION = """\
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


CHECK_EPILOG = """\
exit status:
  0  every file is valid
  1  at least one file is invalid or unreadable
  2  usage error (e.g. no stack files found)

--json prints one array, an object per file:
  {"file": "stacks/Pulumi.dev.yaml", "stack": "dev", "ok": true,
   "plan": "professional", "baselines": ["pci-dss-4"], "cookie_mode": "persistent",
   "errors": [{"key": "auth0-sessions:inactivityTimeout", "message": "..."}],
   "settings": {"session_lifetime": 720.0, "idle_session_lifetime": 72.0,
                "ephemeral_session_lifetime": 24.0,
                "idle_ephemeral_session_lifetime": 4.0},
   "notes": ["imports Pulumi ESC environment(s) ...: values from there are ..."]}
  settings are in hours, exactly as sent to the provider; a setting left unmanaged
  is absent; plan, baselines, cookie_mode and settings are null for an invalid file; an error
  of the whole file (e.g. broken YAML) has "key": null.

examples:
  python -m components check
  python -m components check stacks/Pulumi.prod.yaml --json
"""


DIFF_DESCRIPTION = """\
Compare every stack file at git revision REV (read through git: no checkout, nothing
in the working tree changes) with the working tree. Offline, and without secrets, so
it runs on pull requests from forks.

Per stack: each setting old -> new in words with hours (e.g. `Require log in after:
30 days (720 h) -> 7 days (168 h)`), the tightest limit on the new value (plan or
baseline) and the headroom left, stacks added or removed, unchanged stacks said once,
and the verdict of the new side with every error (the same rules as `check`).
"""


DIFF_EPILOG = """\
exit status:
  0  every stack file of the working tree is valid (changed or not)
  1  at least one is invalid
  2  usage error: unknown revision, not a git repository, git missing

--format json prints one object:
  {"base": {"rev": "main", "commit": "<sha>"}, "ok": true,
   "stacks": [{"stack": "dev", "file": "stacks/Pulumi.dev.yaml",
               "status": "changed|unchanged|added|removed", "ok": true (null if removed),
               "errors": [{"key": "...", "message": "..."}],
               "changes": [{"key": "auth0-sessions:requireLoginAfter",
                            "label": "Require log in after",
                            "old": {"written": "30d", "minutes": 43200, "hours": 720.0,
                                    "human": "30 days"} (null: no such file),
                            "new": {...},
                            "limit": {"minutes": 43200, "by": "plan:professional",
                                      "headroom_minutes": 33120} (or null)}]}]}
  "written" is null for a setting left out; minutes/hours/human are null for a value
  that is not a duration.

examples:
  python -m components diff --base main
  python -m components diff --base origin/main --format markdown > comment.md
"""


SUMMARIZE_DESCRIPTION = """\
Turn `pulumi preview --json` output (one document per stack; several files, or
several documents on standard input) into a markdown section per stack: the session
settings that change on auth0:index/tenant:Tenant (now -> after, in words with hours),
other resource changes counted by operation, and error diagnostics quoted. The stack
name comes from the URNs. Secrets stay "[secret]"; nothing is sent anywhere.
"""


SUMMARIZE_EPILOG = """\
exit status:
  0  summarized (a preview that failed is summarized with its errors)
  1  an input is missing, not JSON, truncated, or not preview output; nothing is printed
  2  usage error

examples:
  pulumi preview --stack dev --diff --json > dev.json
  python -m components summarize dev.json
  pulumi preview --stack prod --json | python -m components summarize -
"""


COMMENT_DESCRIPTION = """\
Assemble the pull request's one review comment: the `diff --format markdown` section,
then `### pulumi preview` with each stack's `summarize` section (or a note that no
preview ran, e.g. for a fork). The whole stays within GitHub's 65,536-character
limit for a comment, cut at a line with a note saying so. Parts that are missing are
said to be missing; a part larger than the limit is read only up to it.
"""


PULL_DESCRIPTION = """\
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


PULL_EPILOG = """\
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


STACKS_DESCRIPTION = """\
List the stack files in stacks/ with their stack name and wave, for people and for
GitHub Actions matrices. Offline and fast like `check` (each file is judged by the
same rules; an invalid file is listed as such). Adding a stack is adding its file:
the workflows build their matrices from this command.
"""


STACKS_EPILOG = f"""\
exit status:
  0  every stack file is valid
  1  a stack file is invalid (run `check`), or --matrix would exceed {MATRIX_LIMIT} stacks
  2  usage error (e.g. no stack files found)

--json prints one array: [{{"stack": "dev", "file": "stacks/Pulumi.dev.yaml", "wave": 1,
  "ok": true}}]; "wave" is null for an invalid file.
--matrix prints only the stack names, as a JSON array for `fromJSON` in a workflow
  (e.g. ["dev"]); it refuses an invalid file anywhere, and more than {MATRIX_LIMIT} stacks
  (GitHub's limit on one matrix).

examples:
  python -m components stacks
  python -m components stacks --matrix --wave 2
"""


BASELINES_NOTE = """\
Compliance baselines: maximums a stack opts into with `auth0-sessions:baselines`,
e.g. [pci-dss-4], checked by check, diff and `pulumi up` exactly like plan limits.
Each maximum applies to both pairs (persistent and non-persistent), and every
setting a baseline bounds must be set: left unmanaged, the tenant keeps its own
value (a new tenant has 72 h inactivity, 24 h for non-persistent sessions).\
"""
