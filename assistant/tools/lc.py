"""LangChain StructuredTools over the same pure functions, schemas and validation as run_tool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from assistant.tools.defaults import ToolDefaults
from assistant.tools.registry import TOOLS, ToolInputError, problems_from, run_tool
from assistant.tools.spec import ToolSpec

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _make(spec: ToolSpec, defaults: ToolDefaults) -> BaseTool:
    from langchain_core.tools import StructuredTool, ToolException

    def call(**kwargs: Any) -> dict[str, Any]:
        try:
            return run_tool(spec.name, _plain(kwargs), defaults)
        except ToolInputError as exc:
            raise ToolException(str(exc)) from exc

    def on_validation_error(exc: ValidationError) -> str:
        return str(ToolInputError(spec.name, problems_from(spec.input_model, exc)))

    return StructuredTool.from_function(
        func=call,
        name=spec.name,
        description=spec.description,
        args_schema=spec.input_model,
        handle_validation_error=on_validation_error,
        handle_tool_error=True,
    )


def langchain_tools(defaults: ToolDefaults) -> list[BaseTool]:
    """Every tool as a LangChain StructuredTool run with the given defaults; invalid input comes back as a
    readable tool error."""
    return [_make(spec, defaults) for spec in TOOLS.values()]
