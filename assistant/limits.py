"""Input limits checked before parsing: JSON size and depth, conversation history, echoed text.

The limits themselves are settings (assistant.config.Settings.max_*), so an operator can state them in one place
and the command line, the tools and the chat agree.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.config import get_settings

ECHO_CHARS = 80  # of a bad input, at most this much is shown back


class InputLimitError(ValueError):
    """An input over one of the stated limits; the message names the input, the limit and the fix."""


def echo(value: Any, limit: int = ECHO_CHARS) -> str:
    """A bad input as shown back to the user: one line, control characters removed, truncated."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else " " for c in text[: limit * 4])
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_depth(text: str) -> int:
    """The deepest nesting of [ and { in a JSON text (strings skipped), found without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def load_json(text: str | bytes, what: str) -> Any:
    """Parse a JSON input within the size and depth limits; InputLimitError or ValueError naming `what`."""
    settings = get_settings()
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > settings.max_json_bytes:
        raise InputLimitError(
            f"{what} is {size:,} bytes; at most {settings.max_json_bytes:,} are read "
            "(SUPERNODE_MAX_JSON_BYTES raises the limit)"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{what} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    depth = json_depth(text)
    if depth > settings.max_json_depth:
        raise InputLimitError(
            f"{what} nests lists/objects {depth} deep; at most {settings.max_json_depth} levels are read"
        )
    try:
        return json.loads(text)  # cannot recurse too deep: the depth was checked above
    except ValueError as exc:
        raise ValueError(f"{what} is not valid JSON ({exc})") from None


def check_history(turns: list[dict[str, Any]], what: str = "the conversation history") -> None:
    """Refuse a history over the turn or character limit (before any turn is read)."""
    settings = get_settings()
    if len(turns) > settings.max_history_turns:
        raise InputLimitError(
            f"{what} has {len(turns):,} turns; at most {settings.max_history_turns} are read "
            "(start a new conversation, or pass only the recent turns)"
        )
    for number, turn in enumerate(turns, 1):
        content = turn.get("content") if isinstance(turn, dict) else None
        if (
            turn.get("role") == "user"
            and isinstance(content, str)
            and len(content) > settings.max_message_chars
        ):
            raise InputLimitError(
                f"{what}: user turn {number} has {len(content):,} characters; a question holds at most "
                f"{settings.max_message_chars:,}"
            )
        if turn.get("role") == "user" and isinstance(content, str):
            from assistant.understanding.numbers import find_numbers

            count = len(find_numbers(content))
            if count > settings.max_numbers_per_question:
                raise InputLimitError(
                    f"{what}: user turn {number} gives {count} numbers; a question gives at most "
                    f"{settings.max_numbers_per_question}"
                )
    chars = sum(len(t.get("content") or "") for t in turns if isinstance(t, dict))
    if chars > settings.max_history_chars:
        raise InputLimitError(
            f"{what} holds {chars:,} characters; at most {settings.max_history_chars:,} are read "
            "(pass only the recent turns)"
        )
