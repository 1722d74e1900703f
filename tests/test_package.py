"""The component package (`plugin/`): its schema, construction in-process, and over gRPC
started the way Pulumi's language host starts a plugin, against a mock engine built
from the SDK's own MockMonitor. No Pulumi CLI (see ../shared/component-package-facts.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest
import yaml
from google.protobuf import empty_pb2, json_format, struct_pb2
from harness import FIXTURES, GET_TENANT, ROOT, ProgramRun, _Mocks
from jsonschema import Draft7Validator
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import (
    engine_pb2_grpc,
    provider_pb2,
    provider_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
)
from test_first_up import LIVE_TENANT

from components.resources.package import PACKAGE, VERSION, TenantSessionSettingsArgs, provider
from components.rules.settings import SessionSettings

TOKEN = "auth0-sessions:index:TenantSessionSettings"
TENANT = "auth0:index/tenant:Tenant"
METASCHEMA = ROOT / "tests" / "fixtures" / "pulumi-package-metaschema.json"


def schema() -> dict[str, Any]:
    return json.loads(provider().schema)


def _drop_nulls(value: Any) -> Any:
    """The CLI's Go round-trip drops null fields (omitempty) before validating."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def metaschema_errors(document: dict[str, Any]) -> list[str]:
    text = re.sub(r"\(\?<(\w+)>", r"(?P<\1>", METASCHEMA.read_text())  # Python's named groups
    validator = Draft7Validator(json.loads(text))
    return [error.message for error in validator.iter_errors(_drop_nulls(document))]


# ------------------------------------------------------------------ the schema


def test_the_served_schema_passes_pulumis_package_metaschema():
    assert metaschema_errors(schema()) == []
    broken = {**schema(), "resources": {TOKEN: {"isComponent": "yes"}}}
    assert metaschema_errors(broken)  # the check can fail


def test_the_schema_has_one_plain_input_per_stack_key_with_descriptions():
    resource = schema()["resources"][TOKEN]
    assert schema()["name"] == PACKAGE == "auth0-sessions"
    assert schema()["version"] == VERSION
    assert resource["requiredInputs"] == ["plan"]
    inputs = resource["inputProperties"]
    assert list(inputs) == [
        "plan",
        "baselines",
        "requireLoginAfter",
        "inactivityTimeout",
        "ephemeralRequireLoginAfter",
        "ephemeralInactivityTimeout",
        "cookieMode",
        "organizations",
        "connections",
    ]
    for kind in ("organizations", "connections"):  # a map of names to a nested type
        assert inputs[kind]["type"] == "object"
        assert inputs[kind]["additionalProperties"]["$ref"].endswith(":ScopeLimits")
    for name, spec in inputs.items():
        assert spec["plain"] is True, name  # validated eagerly, also in previews
        assert len(spec["description"]) > 30, name
    assert "45m, 12h, 30d" in inputs["requireLoginAfter"]["description"]
    assert resource["properties"]["tenant"]["$ref"].endswith(
        "#/resources/auth0:index%2Ftenant:Tenant"
    )
    assert "settings" in resource["properties"]


def test_the_package_args_and_the_rules_have_the_same_fields():
    """One place for the rules: a field added to SessionSettings must reach the package."""
    from pydantic.alias_generators import to_camel

    package = [to_camel(name) for name in TenantSessionSettingsArgs.__annotations__]
    rules = [field.alias for field in SessionSettings.model_fields.values()]
    assert sorted(package) == sorted(rules)


