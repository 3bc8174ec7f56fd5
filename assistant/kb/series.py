"""Turn pasted or uploaded number series (text, CSV in UTF-8/GBK, XLSX) into calculator tool inputs."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.understanding.numbers import find_numbers

SERIES_COLUMNS: dict[str, tuple[str, ...]] = {
    "weekly_rue_pct": ("weekly_rue_pct", "rue", "weekly_rue", "资源利用率", "每周资源利用率", "rue(%)"),
    "sentiment": ("sentiment", "sentiment_index", "舆情", "舆情指数"),
    "monthly_roi": ("monthly_roi", "roi", "月度roi", "渠道roi"),
}


class SeriesError(ValueError):
    """An uploaded series file that cannot be used; the message says why."""


def parse_series(text: str) -> list[float]:
    """Every number in a pasted text, in order ("45%, 38%, 35%" or one per line; "1:3" reads as 3)."""
    return [m.value for m in find_numbers(text or "")]


def _key(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    return "".join(text.split()).replace("-", "_")


def _rows(data: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise SeriesError(f"not a readable XLSX file ({exc})") from exc
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SeriesError("the file is neither UTF-8 nor GBK text")
    return list(csv.reader(io.StringIO(text)))


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    found = parse_series(str(value))
    return found[0] if len(found) == 1 else None


def read_series_file(
    data: bytes, filename: str = "", columns: Mapping[str, Iterable[str]] = SERIES_COLUMNS
) -> dict[str, list[float]]:
    """Series from a table with one column per series (header names in English or Chinese); the cells
    are read top to bottom and empty cells are skipped. Raises SeriesError when nothing matches."""
    rows = [r for r in _rows(data, filename) if any(str(c or "").strip() for c in r)]
    if not rows:
        raise SeriesError("the file is empty")
    aliases = {_key(a): name for name, names in columns.items() for a in names}
    index = {aliases[_key(h)]: i for i, h in reversed(list(enumerate(rows[0]))) if _key(h) in aliases}
    if not index:
        raise SeriesError("no known column; use: " + ", ".join(next(iter(n)) for n in columns.values()))
    out: dict[str, list[float]] = {}
    for name, i in index.items():
        values = []
        for row_no, row in enumerate(rows[1:], 2):
            cell = row[i] if i < len(row) else None
            if cell is None or str(cell).strip() == "":
                continue
            number = _number(cell)
            if number is None:
                raise SeriesError(f"row {row_no}, column {rows[0][i]}: not a number: {cell!r}")
            values.append(number)
        if values:
            out[name] = values
    return out
