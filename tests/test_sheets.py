"""The one spreadsheet reader (kb.sheets) and its percent rule, seen through every reader that uses it:
the deal import, the partner/outlet tables and the calculators' series."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.kb.deals import read_deal_file
from assistant.kb.series import SeriesError, read_series_file
from assistant.kb.sheets import FORMULA_WITHOUT_VALUE, SheetError, is_percent_format, read_rows
from assistant.kb.tables import TableError, read_outlet_table, read_partner_table
from tests.support.knowledge import BENCH

DEAL_HEADER = ["deal_id", "partner", "partner_type", "category", "deal_type", "commission_pct", "outcome"]
DEAL_ROW = ["T-1", "星河传媒", "mcn", "beauty", "live_stream", 0.38, "renewed"]
PARTNER_HEADER = ["name", "traffic_quality", "audience_match", "brand_fit", "conversion"]
PARTNER_HEADER += ["cost_efficiency", "stability", "content"]
PARTNER_ROW = ["星河传媒", 80, 0.38, 70, 60, 50, 40, 30]


def _xlsx(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def test_a_percent_formatted_xlsx_cell_reads_as_0_to_100_through_every_reader(tmp_path: Path) -> None:
    deals = _xlsx(tmp_path / "deals.xlsx", [DEAL_HEADER, DEAL_ROW], {"F2": "0%"})
    report = read_deal_file(deals, benchmarks=BENCH)
    assert report.ok, report.errors
    assert report.valid[0].commission_pct == 38

    partners = _xlsx(tmp_path / "partners.xlsx", [PARTNER_HEADER, PARTNER_ROW], {"C2": "0%"})
    assert read_partner_table(partners)[0]["audience_match"] == 38

    outlet_rows = [["name", "conversion_pct", "rating"], ["朝阳店", 0.38, 4.5]]
    outlets = _xlsx(tmp_path / "outlets.xlsx", outlet_rows, {"B2": "0%"})
    assert read_outlet_table(outlets)[0]["conversion_pct"] == 38

    series = _xlsx(
        tmp_path / "series.xlsx", [["rue", "roi"], [0.38, 3], [0.35, 2.5]], {"A2": "0%", "A3": "0%"}
    )
    assert read_series_file(series.read_bytes(), series.name) == {
        "weekly_rue_pct": [38, 35],
        "monthly_roi": [3, 2.5],
    }


def test_csv_text_38_percent_reads_as_38_through_every_reader() -> None:
    deal_csv = ",".join(DEAL_HEADER) + "\n" + ",".join(str(v) for v in DEAL_ROW).replace("0.38", "38%") + "\n"
    assert read_deal_file(deal_csv.encode(), "d.csv", benchmarks=BENCH).valid[0].commission_pct == 38
    partner_csv = (
        ",".join(PARTNER_HEADER) + "\n" + ",".join(str(v) for v in PARTNER_ROW).replace("0.38", "38%")
    )
    assert read_partner_table(partner_csv.encode("gbk"), "p.csv")[0]["audience_match"] == 38
    assert read_outlet_table(b"name,conversion_pct,rating\nA,38%,4\n", "o.csv")[0]["conversion_pct"] == 38
    assert read_series_file(b"rue\n38%\n", "s.csv") == {"weekly_rue_pct": [38]}


def test_plain_numbers_and_literal_percent_signs_are_not_scaled(tmp_path: Path) -> None:
    assert is_percent_format("0%") and is_percent_format("0.0%") and is_percent_format("#,##0.00%")
    assert (
        not is_percent_format('0"%"') and not is_percent_format("0\\%") and not is_percent_format("General")
    )
    path = _xlsx(tmp_path / "s.xlsx", [["rue", "roi"], [38, 0.38]], {"A2": '0"%"'})
    assert read_series_file(path.read_bytes(), path.name) == {"weekly_rue_pct": [38], "monthly_roi": [0.38]}


def test_rows_keep_spreadsheet_numbers_and_skip_blank_rows() -> None:
    data = "a;b\n\n1;2\n ; \n3;4\n".encode("utf-8-sig")
    assert read_rows(data, "x.csv") == [(1, ["a", "b"]), (3, ["1", "2"]), (5, ["3", "4"])]
    assert read_rows(b"", "x.csv") == []
    with pytest.raises(SeriesError, match="row 4"):
        read_series_file(b"rue\n40\n\nabc\n", "x.csv")


def test_a_formula_without_a_saved_value_is_reported_not_taken_as_empty(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "s.xlsx", [["rue", "note"], [40, "a"], ["=A2*2", "b"]])
    assert read_rows(path)[2][1][0] is FORMULA_WITHOUT_VALUE
    with pytest.raises(SeriesError, match="row 3, column rue: formula without a saved value"):
        read_series_file(path.read_bytes(), path.name)
    rows = [["name", "conversion_pct", "rating"], ["A", "=1+1", 4]]
    with pytest.raises(TableError, match="row 2, conversion_pct: formula without a saved value"):
        read_outlet_table(_xlsx(tmp_path / "o.xlsx", rows))


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "renamed.csv", "old .xls"),
        (b"name,rating\n", "old.xls", "old .xls"),
        (b"this is not a zip", "fake.xlsx", "cannot open the XLSX workbook"),
        (b"PK\x03\x04 broken zip", "looks_like.csv", "cannot open the XLSX workbook"),
        (b"\xff\xfe\x00\xd8\x00", "junk.csv", "cannot decode"),
    ],
)
def test_unreadable_files_are_refused_the_same_way_by_every_reader(
    data: bytes, name: str, reason: str
) -> None:
    with pytest.raises(SheetError, match=reason):
        read_rows(data, name)
    assert reason in read_deal_file(data, name, benchmarks=BENCH).errors[0].reason
    with pytest.raises(TableError, match=reason):
        read_partner_table(data, name)
    with pytest.raises(SeriesError, match=reason):
        read_series_file(data, name)


def test_a_damaged_sheet_inside_a_readable_zip_is_refused_not_raised() -> None:
    book, whole, damaged = Workbook(), io.BytesIO(), io.BytesIO()
    book.active.append(["name", "conversion_pct", "rating"])
    book.save(whole)
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(damaged, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    data = damaged.getvalue()
    assert (
        "cannot open the XLSX workbook" in read_deal_file(data, "d.xlsx", benchmarks=BENCH).errors[0].reason
    )
    with pytest.raises(TableError, match="cannot open the XLSX workbook"):
        read_outlet_table(data, "o.xlsx")
    with pytest.raises(SeriesError, match="cannot open the XLSX workbook"):
        read_series_file(data, "s.xlsx")
