"""`summarize` on documents the real `pulumi preview --json` printed (tests/previews/,
recorded by the end-to-end suite; their README says with which versions)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ROOT, cli_output, run_cli

PREVIEWS = Path(__file__).resolve().parent / "previews"


def summary(*names: str) -> str:
    code, out = cli_output("summarize", *(str(PREVIEWS / name) for name in names))
    assert code == 0
    return out


def test_a_fleets_comment_shows_changed_stacks_in_full_and_counts_the_unchanged(tmp_path):
    changed = tmp_path / "dev.md"
    changed.write_text(summary("update-dev.json"))
    same = summary("same-prod.json")
    parts = []
    for index in range(3000):
        part = tmp_path / f"s{index:04d}.md"
        part.write_text(same.replace("`prod`", f"`s{index:04d}`"))
        parts += ["--preview", str(part)]
    code, out = cli_output("comment", "--preview", str(changed), *parts)
    assert code == 0
    assert "#### `dev`: `pulumi preview`" in out  # in full
    assert out.count("— no changes") == 10
    assert "… and 2,990 more stacks with no changes." in out
    assert len(out) < 5_000


def test_the_recordings_name_the_versions_that_printed_them():
    """tests/e2e/test_previews.py records them; a version change must record them again."""
    versions = dict(
        line.split("=", 1)
        for line in (ROOT / "engine" / "versions").read_text().splitlines()
        if line and not line.startswith("#")
    )
    readme = (PREVIEWS / "README.md").read_text()
    assert f"pulumi v{versions['PULUMI']}" in readme
    assert f"pulumi-resource-auth0 {versions['PULUMI_AUTH0']}" in readme
    for path in [*PREVIEWS.glob("*.json"), *PREVIEWS.glob("*.events")]:
        assert f"`{path.name}`" in readme, path.name


def test_every_digest_has_the_real_cli_shape():
    """What the real CLI prints, which the readers rely on (see ../shared/engine-facts.md)."""
    for path in PREVIEWS.glob("*.json"):
        document = json.loads(path.read_text())
        assert {"steps", "duration", "changeSummary"} <= set(document), path.name
        assert "auth0-sessions:wave" in document["config"] or "raw-tenant" in path.read_text()
        ops = [step["op"] for step in document["steps"]]
        refreshes = ops.count("refresh")
        if not path.name.startswith("refresh-only-"):  # `pulumi refresh`: every step is one
            assert ops[:refreshes] == ["refresh"] * refreshes, path.name  # refresh steps first
        for step in document["steps"]:
            assert list(step)[:2] == ["op", "urn"], path.name
            assert "detailedDiff" in step, path.name  # printed as null when empty
            assert step.get("oldState") or step.get("newState"), path.name
            assert "default_" not in step["urn"], path.name  # default providers: never printed
            for which in ("oldState", "newState"):
                state = step.get(which) or {}
                assert state.get("inputs") != {} and state.get("outputs") != {}, path.name
                if state.get("type") == "auth0:index/tenant:Tenant" and state.get("inputs"):
                    assert state["inputs"]["__defaults"] == [], path.name
            program_step = step["op"] in ("create", "update", "same", "replace")
            if program_step and step.get("newState") and not path.name.startswith("refresh-only"):
                # a program step's new state has no id; only a replace's carries outputs
                # (under `refresh --preview-only` an update is a refresh's result: it has both)
                assert "id" not in step["newState"], path.name
                assert ("outputs" in step["newState"]) == (step["op"] == "replace"), path.name
        shown_sames = [s for s in document["steps"] if s["op"] == "same"]
        if "show-sames" not in path.name:  # same steps only for the root stack
            assert all("pulumi:pulumi:Stack" in s["urn"] for s in shown_sames), path.name


def test_update_shows_the_session_change_in_words_and_hours():
    assert summary("update-dev.json") == (
        "#### `dev`: `pulumi preview` (refreshed: now is the live tenant)\n"
        "\n"
        "Tenant settings `sessions-tenant`: **update**\n"
        "\n"
        "| setting | now | after |\n"
        "|---|---|---|\n"
        "| Require log in after | 30 days (720 h) | 7 days (168 h) |\n"
        "\n"
        "Resources: 1 update; 2 unchanged.\n"
    )


def test_an_unchanged_stack_says_so_with_or_without_show_sames():
    hidden = summary("same-prod.json")
    assert hidden == "`prod`: `pulumi preview` — no changes (3 unchanged).\n"  # one line
    assert "No `auth0:index/tenant:Tenant`" not in hidden
    assert summary("same-prod-show-sames.json") == hidden


def test_a_setting_unmanaged_on_both_sides_is_not_a_change():
    out = summary("unmanaged-staging.json")
    assert "| Inactivity timeout | 1 day (24 h) | 12 hours (12 h) |" in out
    assert "Cookie mode" not in out  # only in outputs: the tenant's own, not managed
    assert "non-persistent" not in out and "unmanaged" not in out
    assert out.count("\n| ") == 2  # the header and one row


def test_create_shows_what_is_set_and_counts_the_rest():
    out = summary("create-qa.json")
    assert out.startswith("#### `qa`: `pulumi preview`\n")
    assert "Tenant settings `sessions-tenant`: **create**" in out
    assert "| Require log in after | the tenant's current value | 12 hours (12 h) |" in out
    assert "| Inactivity timeout | the tenant's current value | 30 minutes (0.5 h) |" in out
    assert "Resources: 3 create." in out


def test_refresh_shows_the_live_value_and_flags_what_changed_outside_code():
    out = summary("refresh-dev.json")
    assert out.startswith("#### `dev`: `pulumi preview` (refreshed: now is the live tenant)\n")
    assert "**changed outside code**, then **update**" in out
    assert "| Inactivity timeout | 1 day (24 h) | 3 days (72 h) | was 3 days (72 h) |" in out
    assert out.count("Tenant settings") == 1  # one section for the refresh and the update


def test_refresh_preview_only_says_changed_outside_code_not_update():
    out = summary("refresh-only-dev.json")
    assert out.startswith("#### `dev`: `pulumi refresh --preview-only`\n")
    assert "Tenant settings `sessions-tenant`: **changed outside code**\n" in out
    assert "**update**" not in out
    assert "| setting | now | in Pulumi's state | outside code |" in out


def test_replace_says_nothing_is_reset():
    out = summary("replace-staging.json")
    assert "**replace**" in out and "nothing is reset" in out
    assert "| Inactivity timeout | 1 day (24 h) | 12 hours (12 h) |" in out
    assert "Resources: 1 replace; 2 unchanged." in out


def test_delete_says_the_tenant_keeps_its_values():
    out = summary("delete-dev.json")
    assert "**delete**" in out and "the tenant keeps its values" in out
    assert "| setting |" not in out
    assert "Resources: 1 delete; 2 unchanged." in out  # the component stays


def test_failed_preview_quotes_the_programs_own_message_inert():
    out = summary("failed-prod.json")
    assert out.startswith("#### `prod`: ❌ `pulumi preview` failed (refreshed: now is")
    # refreshed, then the program failed: the Tenant was never evaluated, not unchanged
    assert "`sessions-tenant`: **not previewed**" in out and "unchanged**" not in out
    assert "> `error: stacks/Pulumi.prod.yaml: 1 problem`\n" in out
    assert '> `  - auth0-sessions:inactivityTimeout: "101d" is 145,440 min' in out
    assert "> `error: an unhandled error occurred: program exited" in out


def test_secrets_stay_masked_and_unknowns_are_said_so():
    out = summary("secrets-dev.json")
    assert "| Require log in after | 30 days (720 h) | [secret] |" in out
    assert (
        "| Require log in after (non-persistent) | 2 days (48 h) | (known after the update) |"
        in out
    )
    assert "04da6b54" not in out
    document = json.loads((PREVIEWS / "secrets-dev.json").read_text())
    assert document["config"]["auth0:clientSecret"] == "[secret]"
    assert "clientSecret" not in out and "apiToken" not in out  # config is never shown


def test_several_files_give_a_section_each_in_order():
    out = summary("update-dev.json", "replace-staging.json", "failed-prod.json")
    headings = [line for line in out.splitlines() if line.startswith("#### ")]
    refreshed = " (refreshed: now is the live tenant)"
    assert headings == [
        f"#### `dev`: `pulumi preview`{refreshed}",
        f"#### `staging`: `pulumi preview`{refreshed}",
        f"#### `prod`: ❌ `pulumi preview` failed{refreshed}",
    ]


def test_standard_input_may_hold_several_documents(monkeypatch):
    text = (PREVIEWS / "update-dev.json").read_text() + (PREVIEWS / "same-prod.json").read_text()
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out = cli_output("summarize", "-")
    assert code == 0
    assert out.count("#### ") == 1 and "#### `dev`" in out
    assert "`prod`: `pulumi preview` — no changes" in out


def test_the_stack_name_comes_from_the_urns(tmp_path):
    document = json.loads((PREVIEWS / "update-dev.json").read_text())
    for step in document["steps"]:
        step["urn"] = step["urn"].replace("urn:pulumi:dev::", "urn:pulumi:eu-prod::")
    path = tmp_path / "whatever.json"
    path.write_text(json.dumps(document))
    code, out = cli_output("summarize", str(path))
    assert code == 0
    assert out.startswith("#### `eu-prod`:")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "components", "summarize", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_truncated_json_is_a_clear_error_and_exit_1(tmp_path):
    text = (PREVIEWS / "update-dev.json").read_text()
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    done = run(str(path))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"error: {path}: not valid JSON at line ")
    assert "was the preview output cut off?" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "standard input: empty: expected `pulumi preview --json` output"),
        ("[1, 2]", "standard input: not a `pulumi preview --json` document: expected an object"),
        ('{"steps": [}', "standard input: not valid JSON at line 1, column 12"),
        ("error: no stack named 'dev' found\n", "standard input: not valid JSON at line 1"),
    ],
)
def test_malformed_input_is_a_clear_error(text, message):
    done = run("-", stdin=text)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"error: {message}")


def test_one_bad_file_prints_nothing_at_all(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    done = run(str(PREVIEWS / "update-dev.json"), str(bad))
    assert done.returncode == 1 and done.stdout == ""


def test_a_missing_file_is_named():
    done = run("no-such-preview.json")
    assert done.returncode == 1
    assert done.stderr == "error: no-such-preview.json: no such file\n"


def test_under_preview_refresh_now_is_the_program_steps_old_state():
    """pulumi/pulumi: a refresh step keeps op `refresh` and the stored state as its new state
    outside `pulumi refresh` (update.go isRefresh, step.go NewRefreshStep); the live
    tenant is the old state of the program's own step."""
    document = json.loads((PREVIEWS / "refresh-dev.json").read_text())
    tenant_steps = [s for s in document["steps"] if s["urn"].endswith("::sessions-tenant")]
    refresh, program = tenant_steps
    assert refresh["op"] == "refresh" and refresh["newState"] == refresh["oldState"]
    assert refresh["oldState"]["outputs"]["idleSessionLifetime"] == 72.0  # Pulumi's state
    assert program["oldState"]["outputs"]["idleSessionLifetime"] == 24  # the Dashboard's edit
    out = summary("refresh-dev.json")
    assert "Tenant settings `sessions-tenant`: **changed outside code**, then **update**" in out
    assert "| Inactivity timeout | 1 day (24 h) | 3 days (72 h) | was 3 days (72 h) |" in out
    assert "No session setting changes" not in out


