"""Test-wide fixtures, defined in tests/support and re-exported here: no network beyond loopback, every
writable path in a temporary folder, small fixture knowledge, the real index built once per session and the app
tests' copy of it."""

from tests.support.app import app_folders
from tests.support.cards import fixture_knowledge
from tests.support.folders import fixture_settings, isolated_data, real_index
from tests.support.network import no_network

__all__ = [
    "app_folders",
    "fixture_knowledge",
    "fixture_settings",
    "isolated_data",
    "no_network",
    "real_index",
]
