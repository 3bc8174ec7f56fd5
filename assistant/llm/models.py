"""Chat-model loading: a 'provider:model' string from the settings through LangChain's init_chat_model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from assistant.config import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

MAX_RETRIES = 1  # one quick retry, then the grounded fallback answers: a chat user should not wait long


class ModelConfigError(ValueError):
    """The LLM back-end is selected but no usable model is configured."""


def provider_of(model: str) -> str:
    """The provider prefix of a model string ('openai:gpt-4o-mini' → 'openai'), '' when none is given."""
    head, sep, _ = model.partition(":")
    return head.strip().lower().replace("-", "_") if sep else ""


def model_kwargs(settings: Settings) -> dict[str, Any]:
    """The keyword arguments init_chat_model gets for the configured provider (base URL, key, timeout)."""
    name = (settings.llm_model or "").strip()
    if not name:
        raise ModelConfigError("SUPERNODE_LLM_MODEL is not set (e.g. 'openai:gpt-4o-mini')")
    secret = settings.llm_api_key
    key = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    kwargs: dict[str, Any] = {}
    if provider_of(name) == "ollama":
        client: dict[str, Any] = {"timeout": settings.llm_timeout_s}
        if key:
            client["headers"] = {"Authorization": f"Bearer {key}"}
        kwargs["client_kwargs"] = client
    else:
        kwargs["timeout"] = settings.llm_timeout_s
        kwargs["max_retries"] = MAX_RETRIES
        if key:
            kwargs["api_key"] = key
        elif settings.llm_base_url:
            kwargs["api_key"] = "not-needed"  # local OpenAI-compatible servers (vLLM) accept any key
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    return kwargs


def load_chat_model(settings: Settings) -> BaseChatModel:
    """The configured chat model; no network call is made here.

    Raises ModelConfigError when the model is not set, ValueError for an unknown provider and ImportError
    when the provider's integration package is not installed.
    """
    from langchain.chat_models import init_chat_model

    kwargs = model_kwargs(settings)
    return init_chat_model((settings.llm_model or "").strip(), **kwargs)
