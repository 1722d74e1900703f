"""This repository's own stack files, judged by discovery: whatever they say, each gets
`check` and a run of the Pulumi program under the mock runtime.

`stacks/` belongs to whoever owns this repository: these tests know nothing of its
values. A valid file passes whatever its values; an invalid one fails with `check`'s own
message naming the file and the key. The product's tests use `tests/stacks/` instead.
"""

from __future__ import annotations

import pytest
from harness import COMPONENT, ROOT, TENANT, engine_config, run_program

from components.review.checks import judge_file
from components.stackfiles.paths import STACK_FILE_GLOB, stack_name
from components.stackfiles.stackfile import project_defaults, stack_config_dir

STACK_FILES = sorted(stack_config_dir(ROOT).glob(STACK_FILE_GLOB))
CAMEL = {
    "session_lifetime": "sessionLifetime",
    "idle_session_lifetime": "idleSessionLifetime",
    "ephemeral_session_lifetime": "ephemeralSessionLifetime",
    "idle_ephemeral_session_lifetime": "idleEphemeralSessionLifetime",
}


def test_the_stack_files_are_where_pulumi_yaml_says():
    folder = stack_config_dir(ROOT)  # Pulumi.yaml's stackConfigDir
    assert all(path.parent == folder for path in STACK_FILES)


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=lambda p: p.name)
def test_check_accepts_the_stack_file(stack_file):
    verdict = judge_file(stack_file, defaults=project_defaults(ROOT / "Pulumi.yaml"))
    if not verdict.ok:
        pytest.fail(verdict.error_text(), pytrace=False)


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=lambda p: p.name)
def test_the_program_sends_what_check_says(stack_file):
    """Valid: the Tenant gets exactly check's values. Invalid: the program fails as check."""
    verdict = judge_file(stack_file, defaults=project_defaults(ROOT / "Pulumi.yaml"))
    run = run_program(stack_name(stack_file), *engine_config(stack_file))
    if not verdict.ok:
        assert run.resources == [], "an invalid stack must register nothing"
        assert run.error is not None
        for problem in verdict.problems:  # the same words, whatever path each shows
            assert str(problem) in str(run.error)
        return
    assert run.error is None, run.error
    settings = verdict.settings
    assert settings is not None
    expected = {CAMEL[key]: hours for key, hours in settings.provider_hours().items()}
    if settings.cookie_mode is not None:
        expected["sessionCookie"] = {"mode": settings.cookie_mode.value}
    tenants = [r for r in run.resources if r.type == TENANT]
    if not expected:  # nothing managed: no Tenant, so no empty PATCH
        assert tenants == []
        return
    (tenant,) = tenants
    assert tenant.inputs == expected
    assert tenant.protect is settings.protect
    assert run.one(COMPONENT).protect is settings.protect
