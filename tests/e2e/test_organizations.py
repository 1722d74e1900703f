"""Organization and connection limits under the real engine and provider: one Action of
ours created, deployed and bound with a single TriggerAction; the team's own binding kept;
both removed cleanly when the keys go."""

from __future__ import annotations

from configs import change, new_stack
from fake_auth0 import FakeAuth0
from rig import Project

from components.resources.session_action import ACTION_NAME

ORGANIZATIONS = {
    "org_4mD2q8Lr": {"inactivityTimeout": "15m", "requireLoginAfter": "12h"},
    "acme-bank": {"inactivityTimeout": "15m"},
}
CONNECTIONS = {"customer-okta": {"requireLoginAfter": "8h"}}
ACTIONS = "/api/v2/actions/actions"
BINDINGS = "/api/v2/actions/triggers/post-login/bindings"


def writes(fake: FakeAuth0) -> list[tuple[str, str]]:
    """The requests that change something, ids folded to `{id}`."""
    found = []
    for method, path in fake.calls():
        if method in ("POST", "PATCH", "DELETE") and path != "/oauth/token":
            parts = path.split("/")
            if len(parts) > 5 and parts[4] == "actions" and parts[3] == "actions":
                parts[5] = "{id}"
            found.append((method, "/".join(parts)))
    return found


def test_the_action_is_created_deployed_and_bound_alone(project: Project, fake: FakeAuth0) -> None:
    theirs = fake.actions.add("Team's own login rule", "exports.onExecutePostLogin = () => {};",
                              bound_to="post-login")  # fmt: skip
    new_stack(project, fake, "dev", organizations=ORGANIZATIONS, connections=CONNECTIONS)

    project.pulumi("up", "--yes", "--stack", "dev")

    ours = [a for a in fake.actions.actions.values() if a["name"] == ACTION_NAME]
    assert len(ours) == 1
    action = ours[0]
    assert action["runtime"] == "node22"
    assert action["supported_triggers"] == [{"id": "post-login", "version": "v3"}]
    assert action["deployed_version"]["deployed"] is True
    assert '"acme-bank": {\n      "idle": 15\n    }' in action["code"]
    assert fake.actions.bound("post-login") == [
        ("Team's own login rule", "Team's own login rule"),  # kept, first, as it was
        (ACTION_NAME, ACTION_NAME),
    ]
    assert theirs in fake.actions.actions
    created = [w for w in writes(fake) if w[1].startswith(ACTIONS) or w[1] == BINDINGS]
    assert created == [
        ("POST", ACTIONS),
        ("POST", f"{ACTIONS}/{{id}}/deploy"),
        ("PATCH", BINDINGS),
    ]

    fake.forget_requests()
    project.pulumi("up", "--yes", "--stack", "dev")  # nothing changed: nothing written
    assert writes(fake) == []

    # A hand edit of the Action shows as drift on a refreshed preview, and `up` undoes it.

    generated = action["code"]
    edited = "exports.onExecutePostLogin = async () => {}; // edited by hand"
    fake.actions.actions[action["id"]]["code"] = edited  # a Dashboard edit
    drift = project.pulumi(
        "preview", "--refresh", "--expect-no-changes", "--stack", "dev", expect=7
    )
    assert "auth0:index:Action" in drift.output and "sessions-action" in drift.output
    project.pulumi("up", "--yes", "--stack", "dev")  # puts the generated code back
    assert fake.actions.actions[action["id"]]["code"] == generated

    fake.forget_requests()
    change(project, fake, "dev", organizations=None, connections=None)
    project.pulumi("up", "--yes", "--stack", "dev")
    assert fake.actions.bound("post-login") == [("Team's own login rule", "Team's own login rule")]
    assert [a["name"] for a in fake.actions.actions.values()] == ["Team's own login rule"]
    assert ("DELETE", f"{ACTIONS}/{{id}}") in writes(fake)
