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

from components.resources.component import tenant_inputs
from components.resources.tenant_rest import carried_settings

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
        "errorPage": {"html": "<h1>Sorry</h1>", "showLogLink": True},
        "mtls": {"enableEndpointAliases": True},
        "defaultTokenQuota": {
            "clients": {"clientCredentials": {"enforce": True, "perDay": 1000, "perHour": 100}}
        },
        "skipNonVerifiableCallbackUriConfirmationPrompt": "true",
        "countryCodes": {"lists": ["DE", "FR"], "mode": "allow"},
    }
    managed = {"sessionLifetime", "idleSessionLifetime", "ephemeralSessionLifetime"}
    managed |= {"idleEphemeralSessionLifetime", "sessionCookie"}
    assert sorted(tenant.ignore_changes) == sorted(set(tenant_inputs()) - managed)
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


# --- the blocks exactly as the tenant has them (terraform-provider-auth0 flatten.go,
# expand.go, commons/token_quota.go; values from its test/data/recordings)


def test_a_log_only_token_quota_stays_log_only():
    """TestAccTenantDefaultTokenQuota.yaml: enforce false. Dropped, the bridge would fill
    the schema default `enforce: true` and the quota would start refusing tokens."""
    live = {
        "defaultTokenQuotas": [
            {
                "clients": [
                    {"clientCredentials": [{"enforce": False, "perDay": 1000, "perHour": 50}]}
                ],
                "organizations": [
                    {"clientCredentials": [{"enforce": False, "perDay": 3000, "perHour": 150}]}
                ],
            }
        ]
    }
    run = dev(live)
    assert run.one(TENANT).inputs["defaultTokenQuota"] == {
        "clients": {"clientCredentials": {"enforce": False, "perDay": 1000, "perHour": 50}},
        "organizations": {"clientCredentials": {"enforce": False, "perDay": 3000, "perHour": 150}},
    }


def test_a_quota_with_only_enforce_false_is_carried_as_it_is():
    carried = carried_settings(
        {
            "default_token_quotas": [
                {"clients": [{"client_credentials": [{"enforce": False, "per_hour": 0}]}]}
            ]
        }
    )
    assert carried == {
        "default_token_quota": {"clients": {"client_credentials": {"enforce": False}}}
    }


@pytest.mark.parametrize(
    ("page", "sent"),
    [
        # the data source's zero values for an unset page: nothing to carry
        ({"html": "", "showLogLink": False, "url": ""}, None),
        # TestAccTenant_Main.yaml: the API answers show_log_link beside html and url
        (
            {"html": "<html></html>", "showLogLink": False, "url": "https://mycompany.org/error"},
            {"html": "<html></html>", "showLogLink": False, "url": "https://mycompany.org/error"},
        ),
        # a url alone: the empty html is not sent (it would set the page to "")
        (
            {"html": "", "showLogLink": False, "url": "https://mycompany.org/error"},
            {"showLogLink": False, "url": "https://mycompany.org/error"},
        ),
        # a lone true is the tenant's; a lone false may be an absent field's zero value
        ({"html": "", "showLogLink": True, "url": ""}, {"showLogLink": True}),
    ],
    ids=["zero-values", "recorded", "url-only", "link-only"],
)
def test_the_error_page_is_sent_only_as_the_tenant_set_it(page, sent):
    inputs = dev({"errorPages": [page]}).one(TENANT).inputs
    assert inputs.get("errorPage") == sent


def test_country_codes_without_codes_are_not_carried_and_the_preview_says_so(caplog):
    """The resource refuses an empty list (resource.go: list MinItems 1)."""
    run = dev({"countryCodes": [{"lists": [], "mode": "deny"}]})
    assert run.error is None, run.error
    assert "countryCodes" not in run.one(TENANT).inputs
    assert (
        "the tenant's country-code filter has a mode (deny) but no country codes, which "
        "pulumi-auth0 cannot send" in caplog.text
    )


def test_recorded_country_codes_are_carried():
    """TestAccTenant_CountryCodes.yaml: {"list":["DE","FR","GB"],"mode":"deny"}."""
    run = dev({"countryCodes": [{"lists": ["DE", "FR", "GB"], "mode": "deny"}]})
    assert run.one(TENANT).inputs["countryCodes"] == {"lists": ["DE", "FR", "GB"], "mode": "deny"}


# --- nothing else of the tenant ever diffs


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _as_inputs(value):
    """An API value as a bridged Tenant holds it: camelCase keys, `list` → `lists`."""
    if isinstance(value, dict):
        return {("lists" if k == "list" else _camel(k)): _as_inputs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_inputs(item) for item in value]
    return value


def refreshed_inputs() -> dict:
    """Every Tenant input, as a refresh reads them back from the recorded tenant."""
    import json

    answer = json.loads(
        (FIXTURES.parent / "fixtures" / "tenant-settings-recorded.json").read_text()
    )
    api = answer["answer"]
    inputs = {}
    for name in tenant_inputs():
        key = {"acrValuesSupporteds": "acr_values_supported"}.get(name)
        key = key or "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        if key in api:
            inputs[name] = _as_inputs(api[key])
    inputs["disableAcrValuesSupported"] = False  # the provider's own flag, not the API's
    return inputs


def _engine_diff(old: dict, new: dict, ignore_changes: list[str]) -> set[str]:
    """The inputs a preview would show changing. The engine substitutes the old inputs for
    ignored ones before the provider sees them (pkg/resource/deploy/step_generator.go
    `processIgnoreChanges`); a refreshed old state holds every attribute."""
    new = dict(new)
    for key in ignore_changes:
        if key in old:
            new[key] = old[key]
        else:
            new.pop(key, None)
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def test_the_recorded_tenant_sets_every_input_of_the_tenant():
    assert set(refreshed_inputs()) == set(tenant_inputs())


def test_after_a_refresh_nothing_the_component_does_not_manage_shows_a_change():
    old = refreshed_inputs()  # e.g. defaultRedirectionUri: Optional, not Computed
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    for key, value in {
        "requireLoginAfter": "30d",  # the recorded tenant's own session values
        "inactivityTimeout": "3d",
        "ephemeralRequireLoginAfter": "2d",
        "ephemeralInactivityTimeout": "1d12h",
        "cookieMode": "non-persistent",
    }.items():
        config[f"auth0-sessions:{key}"] = value
    tenant = run_program("dev", config, secret_keys).one(TENANT)
    assert _engine_diff(old, tenant.inputs, tenant.ignore_changes) == set()
    # ignoring only the five carried blocks, as before, every refresh showed changes
    carried = ["defaultTokenQuota", "mtls", "errorPage", "countryCodes"]
    carried.append("skipNonVerifiableCallbackUriConfirmationPrompt")
    assert "defaultRedirectionUri" in _engine_diff(old, tenant.inputs, carried)


def test_a_changed_setting_is_the_only_change():
    old = refreshed_inputs()
    config, secret_keys = engine_config(FIXTURES / "Pulumi.dev.yaml")
    config["auth0-sessions:cookieMode"] = ""  # unmanaged: the tenant's stays
    tenant = run_program("dev", config, secret_keys).one(TENANT)
    changed = _engine_diff(old, tenant.inputs, tenant.ignore_changes)
    assert changed == {"ephemeralSessionLifetime", "idleEphemeralSessionLifetime"}
    assert "sessionCookie" in tenant.ignore_changes
