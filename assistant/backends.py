"""Choose the answer back-end from the settings (grounded by default; the LLM agent when configured)."""

from __future__ import annotations

from typing import Any

from assistant.config import Settings


def make_engine(settings: Settings) -> Any:
    """The engine the settings ask for, with its dependencies loaded once."""
    from assistant.engine import Engine, build_deps

    return Engine(build_deps(settings))
