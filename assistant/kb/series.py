"""Turn pasted or uploaded number series (text; CSV in UTF-8/GBK or XLSX, read by kb.sheets) into calculator
tool inputs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.kb.sheets import FORMULA_REASON, FORMULA_WITHOUT_VALUE, SheetError, Source, is_blank, read_rows
from assistant.understanding.numbers import find_numbers

SERIES_COLUMNS: dict[str, tuple[str, ...]] = {
    "weekly_rue_pct": ("weekly_rue_pct", "rue", "weekly_rue", "资源利用率", "每周资源利用率", "rue(%)"),
    "sentiment": ("sentiment", "sentiment_index", "舆情", "舆情指数"),
    "monthly_roi": ("monthly_roi", "roi", "月度roi", "渠道roi"),
}


_PLACE = re.compile(r"^row (?P<row>\d+), column (?P<column>[^:]+): (?P<reason>.*)$")


class SeriesError(ValueError):
    """An uploaded series file that cannot be used; the message says why."""

    @property
    def problem(self) -> dict[str, Any]:
        """The problem as an import lists it: {row, column, reason}, row and column None for the whole file."""
        place = _PLACE.match(str(self))
        if place is None:
            return {"row": None, "column": None, "reason": str(self)}
        return {"row": int(place["row"]), "column": place["column"], "reason": place["reason"]}


def parse_series(text: str) -> list[float]:
    """Every number in a pasted text, in order ("45%, 38%, 35%" or one per line; "1:3" reads as 3)."""
    return [m.value for m in find_numbers(text or "")]


def _key(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    return "".join(text.split()).replace("-", "_")


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    found = parse_series(str(value))
    return found[0] if len(found) == 1 else None


def read_series_file(
    data: Source, filename: str = "", columns: Mapping[str, Iterable[str]] = SERIES_COLUMNS
) -> dict[str, list[float]]:
    """Series from a table with one column per series (header names in English or Chinese); the cells
    are read top to bottom and empty cells are skipped. A percent-formatted XLSX cell (0.45 shown as 45%)
    reads as 45, like the text "45%". Raises SeriesError when nothing matches or a cell is unusable."""
    try:
        rows = read_rows(data, filename)
    except SheetError as exc:
        raise SeriesError(str(exc)) from None
    if not rows:
        raise SeriesError("the file is empty")
    header = rows[0][1]
    aliases = {_key(a): name for name, names in columns.items() for a in names}
    index = {aliases[_key(h)]: i for i, h in reversed(list(enumerate(header))) if _key(h) in aliases}
    if not index:
        raise SeriesError("no known column; use: " + ", ".join(next(iter(n)) for n in columns.values()))
    out: dict[str, list[float]] = {}
    for name, i in index.items():
        values = []
        for row_no, row in rows[1:]:
            cell = row[i] if i < len(row) else None
            if cell is FORMULA_WITHOUT_VALUE:
                raise SeriesError(f"row {row_no}, column {header[i]}: {FORMULA_REASON}")
            if is_blank(cell):
                continue
            number = _number(cell)
            if number is None:
                raise SeriesError(f"row {row_no}, column {header[i]}: not a number: {cell!r}")
            values.append(number)
        if values:
            out[name] = values
    return out
