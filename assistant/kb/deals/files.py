"""Deal files: reading a CSV/XLSX deal table into validated deals with a report of every problem (never
raising on bad content), loading the knowledge folder, and writing deals as CSV or a DataFrame."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.kb.deals.cells import to_number
from assistant.kb.deals.headers import Columns, map_columns
from assistant.kb.deals.model import DEAL_COLUMNS, REQUIRED_FIELDS, Deal
from assistant.kb.deals.report import DealDataError, ImportReport, RowError, row_errors
from assistant.kb.market import Benchmark, category_terms
from assistant.kb.sheets import (
    FORMULA_REASON,
    FORMULA_WITHOUT_VALUE,
    Row,
    SheetError,
    Source,
    is_blank,
    read_rows,
    source_bytes,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_IMPORT_ROWS", "deals_frame", "deals_to_csv", "load_deals", "read_deal_file", "save_deals"]

MAX_IMPORT_ROWS = 20_000  # rows per import; larger tables are split by the user


def _auto_id(values: dict[str, Any]) -> str:
    digest = hashlib.sha1(repr(sorted((k, str(v)) for k, v in values.items())).encode("utf-8")).hexdigest()
    return f"U-{digest[:8]}"


def _parse_row(
    number: int, row: list[Any], width: int, columns: Columns, context: dict[str, Any]
) -> Deal | list[RowError]:
    """The deal on one data row, or its problems."""
    extra = [v for v in row[width:] if not is_blank(v)]
    if extra:
        reason = f"{width + len(extra)} cells but the header has {width} columns (quote values with commas)"
        return [RowError(row=number, reason=reason)]
    formula = [f for i, f, _ in columns.used if i < len(row) and row[i] is FORMULA_WITHOUT_VALUE]
    if formula:
        return [RowError(row=number, column=field, reason=FORMULA_REASON) for field in formula]
    values: dict[str, Any] = {}
    for index, field, scale in columns.used:
        cell = row[index] if index < len(row) else None
        if is_blank(cell):
            continue
        if scale != 1.0:
            with contextlib.suppress(ValueError):  # unparsable: the model reports it
                cell = (to_number(cell) or 0) * scale
        values[field] = cell
    if is_blank(values.get("deal_id")):
        values["deal_id"] = _auto_id(values)
    try:
        return Deal.model_validate(values, context=context)
    except ValidationError as exc:
        return row_errors(exc, number)


def _header_problems(records: list[Row], columns: Columns, max_rows: int | None) -> list[RowError]:
    """Why the table cannot be imported at all: missing required columns, no data rows, too many rows."""
    header_row = records[0][0]
    missing = [f for f in REQUIRED_FIELDS if f not in columns.fields and f != "deal_id"]
    if missing:
        return [RowError(row=header_row, column=f, reason="required column is missing") for f in missing]
    if len(records) == 1:
        return [RowError(row=header_row, reason="the file has a header but no data rows")]
    if max_rows is not None and len(records) - 1 > max_rows:
        count = len(records) - 1
        return [
            RowError(
                reason=f"the file has {count:,} data rows; import at most {max_rows:,} at a time (split it)"
            )
        ]
    return []


def _parse_records(
    records: list[Row], filename: str, max_rows: int | None, context: dict[str, Any]
) -> ImportReport:
    report = ImportReport(filename=filename)
    if not records:
        report.errors.append(RowError(reason="the file has no header row and no data"))
        return report
    header = records[0][1]
    columns = map_columns(header)
    report.ignored_columns.extend(columns.ignored)
    report.errors.extend(_header_problems(records, columns, max_rows))
    if report.errors:
        return report
    ids: dict[str, int] = {}
    for number, row in records[1:]:
        deal = _parse_row(number, row, len(header), columns, context)
        if isinstance(deal, list):
            report.errors.extend(deal)
        elif deal.deal_id in ids:
            reason = f"duplicate deal_id '{deal.deal_id}' (also on row {ids[deal.deal_id]})"
            report.errors.append(RowError(row=number, column="deal_id", reason=reason))
        else:
            ids[deal.deal_id] = number
            report.valid.append(deal)
            report.valid_rows.append(number)
    return report


def read_deal_file(
    source: Source,
    filename: str | None = None,
    max_rows: int | None = MAX_IMPORT_ROWS,
    *,
    benchmarks: Mapping[str, Benchmark],
) -> ImportReport:
    """Validate every row of a deal CSV (UTF-8, UTF-8-BOM or GBK) or XLSX; never raises on bad content.

    A category cell names the category by key or by any of its names and aliases in the knowledge folder's
    `benchmarks` ('美妆', 'cosmetics').

    `source` is the file's bytes, an open binary file (e.g. an upload) or a path; `filename` decides the
    format by its extension. Row numbers in the report are the spreadsheet's (the header is row 1).
    """
    data, filename = source_bytes(source, filename)
    try:
        records = read_rows(data, filename)
    except SheetError as exc:
        return ImportReport(filename=filename, errors=[RowError(reason=str(exc))])
    context = {"category_terms": category_terms(benchmarks)}
    return _parse_records(records, filename, max_rows, context)


def load_deals(folder: Path, benchmarks: Mapping[str, Benchmark]) -> list[Deal]:
    """Every deal in every CSV of a folder (sorted by file name); raises DealDataError on any problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DealDataError([(str(folder.name), None, None, "deal folder not found")])
    deals: list[Deal] = []
    problems: list[tuple[str, int | None, str | None, str]] = []
    first_seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        report = read_deal_file(path, max_rows=None, benchmarks=benchmarks)
        problems.extend((path.name, e.row, e.column, e.reason) for e in report.errors)
        for deal, row in zip(report.valid, report.valid_rows, strict=True):
            if deal.deal_id in first_seen:
                reason = f"duplicate deal_id '{deal.deal_id}' (first in {first_seen[deal.deal_id]})"
                problems.append((path.name, row, "deal_id", reason))
                continue
            first_seen[deal.deal_id] = f"{path.name} row {row}"
            deals.append(deal)
    if problems:
        raise DealDataError(problems)
    return deals


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _write_csv(handle: Any, deals: Iterable[Deal]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(DEAL_COLUMNS)
    seen: set[str] = set()
    for deal in deals:
        if deal.deal_id in seen:
            raise ValueError(f"duplicate deal_id '{deal.deal_id}'")
        seen.add(deal.deal_id)
        writer.writerow([_cell(getattr(deal, column)) for column in DEAL_COLUMNS])


def deals_to_csv(deals: Iterable[Deal]) -> str:
    """The deals as CSV text with the Deal fields as columns (empty cells for None)."""
    buffer = io.StringIO()
    _write_csv(buffer, deals)
    return buffer.getvalue()


def save_deals(path: Path, deals: Iterable[Deal]) -> None:
    """Write deals to a UTF-8 CSV atomically: a temp file in the same folder, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp_name = ""
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline="",
            dir=path.parent,
            prefix=f".{path.name}.",
            suffix=".tmp",
            delete=False,
        ) as handle:
            temp_name = handle.name
            _write_csv(handle, deals)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise


def deals_frame(deals: Iterable[Deal]) -> pd.DataFrame:
    """The deals as a pandas DataFrame (one column per Deal field; enums as strings, dates as datetimes)."""
    import pandas as pd

    rows = [
        {c: (v.value if isinstance(v := getattr(d, c), StrEnum) else v) for c in DEAL_COLUMNS} for d in deals
    ]
    frame = pd.DataFrame(rows, columns=DEAL_COLUMNS)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("commission_pct", "investment", "gmv", "roi", "audience_match_pct"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["verified_cases"] = pd.to_numeric(frame["verified_cases"]).astype("Int64")
    return frame
