"""Pasted tables: markdown rows, tab-, comma- or semicolon-separated lines under a header row that names the
columns of one kind (partners, outlets, two profiles, partner shares)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.kb.tables import cell_number, header_key
from assistant.understanding.pasted.columns import SCHEMAS, Span

_I = re.IGNORECASE
_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_UNIT_TAIL = re.compile(r"\s*(?:分|星|颗星|pts?|points?|stars?|/\s*(?:5|100))\s*$", _I)
_ALIASES = {
    kind: {header_key(w): col for col, words in cols.items() for w in words} for kind, cols in SCHEMAS.items()
}


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _cells(line: str) -> tuple[str, list[str]] | None:
    """A line's delimiter and cells: a markdown row, tab-, comma- or semicolon-separated values."""
    s = line.strip()
    for delim in ("|", "\t", ",", ";"):
        if delim in s:
            if delim == "|":
                s = s[1:] if s.startswith("|") else s
                s = s[:-1] if s.endswith("|") else s
            return delim, [c.strip() for c in s.split(delim)]
    return None


def _header(cells: list[str]) -> tuple[str, dict[str, int]] | None:
    """The kind of table a header row starts and the cell index of each of its columns."""
    keys = [header_key(c) for c in cells]
    for kind, cols in SCHEMAS.items():
        index: dict[str, int] = {}
        for i, k in enumerate(keys):
            col = _ALIASES[kind].get(k)
            if col is not None and col not in index:
                index[col] = i
        label = next(iter(cols))  # the name or bucket column: named, or the first column nobody claims
        if label not in index:
            free = [i for i in range(len(cells)) if i not in index.values()]
            if not free:
                continue
            index[label] = free[0]
        if set(index) == set(cols):
            return kind, index
    return None


def _value(cell: str) -> float | str:
    """A cell's number ("80", "12%", "4.5分", "4.8/5"), or the cell itself for the tool to refuse."""
    number = cell_number(_UNIT_TAIL.sub("", cell))
    return cell if number is None else number


def tables(norm: str) -> Iterator[tuple[str, Any, Span]]:
    """Each table in the text: a header row naming a kind's columns, then rows with the same delimiter."""
    lines = list(_lines(norm))
    i = 0
    while i < len(lines):
        start, _, line = lines[i]
        split = _cells(line)
        head = _header(split[1]) if split else None
        i += 1
        if split is None or head is None:
            continue
        kind, index = head
        rows: list[list[str]] = []
        end = lines[i - 1][1]
        while i < len(lines) and (row := _cells(lines[i][2])) and row[0] == split[0]:
            cells = row[1]
            if len(cells) <= max(index.values()):
                break
            if not all(_RULE_CELL.match(c) or not c for c in cells):
                rows.append(cells)
            end, i = lines[i][1], i + 1
        if rows:
            yield kind, _records(kind, index, rows), (start, end)


def _records(kind: str, index: dict[str, int], rows: list[list[str]]) -> Any:
    """A table's rows as the tool input of its kind."""
    if kind == "profiles":
        pairs = [(r[index["bucket"]], _value(r[index["ours"]]), _value(r[index["theirs"]])) for r in rows]
        return {b: o for b, o, _ in pairs}, {b: t for b, _, t in pairs}
    if kind == "shares":
        return {r[index["name"]] or f"#{n}": _value(r[index["share"]]) for n, r in enumerate(rows, 1)}
    return [
        {
            col: (r[i] or f"#{n}") if col == "name" else _value(r[i])
            for col, i in sorted(index.items(), key=lambda ci: list(SCHEMAS[kind]).index(ci[0]))
        }
        for n, r in enumerate(rows, 1)
    ]
