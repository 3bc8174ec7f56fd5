"""Counters for the reliability suite, printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support.browser import browser, chromium, served  # the load test's Chromium and server

__all__ = ["browser", "chromium", "served"]  # re-exported fixtures
COUNTS: Counter[str] = Counter()
KEYS = (
    "inputs tried",
    "files rejected cleanly",
    "files imported",
    "faults injected",
    "sessions served",
    "resource limits hit cleanly",
    "tracebacks",
    "pages crashed",
    "errors",
)


@pytest.fixture
def tally() -> Counter[str]:
    """Add to the suite's counters (printed by the terminal summary)."""
    return COUNTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not COUNTS:
        return
    failed = len(terminalreporter.stats.get("failed", [])) + len(terminalreporter.stats.get("error", []))
    COUNTS["errors"] += failed
    terminalreporter.section("reliability")
    terminalreporter.write_line(", ".join(f"{key}: {COUNTS[key]}" for key in KEYS))
