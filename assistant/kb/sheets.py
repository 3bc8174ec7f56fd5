"""The one spreadsheet reader: a CSV (UTF-8, UTF-8 with BOM or GBK) or an XLSX into numbered rows of cells.

Behind the deal import, the partner and outlet tables and the calculators' series uploads. Rows keep the
row numbers the user sees in the spreadsheet (the first row is 1); blank rows are left out.

Percent rule, the same for every reader: an XLSX number cell with a percent number format (0.38 shown as
38%) reads as 38, the 0-100 percent the tools take; a CSV cell is text, and "38%" reads as 38 wherever a
reader turns the cell into a number. A formula cell without a saved result reads as FORMULA_WITHOUT_VALUE
so that the caller can say so instead of taking it for an empty cell.

Limits, checked before the work they bound (a user's file may be careless or hostile): only a regular file
is opened (a FIFO would block, a link to /dev/zero never ends), its size is checked before it is read, an
XLSX's unpacked size before it is parsed (a zip bomb), and rows are read one at a time, stopping as soon as
the row, cell or cell-length limit is passed, so that a huge file costs no more than the limit.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from assistant.config import get_settings
from assistant.limits import InputLimitError, echo

__all__ = [
    "FORMULA_REASON",
    "FORMULA_WITHOUT_VALUE",
    "UNLIMITED",
    "Limits",
    "Row",
    "Sheet",
    "SheetError",
    "SheetLimitError",
    "Source",
    "is_blank",
    "is_percent_format",
    "read_rows",
    "read_sheet",
    "source_bytes",
]

Source = str | Path | bytes | bytearray | IO[bytes] | IO[str]
Row = tuple[int, list[Any]]  # (spreadsheet row number, cell values)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an old .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML file keeps in its OLE
_DELIMITERS = (",", "\t", ";")
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour]/[$-409] codes
_CJK = re.compile("[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
XLSX_EXPANSION = 5  # an XLSX may unpack to 5 × max_bytes (100 MB by default): a real table stays far below
MAX_LOADED_TAGS = 500_000  # XML tags of a part that openpyxl parses whole on opening (some 3 s of work)
CELLS_PER_ROW = 50  # the cell budget is max_rows × this: 1,000,000 cells by default
EXCEL_MAX_ROW = 1_048_576  # no sheet Excel writes has a row past this
_HEAD_BYTES, _SCAN_CHUNK = 64 * 1024, 1024 * 1024
_WORKSHEET = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")


class SheetError(ValueError):
    """The file cannot be read as a spreadsheet at all; the message says why and what to do."""


class SheetLimitError(SheetError, InputLimitError):
    """The file is over one of the stated limits (bytes, rows, cells, characters, unpacked XLSX size)."""


@dataclass(frozen=True)
class Limits:
    """How much of a file a reader takes; None is no limit.

    User files (imports, uploads, --file tables) get the settings' limits (`from_settings`); the project's
    own knowledge files are trusted (UNLIMITED): the team's deal file legitimately grows past one import.
    """

    max_bytes: int | None = None
    max_rows: int | None = None
    max_cell_chars: int | None = None

    @classmethod
    def from_settings(cls) -> Limits:
        settings = get_settings()
        return cls(settings.max_file_bytes, settings.max_file_rows, settings.max_cell_chars)

    @property
    def max_cells(self) -> int | None:
        """The most cells (rows × columns, blank rows included) read before giving up."""
        return None if self.max_rows is None else self.max_rows * CELLS_PER_ROW


UNLIMITED = Limits()


@dataclass
class Sheet:
    """The non-blank rows of the table read, and what the reader left out on the way (other sheets)."""

    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


# --- the bytes of a file ----------------------------------------------------------------------------------


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise SheetLimitError(
            f"the file is {_mb(size)} ({size:,} bytes); at most {_mb(max_bytes)} is read: split the table "
            "into smaller files (SUPERNODE_MAX_FILE_BYTES raises the limit)"
        )


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _check_regular(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")
    real = os.path.realpath(path)
    links = f" (it links to {echo(real)})" if real != os.path.abspath(path) else ""
    raise SheetError(f"the file is {kind}{links}, not a regular file: give a CSV or XLSX file")


def _read_path(path: Path, max_bytes: int | None) -> bytes:
    """A regular file's bytes, at most max_bytes of them.

    os.stat follows symlinks, so a link to /dev/zero is seen as the device it is, and nothing that is not a
    regular file is ever opened (opening a FIFO would block). The file is opened non-blocking and checked
    again, in case it was swapped between the two looks; it is read up to one byte past the limit, in case it
    grows while being read. Missing or unreadable files raise OSError, as before.
    """
    _check_regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        _check_regular(info.st_mode, path)
        _check_size(info.st_size, max_bytes)
        data = handle.read(-1 if max_bytes is None else max_bytes + 1)
    _check_size(len(data), max_bytes)
    return data


def source_bytes(
    source: Source, filename: str | None = None, max_bytes: int | None = None
) -> tuple[bytes, str]:
    """The file's bytes and its name from bytes, a path (str or Path) or an open file (e.g. an upload);
    SheetLimitError over max_bytes (checked before reading a path), SheetError for a path that is not a
    regular file."""
    if isinstance(source, bytes | bytearray):
        _check_size(len(source), max_bytes)
        return bytes(source), filename or ""
    if isinstance(source, str | Path):
        path = Path(source)
        return _read_path(path, max_bytes), filename or path.name
    if hasattr(source, "getvalue"):
        data = source.getvalue()
    else:
        data = source.read() if max_bytes is None else source.read(max_bytes + 1)
    name = filename or str(getattr(source, "name", "") or "")
    data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    _check_size(len(data), max_bytes)
    return data, name


# --- rows ---------------------------------------------------------------------------------------------------


def read_sheet(source: Source, filename: str | None = None, limits: Limits | None = None) -> Sheet:
    """The non-blank rows of a CSV or of the active sheet of an XLSX with the reader's warnings, or raise
    SheetError (SheetLimitError past a limit; `limits` defaults to the settings').

    The format is XLSX for a .xlsx/.xlsm name or for zip content whatever the name; old .xls workbooks and
    password-protected workbooks are refused with advice. An empty file gives no rows.
    """
    limits = Limits.from_settings() if limits is None else limits
    data, name = source_bytes(source, filename, limits.max_bytes)
    suffix = Path(name).suffix.lower()
    if data.startswith(_OLE2) and (suffix in {".xlsx", ".xlsm"} or _ENCRYPTED in data):
        raise SheetError(
            "the file is password-protected (or not an XLSX): remove the password and save it again "
            "as .xlsx or .csv"
        )
    if suffix == ".xls" or data.startswith(_OLE2):
        raise SheetError("old .xls workbooks are not supported: save as .xlsx or CSV")
    if suffix in {".xlsx", ".xlsm"} or data[:2] == b"PK":
        return _xlsx_sheet(data, limits)
    return Sheet(_collect(_csv_rows(data, limits), limits))


def read_rows(source: Source, filename: str | None = None, limits: Limits | None = None) -> list[Row]:
    """The non-blank rows of read_sheet (for readers that have no place for its warnings)."""
    return read_sheet(source, filename, limits).rows


def _collect(rows: Iterable[Row], limits: Limits) -> list[Row]:
    """The non-blank rows, stopping at the first row past a limit: the header and max_rows data rows, the
    cell budget (blank rows count too: a sheet of a million empty rows is work as well) and max_cell_chars."""
    out: list[Row] = []
    cells = 0
    for number, cells_of_row in rows:
        cells += max(len(cells_of_row), 1)
        if limits.max_cells is not None and cells > limits.max_cells:
            raise SheetLimitError(_too_many_cells(limits, f" by row {number:,}"))
        if all(is_blank(v) for v in cells_of_row):
            continue
        _check_cell_chars(number, cells_of_row, limits.max_cell_chars)
        out.append((number, cells_of_row))
        if limits.max_rows is not None and len(out) > limits.max_rows + 1:  # the first row is the header
            raise SheetLimitError(
                f"the file has more than {limits.max_rows:,} data rows; import at most {limits.max_rows:,} "
                "at a time (split it)"
            )
    return out


def _too_many_cells(limits: Limits, where: str) -> str:
    return (
        f"the file has more than {limits.max_cells:,} cells (rows × columns, empty ones too){where}; a table "
        f"to import has at most {limits.max_rows:,} rows of up to {CELLS_PER_ROW} columns: split it, or delete "
        "the empty rows and columns"
    )


def _check_cell_chars(number: int, cells: list[Any], limit: int | None) -> None:
    if limit is None:
        return
    for column, value in enumerate(cells, 1):
        if isinstance(value, str) and len(value) > limit:
            raise SheetLimitError(_long_cell(f"row {number:,}, column {column}", f"{len(value):,}", limit))


def _long_cell(where: str, size: str, limit: int) -> str:
    return f"{where}: a cell has {size} characters; a cell holds at most {limit:,}: shorten it"


# --- CSV ----------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The text of a CSV: the whole file as UTF-8 (with or without BOM), or else the whole file as GB18030
    (GBK); a file with lines of each is refused, since either reading would store the other's as mojibake."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    _refuse_mixed_encodings(data)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError("cannot decode the file: save it as UTF-8 (or GBK) CSV, or as XLSX") from None


def _is_utf8_text(line: bytes) -> bool:
    """A line that is UTF-8 Chinese (or other CJK) text. A GBK line is sometimes valid UTF-8 by chance, but
    then it reads as Greek, Cyrillic or Hebrew letters, never as CJK."""
    try:
        return bool(_CJK.search(line.decode("utf-8-sig")))
    except UnicodeDecodeError:
        return False


def _refuse_mixed_encodings(data: bytes) -> None:
    """SheetError naming the first UTF-8 line and the first line that is not, when a file has both."""
    utf8_line = other_line = 0
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        if _is_utf8_text(line):
            utf8_line = utf8_line or number
        else:
            other_line = other_line or number
        if utf8_line and other_line:
            raise SheetError(
                f"the file mixes text encodings: line {other_line} is not UTF-8 (GBK?) but line {utf8_line} "
                "is: save the whole file in one encoding (UTF-8) and import again"
            )


def _check_line_length(text: str, max_cell_chars: int | None) -> None:
    """Refuse a line longer than CELLS_PER_ROW cells of max_cell_chars before csv parses it: csv builds a
    row whole, and one 20 MB line of short cells would be millions of strings at once."""
    if max_cell_chars is None:
        return
    bound = max_cell_chars * CELLS_PER_ROW
    number, longest = max(enumerate(map(len, text.split("\n")), start=1), key=lambda pair: pair[1])
    if longest > bound:
        raise SheetLimitError(
            f"line {number:,} has {longest:,} characters, more than {CELLS_PER_ROW} cells of at most "
            f"{max_cell_chars:,} characters hold: check that it is a table (one row per line) and split it"
        )


def _csv_rows(data: bytes, limits: Limits) -> Iterator[Row]:
    """The CSV's rows one at a time (delimiter from the first line), with csv's own errors in words."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)  # ties go to the comma
    _check_line_length(text, limits.max_cell_chars)
    if limits.max_cell_chars is not None and csv.field_size_limit() <= limits.max_cell_chars:
        csv.field_size_limit(limits.max_cell_chars + 1)  # only ever raised; _collect applies the limit
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            limit = limits.max_cell_chars or csv.field_size_limit()
            size = f"more than {csv.field_size_limit():,}"
            raise SheetLimitError(_long_cell(f"row {number + 1:,}", size, limit)) from None
        raise SheetError(f"cannot read the CSV file (row {number + 1}): {exc}") from None


# --- XLSX ---------------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """What a scan of one XML part of an XLSX found."""

    name: str
    tags: int = 0
    loaded_whole: bool = False  # openpyxl parses it all on opening: shared strings, an unsized worksheet
    formulas: bool = False


def _check_xlsx_parts(data: bytes, limits: Limits) -> bool:
    """Check an XLSX's parts before openpyxl parses any of them; True when a worksheet may hold formulas.

    zipfile never inflates a part past the size the archive states, so the stated sizes bound the work:
    their total is refused past XLSX_EXPANSION × max_bytes (a zip bomb). Rows are read one at a time, but
    openpyxl parses some parts whole as it opens the workbook: the shared strings, and a worksheet without a
    <dimension> record (Excel always writes one); those are refused past MAX_LOADED_TAGS tags.
    """
    if limits.max_bytes is None:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_unpacked(sum(info.file_size for info in infos), XLSX_EXPANSION * limits.max_bytes)
            parts = [_scan_part(archive, info) for info in infos if info.filename.lower().endswith(".xml")]
    except SheetError:
        raise
    except Exception:  # not a readable zip: openpyxl says so in the usual words
        return True
    for part in parts:
        if part.loaded_whole and part.tags > MAX_LOADED_TAGS:
            raise SheetLimitError(
                f"the workbook part {echo(part.name, 60)} has more than {MAX_LOADED_TAGS:,} XML tags to read "
                "before the first row, more than a table to import holds: save the table as CSV and import that"
            )
    return any(part.formulas for part in parts)


def _check_unpacked(unpacked: int, bound: int) -> None:
    if unpacked > bound:
        raise SheetLimitError(
            f"the workbook unpacks to {_mb(unpacked)}; at most {_mb(bound)} is read (a damaged file or a zip "
            "bomb): save the table again in Excel as .xlsx, or as CSV, and import that"
        )


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Part:
    """Stream one XML part (it is never held whole): count the tags of a part openpyxl parses whole, up to
    just past the limit, and look for a formula in a worksheet, up to the first one."""
    part = _Part(info.filename)
    with archive.open(info) as member:
        head = member.read(_HEAD_BYTES)
        sheet = _WORKSHEET.search(head)
        unsized = sheet is not None and _DIMENSION.search(head) is None
        part.loaded_whole = info.filename.lower().endswith("sharedstrings.xml") or unsized
        marks = _formula_marks(sheet)
        chunk, tail = head, b""
        while chunk and not _scanned_enough(part, marks):
            if part.loaded_whole:
                part.tags += chunk.count(b"<")
            window = tail + chunk
            part.formulas = part.formulas or any(mark in window for mark in marks)
            tail, chunk = chunk[-8:], member.read(_SCAN_CHUNK)
    return part


def _formula_marks(sheet: re.Match[bytes] | None) -> tuple[bytes, ...]:
    """The opening tags of a formula in a worksheet ('<f>', '<f t=...>', with the sheet's namespace prefix if
    it has one); none for a part that is no worksheet."""
    if sheet is None:
        return ()
    prefix = sheet.group(1) or b""
    return (b"<" + prefix + b"f>", b"<" + prefix + b"f ")


def _scanned_enough(part: _Part, marks: tuple[bytes, ...]) -> bool:
    counting = part.loaded_whole and part.tags <= MAX_LOADED_TAGS
    searching = bool(marks) and not part.formulas
    return not (counting or searching)


def _xlsx_sheet(data: bytes, limits: Limits) -> Sheet:
    from openpyxl import load_workbook

    has_formulas = _check_xlsx_parts(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise SheetError(f"cannot open the XLSX workbook: {exc}") from None
    formulas = None
    try:
        sheet, warnings = _table_sheet(book)
        raw = None
        if has_formulas:  # the same sheet with formulas instead of results: tells a formula never calculated
            with contextlib.suppress(Exception):  # from an empty cell; without it formulas go unnoticed
                formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                raw = formulas[sheet.title]
        return Sheet(_collect(_xlsx_rows(sheet, raw), limits), warnings)
    except SheetError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip fails only while its rows are read
        raise SheetError(f"cannot open the XLSX workbook: {exc}") from None
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _table_sheet(book: Any) -> tuple[Any, list[str]]:
    """The active worksheet, and a warning naming the other sheets (they are not read); SheetError when the
    workbook has no worksheet or its active sheet is a chart."""
    sheet = book.active
    if not book.worksheets or sheet is None:
        raise SheetError(
            "the workbook has no worksheet (only charts, or nothing): put the table on a worksheet and save "
            "again, or save it as CSV"
        )
    if not hasattr(sheet, "iter_rows"):
        raise SheetError(
            f"the active sheet '{sheet.title}' is a chart, not a table: open the file, click the tab of the "
            "sheet with the table, save, and import again (or save that sheet as CSV)"
        )
    others = [name for name in book.sheetnames if name != sheet.title]
    if not others:
        return sheet, []
    names = ", ".join(f"'{name}'" for name in others[:10]) + (" …" if len(others) > 10 else "")
    return sheet, [f"only the active sheet '{sheet.title}' was read; other sheets were ignored: {names}"]


def _xlsx_rows(sheet: Any, raw: Any) -> Iterator[Row]:
    """The sheet's rows one at a time, each as long as its last cell (the stated dimension is ignored: a
    hostile one would pad every row to 16,384 columns); `raw` is the same sheet with formulas."""
    sheet.reset_dimensions()
    formula_rows = iter(())
    if raw is not None:
        raw.reset_dimensions()
        formula_rows = raw.iter_rows(min_row=1, min_col=1)
    for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
        if number > EXCEL_MAX_ROW:
            raise SheetError(f"the sheet has rows past row {EXCEL_MAX_ROW:,}, which Excel never writes")
        sources = [getattr(c, "value", None) for c in next(formula_rows, ())]
        sources += [None] * (len(cells) - len(sources))
        yield number, [_xlsx_value(c, source) for c, source in zip(cells, sources, strict=False)]


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
