"""Working on the deal table in the app: filtering and sorting the frame, the accepted rows of an import,
one deal from form values, and problems as table rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.kb.deals.model import Deal
from assistant.kb.deals.report import ImportReport, RowError, row_errors
from assistant.kb.market import Benchmark, category_terms

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["accepted_deals", "errors_table", "filter_deals", "validate_deal"]


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


def validate_deal(
    values: Mapping[str, Any], benchmarks: Mapping[str, Benchmark]
) -> tuple[Deal | None, list[RowError]]:
    """A deal from form values through the Deal model, or None and one RowError per invalid field."""
    try:
        return Deal.model_validate(dict(values), context={"category_terms": category_terms(benchmarks)}), []
    except ValidationError as exc:
        return None, row_errors(exc, None, show_input=False)


def errors_table(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    """Import or form problems as rows {row, column, reason}, in row order."""
    rows = [{"row": e.row, "column": e.column or "", "reason": e.reason} for e in errors]
    return sorted(rows, key=lambda r: (r["row"] is None, r["row"] or 0))
