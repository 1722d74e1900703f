"""Real `pulumi preview --json` documents: what summarize and the review comment make of
them, and tests/previews/ (the fast suite's fixtures) held to them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from configs import change, new_stack
from fake_auth0 import FakeAuth0
from recording import recorded
from rig import ROOT, Project

TENANT_URN = (
    "urn:pulumi:{stack}::auth0-sessions::auth0-sessions:index:TenantSessionSettings"
    "$auth0:index/tenant:Tenant::sessions-tenant"
)


def components(*args: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def preview(project: Project, stack: str, *args: str, expect: int = 0) -> dict:
    return project.pulumi("preview", "--json", "--stack", stack, *args, expect=expect).json()


def deployed(project: Project, fake: FakeAuth0, stack: str, **changes: str | None) -> None:
    new_stack(project, fake, stack, **changes)
    project.pulumi("up", "--yes", "--stack", stack)


def test_a_change_in_a_stack_file(project: Project, fake: FakeAuth0, tmp_path: Path) -> None:
    deployed(project, fake, "dev")
    fake.forget_requests()
    change(project, fake, "dev", requireLoginAfter="7d")

    path = recorded("update-dev", preview(project, "dev"), fake.domain)

    out = components("summarize", path)
    # Pulumi.yaml's `refresh: always`: even a plain preview reads the live tenant first.
    assert out.startswith("#### `dev`: `pulumi preview` (refreshed: now is the live tenant)\n")
    assert "| Require log in after | 30 days (720 h) | 7 days (168 h) |" in out
    part = tmp_path / "dev.md"
    part.write_text(out)
    comment = components("comment", "--preview", str(part))
    assert "| Require log in after | 30 days (720 h) | 7 days (168 h) |" in comment
    assert "PATCH" not in {method for method, _ in fake.calls()}  # a preview changes nothing


def test_a_dashboard_edit_is_seen(project: Project, fake: FakeAuth0, tmp_path: Path) -> None:
    deployed(project, fake, "dev")
    fake.dashboard_edit(idle_session_lifetime=24)  # 3 days → 1 day, by hand
    fake.forget_requests()

    drift = preview(project, "dev", "--refresh", "--expect-no-changes", expect=7)
    path = recorded("refresh-dev", drift, fake.domain)

    out = components("summarize", path)
    assert "**changed outside code**, then **update**" in out
    # now = the live tenant, after = the file, and what Pulumi's state held before
    assert "| Inactivity timeout | 1 day (24 h) | 3 days (72 h) | was 3 days (72 h) |" in out
    part = tmp_path / "dev.md"
    part.write_text(out)
    assert "| Inactivity timeout | 1 day (24 h) | 3 days (72 h) |" in components(
        "comment", "--preview", str(part)
    )
    only = project.pulumi("refresh", "--preview-only", "--json", "--stack", "dev").json()
    out = components(
        "summarize", recorded("refresh-only-dev", only, fake.domain, refresh_only=True)
    )
    assert "| Inactivity timeout | 1 day (24 h) | 3 days (72 h) | was 3 days (72 h) |" in out
    assert "PATCH" not in {method for method, _ in fake.calls()}


def test_an_unchanged_stack(project: Project, fake: FakeAuth0) -> None:
    deployed(project, fake, "prod")
    plain = recorded("same-prod", preview(project, "prod", "--refresh=false"), fake.domain)
    sames = preview(project, "prod", "--refresh=false", "--show-sames")
    shown = recorded("same-prod-show-sames", sames, fake.domain)
    refreshed = recorded("refresh-same-prod", preview(project, "prod"), fake.domain)
    assert components("summarize", plain) == components("summarize", shown)
    assert components("summarize", refreshed).startswith("`prod`: `pulumi preview` — no changes")


def test_a_new_stack(project: Project, fake: FakeAuth0) -> None:
    new_stack(
        project,
        fake,
        "qa",
        like="dev",
        requireLoginAfter="12h",
        inactivityTimeout="30m",
        cookieMode="non-persistent",
    )
    out = components("summarize", recorded("create-qa", preview(project, "qa"), fake.domain))
    assert "Tenant settings `sessions-tenant`: **create**" in out
    assert "| Require log in after | the tenant's current value | 12 hours (12 h) |" in out


def test_a_stack_that_manages_only_the_persistent_pair(project: Project, fake: FakeAuth0) -> None:
    unmanaged = {
        "ephemeralRequireLoginAfter": None,
        "ephemeralInactivityTimeout": None,
        "baselines": None,  # its NIST baseline would require the non-persistent pair
    }
    deployed(project, fake, "staging", cookieMode=None, **unmanaged)
    change(project, fake, "staging", cookieMode=None, inactivityTimeout="12h", **unmanaged)
    document = preview(project, "staging")
    out = components("summarize", recorded("unmanaged-staging", document, fake.domain))
    assert "| Inactivity timeout | 1 day (24 h) | 12 hours (12 h) |" in out
    assert "non-persistent" not in out


def test_a_stack_that_manages_nothing_any_more(project: Project, fake: FakeAuth0) -> None:
    deployed(project, fake, "dev")
    change(
        project,
        fake,
        "dev",
        requireLoginAfter=None,
        inactivityTimeout=None,
        ephemeralRequireLoginAfter=None,
        ephemeralInactivityTimeout=None,
        cookieMode=None,
    )
    out = components("summarize", recorded("delete-dev", preview(project, "dev"), fake.domain))
    assert "Tenant settings `sessions-tenant`: **delete**" in out


def test_a_replaced_tenant(project: Project, fake: FakeAuth0) -> None:
    deployed(project, fake, "staging")
    change(project, fake, "staging", inactivityTimeout="12h")
    urn = TENANT_URN.format(stack="staging")
    document = preview(project, "staging", "--replace", urn)
    out = components("summarize", recorded("replace-staging", document, fake.domain))
    assert "Tenant settings `sessions-tenant`: **replace**" in out


def test_a_failed_preview(project: Project, fake: FakeAuth0) -> None:
    deployed(project, fake, "prod")
    change(project, fake, "prod", inactivityTimeout="101d")
    document = preview(project, "prod", expect=1)
    out = components("summarize", recorded("failed-prod", document, fake.domain))
    assert "❌ `pulumi preview` failed" in out
    assert "101d" in out


def test_a_stack_with_organizations(project: Project, fake: FakeAuth0) -> None:
    deployed(project, fake, "dev")
    change(project, fake, "dev", organizations={"acme-bank": {"inactivityTimeout": "15m"}})

    path = recorded("organizations-dev", preview(project, "dev"), fake.domain)

    out = components("summarize", path)
    assert (
        "Post-Login Action (organization and connection limits) `sessions-action`: **create**"
    ) in out
    assert "its post-login binding `sessions-post-login`: **create**" in out
    assert "Tenant settings `sessions-tenant`: **unchanged**" in out
