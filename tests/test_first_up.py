"""The first `pulumi up` touches the session settings and nothing else (issue: real tenant).

The provider's create nulls five tenant blocks it is not given (terraform-provider-auth0,
internal/auth0/tenant/expand.go `fetchNullableFields`). Under the mock runtime,
`getTenant` answers as the provider would (camelCase, lists of one, see
pulumi_auth0/get_tenant.py), and the test reads what the Tenant would be created with.
"""

from __future__ import annotations

import pytest
from harness import COMPONENT, FIXTURES, GET_TENANT, TENANT, engine_config, run_program
from test_program import EXPECTED_TENANT_INPUTS

from components.resources.tenant_rest import CARRIED, carried_settings

LIVE_TENANT = {  # every one of the five blocks set, as getTenant answers
    "errorPages": [{"html": "<h1>Sorry</h1>", "showLogLink": True, "url": ""}],
    "mtls": [{"disable": False, "enableEndpointAliases": True}],
    "defaultTokenQuotas": [
        {
            "clients": [{"clientCredentials": [{"enforce": True, "perDay": 1000, "perHour": 100}]}],
            "organizations": [],
        }
    ],
    "skipNonVerifiableCallbackUriConfirmationPrompt": "true",
    "countryCodes": [{"lists": ["DE", "FR"], "mode": "allow"}],
    "sessionLifetime": 168,
    "friendlyName": "Acme",
}
UNSET_TENANT = {  # how the data source shows the five blocks when the tenant has none
    "errorPages": [],
    "mtls": [{"disable": True, "enableEndpointAliases": False}],
    "defaultTokenQuotas": [],
    "skipNonVerifiableCallbackUriConfirmationPrompt": "null",
    "countryCodes": [],
}


def dev(tenant=None, **overrides):
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    config.update({f"auth0-sessions:{k}": v for k, v in overrides.items()})
    return run_program("dev", config, secret_keys, tenant=tenant)


def test_every_set_block_is_carried_with_its_values_and_left_alone_after():
    run = dev(LIVE_TENANT)
    assert run.error is None, run.error
    tenant = run.one(TENANT)
    assert tenant.inputs == {
        **EXPECTED_TENANT_INPUTS["dev"],
        "errorPage": {"html": "<h1>Sorry</h1>", "showLogLink": True, "url": ""},
        "mtls": {"enableEndpointAliases": True},
        "defaultTokenQuota": {
            "clients": {"clientCredentials": {"enforce": True, "perDay": 1000, "perHour": 100}}
        },
        "skipNonVerifiableCallbackUriConfirmationPrompt": "true",
        "countryCodes": {"lists": ["DE", "FR"], "mode": "allow"},
    }
    assert sorted(tenant.ignore_changes) == sorted(CARRIED.values())
    assert run.invokes == [GET_TENANT]


@pytest.mark.parametrize("live", [{}, UNSET_TENANT], ids=["absent", "unset-shapes"])
def test_a_tenant_with_none_of_them_gets_no_extra_inputs(live):
    run = dev(live)
    assert run.error is None, run.error
    assert run.one(TENANT).inputs == EXPECTED_TENANT_INPUTS["dev"]


def test_a_zero_quota_is_not_carried_it_would_block_every_token():
    carried = carried_settings(
        {"default_token_quotas": [{"clients": [{"client_credentials": [{"per_hour": 0}]}]}]}
    )
    assert carried == {}


def test_settings_that_manage_nothing_register_no_tenant_and_read_nothing():
    run = dev(
        LIVE_TENANT,
        requireLoginAfter="",
        inactivityTimeout="",
        ephemeralRequireLoginAfter="",
        ephemeralInactivityTimeout="",
        cookieMode="",
    )
    assert run.error is None, run.error
    assert [r.type for r in run.resources] == [COMPONENT]  # no Tenant: no empty PATCH
    assert run.invokes == []


def test_the_programs_names_stay_put_a_rename_would_need_an_alias():
    """Renaming the component or its child without an alias would delete and re-create
    the Tenant: that create is the one that clears the tenant's other settings."""
    run = dev()
    assert [(r.type, r.name) for r in run.resources] == [
        (COMPONENT, "sessions"),
        (TENANT, "sessions-tenant"),
    ]


def test_a_renamed_component_with_an_alias_gives_its_tenant_the_old_name_too():
    import pulumi
    from harness import start_mock_runtime

    from components.resources.component import TenantSessionSettings
    from components.rules.settings import SessionSettings

    run = start_mock_runtime("auth0-sessions", "dev")

    @pulumi.runtime.test
    def program():
        TenantSessionSettings(
            "tenant-sessions",
            SessionSettings(plan="free", requireLoginAfter="1d"),
            opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="sessions")]),
        )

    program()
    component, tenant = run.one(COMPONENT), run.one(TENANT)
    assert component.aliases == ["sessions"]
    # The engine gives the child its parent's alias with the name prefix swapped
    # (pkg/resource/deploy/step_generator.go `inheritedChildAlias`): that needs the
    # child's name to start with the component's.
    assert tenant.name.startswith(component.name)
    inherited = "sessions" + tenant.name.removeprefix(component.name)
    assert inherited == "sessions-tenant"  # the Tenant's old name: updated, not replaced
