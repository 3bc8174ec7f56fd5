"""Test-wide fixtures, defined in tests/support and re-exported here: no network beyond loopback, every
writable path in a temporary folder, small fixture knowledge, the real index built once per session, the app
tests' copy of it, and an engine's dependencies without the real embedder or Chroma (`fake_deps`)."""

import pytest

from tests.support.app import app_folders
from tests.support.cards import fixture_knowledge
from tests.support.fakes import fake_deps, fake_engine, fake_intent_router
from tests.support.folders import fixture_settings, isolated_data, real_index
from tests.support.network import no_network

__all__ = [
    "app_folders",
    "fake_deps",
    "fake_engine",
    "fake_intent_router",
    "fixture_knowledge",
    "fixture_settings",
    "isolated_data",
    "no_network",
    "real_index",
]

pytest_plugins = ["tests.support.tally"]  # the reliability counters and their summary line


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each file's tests on one xdist worker (`make test` runs `--dist loadgroup`), so a module's
    fixtures are built once, and every test of the served app on one worker, so one server serves them."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            group = "served-app" if "served" in item.fixturenames else item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(group))
