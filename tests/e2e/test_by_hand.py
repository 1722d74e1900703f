"""The loop a platform engineer types by hand (README's quick start, docs/pulumi-up.md),
with the client's credentials in the environment as the docs say, and every output block
those pages show compared with what the real CLI printed."""

from __future__ import annotations

import yaml
from configs import fixture_config
from fake_auth0 import CLIENT_ID, CLIENT_SECRET, FakeAuth0
from rig import Project
from transcripts import documented


def stack_file(project: Project, fake: FakeAuth0, stack: str, **changes: str) -> None:
    """The stack file as the repository holds it: the domain, no credentials."""
    config = fixture_config(stack, fake, **changes)
    del config["auth0:clientId"]
    project.stack_file(stack).write_text(yaml.safe_dump({"config": config}, sort_keys=False))


def typed(project: Project, name: str, *args: str, expect: int = 0) -> None:
    run = project.pulumi(*args, expect=expect)
    documented(name, "pulumi " + " ".join(args), run.output)


def test_the_by_hand_loop(project: Project, fake: FakeAuth0) -> None:
    project.env.update(AUTH0_CLIENT_ID=CLIENT_ID, AUTH0_CLIENT_SECRET=CLIENT_SECRET)
    stack_file(project, fake, "dev")

    typed(project, "by-hand-init", "stack", "init", "dev")
    typed(project, "by-hand-preview", "preview", "--stack", "dev")
    assert "PATCH" not in {method for method, _ in fake.calls()}
    typed(project, "by-hand-up", "up", "--stack", "dev", "--yes")
    assert fake.snapshot()["session_lifetime"] == 720

    stack_file(project, fake, "dev", requireLoginAfter="45d")
    fake.forget_requests()
    typed(project, "by-hand-refused", "preview", "--stack", "dev", expect=1)
    typed(project, "by-hand-refused-up", "up", "--stack", "dev", "--yes", expect=1)
    assert "PATCH" not in {method for method, _ in fake.calls()}


def test_a_protected_stack_refuses_destroy(project: Project, fake: FakeAuth0) -> None:
    project.env.update(AUTH0_CLIENT_ID=CLIENT_ID, AUTH0_CLIENT_SECRET=CLIENT_SECRET)
    stack_file(project, fake, "prod")
    project.pulumi("stack", "init", "prod")
    project.pulumi("up", "--stack", "prod", "--yes")
    before = fake.snapshot()

    typed(project, "by-hand-destroy-protected", "destroy", "--stack", "prod", "--yes", expect=1)

    assert fake.snapshot() == before
