"""Hostile and careless deal/table files (issue #16): each ends quickly with a message naming the file, row
and column, never a traceback, and a refused import leaves knowledge/ and data/ byte-identical.

1. unbounded work: a zip bomb, a link to /dev/zero, a FIFO, a million-row CSV (measured in a subprocess:
   under 10 s and 500 MB peak RSS);
2. values past business bounds (cases, money, -0, NaN, far dates) refused alike by import, model and tools;
3. silent damage: mixed UTF-8/GBK, a unit in the header and in the cell, misspelt and repeated columns,
   other sheets;
4. files that used to raise: a giant cell, a workbook without a worksheet or with a chart active, a
   password-protected workbook;
5. debris and ids: a killed write, file permissions, unsafe deal ids, blank partners, impossible times.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from assistant.cli import main
from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.kb.deal_store import undo, user_file
from assistant.kb.deals import Deal, deals_frame, read_deal_file
from assistant.kb.sheets import MAX_LOADED_TAGS, SheetLimitError, read_rows
from assistant.kb.tables import TableError, read_partner_table
from assistant.kb.validate import validate_knowledge
from assistant.tools import ToolInputError, validate_input
from tests.reliability.test_imports import import_env, snapshot
from tests.support.knowledge import BENCH

__all__ = ["import_env"]  # the knowledge folder with two shipped sample deals, shared with test_imports

SECONDS, PEAK_MB = 10, 500
HEADER = "deal_id,partner,partner_type,category,deal_type,outcome"
ROW = "U-{i},晨光文具,retailer,fmcg,co_marketing,renewed"
SHEET = "xl/worksheets/sheet1.xml"  # where openpyxl writes the first sheet
SS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def deal_csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def problems(report) -> dict[tuple[int | None, str | None], str]:
    return {(e.row, e.column): e.reason for e in report.errors}


def both_folders(settings: Settings) -> dict[str, str]:
    """Every file of knowledge/ and data/ with its hash: a refused import must change neither."""
    return {
        **{f"knowledge/{k}": v for k, v in snapshot(settings.knowledge_dir).items()},
        **{f"data/{k}": v for k, v in snapshot(settings.data_dir).items()},
    }


# --- files that stand in for the tester's --------------------------------------------------------------------


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_part(source: bytes, target: Path, name: str, write_part, types: bytes = b"") -> Path:
    """Copy a workbook, streaming a new content for part `name` (so a bomb is never held in memory)."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types + b"</Types>")
            if info.filename != name:
                out.writestr(info, data)
        with out.open(name, "w", force_zip64=True) as handle:
            write_part(handle)
    return target


def sheet_of_rows(rows: int, dimension: bool = False):
    """A worksheet part of `rows` identical data rows, written in chunks."""
    row = b'<row><c t="inlineStr"><is><t>U-1</t></is></c><c t="inlineStr"><is><t>p</t></is></c></row>'

    def write(handle) -> None:
        handle.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
        handle.write(b'spreadsheetml/2006/main">' + (b'<dimension ref="A1:B2"/>' if dimension else b""))
        handle.write(b"<sheetData>")
        chunk = row * 10_000
        for _ in range(rows // 10_000):
            handle.write(chunk)
        handle.write(b"</sheetData></worksheet>")

    return write


def small_workbook() -> bytes:
    book = Workbook()
    book.active.append(["deal_id", "partner"])
    return workbook_bytes(book)


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An 8 MB XLSX whose sheet unpacks to 1 GB of repeated rows (the tester's was 10 MB → 2.8 GB)."""
    path = tmp_path_factory.mktemp("bomb") / "deals.xlsx"
    rewrite_part(small_workbook(), path, SHEET, sheet_of_rows(11_000_000))
    assert path.stat().st_size < 20 * 1024 * 1024  # under the file size limit: the unpacked size must stop it
    return path


def chart_workbook(path: Path, with_table: bool) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "traffic_quality"])
    sheet.append(["甲", 80])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2))
    charts = book.create_chartsheet("Chart1")
    charts.add_chart(chart)
    if with_table:
        book.active = 1  # the chart sheet is the one open
    else:
        book.remove(sheet)
    book.save(path)
    return path


