"""The `tool` subcommand: run one tool on a JSON input (or a partner/outlet table) and print its output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.tools.registry import TOOLS, ToolInputError, allowed_text, node_at, run_tool

TABLE_KEYS = {"rank_partners": "partners", "allocate_leads": "outlets"}


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `tool [NAME] [JSON] [--list] [--file PATH]` to an argparse subparsers object."""
    p = subparsers.add_parser(
        "tool",
        help="run one deterministic tool on a JSON input",
        description="Run one tool of TOOLS.md and print its output JSON (exit 2 on invalid input).",
    )
    p.add_argument("name", nargs="?", help="tool name (see --list)")
    p.add_argument("json", nargs="?", help="input JSON object, or - to read it from stdin")
    p.add_argument("--list", action="store_true", help="list the tools and their inputs")
    p.add_argument(
        "--file", type=Path, help="CSV/XLSX partner table (rank_partners) or outlet table (allocate_leads)"
    )
    p.set_defaults(func=run)
    return p


def describe_tools() -> str:
    """Each tool with the first line of its description and a summary of its input fields."""
    lines = []
    for spec in TOOLS.values():
        lines.append(f"{spec.name}: {spec.description.splitlines()[0]}")
        schema = spec.input_model.model_json_schema()
        required = set(schema.get("required", []))
        for field in schema["properties"]:
            allowed = allowed_text(node_at(schema, (field,)), schema)
            need = "required" if field in required else "optional"
            lines.append(f"  {field} ({need}{', ' + allowed if allowed else ''})")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run the subcommand; 0 on success, 2 on an unknown tool, bad JSON, a bad table or invalid input."""
    if args.list:
        print(describe_tools())
        return 0
    if not args.name:
        return _fail("give a tool name (one of: " + ", ".join(TOOLS) + ") or --list")
    if args.name not in TOOLS:
        return _fail(f"unknown tool {args.name!r}; known tools: {', '.join(TOOLS)}")
    from assistant.config import get_settings
    from assistant.limits import load_json

    limit = get_settings().max_json_bytes
    text = sys.stdin.buffer.read(limit + 1) if args.json == "-" else (args.json or "{}")
    try:
        payload = load_json(text, f"{args.name}: the input")  # size and depth checked before parsing
    except ValueError as exc:
        return _fail(str(exc))
    if args.file is not None:
        key = TABLE_KEYS.get(args.name)
        if key is None:
            return _fail(f"--file works only with {' and '.join(TABLE_KEYS)}")
        from assistant.kb.tables import TableError, read_outlet_table, read_partner_table

        reader = read_partner_table if key == "partners" else read_outlet_table
        try:
            rows = reader(args.file, args.file.name)
        except (TableError, OSError) as exc:
            return _fail(f"{args.file.name}: {exc}")
        if not isinstance(payload, dict):
            return _fail(f"{args.name}: the input must be a JSON object")
        payload = {**payload, key: rows}
    from assistant.tools.defaults import load_tool_defaults

    try:
        defaults = load_tool_defaults(get_settings().knowledge_dir / "settings.toml")
        out = run_tool(args.name, payload, defaults)
    except ToolInputError as exc:
        return _fail(str(exc))
    except ValueError as exc:  # a malformed settings file
        return _fail(str(exc))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
