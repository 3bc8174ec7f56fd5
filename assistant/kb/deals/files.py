"""Deal files: reading a CSV/XLSX deal table into validated deals with a report of every problem (never
raising on bad content), loading the knowledge folder, and writing deals as CSV or a DataFrame."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from glob import escape as glob_escape
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.config import Settings
from assistant.kb.deals.cells import has_unit, to_number
from assistant.kb.deals.headers import Columns, ignored_warning, map_columns
from assistant.kb.deals.model import DEAL_COLUMNS, REQUIRED_FIELDS, Deal
from assistant.kb.deals.report import DealDataError, ImportReport, RowError, row_errors
from assistant.kb.market import Benchmark, category_terms
from assistant.kb.sheets import (
    FORMULA_REASON,
    FORMULA_WITHOUT_VALUE,
    UNLIMITED,
    Limits,
    Row,
    SheetError,
    Source,
    is_blank,
    read_sheet,
)
from assistant.limits import echo

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_IMPORT_ROWS",
    "atomic_file",
    "deals_frame",
    "deals_to_csv",
    "load_deals",
    "read_deal_file",
    "remove_stale_temps",
    "save_deals",
]

# The default row limit of one import; the one in force is settings.max_file_rows (SUPERNODE_MAX_FILE_ROWS).
MAX_IMPORT_ROWS: int = Settings.model_fields["max_file_rows"].default


def _auto_id(values: dict[str, Any]) -> str:
    digest = hashlib.sha1(repr(sorted((k, str(v)) for k, v in values.items())).encode("utf-8")).hexdigest()
    return f"U-{digest[:8]}"


def _scaled(number: int, header: str, cell: Any, field: str, scale: float) -> Any:
    """A cell under a header with a unit ('投入(万元)') times that unit; RowError when the cell has its own
    unit too ('5万'): applying both would store 5万 as 5亿, and which one was meant is the user's call."""
    if has_unit(cell):
        reason = (
            f"'{echo(cell)}' has its own unit and the header {echo(header, 40)} gives one too, so which one "
            "applies is unclear: write the bare number under this header, or use a header without a unit"
        )
        return RowError(row=number, column=field, reason=reason)
    with contextlib.suppress(ValueError):  # unparsable: the model reports it
        return (to_number(cell) or 0) * scale
    return cell


def _parse_row(
    number: int, row: list[Any], header: list[Any], columns: Columns, context: dict[str, Any]
) -> Deal | list[RowError]:
    """The deal on one data row, or its problems."""
    width = len(header)
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
            cell = _scaled(number, str(header[index]), cell, field, scale)
            if isinstance(cell, RowError):
                return [cell]
        values[field] = cell
    if is_blank(values.get("deal_id")):
        values["deal_id"] = _auto_id(values)
    try:
        return Deal.model_validate(values, context=context)
    except ValidationError as exc:
        return row_errors(exc, number)


def _header_problems(records: list[Row], columns: Columns) -> list[RowError]:
    """Why the table cannot be imported at all: missing or repeated columns, no data rows."""
    header_row = records[0][0]
    missing = [f for f in REQUIRED_FIELDS if f not in columns.fields and f != "deal_id"]
    problems = [RowError(row=header_row, column=f, reason="required column is missing") for f in missing]
    for field, names in columns.repeated.items():
        shown = " and ".join(f"'{echo(n, 40)}'" for n in names)
        reason = f"columns {shown} all give {field}; keep one of them (delete or rename the others)"
        problems.append(RowError(row=header_row, column=field, reason=reason))
    if not problems and len(records) == 1:
        problems.append(RowError(row=header_row, reason="the file has a header but no data rows"))
    return problems


def _parse_records(records: list[Row], report: ImportReport, context: dict[str, Any]) -> ImportReport:
    if not records:
        report.errors.append(RowError(reason="the file has no header row and no data"))
        return report
    header = records[0][1]
    columns = map_columns(header)
    report.ignored_columns.extend(columns.ignored)
    report.warnings.extend(ignored_warning(name) for name in columns.ignored)
    report.errors.extend(_header_problems(records, columns))
    if report.errors:
        return report
    ids: dict[str, int] = {}
    for number, row in records[1:]:
        deal = _parse_row(number, row, header, columns, context)
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
    *,
    benchmarks: Mapping[str, Benchmark],
    limits: Limits | None = None,
) -> ImportReport:
    """Validate every row of a deal CSV (UTF-8, UTF-8-BOM or GBK) or XLSX; never raises on bad content.

    A category cell names the category by key or by any of its names and aliases in the knowledge folder's
    `benchmarks` ('美妆', 'cosmetics').

    `source` is the file's bytes, an open binary file (e.g. an upload) or a path; `filename` decides the
    format by its extension. Row numbers in the report are the spreadsheet's (the header is row 1). A file
    over the settings' size, row or cell limits (`limits`, UNLIMITED for the project's own files) is refused
    as a whole; what was left out on the way (other sheets, unknown columns) is in `report.warnings`. A
    missing or unreadable path raises OSError.
    """
    report = ImportReport(filename=_source_name(source, filename))
    try:
        sheet = read_sheet(source, filename, limits)
    except SheetError as exc:
        report.errors.append(RowError(reason=str(exc)))
        return report
    report.warnings.extend(sheet.warnings)
    return _parse_records(sheet.rows, report, {"category_terms": category_terms(benchmarks)})


def _source_name(source: Source, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, str | Path):
        return Path(source).name
    return str(getattr(source, "name", "") or "")


def load_deals(folder: Path, benchmarks: Mapping[str, Benchmark]) -> list[Deal]:
    """Every deal in every CSV of a folder (sorted by file name); raises DealDataError on any problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DealDataError([(str(folder.name), None, None, "deal folder not found")])
    deals: list[Deal] = []
    problems: list[tuple[str, int | None, str | None, str]] = []
    first_seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        report = read_deal_file(path, benchmarks=benchmarks, limits=UNLIMITED)
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
    """Write deals to a UTF-8 CSV atomically, keeping the file's permissions (see atomic_file)."""
    with atomic_file(Path(path)) as handle:
        _write_csv(handle, deals)


NEW_FILE_MODE = 0o644


@contextlib.contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file written whole or not at all: a temp file in the same folder, fsync, then os.replace.

    The result keeps the permissions of the file it replaces (NEW_FILE_MODE for a new one): a temp file is
    created 0600, and replacing the team's deal file with it as is would lock the others out. A temp file's
    name carries its writer's process id, so that one left by a writer that is gone (kill -9, a crash) is
    recognised and removed by the next write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent, f".{path.name}.")
    mode = stat.S_IMODE(os.stat(path).st_mode) if path.exists() else NEW_FILE_MODE
    text = {} if binary else {"encoding": "utf-8", "newline": ""}
    temp_name = ""
    try:
        with tempfile.NamedTemporaryFile(
            "wb" if binary else "w",
            dir=path.parent,
            prefix=f".{path.name}.{os.getpid()}.",
            suffix=".tmp",
            delete=False,
            **text,
        ) as handle:
            temp_name = handle.name
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path, prefix: str = ".") -> None:
    """Remove the temp files ('.NAME.PID.RANDOM.tmp') in a folder whose writing process is gone; a temp file
    without a process id is from a writer older than this rule, and gone too."""
    for temp in folder.glob(f"{glob_escape(prefix)}*.tmp"):
        parts = temp.name.split(".")
        pid = parts[-3] if len(parts) >= 4 else ""
        if not (pid.isdigit() and _process_alive(int(pid))):
            temp.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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