def encrypted_workbook(path: Path) -> Path:
    """What Excel writes for a workbook with a password: an OLE compound file with an EncryptedPackage."""
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    return path


# --- measuring a subprocess ------------------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    err: str
    seconds: float
    peak_mb: float


def run_measured(args: list[str], tmp_path: Path) -> Run:
    """`python -m assistant ARGS` in a child (environment of the test: its knowledge and data folders), with
    wall time and peak RSS (GNU time when present, else the children's rusage: an upper bound)."""
    command = [sys.executable, "-m", "assistant", *args]
    rss_file = tmp_path / "peak_rss_kb"
    if Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *command]
    start = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, env=dict(os.environ)
    )
    seconds = time.monotonic() - start
    if rss_file.exists():
        peak_kb = int(rss_file.read_text().split()[-1])
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\n{' '.join(args[:2])} {Path(args[-1]).name}: {seconds:.1f} s, peak RSS {peak_kb / 1024:.0f} MB")
    return Run(done.returncode, done.stderr, seconds, peak_kb / 1024)


def assert_refused_quickly(run: Run, message: str, tally) -> None:
    tally["inputs tried"] += 1
    tally["tracebacks"] += run.err.count("Traceback")
    assert run.code in (1, 2), run.err
    assert message in run.err, run.err
    assert "Traceback" not in run.err and "unexpected error" not in run.err
    assert run.seconds < SECONDS, f"took {run.seconds:.1f} s"
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
    tally["files rejected cleanly"] += 1
    tally["resource limits hit cleanly"] += 1


def import_command(path: Path) -> list[str]:
    return ["import-deals", "--dry-run", str(path)]


def rank_command(path: Path) -> list[str]:
    return ["tool", "rank_partners", "--file", str(path)]


COMMANDS = pytest.mark.parametrize("command", [import_command, rank_command], ids=["import-deals", "rank"])


# --- 1. unbounded work ----------------------------------------------------------------------------------------


@COMMANDS
def test_a_zip_bomb_ends_quickly_with_a_clear_message(
    command, zip_bomb: Path, import_env: Settings, tmp_path: Path, tally
) -> None:
    before = both_folders(import_env)
    run = run_measured(command(zip_bomb), tmp_path)
    assert_refused_quickly(run, "zip bomb", tally)
    assert "at most 100.0 MB is read" in run.err
    assert both_folders(import_env) == before


@COMMANDS
def test_a_link_to_dev_zero_ends_quickly_with_a_clear_message(
    command, import_env: Settings, tmp_path: Path, tally
) -> None:
    link = tmp_path / "deals.csv"
    link.symlink_to("/dev/zero")
    before = both_folders(import_env)
    run = run_measured(command(link), tmp_path)
    assert_refused_quickly(run, "is a device (it links to /dev/zero), not a regular file", tally)
    assert both_folders(import_env) == before


@pytest.mark.parametrize("kind", ["55 MB", "12 MB"])
def test_a_million_row_csv_ends_quickly_with_a_clear_message(
    kind: str, import_env: Settings, tmp_path: Path, tally
) -> None:
    """Full deal rows make a file over the size limit, refused before reading; short rows fit the size
    limit and are read until the first row past 20,000."""
    path = tmp_path / "million.csv"
    rows = (ROW.format(i=i) if kind == "55 MB" else f"U-{i},p" for i in range(1_000_000))
    path.write_bytes(deal_csv(*rows))
    before = both_folders(import_env)
    run = run_measured(import_command(path), tmp_path)
    if kind == "55 MB":
        assert_refused_quickly(run, "at most 20.0 MB is read: split the table into smaller files", tally)
    else:
        message = "the file has more than 20,000 data rows; import at most 20,000 at a time (split it)"
        assert_refused_quickly(run, message, tally)
    assert both_folders(import_env) == before


