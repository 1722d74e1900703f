"""`diff --base REV`, on a temporary git repository with real commits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from harness import Repo, run_cli


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path)


def test_nothing_changed_is_said_once(repo):
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "Unchanged (valid): dev, prod, staging" in out
    assert out.rstrip().endswith("3 stacks: 3 unchanged; 0 invalid.")


def test_a_change_in_words_with_hours_limit_and_headroom(repo):
    repo.set("dev", "requireLoginAfter", "7d")
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "dev (stacks/Pulumi.dev.yaml): changed, valid" in out
    assert (
        "  Require log in after: 30 days (720 h) → 7 days (168 h); "
        "limit 30 days (720 h) (professional plan); 23 days (552 h) left"
    ) in out
    assert "Unchanged (valid): prod, staging" in out


def test_committed_changes_against_an_older_commit(repo):
    repo.set("prod", "inactivityTimeout", "1d")
    repo.commit("prod: one day idle")
    repo.set("prod", "inactivityTimeout", "12h")
    repo.commit("prod: twelve hours idle")
    base = repo.git("rev-parse", "HEAD~2").strip()
    code, out = repo.diff("--base", "HEAD~2")
    assert code == 0
    assert out.startswith(f"Stack files at HEAD~2 ({base[:7]}) → working tree\n")
    assert "  Inactivity timeout: 7 days (168 h) → 12 hours (12 h); limit 100 days" in out
    code, out = repo.diff("--base", "HEAD~1")
    assert "  Inactivity timeout: 1 day (24 h) → 12 hours (12 h)" in out


def test_an_invalid_new_side_exits_1_with_its_errors(repo):
    repo.set("staging", "inactivityTimeout", "4d")
    code, out = repo.diff("--base", "main")
    assert code == 1
    assert "staging (stacks/Pulumi.staging.yaml): changed, INVALID" in out
    assert "  Inactivity timeout: 1 day (24 h) → 4 days (96 h)" in out
    assert (
        '  error: auth0-sessions:inactivityTimeout: "4d" is 5,760 min = 96 h = 4 days, '
        "over the professional plan's limit"
    ) in out


def test_a_baseline_is_enforced_on_the_new_side(repo):
    repo.set("dev", "baselines", "[pci-dss-4]")
    code, out = repo.diff("--base", "main")
    assert code == 1
    assert "  Baselines: none → pci-dss-4" in out
    assert "over baseline pci-dss-4's maximum of 15 min" in out


def test_an_invalid_old_side_does_not_fail_the_diff(repo):
    repo.set("dev", "inactivityTimeout", "72")  # a bare number: refused
    repo.commit("broken")
    repo.set("dev", "inactivityTimeout", "3d")
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "  Inactivity timeout: 72 → 3 days (72 h)" in out


def test_stacks_added_and_removed(repo):
    repo.stack("staging").unlink()
    repo.stack("qa").write_text("config:\n  plan: free\n  requireLoginAfter: 12h\n")
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "qa (stacks/Pulumi.qa.yaml): added, valid" in out
    assert "  Plan: — → free" in out
    assert "  Require log in after: — → 12 hours (12 h); limit 30 days (720 h)" in out
    assert "staging (stacks/Pulumi.staging.yaml): removed, removed" not in out
    assert "staging (stacks/Pulumi.staging.yaml): removed" in out
    assert "the tenant keeps its values" in out
    assert out.rstrip().endswith("4 stacks: 2 unchanged, 1 added, 1 removed; 0 invalid.")


def test_unmanaging_a_setting_says_so(repo):
    path = repo.stack("dev")
    path.write_text(
        "\n".join(line for line in path.read_text().splitlines() if "cookieMode" not in line)
    )
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "  Cookie mode: persistent → unmanaged" in out


def test_secrets_are_compared_masked_and_never_printed(repo):
    path = repo.stack("dev")
    path.write_text(
        path.read_text() + "  auth0:clientSecret:\n    secure: v1:3hYz0c6vTpQ3Zq0E:kq1kT9rP2v8=\n"
    )
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert "  auth0:clientSecret: — → [secret]" in out
    assert "ciphertext" not in out
    repo.commit("secret")
    path.write_text(path.read_text().replace("AAAAciphertext", "BBBBrotated"))
    code, out = repo.diff("--base", "main")
    assert "rotated" not in out and "ciphertext" not in out


def test_json_is_stable(repo):
    repo.set("dev", "requireLoginAfter", "7d")
    code, out = repo.diff("--base", "main", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["ok"] is True
    assert document["base"] == {"rev": "main", "commit": repo.git("rev-parse", "main").strip()}
    dev = document["stacks"][0]
    assert dev == {
        "stack": "dev",
        "file": "stacks/Pulumi.dev.yaml",
        "status": "changed",
        "ok": True,
        "errors": [],
        "changes": [
            {
                "key": "auth0-sessions:requireLoginAfter",
                "label": "Require log in after",
                "old": {"written": "30d", "minutes": 43200, "hours": 720.0, "human": "30 days"},
                "new": {"written": "7d", "minutes": 10080, "hours": 168.0, "human": "7 days"},
                "limit": {"minutes": 43200, "by": "plan:professional", "headroom_minutes": 33120},
                "signed_in_now": "get it at their next request",
            }
        ],
    }
    assert [s["status"] for s in document["stacks"][1:]] == ["unchanged", "unchanged"]


def test_markdown_is_a_table_per_changed_stack(repo):
    repo.set("dev", "requireLoginAfter", "7d")
    repo.set("staging", "inactivityTimeout", "4d")
    code, out = repo.diff("--base", "main", "--format", "markdown")
    assert code == 1
    assert out.startswith("### ❌ Session settings: `main` → this change\n")
    assert "#### `dev` — changed · ✅ valid" in out
    assert (
        "| Require log in after | 30 days (720 h) | 7 days (168 h) | "
        "30 days (720 h) (professional plan); 23 days (552 h) left |"
    ) in out
    assert "#### `staging` — changed · ❌ invalid" in out
    assert (
        "> - `auth0-sessions:inactivityTimeout`: `4d` is 5,760 min" in out
    )  # prose, file text as code
    assert "Unchanged and valid: `prod`." in out


def test_the_working_tree_is_left_as_it_was(repo):
    repo.set("dev", "requireLoginAfter", "7d")
    before = repo.git("status", "--porcelain")
    head = repo.git("rev-parse", "HEAD")
    repo.diff("--base", "main")
    assert repo.git("status", "--porcelain") == before
    assert repo.git("rev-parse", "HEAD") == head


def test_unknown_revision_is_a_usage_error(repo):
    done = run_cli(
        "diff", "--project", str(repo.project), "--base", "no-such-branch", cwd=repo.root
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "error: unknown revision 'no-such-branch'" in done.stderr
    assert "Traceback" not in done.stderr


def test_outside_a_git_repository_is_a_usage_error(tmp_path):
    (tmp_path / "stacks").mkdir()
    done = run_cli("diff", "--project", str(tmp_path), "--base", "main", cwd=tmp_path)
    assert done.returncode == 2
    assert f"error: cannot use git in {tmp_path}: fatal: not a git repository" in done.stderr


def test_an_option_looking_revision_is_refused(repo):
    with pytest.raises(SystemExit) as exited:
        repo.diff("--base=--output=/tmp/x")
    assert exited.value.code == 2


def test_headroom_names_the_baseline_when_it_is_the_tightest(repo):
    repo.set("dev", "baselines", "[pci-dss-4]")
    repo.set("dev", "inactivityTimeout", "15m")
    repo.set("dev", "ephemeralInactivityTimeout", "10m")
    code, out = repo.diff("--base", "main")
    assert code == 0
    assert (
        "  Inactivity timeout: 3 days (72 h) → 15 minutes (0.25 h); "
        "limit 15 minutes (0.25 h) (baseline pci-dss-4); at the limit"
    ) in out
    assert (
        "  Inactivity timeout (non-persistent): 4 hours (4 h) → 10 minutes (0.17 h); "
        "limit 15 minutes (0.25 h) (baseline pci-dss-4); 5 minutes (0.083 h) left"
    ) in out


def test_each_changed_clock_says_when_it_reaches_users_signed_in_now(repo):
    """Auth0's "Session lifetime limits": shorter reaches a session at its next request,
    longer only sessions that start after it (so at most the old absolute lifetime)."""
    repo.set("dev", "requireLoginAfter", "7d")  # from 30d: shorter
    repo.set("staging", "requireLoginAfter", "14d")  # longer
    repo.set("staging", "inactivityTimeout", "3d")  # longer
    code, out = repo.diff("--base", "main")
    assert code == 0, out
    text = out
    assert (
        "→ 7 days (168 h); limit" in text
        and "users signed in now get it at their next request" in text
    )
    assert re.search(
        r"Require log in after: 7 days \(168 h\) → 14 days \(336 h\).*; users signed in now "
        r"keep the old limit until they log in again \(up to 7 days\)",
        text,
    ), text
    assert re.search(
        r"Inactivity timeout: .* → 3 days \(72 h\).*keep the old limit until they log in "
        r"again \(up to 7 days\)",
        text,
    ), text
    _code, markdown = repo.diff("--base", "main", "--format", "markdown")
    assert "| users signed in now |" in markdown
    assert "| keep the old limit until they log in again (up to 7 days) |" in markdown


def test_an_organization_s_clock_reaches_users_at_their_next_login():
    from components.rules.durations import Duration
    from components.rules.reach import AT_LOGIN, SHORTER, signed_in_now

    hour, day = Duration.parse("1h"), Duration.parse("1d")
    assert signed_in_now(day, hour, None, scoped=True) == AT_LOGIN
    assert signed_in_now(hour, day, None, scoped=True) == AT_LOGIN
    assert signed_in_now(day, hour, day, scoped=False) == SHORTER
    assert (
        signed_in_now(hour, day, None, scoped=False) == "keep the old limit until they log in again"
    )
    assert signed_in_now(None, hour, day, scoped=False) == ""  # the tenant's own is not known
