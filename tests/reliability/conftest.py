"""The reliability suite's fixtures: the load test's Chromium and server (the counters and their summary
line live in tests/support/tally.py, a plugin of the whole run)."""

from tests.support.browser import browser, chromium, served

__all__ = ["browser", "chromium", "served"]  # re-exported fixtures