def test_files_that_are_not_regular_are_refused_without_being_opened(tmp_path: Path, tally) -> None:
    fifo = tmp_path / "deals.csv"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    outcome: list[str] = []
    reader = threading.Thread(
        target=lambda: outcome.append(read_deal_file(fifo, benchmarks=BENCH).errors[0].reason), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    assert outcome and "is a pipe (FIFO), not a regular file" in outcome[0]
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "is a folder, not a regular file" in read_deal_file(folder, benchmarks=BENCH).errors[0].reason
    with pytest.raises(TableError, match="not a regular file"):
        read_partner_table(fifo)
    tally["inputs tried"] += 2
    tally["files rejected cleanly"] += 2


def test_limits_come_from_the_settings_and_stop_reading_at_the_first_row_past_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally
) -> None:
    monkeypatch.setenv("SUPERNODE_MAX_FILE_ROWS", "10")
    get_settings.cache_clear()
    rows = [ROW.format(i=i) for i in range(11)]
    assert read_deal_file(deal_csv(*rows[:10]), "ok.csv", benchmarks=BENCH).ok
    report = read_deal_file(deal_csv(*rows), "d.csv", benchmarks=BENCH)
    assert [e.reason for e in report.errors] == [
        "the file has more than 10 data rows; import at most 10 at a time (split it)"
    ]
    book = Workbook()
    for row in [HEADER.split(","), *(r.split(",") for r in rows)]:
        book.active.append(row)
    with pytest.raises(SheetLimitError, match="more than 10 data rows"):
        read_rows(workbook_bytes(book), "d.xlsx")
    monkeypatch.setenv("SUPERNODE_MAX_FILE_BYTES", "5000")
    get_settings.cache_clear()
    big = deal_csv(*(ROW.format(i=i) for i in range(200)))
    (tmp_path / "big.csv").write_bytes(big)
    for source in (big, io.BytesIO(big), tmp_path / "big.csv"):
        with pytest.raises(
            SheetLimitError, match=r"the file is 10\.5 KB \(10,746 bytes\); at most 4\.9 KB is read"
        ):
            read_rows(source, "big.csv")
    monkeypatch.delenv("SUPERNODE_MAX_FILE_BYTES")
    get_settings.cache_clear()
    with pytest.raises(SheetLimitError, match="line 2 has 600,000 characters, more than 50 cells"):
        read_rows(("a\n" + "x," * 300_000).encode(), "wide.csv")  # one row of 300,000 cells
    tally["inputs tried"] += 6
    tally["resource limits hit cleanly"] += 6


@pytest.mark.parametrize("part", ["sharedStrings", "sheet without dimension"])
def test_parts_that_openpyxl_parses_whole_are_bounded_before_it_opens_them(part: str, tmp_path: Path) -> None:
    source = small_workbook()
    if part == "sharedStrings":

        def strings(handle) -> None:
            handle.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            handle.write(b"<si><t>x</t></si>" * (MAX_LOADED_TAGS // 4 + 1))
            handle.write(b"</sst>")

        override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SS_TYPE + b'"/>'
        path = rewrite_part(source, tmp_path / "s.xlsx", "xl/sharedStrings.xml", strings, override)
    else:
        path = rewrite_part(source, tmp_path / "s.xlsx", SHEET, sheet_of_rows(200_000))
    start = time.monotonic()
    with pytest.raises(SheetLimitError, match=f"more than {MAX_LOADED_TAGS:,} XML tags"):
        read_rows(path)
    assert time.monotonic() - start < 5
    sized = rewrite_part(source, tmp_path / "sized.xlsx", SHEET, sheet_of_rows(200_000, True))
    with pytest.raises(SheetLimitError, match="more than 20,000 data rows"):  # streamed up to the limit
        read_rows(sized)


# --- 2. values past business bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("verified_cases", "1e20", "less than or equal to 9999"),
        ("verified_cases", "10000", "less than or equal to 9999"),
        ("investment", "1e16", "less than or equal to 1000000000000000"),
        ("gmv", "2000000000000000", "less than or equal to 1000000000000000"),
        ("commission_pct", "-0", "'-0' is negative zero: write 0"),
        ("investment", "-0.0", "negative zero"),
        ("gmv", "nan", "'nan' is not a number"),
        ("roi", "inf", "'inf' is not a number"),
        ("audience_match_pct", "1e400", "is not a number"),
        ("start_date", "3000-01-01", "give a year from 1900 to 2100"),
    ],
)
def test_values_past_business_bounds_are_refused_by_import_model_and_tools(
    column: str, value: str, reason: str, tally
) -> None:
    report = read_deal_file(
        deal_csv(ROW.format(i=1) + f",{value}", header=f"{HEADER},{column}"), "d.csv", benchmarks=BENCH
    )
    assert not report.valid
    assert reason in problems(report)[(2, column)]
    base = dict(zip(HEADER.split(","), ROW.format(i=1).split(","), strict=True))
    with pytest.raises(ValueError, match=column):
        Deal.model_validate({**base, column: value})
    tally["inputs tried"] += 1
    tally["files rejected cleanly"] += 1


