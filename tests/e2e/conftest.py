"""Fixtures of the end-to-end suite: the engine engine/build made, a PULUMI_HOME with the
provider installed (one per worker), a fake Management API and a project copy per test."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_auth0 import CLIENT_ID, CLIENT_SECRET, FakeAuth0
from rig import ROOT, Project, base_env, engine_dir, install_provider

RECORDED = json.loads((ROOT / "tests" / "fixtures" / "tenant-settings-recorded.json").read_text())


def recorded_tenant() -> dict[str, Any]:
    """A tenant with every block set (error page, mTLS, a log-only token quota, country
    codes, a default login route, flags, a friendly name), as the API answered for it."""
    return copy.deepcopy(RECORDED["answer"])


@pytest.fixture(scope="session")
def engine() -> Path:
    return engine_dir()


@pytest.fixture(scope="session")
def pulumi_home(tmp_path_factory: pytest.TempPathFactory, engine: Path) -> Path:
    home = tmp_path_factory.mktemp("pulumi-home")
    install_provider(home, engine)
    return home


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeAuth0]:
    server = FakeAuth0(recorded_tenant()).start(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def project(tmp_path: Path, fake: FakeAuth0, pulumi_home: Path, engine: Path) -> Project:
    backend = tmp_path / "backend"
    backend.mkdir()
    return Project(tmp_path / "project", base_env(pulumi_home, backend, fake.ca_file, engine))


def credentials(fake: FakeAuth0) -> dict[str, str]:
    """The provider keys of a stack that talks to the fake (the secret is set separately)."""
    return {"auth0:domain": fake.domain, "auth0:clientId": CLIENT_ID}


__all__ = ["CLIENT_SECRET", "credentials", "recorded_tenant"]
