"""The shipped knowledge folder's benchmarks, for tests that read deal tables (category names come from them)."""

from __future__ import annotations

from assistant.config import PROJECT_ROOT
from assistant.kb.market import knowledge_benchmarks

BENCH = knowledge_benchmarks(PROJECT_ROOT / "knowledge")
