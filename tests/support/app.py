"""Fixtures and helpers shared by the app tests (AppTest pages and the browser tests)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.config import PROJECT_ROOT, Settings

APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60


def copy_app_folders(source: Settings, root: Path) -> Settings:
    """A private copy of the knowledge and data folders (index, router cache) for a test that writes."""
    knowledge, data = root / "knowledge", root / "data"
    shutil.copytree(source.knowledge_dir, knowledge)
    shutil.copytree(source.data_dir, data, ignore=shutil.ignore_patterns("app.db*", "*.lock"))
    return Settings(knowledge_dir=knowledge, data_dir=data)


@pytest.fixture(scope="session")
def app_folders(real_index: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real index copied once for the app tests, with the engine built (its router cache written) and
    cached in this process, so every AppTest run reuses it."""
    settings = copy_app_folders(real_index, tmp_path_factory.mktemp("app"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUPERNODE_KNOWLEDGE_DIR", str(settings.knowledge_dir))
        mp.setenv("SUPERNODE_DATA_DIR", str(settings.data_dir))
        from ui import resources

        resources.engine()  # the same key the app computes: the AppTest runs find it cached
    return settings


def point_app_at(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the app (in this process) read these folders."""
    monkeypatch.setenv("SUPERNODE_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("SUPERNODE_DATA_DIR", str(settings.data_dir))


def new_app(settings: Settings, lang: str | None = None) -> Any:
    """An AppTest of app.py whose secrets point at the given folders (so no real secrets file is read)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["SUPERNODE_KNOWLEDGE_DIR"] = str(settings.knowledge_dir)
    at.secrets["SUPERNODE_DATA_DIR"] = str(settings.data_dir)
    at.run()
    if lang and lang != "zh":
        at.segmented_control(key="lang").set_value(lang).run()
    return at


def page(at: Any, path: str) -> Any:
    """Switch an AppTest to a page of ui/ and run it."""
    return at.switch_page(path).run()