def test_the_tools_and_validate_agree_with_the_deal_bounds(fixture_knowledge: Path) -> None:
    with pytest.raises(ToolInputError, match="verified_cases"):
        validate_input("assess_partner", {"verified_cases": 10**20, "audience_match_pct": 70, "roi": 3})
    with pytest.raises(ToolInputError, match="gmv"):
        validate_input("incentive_tier", {"gmv": 1e16})  # the same 1e15 bound as the deal's gmv
    shutil.copy(PROJECT_ROOT / "knowledge" / "benchmarks.csv", fixture_knowledge / "benchmarks.csv")
    header = f"{HEADER},verified_cases"
    (fixture_knowledge / "deals" / "bad.csv").write_bytes(deal_csv(ROW.format(i=1) + ",1e20", header=header))
    report = validate_knowledge(fixture_knowledge)
    assert not report.ok and any("bad.csv, row 2, column verified_cases" in p for p in report.problems)
    top = Deal.model_validate(
        {**dict(zip(HEADER.split(","), ROW.format(i=1).split(","), strict=True)), "verified_cases": 9999}
        | {"investment": 1e15, "gmv": 1e15}
    )
    frame = deals_frame([top])  # the Deal history page's table: the largest values still fit its types
    assert frame["verified_cases"].iloc[0] == 9999


# --- 3. silent damage -------------------------------------------------------------------------------------------


def test_a_file_mixing_utf8_and_gbk_is_refused_naming_the_lines(
    import_env: Settings, tmp_path: Path, tally
) -> None:
    data = deal_csv(ROW.format(i=1)) + ROW.format(i=2).replace("晨光文具", "远山传媒").encode("gbk") + b"\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    reason = read_deal_file(path, benchmarks=BENCH).errors[0].reason
    assert "mixes text encodings: line 3 is not UTF-8 (GBK?) but line 2 is" in reason
    before = both_folders(import_env)
    assert main(["import-deals", str(path)]) == 1
    assert both_folders(import_env) == before
    whole_gbk = deal_csv(ROW.format(i=1)).decode().encode("gbk")
    assert read_deal_file(whole_gbk, "gbk.csv", benchmarks=BENCH).valid[0].partner == "晨光文具"
    tally["inputs tried"] += 1
    tally["files rejected cleanly"] += 1


def test_a_unit_in_the_header_and_in_the_cell_is_refused_not_applied_twice() -> None:
    header = f"{HEADER},投入(万元)"
    report = read_deal_file(
        deal_csv(ROW.format(i=1) + ",5万", ROW.format(i=2) + ",5", header=header), "d.csv", benchmarks=BENCH
    )
    assert [d.investment for d in report.valid] == [50_000]  # the header's unit on a bare number
    reason = problems(report)[(2, "investment")]
    assert "'5万' has its own unit and the header 投入(万元) gives one too" in reason
    assert "write the bare number under this header" in reason


