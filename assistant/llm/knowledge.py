"""Read-only knowledge tools for the agent: index search (passages as quoted data) and the benchmarks table."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.llm.prompts import BENCHMARKS_DESCRIPTION, SEARCH_DESCRIPTION, format_passages

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.kb.market import Benchmark

SEARCH_TOOL = "search_knowledge"
BENCHMARKS_TOOL = "industry_benchmarks"
KNOWLEDGE_TOOLS = (SEARCH_TOOL, BENCHMARKS_TOOL)
PASSAGE_CHARS = 1800  # a card's text is cut here: enough for its steps and key figures

# (query, k, kind or None) -> hits as dicts with id, title, kind, language, text
SearchFn = Callable[[str, int, str | None], list[dict[str, Any]]]


class SearchInput(BaseModel):
    """What to look up in the playbook and the deal history."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=500, description="What to look for, in the user's words.")
    kind: Literal["any", "playbook", "deal"] = Field(
        "any", description="'playbook' for method cards, 'deal' for past deals, 'any' for both."
    )
    k: int = Field(4, ge=1, le=8, description="How many passages to return (1-8).")


class BenchmarksInput(BaseModel):
    """Which category's benchmark to read."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(
        None, max_length=60, description="Category key or name (zh or en); leave null for every category."
    )


def reader_search(reader: Any, language: str) -> SearchFn:
    """A SearchFn over an IndexReader, preferring passages in the answer's language."""

    def search(query: str, k: int, kind: str | None) -> list[dict[str, Any]]:
        hits = reader.search(query, k=k, kind=kind, language=language)
        return [h.as_json() for h in hits]

    return search


def search_tool(search: SearchFn) -> BaseTool:
    """The retrieval tool: its content is delimited quoted passages, its artifact the hits themselves."""
    from langchain_core.tools import StructuredTool

    def run(query: str, kind: str = "any", k: int = 4) -> tuple[str, list[dict[str, Any]]]:
        hits = search(query, k, None if kind == "any" else kind)
        for h in hits:
            h["text"] = str(h.get("text", ""))[:PASSAGE_CHARS]
        return format_passages(hits), hits

    return StructuredTool.from_function(
        func=run,
        name=SEARCH_TOOL,
        description=SEARCH_DESCRIPTION,
        args_schema=SearchInput,
        response_format="content_and_artifact",
        handle_validation_error=True,
        handle_tool_error=True,
    )


def benchmarks_tool(benchmarks: Mapping[str, Benchmark]) -> BaseTool:
    """The benchmarks table as a tool (sample values, labelled as such by their note)."""
    from langchain_core.tools import StructuredTool

    def run(category: str | None = None) -> str:
        rows = list(benchmarks.values())
        if category:
            want = category.strip().lower()
            picked = [
                b
                for b in rows
                if want in (str(b.category), b.name_zh.lower(), b.name_en.lower())
                or want in (a.lower() for a in b.aliases)
            ]
            rows = picked or rows
        return json.dumps(
            [
                {
                    "category": str(b.category),
                    "name": {"zh": b.name_zh, "en": b.name_en},
                    "industry_commission_pct": b.industry_commission_pct,
                    "benchmark_roi": b.benchmark_roi,
                    "note": b.note,
                }
                for b in rows
            ],
            ensure_ascii=False,
        )

    return StructuredTool.from_function(
        func=run,
        name=BENCHMARKS_TOOL,
        description=BENCHMARKS_DESCRIPTION,
        args_schema=BenchmarksInput,
        handle_validation_error=True,
        handle_tool_error=True,
    )
