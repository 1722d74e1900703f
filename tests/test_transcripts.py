"""The end-to-end suite's transcript normalizer (tests/e2e/transcripts.py): what varies from
run to run of the real CLI must not make a documented block differ."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "e2e"))

from transcripts import normalize

HEAD = "Previewing destroy (prod):\n\n"
TAIL = " ~  pulumi:pulumi:Stack auth0-sessions-prod refreshing\nDiagnostics:\n"

# The two displays of one protected destroy, as two clean-clone runs printed them: the
# Stack's `1 error` on its `refresh` row, or on a row of its own with no status.
ON_THE_STATUS_ROW = (
    HEAD
    + " -  auth0:index:Tenant sessions-tenant delete[retain] 1 error\n"
    + " ~  pulumi:pulumi:Stack auth0-sessions-prod refresh 1 error\n"
    + TAIL
)
ON_A_ROW_OF_ITS_OWN = (
    HEAD
    + "    pulumi:pulumi:Stack auth0-sessions-prod  1 error\n"
    + " -  auth0:index:Tenant sessions-tenant delete[retain]\n"
    + " -  auth0:index:Tenant sessions-tenant delete[retain] 1 error\n"
    + " ~  pulumi:pulumi:Stack auth0-sessions-prod refresh\n"
    + TAIL
)


def test_which_row_carries_a_count_does_not_matter() -> None:
    shown = normalize("pulumi destroy --stack prod --yes", ON_THE_STATUS_ROW)
    assert shown == normalize("pulumi destroy --stack prod --yes", ON_A_ROW_OF_ITS_OWN)
    assert " -  auth0:index:Tenant sessions-tenant delete[retain]\n" in shown
    assert " ~  pulumi:pulumi:Stack auth0-sessions-prod refresh\n" in shown
    assert "error" not in shown


def test_every_count_the_cli_joins_is_left_out_and_the_diff_kept() -> None:
    row = " ~  auth0:index:Tenant t update [diff: ~sessionLifetime]; 2 errors; 1 warning"
    rows = f"{row}; 3 messages; 2 debugs\n ~  auth0:index:Tenant t update 1 message\n"
    assert normalize("pulumi up", rows) == (
        "$ pulumi up\n ~  auth0:index:Tenant t update\n"
        " ~  auth0:index:Tenant t update [diff: ~sessionLifetime]\n"
    )


def test_a_count_outside_the_streamed_rows_is_kept() -> None:
    text = "Resources:\n    2 errored\n\n  pulumi:pulumi:Stack (s):\n    1 error\n"
    assert "    1 error" in normalize("pulumi up", text)
