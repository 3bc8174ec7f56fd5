"""Chat-model loading from the settings: provider prefixes, base URL, key and timeout passed through."""

from __future__ import annotations

import pytest

from assistant.config import Settings, get_settings
from assistant.llm.models import ModelConfigError, load_chat_model, model_kwargs, provider_of


def test_openai_compatible_endpoints_get_base_url_key_and_timeout() -> None:
    s = Settings(
        llm_model="openai:deepseek-chat",
        llm_base_url="https://api.deepseek.com/v1",
        llm_api_key="sk-test",
        llm_timeout_s=12,
    )
    model = load_chat_model(s)  # no network call happens here
    assert type(model).__name__ == "ChatOpenAI"
    assert model.model_name == "deepseek-chat"  # type: ignore[attr-defined]
    assert model.openai_api_base == "https://api.deepseek.com/v1"  # type: ignore[attr-defined]
    assert model.openai_api_key.get_secret_value() == "sk-test"  # type: ignore[attr-defined]
    assert model.request_timeout == 12 and model.max_retries == 1  # type: ignore[attr-defined]


def test_a_local_openai_compatible_server_needs_no_real_key() -> None:
    kwargs = model_kwargs(
        Settings(llm_model="openai:Qwen2.5-7B-Instruct", llm_base_url="http://127.0.0.1:8000/v1")
    )
    assert kwargs["api_key"] and kwargs["base_url"] == "http://127.0.0.1:8000/v1"


def test_ollama_gets_its_url_and_the_timeout_through_client_kwargs() -> None:
    s = Settings(llm_model="ollama:qwen2.5:7b", llm_base_url="http://127.0.0.1:11434", llm_timeout_s=20)
    model = load_chat_model(s)
    assert type(model).__name__ == "ChatOllama"
    assert model.model == "qwen2.5:7b" and model.base_url == "http://127.0.0.1:11434"  # type: ignore[attr-defined]
    assert model.client_kwargs == {"timeout": 20}  # type: ignore[attr-defined]
    auth = model_kwargs(s.model_copy(update={"llm_api_key": "k"}))["client_kwargs"]["headers"]
    assert auth == {"Authorization": "Bearer k"}


def test_settings_come_from_the_supernode_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPERNODE_BACKEND", "llm")
    monkeypatch.setenv("SUPERNODE_LLM_MODEL", "openai:qwen-plus")
    monkeypatch.setenv("SUPERNODE_LLM_BASE_URL", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    monkeypatch.setenv("SUPERNODE_LLM_API_KEY", "sk-dash")
    get_settings.cache_clear()
    s = get_settings()
    assert s.backend == "llm" and model_kwargs(s)["api_key"] == "sk-dash"
    assert load_chat_model(s).openai_api_base.endswith("/compatible-mode/v1")  # type: ignore[attr-defined]


def test_a_missing_model_or_unknown_provider_is_a_clear_error() -> None:
    with pytest.raises(ModelConfigError, match="SUPERNODE_LLM_MODEL"):
        load_chat_model(Settings())
    with pytest.raises(ValueError, match="provider"):
        load_chat_model(Settings(llm_model="no-such-model-family"))
    assert provider_of("Ollama:llama3") == "ollama" and provider_of("gpt-4o") == ""
