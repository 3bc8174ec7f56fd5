"""The optional LLM back-end: a tool-calling chat model held to the tools' verdicts by a number guard."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.engine import Engine
    from assistant.llm.engine import LLMEngine

__all__ = ["make_llm_engine"]


def make_llm_engine(settings: Settings, grounded: Engine) -> LLMEngine:
    """The LLM engine over the configured chat model; a model that cannot be loaded leaves an engine
    whose every answer is the grounded one with a note saying why (the app keeps working)."""
    from assistant.llm.engine import LLMEngine
    from assistant.llm.models import load_chat_model

    try:
        model = load_chat_model(settings)
    except Exception as exc:  # missing setting, unknown provider, integration package not installed
        logging.getLogger(__name__).warning("LLM back-end unavailable: %s", exc)
        return LLMEngine(grounded, None, f"{type(exc).__name__}: {exc}")
    return LLMEngine(grounded, model)