def test_the_plugin_folder_is_a_python_plugin_beside_not_inside_the_project():
    manifest = yaml.safe_load((ROOT / "plugin" / "PulumiPlugin.yaml").read_text())
    assert manifest == {
        "runtime": {"name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}}
    }
    assert not (ROOT / "plugin" / "Pulumi.yaml").exists()
    assert not (ROOT / "PulumiPlugin.yaml").exists()
    requirements = (ROOT / "plugin" / "requirements.txt").read_text().split("\n")
    assert [line for line in requirements if line and not line.startswith("#")] == [
        "-r ../requirements.txt"
    ]
    assert "plugin/venv/" in (ROOT / ".gitignore").read_text()


# ------------------------------------------------------------------ in-process


_IN_PROCESS = """
import asyncio, json, sys
sys.path[:0] = [{tests!r}, {root!r}]
import pulumi
from pulumi.runtime import rpc
from pulumi.runtime.stack import wait_for_rpcs
from harness import ProgramRun, _Mocks
from test_package import TOKEN, _RecordingMonitor
from components.resources.package import provider

run = ProgramRun()
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)  # before set_mocks, as the SDK's own tests do
mocks = _Mocks(run, {tenant!r})
pulumi.runtime.set_mocks(mocks, project="consumer", stack="dev", preview=False,
                         monitor=_RecordingMonitor(mocks, run))
try:
    result = provider().construct("sessions", TOKEN, {inputs!r}, pulumi.ResourceOptions())
    loop.run_until_complete(result.state["settings"].future())
    loop.run_until_complete(wait_for_rpcs())
    registered = [
        {{"type": r.type, "inputs": rpc.deserialize_properties(r.object),
          "retain": r.retainOnDelete}}
        for r in run.resources
    ]
    print(json.dumps({{"resources": registered, "invokes": run.invokes}}))
except pulumi.errors.InputPropertiesError as error:
    print(json.dumps({{"errors": error.errors}}))
"""


def construct_in_process(inputs: dict[str, Any], tenant: dict | None = None) -> dict[str, Any]:
    """ComponentProvider.construct in one process under the SDK's mocks, in a fresh
    interpreter, so nothing it leaves running reaches other tests."""
    code = _IN_PROCESS.format(
        tests=str(ROOT / "tests"), root=str(ROOT), tenant=tenant, inputs=inputs
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


class _RecordingMonitor(MockMonitor):
    def __init__(self, mocks: Any, run: ProgramRun) -> None:
        super().__init__(mocks)
        self.run = run

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        self.run.resources.append(request)
        return super().RegisterResource(request)


def test_construct_in_process_sends_exact_hours_and_carries_the_tenants_blocks():
    run = construct_in_process(
        {"plan": "professional", "requireLoginAfter": "30d", "cookieMode": "persistent"},
        tenant=LIVE_TENANT,
    )
    tenants = [r for r in run["resources"] if r["type"] == TENANT]
    assert len(tenants) == 1
    inputs = tenants[0]["inputs"]
    assert inputs["sessionLifetime"] == 720.0 and inputs["sessionCookie"] == {"mode": "persistent"}
    assert inputs["countryCodes"] == {"lists": ["DE", "FR"], "mode": "allow"}
    assert tenants[0]["retain"] is True
    assert run["invokes"] == [GET_TENANT]


def test_a_refused_value_in_process_is_the_projects_message_per_property():
    run = construct_in_process({"plan": "free", "requireLoginAfter": "31d", "cookieMode": "x"})
    errors = {e["property_path"]: e["reason"] for e in run["errors"]}
    assert set(errors) == {"requireLoginAfter", "cookieMode"}
    assert "over the free plan's limit" in errors["requireLoginAfter"]
    assert 'Use at most "30d"' in errors["requireLoginAfter"]


# ------------------------------------------------------------------ over gRPC


class _Monitor(resource_pb2_grpc.ResourceMonitorServicer):
    """The SDK's MockMonitor served over gRPC, as the engine's resource monitor."""

    def __init__(self, run: ProgramRun, tenant: dict | None) -> None:
        self.mock = _RecordingMonitor(_Mocks(run, tenant), run)

    def SupportsFeature(self, request: Any, context: Any) -> Any:  # noqa: N802
        answer = self.mock.SupportsFeature(request)
        return resource_pb2.SupportsFeatureResponse(hasSupport=answer.hasSupport)

    def __getattribute__(self, name: str) -> Any:
        if name[0].isupper() and name != "SupportsFeature" and hasattr(MockMonitor, name):
            mock = object.__getattribute__(self, "mock")
            return lambda request, context: getattr(mock, name)(request)
        return object.__getattribute__(self, name)


class _Engine(engine_pb2_grpc.EngineServicer):
    def __init__(self) -> None:
        self.logs: list[str] = []

    def Log(self, request: Any, context: Any) -> Any:  # noqa: N802
        self.logs.append(request.message)
        return empty_pb2.Empty()


class Plugin:
    """`python plugin <engine>` as the language host starts it; a mock engine and monitor."""

    def __init__(self, cwd: Path, tenant: dict | None = None) -> None:
        self.run = ProgramRun()
        self.engine = _Engine()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        resource_pb2_grpc.add_ResourceMonitorServicer_to_server(
            _Monitor(self.run, tenant), self.server
        )
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self.server)
        self.address = f"127.0.0.1:{self.server.add_insecure_port('127.0.0.1:0')}"
        self.server.start()
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "plugin"), self.address],
            cwd=cwd,  # the consumer's folder, not this repository
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": ""},
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().decode().strip()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.provider = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def construct(self, inputs: dict[str, Any], protect: bool = False) -> Any:
        struct = struct_pb2.Struct()
        struct.update(inputs)
        return self.provider.Construct(
            provider_pb2.ConstructRequest(
                project="consumer",
                stack="dev",
                type=TOKEN,
                name="sessions",
                parent="urn:pulumi:dev::consumer::pulumi:pulumi:Stack::consumer-dev",
                inputs=struct,
                monitorEndpoint=self.address,
                protect=protect,
            ),
            timeout=60,
        )

    def close(self) -> str:
        self.channel.close()
        self.process.terminate()
        _, stderr = self.process.communicate(timeout=10)
        self.server.stop(0)
        return stderr.decode()