def test_ignored_columns_and_sheets_are_reported_and_repeated_columns_refused() -> None:
    report = read_deal_file(
        deal_csv(ROW.format(i=1) + ",12,x", header=f"{HEADER},commision_pct,备注"), "d.csv", benchmarks=BENCH
    )
    assert report.ok and report.valid[0].commission_pct is None
    assert report.warnings == [
        "column commision_pct is not a known column (did you mean commission_pct?); it was ignored",
        "column 备注 is not a known column; it was ignored",
    ]
    repeated = read_deal_file(
        deal_csv(ROW.format(i=1) + ",远山传媒", header=f"{HEADER},合作方"), "d.csv", benchmarks=BENCH
    )
    assert not repeated.valid
    reason = problems(repeated)[(1, "partner")]
    assert (
        reason
        == "columns 'partner' and '合作方' all give partner; keep one of them (delete or rename the others)"
    )
    several = read_deal_file(
        Path(__file__).parent / "fixtures" / "imports" / "ok_several_sheets.xlsx", benchmarks=BENCH
    )
    assert several.ok and len(several.valid) == 2
    assert several.warnings == ["only the active sheet 'Sheet' was read; other sheets were ignored: 'notes'"]


# --- 4. files that used to raise -----------------------------------------------------------------------------------


def awkward_file(kind: str, folder: Path) -> Path:
    if kind == "cell over csv's field limit":
        path = folder / "long.csv"
        path.write_bytes(
            deal_csv(ROW.format(i=1) + ',"' + "长" * 131_073 + '"', header=f"{HEADER},lessons_zh")
        )
    elif kind == "cell over max_cell_chars":
        path = folder / "long.csv"
        path.write_bytes(deal_csv(ROW.format(i=1) + "," + "x" * 50_000, header=f"{HEADER},lessons_zh"))
    elif kind == "no worksheet":
        path = chart_workbook(folder / "charts.xlsx", with_table=False)
    elif kind == "chart sheet active":
        path = chart_workbook(folder / "chart.xlsx", with_table=True)
    else:
        path = encrypted_workbook(folder / "locked.xlsx")
    return path


AWKWARD = {
    "cell over csv's field limit": "row 2: a cell has more than 131,072 characters; a cell holds at most 10,000",
    "cell over max_cell_chars": "row 2, column 7: a cell has 50,000 characters; a cell holds at most 10,000",
    "no worksheet": "the workbook has no worksheet",
    "chart sheet active": "the active sheet 'Chart1' is a chart, not a table",
    "password-protected": "the file is password-protected (or not an XLSX): remove the password and save it "
    "again as .xlsx or .csv",
}


@pytest.mark.parametrize("kind", list(AWKWARD))
def test_awkward_files_give_a_clean_message_not_a_traceback(
    kind: str, import_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally
) -> None:
    path = awkward_file(kind, tmp_path)
    before = both_folders(import_env)
    for command, code in (
        (["import-deals", str(path)], 1),
        (["tool", "rank_partners", "--file", str(path)], 2),
    ):
        assert main(command) == code
        err = capsys.readouterr().err
        tally["inputs tried"] += 1
        tally["tracebacks"] += err.count("Traceback")
        assert AWKWARD[kind] in err, err
        assert "Traceback" not in err and "unexpected error" not in err
        tally["files rejected cleanly"] += 1
    assert both_folders(import_env) == before
    assert tally["tracebacks"] == 0


# --- 5. debris and ids ----------------------------------------------------------------------------------------------

WRITER = """
import sys, time
from assistant.kb.deals import Deal, save_deals

def deals():
    yield Deal.model_validate(
        {"deal_id": "U-1", "partner": "p", "partner_type": "kol", "category": "beauty",
         "deal_type": "live_stream", "outcome": "renewed"}
    )
    print("writing", flush=True)
    time.sleep(60)

save_deals(sys.argv[1], deals())
"""


