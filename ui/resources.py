"""Cached process-wide resources (settings from env and st.secrets, engine, reader, store, playbook)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.auth import AuthConfig, auth_config
from assistant.backends import make_engine
from assistant.config import Settings
from assistant.history import HistoryStore
from assistant.index.retrieval import IndexReader
from assistant.kb.cards import Card, load_cards
from assistant.kb.deals import Deal, load_deals
from assistant.kb.market import Benchmark, load_benchmarks
from assistant.tools import ToolDefaults, load_tool_defaults

PREFIX = "SUPERNODE_"


def _secret_overrides() -> dict[str, Any]:
    """SUPERNODE_* keys of st.secrets as settings fields; they win over the environment, as Streamlit itself
    copies secrets into the environment."""
    try:
        if not st.secrets.load_if_toml_exists():  # no secrets file (nor secrets given by a test)
            return {}
        items = {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no or unreadable secrets: the environment alone decides
        return {}
    return {
        k[len(PREFIX) :].lower(): v
        for k, v in items.items()
        if k.upper().startswith(PREFIX) and isinstance(v, str | int | float | bool)
    }


def auth() -> AuthConfig:
    """The access rule of `[supernode_auth]` in st.secrets (none when absent); raises on a bad config."""
    try:
        present = st.secrets.load_if_toml_exists()
    except Exception:  # an unreadable secrets file must not open the gate: treat it as a bad config
        raise ValueError("the secrets file cannot be read") from None
    return auth_config(st.secrets if present else None)


@st.cache_resource(show_spinner=False, max_entries=8)
def _settings(overrides: str, _env: str) -> Settings:
    return Settings(**json.loads(overrides))


def settings() -> Settings:
    """The settings of this run: the environment plus the SUPERNODE_* keys of st.secrets."""
    env = json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX)))
    overrides = json.dumps(_secret_overrides(), sort_keys=True, default=str)
    return _settings(overrides, env + overrides)


def settings_key(s: Settings) -> str:
    """What identifies a settings object for the caches (the API key included, never displayed)."""
    secret = s.llm_api_key.get_secret_value() if s.llm_api_key else ""
    return s.model_dump_json() + secret


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(_s: Settings, key: str) -> Any:
    return make_engine(_s)


def engine() -> Any:
    """The answer engine of the configured back-end (built once: loads the index, router and deals)."""
    s = settings()
    return _engine(s, settings_key(s))


def refresh_engine() -> None:
    """Drop the cached engines so the next question loads the changed deals."""
    _engine.clear()


@st.cache_resource(show_spinner=False, max_entries=4)
def _reader(_s: Settings, key: str) -> IndexReader:
    return IndexReader(_s)


def index_reader() -> IndexReader:
    s = settings()
    return _reader(s, settings_key(s))


@st.cache_resource(show_spinner=False, max_entries=8)
def _history(path: str) -> HistoryStore:
    return HistoryStore(Path(path))


def history() -> HistoryStore:
    """The chat history / feedback / quiz store under data_dir."""
    return _history(str(settings().data_dir / "app.db"))


def _stamp(folder: Path, pattern: str) -> str:
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return json.dumps([(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files])


@st.cache_resource(show_spinner=False, max_entries=4)
def _cards(folder: str, stamp: str) -> list[Card]:
    return load_cards(Path(folder))


def cards() -> list[Card]:
    """The playbook cards in reading order (re-read when a card file changes)."""
    folder = settings().playbook_dir
    return _cards(str(folder), _stamp(folder, "*.md"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _deals(folder: str, stamp: str, _benchmarks: dict[str, Benchmark]) -> list[Deal]:
    return load_deals(Path(folder), _benchmarks)


def deals() -> list[Deal]:
    """Every deal of the deal folder (re-read when a deal file changes); raises DealDataError."""
    folder = settings().deals_dir
    bench = settings().knowledge_dir / "benchmarks.csv"
    return _deals(str(folder), _stamp(folder, "*.csv") + _stamp(bench.parent, bench.name), benchmarks())


@st.cache_resource(show_spinner=False, max_entries=4)
def _tool_defaults(path: str, stamp: str) -> ToolDefaults:
    return load_tool_defaults(Path(path))


def tool_defaults() -> ToolDefaults:
    """The team's tool settings (knowledge/settings.toml)."""
    path = settings().knowledge_dir / "settings.toml"
    return _tool_defaults(str(path), _stamp(path.parent, path.name))


@st.cache_resource(show_spinner=False, max_entries=4)
def _benchmarks(path: str, stamp: str) -> dict[str, Benchmark]:
    return load_benchmarks(Path(path))


def benchmarks() -> dict[str, Benchmark]:
    """Industry benchmarks by category (knowledge/benchmarks.csv)."""
    path = settings().knowledge_dir / "benchmarks.csv"
    return _benchmarks(str(path), _stamp(path.parent, path.name))
