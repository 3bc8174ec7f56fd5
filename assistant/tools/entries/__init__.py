"""One registry entry per tool (see assistant.tools.spec.ToolSpec), grouped as the tools are."""
