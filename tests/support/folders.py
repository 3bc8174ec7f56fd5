"""Where tests read and write: a temporary data folder for every test, small fixture settings, and the real
knowledge indexed once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings, get_settings

SAMPLE_DEALS_IN_TESTS = 80


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the data folder (index, history, feedback) at a temporary folder for every test."""
    data = tmp_path / "data"
    monkeypatch.setenv("SUPERNODE_DATA_DIR", str(data))
    for var in ("SUPERNODE_CHROMA_HOST", "SUPERNODE_BACKEND", "SUPERNODE_LLM_MODEL", "SUPERNODE_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


@pytest.fixture
def fixture_settings(fixture_knowledge: Path, isolated_data: Path) -> Settings:
    """Settings over `fixture_knowledge` (small cards, no deals) and the test's data folder."""
    return Settings(knowledge_dir=fixture_knowledge, data_dir=isolated_data)


def _build_real_index(root: Path) -> Settings:
    from assistant.index.ingest import ingest

    knowledge = root / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("user_deals.csv"))
    sample = knowledge / "deals" / "sample_deals.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    sample.write_text("\n".join(lines[: SAMPLE_DEALS_IN_TESTS + 1]) + "\n", encoding="utf-8")
    settings = Settings(knowledge_dir=knowledge, data_dir=root / "data")
    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's real knowledge, indexed once per test run with the bundled embedder.

    Every card, every source case and the first SAMPLE_DEALS_IN_TESTS sample deals (embedding all 320 sample
    deals would cost the suite a minute more and they only add more of the same to retrieval). Under
    pytest-xdist the first worker to ask builds it in the run's shared temporary folder (the others wait on
    a file lock) and each worker reads its own copy, so no two processes share one Chroma folder."""
    own = tmp_path_factory.mktemp("real")
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_real_index(own)
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "real-index"
    with FileLock(f"{shared}.lock"):
        if not (shared / "built").exists():
            shutil.rmtree(shared, ignore_errors=True)  # what a worker that failed half-way left
            _build_real_index(shared)
            (shared / "built").touch()
    shutil.copytree(shared / "knowledge", own / "knowledge")
    shutil.copytree(shared / "data", own / "data", ignore=shutil.ignore_patterns("*.lock"))
    return Settings(knowledge_dir=own / "knowledge", data_dir=own / "data")
