"""The one spreadsheet reader: a CSV (UTF-8, UTF-8 with BOM or GBK) or an XLSX into numbered rows of cells.

Behind the deal import, the partner and outlet tables and the calculators' series uploads. Rows keep the
row numbers the user sees in the spreadsheet (the first row is 1); blank rows are left out.

Percent rule, the same for every reader: an XLSX number cell with a percent number format (0.38 shown as
38%) reads as 38, the 0-100 percent the tools take; a CSV cell is text, and "38%" reads as 38 wherever a
reader turns the cell into a number. A formula cell without a saved result reads as FORMULA_WITHOUT_VALUE
so that the caller can say so instead of taking it for an empty cell.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import IO, Any

__all__ = [
    "FORMULA_REASON",
    "FORMULA_WITHOUT_VALUE",
    "Row",
    "SheetError",
    "Source",
    "is_blank",
    "is_percent_format",
    "read_rows",
    "source_bytes",
]

Source = str | Path | bytes | bytearray | IO[bytes] | IO[str]
Row = tuple[int, list[Any]]  # (spreadsheet row number, cell values)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of an old binary .xls workbook
_DELIMITERS = (",", "\t", ";")
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour]/[$-409] codes


class SheetError(ValueError):
    """The file cannot be read as a spreadsheet at all; the message says why and what to do."""


class _FormulaWithoutValue:
    """Marks an XLSX formula cell that has no saved result (the file was never recalculated)."""

    def __repr__(self) -> str:
        return "<formula without a saved value>"


FORMULA_WITHOUT_VALUE: Any = _FormulaWithoutValue()
FORMULA_REASON = "formula without a saved value: open the file in Excel and save it, or paste values"


def is_blank(value: Any) -> bool:
    """An empty cell: None or text of only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_percent_format(number_format: str | None) -> bool:
    """An Excel number format that shows the value times 100 with a % sign ('0%', '0.0%', '#,##0.00%').

    A % inside quotes, after a backslash or in a [...] code is literal text and does not scale the value.
    """
    return "%" in _LITERALS.sub("", number_format or "")


def source_bytes(source: Source, filename: str | None = None) -> tuple[bytes, str]:
    """The file's bytes and its name from bytes, a path (str or Path) or an open file (e.g. an upload)."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), filename or ""
    if isinstance(source, str | Path):
        path = Path(source)
        return path.read_bytes(), filename or path.name
    data = source.getvalue() if hasattr(source, "getvalue") else source.read()
    name = filename or str(getattr(source, "name", "") or "")
    return (data.encode("utf-8") if isinstance(data, str) else bytes(data)), name


def read_rows(source: Source, filename: str | None = None) -> list[Row]:
    """The non-blank rows of a CSV or of the active sheet of an XLSX, or raise SheetError.

    The format is XLSX for a .xlsx/.xlsm name or for zip content whatever the name; old .xls workbooks
    are refused with advice. An empty file gives an empty list.
    """
    data, name = source_bytes(source, filename)
    suffix = Path(name).suffix.lower()
    if suffix == ".xls" or data.startswith(_OLE2):
        raise SheetError("old .xls workbooks are not supported: save as .xlsx or CSV")
    rows = _xlsx_rows(data) if suffix in {".xlsx", ".xlsm"} or data[:2] == b"PK" else _csv_rows(data)
    return [(number, cells) for number, cells in rows if not all(is_blank(v) for v in cells)]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("cannot decode the file: save it as UTF-8 (or GBK) CSV, or as XLSX")


def _csv_rows(data: bytes) -> list[Row]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)  # ties go to the comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise SheetError(f"cannot read the CSV file: {exc}") from None


def _xlsx_rows(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise SheetError(f"cannot open the XLSX workbook: {exc}") from None
    try:  # the same sheet with formulas instead of results: tells a formula never calculated from an empty cell
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        formulas = None
    try:
        raw_rows = formulas.active.iter_rows(min_row=1, min_col=1) if formulas is not None else iter(())
        rows = []
        for number, cells in enumerate(book.active.iter_rows(min_row=1, min_col=1), start=1):
            sources = [getattr(c, "value", None) for c in next(raw_rows, ())]
            sources += [None] * (len(cells) - len(sources))
            rows.append((number, [_xlsx_value(c, source) for c, source in zip(cells, sources, strict=False)]))
        return rows
    except Exception as exc:  # a damaged sheet inside a readable zip fails only while its rows are read
        raise SheetError(f"cannot open the XLSX workbook: {exc}") from None
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _xlsx_value(cell: Any, source: Any) -> Any:
    """A cell's saved value, a percent-formatted number as 0-100, or FORMULA_WITHOUT_VALUE."""
    value = getattr(cell, "value", None)
    if value is None and isinstance(source, str) and source.startswith("="):
        return FORMULA_WITHOUT_VALUE
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if is_percent_format(getattr(cell, "number_format", None)):
        return round(value * 100, 10)  # 38% is stored as 0.38
    return value
