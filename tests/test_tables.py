"""Partner and outlet tables: encodings, XLSX, Chinese headers and row/column/reason errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.kb.tables import TableError, read_outlet_table, read_partner_table
from assistant.tools import ToolDefaults, run_tool

ZH_HEADER = "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力"
EN_HEADER = "name,traffic_quality,audience_match,brand_fit,conversion,cost_efficiency,stability,content"
ROWS = "星河传媒,80,70,90,60,50,85,75\n云帆,60,65,70,55,80,60,50\n"


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(f"{ZH_HEADER}\n{ROWS}".encode("gbk"))
    rows = read_partner_table(path, path.name)
    assert rows[0] == {
        "name": "星河传媒",
        "traffic_quality": 80,
        "audience_match": 70,
        "brand_fit": 90,
        "conversion": 60,
        "cost_efficiency": 50,
        "stability": 85,
        "content": 75,
    }
    assert [r["name"] for r in rows] == ["星河传媒", "云帆"]


def test_utf8_bom_csv_from_bytes_and_file_like() -> None:
    data = f"{ZH_HEADER}\n{ROWS}".encode("utf-8-sig")
    assert read_partner_table(data, "p.csv")[1]["name"] == "云帆"
    assert read_partner_table(io.BytesIO(data), "p.csv")[0]["name"] == "星河传媒"


def test_english_headers_any_case_and_percent_cells() -> None:
    data = b"Name,Conversion Rate (%),Rating\nA,5%,4.5\nB, 3 ,5\n"
    assert read_outlet_table(data, "o.csv") == [
        {"name": "A", "conversion_pct": 5, "rating": 4.5},
        {"name": "B", "conversion_pct": 3, "rating": 5},
    ]


def test_chinese_outlet_aliases() -> None:
    data = "网点,转化率,评分\n朝阳店,6.5,4.8\n".encode()
    assert read_outlet_table(data, "o.csv") == [{"name": "朝阳店", "conversion_pct": 6.5, "rating": 4.8}]


def _xlsx(rows: list[list[object]], percent_col: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if percent_col is not None:
        for cell in sheet.iter_rows(min_row=2, min_col=percent_col, max_col=percent_col):
            cell[0].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_percent_formatted_column(tmp_path: Path) -> None:
    data = _xlsx([["名称", "转化率", "评分"], ["甲", 0.085, 4], ["乙", 0.05, 3.5]], percent_col=2)
    path = tmp_path / "outlets.xlsx"
    path.write_bytes(data)
    rows = read_outlet_table(path, path.name)
    assert rows == [
        {"name": "甲", "conversion_pct": 8.5, "rating": 4},
        {"name": "乙", "conversion_pct": 5, "rating": 3.5},
    ]


def test_xlsx_partner_table_feeds_rank_partners() -> None:
    header = EN_HEADER.split(",")
    data = _xlsx([header, ["A", *[90] * 7], ["B", *[40] * 7]])
    rows = read_partner_table(data, "partners.xlsx")
    out = run_tool("rank_partners", {"partners": rows}, ToolDefaults())
    assert [r["name"] for r in out["ranked"]] == ["A", "B"]


def test_bad_cells_report_row_column_and_reason() -> None:
    data = f"{ZH_HEADER}\n星河传媒,80,70,90,60,50,85,75\n云帆,abc,70,120,60,50,85,\n星河传媒,1,1,1,1,1,1,1\n"
    with pytest.raises(TableError) as info:
        read_partner_table(data.encode(), "p.csv")
    problems = info.value.problems
    by_place = {(p["row"], p["column"]): p["reason"] for p in problems}
    assert "not a number" in by_place[(3, "traffic_quality")]
    assert "out of range 0–100" in by_place[(3, "brand_fit")]
    assert "empty" in by_place[(3, "content")]
    assert "duplicate of row 2" in by_place[(4, "name")]
    assert "row 3" in str(info.value)


def test_xlsx_rows_are_numbered_as_in_the_sheet() -> None:
    data = _xlsx([[None], ["name", "conversion_pct", "rating"], ["a", 5, 4], ["b", 5, 7]])
    with pytest.raises(TableError) as info:
        read_outlet_table(data, "o.xlsx")
    assert info.value.problems == [{"row": 4, "column": "rating", "reason": "7 is out of range 0–5"}]


def test_missing_columns_are_named() -> None:
    with pytest.raises(TableError) as info:
        read_partner_table("name,流量质量\nA,50\n".encode(), "p.csv")
    missing = {p["column"] for p in info.value.problems}
    assert missing == {"audience_match", "brand_fit", "conversion", "cost_efficiency", "stability", "content"}
    assert all(p["row"] == 1 for p in info.value.problems)


@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff".encode()])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(TableError) as info:
        read_outlet_table(data, "o.csv")
    assert "empty" in str(info.value)


def test_header_only_and_broken_xlsx() -> None:
    with pytest.raises(TableError, match="no rows"):
        read_outlet_table(b"name,conversion_pct,rating\n", "o.csv")
    with pytest.raises(TableError, match="XLSX"):
        read_outlet_table(b"PK not really a zip", "o.xlsx")