def test_a_refreshed_preview_of_a_tenant_as_its_file_says_is_no_change():
    out = summary("refresh-same-prod.json")
    assert out == "`prod`: `pulumi preview` — no changes (3 unchanged).\n"


def test_now_never_comes_from_a_refresh_steps_new_state_outside_pulumi_refresh():
    """A refresh step whose new state differs (no real CLI prints one) is not "now"."""
    document = json.loads((PREVIEWS / "refresh-same-prod.json").read_text())
    tenant = next(s for s in document["steps"] if s["urn"].endswith("::sessions-tenant"))
    tenant["newState"] = json.loads(json.dumps(tenant["newState"]))
    tenant["newState"]["outputs"]["sessionLifetime"] = 1.0
    path = PREVIEWS.parent / "stacks"  # any folder; the document goes through stdin
    done = run_cli("summarize", "-", stdin=json.dumps(document), cwd=path)
    assert done.returncode == 0
    assert "1 hour" not in done.stdout


def test_the_components_warnings_are_shown_as_notes():
    """pulumi.log.warn(resource=component) reaches the digest as a warning diagnostic with
    the component's URN (display/json.go: DiagEvent → PreviewDiagnostic)."""
    document = json.loads((PREVIEWS / "update-dev.json").read_text())
    component = (
        "urn:pulumi:dev::auth0-sessions::auth0-sessions:index:TenantSessionSettings::sessions"
    )
    note = "the tenant's country-code filter has a mode (deny) but no country codes"
    document["diagnostics"] = [
        {"urn": component, "message": f"warning: {note}\n", "severity": "warning"},
        {"urn": "", "message": "warning: some provider deprecation\n", "severity": "warning"},
    ]
    done = run_cli("summarize", "-", stdin=json.dumps(document))
    assert f"> ⚠ `warning: {note}`" in done.stdout
    assert "deprecation" not in done.stdout
    assert "2 warnings (see the job log)." in done.stdout


