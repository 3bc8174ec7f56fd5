"""Choose the answer back-end from the settings (grounded by default; the LLM agent when configured)."""

from __future__ import annotations

from assistant.answering.answer import AnswerEngine
from assistant.config import Settings


def make_engine(settings: Settings) -> AnswerEngine:
    """The engine the settings ask for, with its dependencies loaded once.

    `backend="llm"` gives the LLM engine, which wraps the grounded one (its understanding and fallback).
    """
    from assistant.engine import Engine, build_deps

    engine = Engine(build_deps(settings))
    if settings.backend != "llm":
        return engine
    from assistant.llm import make_llm_engine

    return make_llm_engine(settings, engine)