@pytest.fixture(scope="module")
def _started(tmp_path_factory):
    started = Plugin(tmp_path_factory.mktemp("consumer"), tenant=LIVE_TENANT)
    yield started
    started.close()


@pytest.fixture
def plugin(_started):
    """One plugin process serves every call, as under the engine; each test starts with
    nothing registered and nothing logged."""
    _started.run.resources.clear()
    _started.run.outputs.clear()
    _started.engine.logs.clear()
    return _started


def test_over_grpc_the_plugin_serves_its_schema_and_version(plugin):
    served = json.loads(plugin.provider.GetSchema(provider_pb2.GetSchemaRequest()).schema)
    assert served == schema()
    info = plugin.provider.GetPluginInfo(empty_pb2.Empty())
    assert info.version == VERSION


def test_over_grpc_construct_registers_the_tenant_with_exact_hours_protect_and_retain(plugin):
    answer = plugin.construct(
        {"plan": "enterprise", "requireLoginAfter": "90d", "inactivityTimeout": "7d"}, protect=True
    )
    assert answer.urn.endswith(f"{TOKEN}::sessions")
    by_type = {r.type: r for r in plugin.run.resources}
    tenant = by_type[TENANT]
    inputs = rpc.deserialize_properties(tenant.object)
    assert inputs["sessionLifetime"] == 2160.0 and inputs["idleSessionLifetime"] == 168.0
    assert inputs["errorPage"] == {"html": "<h1>Sorry</h1>", "showLogLink": True}
    ignored = set(tenant.ignoreChanges)  # every input it does not manage
    assert {"sessionLifetime", "idleSessionLifetime"}.isdisjoint(ignored)
    assert {"defaultTokenQuota", "mtls", "errorPage", "countryCodes"} <= ignored
    assert {"defaultRedirectionUri", "friendlyName", "ephemeralSessionLifetime"} <= ignored
    assert by_type[TOKEN].protect is True and tenant.protect is True  # inherited
    assert tenant.retainOnDelete is True
    # Read the state as plain data: deserializing its resource reference would ask this
    # process's (mock) engine for the Tenant, long after the test.
    state = json_format.MessageToDict(answer.state)
    assert state["settings"]["requireLoginAfter"] == {
        "hours": 2160.0,
        "minutes": 129600.0,
        "human": "90 days",
    }
    assert state["tenant"][rpc._special_sig_key] == rpc._special_resource_sig
    assert state["tenant"]["urn"].endswith(f"{TOKEN}${TENANT}::sessions-tenant")


