"""Test-wide fixtures, defined in tests/support and re-exported here: no network beyond loopback, every
writable path in a temporary folder, small fixture knowledge, the real index built once per session, the app
tests' copy of it, and an engine's dependencies without the real embedder or Chroma (`fake_deps`)."""

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
