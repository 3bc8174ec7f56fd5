"""The reliability suite's counters: tests add to them through the `tally` fixture and the run's terminal
summary prints them. Under pytest-xdist each worker counts its own tests and sends its counters to the
controller when it finishes, so the one summary line covers every worker."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

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
OUTPUT_KEY = "reliability_counts"


@pytest.fixture
def tally() -> Counter[str]:
    """Add to the suite's counters (printed by the terminal summary)."""
    return COUNTS


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput[OUTPUT_KEY] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist, on the controller: a worker finished; add its counts."""
    COUNTS.update(getattr(node, "workeroutput", {}).get(OUTPUT_KEY, {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not COUNTS:
        return
    failed = len(terminalreporter.stats.get("failed", [])) + len(terminalreporter.stats.get("error", []))
    COUNTS["errors"] += failed
    terminalreporter.section("reliability")
    terminalreporter.write_line(", ".join(f"{key}: {COUNTS[key]}" for key in KEYS))