def test_policy_violations_come_from_the_event_log_the_json_lacks():
    """`--json` of a preview a policy pack refused says only "preview failed"."""
    alone = summary("policy-dev.json")
    assert "> `error: preview failed`" in alone and "auth0-tenant-session-lifetimes" not in alone
    out = summary("policy-dev.json", "policy-dev.events")
    assert out.startswith("#### `dev`: ❌ `pulumi preview` failed\n")
    assert "- ❌ mandatory `auth0-tenant-session-lifetimes` on `tenant`:" in out
    assert '  > `sessionLifetime = 1080 h: "45d" is 64,800 min = 1,080 h = 45 days' in out
    alone = summary("policy-dev.events")  # an event log alone: its violations only
    assert alone.startswith("#### `dev`: ❌ `pulumi preview` failed\n\nPolicy violations")
    assert alone.split("Policy violations")[1] in out


def test_a_policy_event_is_hostile_text_and_its_count_is_bounded(tmp_path):
    event = {
        "sequence": 1,
        "timestamp": 0,
        "policyEvent": {
            "resourceUrn": "urn:pulumi:dev::p::auth0:index/tenant:Tenant::t`</code>\x1b[2J",
            "message": "bad\u202evalue\x07 `x` <img src=x>",
            "policyName": "p\nolicy",
            "policyPackName": "pack",
            "enforcementLevel": "advisory",
        },
    }
    path = tmp_path / "events"
    path.write_text("".join(json.dumps({**event, "sequence": i}) + "\n" for i in range(50)))
    out = summary(str(path))
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "<img" not in out.replace("`", "") or "`" in out  # only inside code spans
    assert out.count("- ⚠ advisory") == 20
    assert "… and 30 more (see the job log)" in out


def test_our_action_and_its_binding_are_shown_with_their_step():
    """Recorded from the real CLI: a stack that gains organizations (tests/previews)."""
    out = summary("organizations-dev.json")
    assert (
        "Post-Login Action (organization and connection limits) `sessions-action`: **create**\n"
        "its post-login binding `sessions-post-login`: **create**\n"
    ) in out
    assert "Resources: 2 create; 3 unchanged." in out
