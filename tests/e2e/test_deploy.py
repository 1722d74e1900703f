"""What `pulumi up` and `pulumi destroy` really send to the Management API, with the real
CLI, the Python host and pulumi-resource-auth0 (engine/build), on a fake tenant that
has every other block set."""

from __future__ import annotations

from configs import change, check_problems, new_stack
from fake_auth0 import ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, FakeAuth0
from rig import Project

SETTINGS = "/api/v2/tenants/settings"
GET = ("GET", SETTINGS)
PATCH = ("PATCH", SETTINGS)
SESSION_KEYS = (
    "session_lifetime",
    "idle_session_lifetime",
    "ephemeral_session_lifetime",
    "idle_ephemeral_session_lifetime",
    "session_cookie",
)
# What tests/stacks/Pulumi.dev.yaml asks for, as the API stores it.
DEV = {
    "session_lifetime": 720,
    "idle_session_lifetime": 72,
    "ephemeral_session_lifetime": 24,
    "idle_ephemeral_session_lifetime": 4,
    "session_cookie": {"mode": "persistent"},
}


def api_calls(fake: FakeAuth0) -> list[tuple[str, str]]:
    """The Management API requests, without the token requests around them."""
    return [call for call in fake.calls() if call[1] != "/oauth/token"]


def test_the_first_up_changes_the_session_settings_and_nothing_else(
    project: Project, fake: FakeAuth0
) -> None:
    before = fake.snapshot()
    assert {k: before[k] for k in SESSION_KEYS} != DEV
    new_stack(project, fake, "dev")

    project.pulumi("up", "--yes", "--stack", "dev")

    after = fake.snapshot()
    assert after == {**before, **DEV}  # error page, mTLS, quotas, country codes, flags, …
    # `up` previews, then updates. The program reads the tenant (get_tenant) in each
    # phase; the create sends one PATCH and reads the tenant back.
    assert api_calls(fake) == [GET, GET, PATCH, GET]
    (patch,) = fake.patches()
    assert patch == {
        **DEV,
        # the blocks the provider's create would otherwise clear, carried as they are
        "error_page": before["error_page"],
        "mtls": before["mtls"],
        "default_token_quota": before["default_token_quota"],
        "country_codes": before["country_codes"],
        "skip_non_verifiable_callback_uri_confirmation_prompt": False,
    }
    tokens = [r for r in fake.requests if r.path == "/oauth/token"]
    assert len(tokens) == 2  # one per provider start: the preview's and the update's
    for request in tokens:
        assert request.body == {
            "audience": f"https://{fake.domain}/api/v2/",
            "grant_type": "client_credentials",
        }
        assert request.basic == (CLIENT_ID, CLIENT_SECRET)
    assert all(r.authorized for r in fake.requests if r.path != "/oauth/token")
    assert ACCESS_TOKEN not in project.stack_file("dev").read_text()


def test_a_second_up_sends_nothing(project: Project, fake: FakeAuth0) -> None:
    new_stack(project, fake, "dev")
    project.pulumi("up", "--yes", "--stack", "dev")
    fake.forget_requests()

    run = project.pulumi("up", "--yes", "--stack", "dev")

    assert "PATCH" not in {method for method, _ in fake.calls()}
    assert api_calls(fake) == [GET] * 4  # refresh and get_tenant, in the preview and the up
    assert "3 unchanged" in run.stdout


def test_a_changed_value_is_sent_in_hours_and_a_sub_hour_one_in_minutes(
    project: Project, fake: FakeAuth0
) -> None:
    new_stack(project, fake, "dev")
    project.pulumi("up", "--yes", "--stack", "dev")
    fake.forget_requests()
    change(project, fake, "dev", requireLoginAfter="7d", inactivityTimeout="45m")

    project.pulumi("up", "--yes", "--stack", "dev")

    (patch,) = fake.patches()
    before = fake.snapshot()
    # go-auth0 sends every session setting the program sets, changed or not, the one
    # under an hour as whole minutes; and the blocks the provider re-sends on every
    # update (no change check) as the tenant has them.
    unchanged = {k: v for k, v in DEV.items() if k != "idle_session_lifetime"}
    assert patch == {
        **unchanged,
        "session_lifetime": 168,
        "idle_session_lifetime_in_minutes": 45,
        "country_codes": before["country_codes"],
        "default_token_quota": before["default_token_quota"],
        "skip_non_verifiable_callback_uri_confirmation_prompt": False,
    }
    settings = fake.snapshot()
    assert settings["session_lifetime"] == 168
    assert settings["idle_session_lifetime"] == 0.75
    fake.forget_requests()
    # The fake stores 45 minutes as 0.75 h, as the API answers; a refresh reads it back
    # as the same 45 minutes, so nothing is left to do.
    project.pulumi("preview", "--expect-no-changes", "--stack", "dev")


def test_an_invalid_value_never_reaches_the_api(project: Project, fake: FakeAuth0) -> None:
    new_stack(project, fake, "dev", requireLoginAfter="45d")
    expected = check_problems(project, "dev")
    assert expected and "over the professional plan's limit" in expected[0]

    for command in (["preview"], ["up", "--yes"]):
        run = project.pulumi(*command, "--stack", "dev", expect=None)
        assert run.code != 0, run.output
        for line in expected:
            assert line in run.stdout, run.stdout
        assert "Traceback" not in run.output
    assert "PATCH" not in {method for method, _ in fake.calls()}


def test_destroy_is_refused_for_a_protected_stack(project: Project, fake: FakeAuth0) -> None:
    new_stack(project, fake, "prod")
    project.pulumi("up", "--yes", "--stack", "prod")
    before = fake.snapshot()
    fake.forget_requests()

    run = project.pulumi("destroy", "--yes", "--stack", "prod", expect=None)

    assert run.code != 0
    assert "protected" in run.output
    assert fake.snapshot() == before
    assert "PATCH" not in {method for method, _ in fake.calls()}


def test_destroy_only_forgets_the_tenant(project: Project, fake: FakeAuth0) -> None:
    new_stack(project, fake, "dev")
    project.pulumi("up", "--yes", "--stack", "dev")
    before = fake.snapshot()
    fake.forget_requests()

    project.pulumi("destroy", "--yes", "--stack", "dev")

    assert fake.snapshot() == before  # a destroy is never a reset of the tenant
    assert {method for method, _ in fake.calls()} <= {"GET", "POST"}
    # The refresh (Pulumi.yaml's refresh: always) of the preview and of the destroy; the
    # program does not run and the Tenant's delete sends nothing.
    assert api_calls(fake) == [GET, GET]
    state = project.pulumi("stack", "export", "--stack", "dev").json()
    assert state["deployment"].get("resources") in (None, [])
