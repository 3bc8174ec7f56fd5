"""Safe output for the app: CSV cells that never run as formulas, and markdown-safe text."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HTML = str.maketrans({"<": "&lt;", ">": "&gt;"})
_AMPERSAND = re.compile(r"&(?!#?\w+;)")  # a bare &, not one that already starts an escaped character
_IMAGE = re.compile(r"!\[")
_DOLLAR = re.compile(r"(?<!\\)\$")


def safe_cell(value: Any) -> Any:
    """A cell for a CSV/Excel export: text starting with = + - @ (or tab/CR) gets a leading quote so a
    spreadsheet shows it as text instead of running it as a formula. Numbers and empty cells pass."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, StrEnum):
        value = value.value
    elif isinstance(value, datetime | date):
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows_to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A UTF-8 CSV with a byte-order mark (so Excel reads Chinese), every cell passed through safe_cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """A DataFrame as a safe CSV (see rows_to_csv); missing values become empty cells."""
    rows = ([None if _missing(v) else v for v in row] for row in frame.itertuples(index=False, name=None))
    return rows_to_csv([str(c) for c in frame.columns], rows)


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def safe_markdown(text: str) -> str:
    """Text that st.markdown shows as written: HTML tags are escaped (shown, never rendered), images
    are not loaded and '$' never starts a formula. Markdown emphasis, lists and tables still work."""
    text = _AMPERSAND.sub("&amp;", text or "").translate(_HTML)  # answers arrive with data text escaped once
    text = _IMAGE.sub(r"!\\[", text)
    return _DOLLAR.sub(r"\\$", text)


def safe_inline(text: str) -> str:
    """A short label (title, name) for markdown: safe_markdown plus escaped * _ ` [ ] | and no newlines."""
    text = safe_markdown(" ".join(str(text or "").split()))
    return re.sub(r"([*_`\[\]|#])", r"\\\1", text)