def refusal(error: grpc.RpcError) -> str:
    """The message, then `path: reason` per refused property, as the engine gets them
    (google.rpc.Status in the trailers, InputPropertiesError packed in its details)."""
    from pulumi.runtime.proto import errors_pb2, status_pb2

    status = status_pb2.Status()
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status.ParseFromString(value)
    lines = [error.details()]
    for detail in status.details:
        found = errors_pb2.InputPropertiesError()
        if detail.Unpack(found):
            lines += [f"{e.property_path}: {e.reason}" for e in found.errors]
    return "\n".join(lines)


def test_over_grpc_a_refused_value_is_the_projects_message_with_no_traceback(plugin):
    with pytest.raises(grpc.RpcError) as raised:
        plugin.construct({"plan": "professional", "inactivityTimeout": "90m", "colour": "x"})
    error = raised.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    # the heading (the engine prints each property's reason under it)
    assert error.details() == "auth0-sessions:index:TenantSessionSettings 'sessions': 2 problems"
    details = refusal(error)
    assert 'inactivityTimeout: "90m" (90 min = 1.5 h = 0.062 days) cannot be applied' in details
    assert "colour: unknown key" in details
    assert "Traceback" not in details and 'File "' not in details
    assert not any(r.type == TENANT for r in plugin.run.resources)  # nothing registered


def test_over_grpc_a_missing_plan_is_said_in_the_projects_words(plugin):
    with pytest.raises(grpc.RpcError) as raised:
        plugin.construct({"requireLoginAfter": "1d"})
    assert "plan: is required; one of: free, essentials, professional, enterprise" in (
        refusal(raised.value)
    )


def test_an_old_python_stops_the_plugin_with_one_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.version_info = (3, 10, 0); sys.argv = ['plugin']; "
            f"runpy.run_path({str(ROOT / 'plugin')!r}, run_name='__main__')",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("auth0-sessions needs Python 3.11 or newer")
    assert "Traceback" not in done.stderr


def test_the_docs_show_how_to_use_it_from_another_program():
    section = (ROOT / "docs" / "package.md").read_text()
    assert f"pulumi package add github.com/<owner>/<repo>/plugin@v{VERSION}" in section
    assert "```typescript" in section and "```yaml" in section
    assert "Python 3.11" in section
    dev = yaml.safe_load((FIXTURES / "Pulumi.dev.yaml").read_text())["config"]
    for key in ("requireLoginAfter", "inactivityTimeout", "cookieMode"):
        assert f'{key}: "{dev[f"auth0-sessions:{key}"]}"' in section, key


def test_over_grpc_an_output_is_refused_saying_inputs_are_plain(plugin):
    """Decided: inputs stay plain (the schema says so, and the generated SDKs type them as
    plain values). An engine that still sends an unknown gets the reason, not a type error."""
    with pytest.raises(grpc.RpcError) as raised:
        plugin.construct({"plan": "professional", "requireLoginAfter": rpc.UNKNOWN})
    details = refusal(raised.value)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        "requireLoginAfter: is not known until another resource is deployed (an Output)" in details
    )
    assert "inputs are plain values" in details and "Traceback" not in details
    assert not any(r.type == TENANT for r in plugin.run.resources)


def test_over_grpc_an_output_inside_an_organizations_entry_is_refused_too(plugin):
    """The entries of organizations and connections are typed as inputs (for the Go SDK's
    sake): an unknown hidden in one is refused with the same reason."""
    entry = {"acme-bank": {"requireLoginAfter": rpc.UNKNOWN}}
    with pytest.raises(grpc.RpcError) as raised:
        plugin.construct(
            {"plan": "professional", "requireLoginAfter": "30d", "organizations": entry}
        )
    details = refusal(raised.value)
    assert "organizations: is not known until another resource is deployed" in details
    assert not any(r.type == TENANT for r in plugin.run.resources)


def test_the_docs_say_why_inputs_are_plain_and_what_a_caller_sees():
    from components.resources.package import NOT_PLAIN

    page = (ROOT / "docs" / "package.md").read_text()
    assert "## Why every input is a plain value" in page
    assert f"```text\nrequireLoginAfter: {NOT_PLAIN}\n```" in page  # package.md
