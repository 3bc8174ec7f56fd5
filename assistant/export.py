"""Safe output for the app (CSV cells without formulas, markdown-safe text) and deal-table helpers."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.kb.deals import Deal, ImportReport, RowError

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
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
    text = (text or "").translate(_HTML)
    text = _IMAGE.sub(r"!\\[", text)
    return _DOLLAR.sub(r"\\$", text)


def safe_inline(text: str) -> str:
    """A short label (title, name) for markdown: safe_markdown plus escaped * _ ` [ ] | and no newlines."""
    text = safe_markdown(" ".join(str(text or "").split()))
    return re.sub(r"([*_`\[\]|#])", r"\\\1", text)


def filter_deals(
    frame: pd.DataFrame,
    text: str = "",
    filters: Mapping[str, Sequence[Any]] | None = None,
    sort_by: str | None = None,
    descending: bool = False,
) -> pd.DataFrame:
    """Deals whose text columns contain every word of `text` (case-insensitive) and whose columns take
    one of the chosen values (an empty choice keeps all), sorted by one column (empty cells last)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame
    words = [w for w in (text or "").lower().split() if w]
    if words:
        text_cols = [c for c in frame.columns if is_string_dtype(frame[c]) or is_object_dtype(frame[c])]
        haystack = out[text_cols].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        mask = haystack.map(lambda s: all(w in s for w in words))
        out = out[mask.astype(bool)]
    for column, values in (filters or {}).items():
        if values:
            out = out[out[column].isin(list(values))]
    if sort_by:
        out = out.sort_values(sort_by, ascending=not descending, na_position="last", kind="stable")
    return out


def accepted_deals(report: ImportReport, refused: Iterable[RowError]) -> list[Deal]:
    """The valid deals of an import minus those on a refused row (e.g. an id of the shipped data)."""
    bad_rows = {e.row for e in refused if e.row is not None}
    return [d for d, row in zip(report.valid, report.valid_rows, strict=True) if row not in bad_rows]


def validate_deal(values: Mapping[str, Any]) -> tuple[Deal | None, list[RowError]]:
    """A deal from form values through the Deal model, or None and one RowError per invalid field."""
    try:
        return Deal.model_validate(dict(values)), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            column = str(err["loc"][0]) if err["loc"] else None
            reason = (
                "required value is empty"
                if err["type"] == "missing"
                else err["msg"].removeprefix("Value error, ")
            )
            errors.append(RowError(column=column, reason=reason))
        return None, errors


def errors_table(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    """Import or form problems as rows {row, column, reason}, in row order."""
    rows = [{"row": e.row, "column": e.column or "", "reason": e.reason} for e in errors]
    return sorted(rows, key=lambda r: (r["row"] is None, r["row"] or 0))