@pytest.fixture
def killed_write(import_env: Settings) -> Iterator[Path]:
    """A writer of user_deals.csv killed with SIGKILL halfway through: its temp file stays behind."""
    target = user_file(import_env)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    yield target


def test_a_killed_write_leaves_debris_that_the_next_write_removes(
    killed_write: Path, import_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = killed_write.parent
    debris = sorted(p.name for p in folder.glob(".user_deals.csv.*.tmp"))
    assert len(debris) == 1 and not killed_write.exists()
    (folder / ".user_deals.csv.undo.tmp").write_text("older debris", encoding="utf-8")
    path = import_env.data_dir.parent / "one.csv"
    path.write_bytes(deal_csv(ROW.format(i=1)))
    assert main(["import-deals", str(path)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["sample_deals.csv", "user_deals.csv"]
    assert oct(killed_write.stat().st_mode & 0o777) == oct(0o644)


def test_writes_keep_the_permissions_of_the_deal_file(
    import_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (import_env.data_dir.parent / name for name in ("a.csv", "b.csv"))
    first.write_bytes(deal_csv(ROW.format(i=1)))
    second.write_bytes(deal_csv(ROW.format(i=2)))
    assert main(["import-deals", str(first)]) == 0
    target = user_file(import_env)
    target.chmod(0o640)
    assert main(["import-deals", str(second)]) == 0, capsys.readouterr().err
    assert target.stat().st_mode & 0o777 == 0o640
    assert undo(import_env) is not None
    assert target.stat().st_mode & 0o777 == 0o640
    assert not list(target.parent.glob(".*.tmp")) and not list(
        (import_env.data_dir / "deal_versions").glob(".*")
    )


@pytest.mark.parametrize(
    ("cell", "stored"),
    [("u-0001", "U-0001"), ("Ｕ－０００１", "U-0001"), (" s_2024-07 ", "S_2024-07"), ("u-1\r\n", "U-1")],
)
def test_deal_ids_are_normalised(cell: str, stored: str) -> None:
    base = dict(zip(HEADER.split(","), ROW.format(i=1).split(","), strict=True))
    assert Deal.model_validate({**base, "deal_id": cell}).deal_id == stored


@pytest.mark.parametrize(
    "cell", ["U\x00-1", "U\x1b[31m-1", "U-1\r\nU-2", "U:1", "合作-1", "-1", "U/1", "U-1;DROP"]
)
def test_unsafe_deal_ids_are_refused_per_row_saying_what_is_allowed(cell: str, tally) -> None:
    data = (HEADER + "\n").encode() + b'"' + cell.encode() + b'",' + ROW.format(i=1).split(",", 1)[1].encode()
    report = read_deal_file(data + b"\n", "d.csv", benchmarks=BENCH)
    assert not report.valid
    reason = problems(report)[(2, "deal_id")]
    assert "use only letters A-Z, digits, - and _" in reason
    assert "\x00" not in reason and "\x1b" not in reason and "\r" not in reason
    tally["inputs tried"] += 1
    tally["files rejected cleanly"] += 1


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("partner", "\u200b", "partner name is blank"),
        ("partner", "\u3000\u2800", "partner name is blank"),
        ("start_date", "2024-03-01T99:99", "has an impossible time of day"),
        ("end_date", "2024-03-01 25:00", "has an impossible time of day"),
        ("start_date", "2024-03-01 later", "is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_blank_partners_and_impossible_times_are_refused_per_row(column: str, cell: str, reason: str) -> None:
    base = dict(zip(HEADER.split(","), ROW.format(i=1).split(","), strict=True)) | {column: cell}
    report = read_deal_file(
        deal_csv(",".join(base.values()), header=",".join(base)), "d.csv", benchmarks=BENCH
    )
    assert not report.valid
    assert reason in problems(report)[(2, column)]
    with_time = deal_csv(ROW.format(i=1) + ",2024-03-01 09:30:00", header=f"{HEADER},start_date")
    assert read_deal_file(with_time, "d.csv", benchmarks=BENCH).ok  # a real time of day is fine
