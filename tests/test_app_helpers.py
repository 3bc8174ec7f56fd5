"""The app's helpers in assistant/: safe CSV and markdown, deal filters and validation, series inputs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook

from assistant.config import PROJECT_ROOT
from assistant.export import frame_to_csv, rows_to_csv, safe_cell, safe_inline, safe_markdown
from assistant.kb.deals import (
    Deal,
    RowError,
    accepted_deals,
    deals_frame,
    errors_table,
    filter_deals,
    read_deal_file,
    validate_deal,
)
from assistant.kb.market import knowledge_benchmarks
from assistant.kb.series import SeriesError, parse_series, read_series_file

BENCH = knowledge_benchmarks(PROJECT_ROOT / "knowledge")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("星河传媒", "星河传媒"),
        ("a=b", "a=b"),
        (-5, -5),
        (3.5, 3.5),
        (None, ""),
        (float("nan"), ""),
        (date(2024, 3, 1), "2024-03-01"),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_csv_export_neutralises_formulas_and_keeps_chinese_for_excel() -> None:
    data = rows_to_csv(["name", "score"], [["=cmd|' /C calc'!A0", 80], ["甲", -1]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "score"], ["'=cmd|' /C calc'!A0", "80"], ["甲", "-1"]]


def deal(deal_id: str, partner: str, **kw: object) -> Deal:
    base = {"partner_type": "kol", "category": "beauty", "deal_type": "live_stream", "outcome": "renewed"}
    return Deal(deal_id=deal_id, partner=partner, **(base | kw))


def test_frame_export_and_filter() -> None:
    deals = [
        deal("U-1", "=星河传媒", roi=3.2, lessons_zh="匹配度高，续约"),
        deal("U-2", "山海 MCN", category="fmcg", roi=None),
        deal("U-3", "晨光", roi=1.5, outcome="terminated"),
    ]
    frame = deals_frame(deals)
    text = frame_to_csv(frame).decode("utf-8-sig")
    assert "'=星河传媒" in text and ",nan," not in text
    assert list(filter_deals(frame, "续约")["deal_id"]) == ["U-1"]
    assert list(filter_deals(frame, "mcn 山海")["deal_id"]) == ["U-2"]
    assert list(filter_deals(frame, filters={"category": ["beauty"], "outcome": []})["deal_id"]) == [
        "U-1",
        "U-3",
    ]
    assert list(filter_deals(frame, sort_by="roi", descending=True)["deal_id"]) == ["U-1", "U-3", "U-2"]
    assert list(filter_deals(frame, sort_by="roi")["deal_id"]) == ["U-3", "U-1", "U-2"], "empty cells last"


def test_safe_markdown_shows_html_and_never_loads_images() -> None:
    text = "<img src=x onerror=alert(1)> **粗体** ![t](http://evil/p.png) 收入 $5 和 $6 <script>x</script>"
    out = safe_markdown(text)
    assert "<" not in out and ">" not in out and "&lt;script&gt;" in out
    assert "![" not in out and "!\\[" in out
    assert "\\$5" in out and "**粗体**" in out
    assert safe_inline("a|b *c* [x](y)\nz") == "a\\|b \\*c\\* \\[x\\](y) z"


def test_validate_deal_reports_each_bad_field() -> None:
    ok, problems = validate_deal(
        {
            "deal_id": "U-9",
            "partner": "甲",
            "partner_type": "kol",
            "category": "beauty",
            "deal_type": "commission",
            "outcome": "ongoing",
            "commission_pct": 12,
        },
        BENCH,
    )
    assert ok is not None and problems == []
    bad, problems = validate_deal(
        {
            "deal_id": "U 9",
            "partner": "",
            "partner_type": "kol",
            "category": "beauty",
            "deal_type": "commission",
            "outcome": "ongoing",
            "commission_pct": 120,
        },
        BENCH,
    )
    assert bad is None
    assert {p.column for p in problems} == {"deal_id", "partner", "commission_pct"}


def test_accepted_deals_leave_out_refused_rows() -> None:
    text = "deal_id,partner,partner_type,category,deal_type,outcome\nU-1,甲,kol,beauty,commission,ongoing\n"
    text += "S-0001,乙,kol,beauty,commission,ongoing\nU-3,丙,kol,beauty,commission,ongoing\n"
    report = read_deal_file(text.encode(), "d.csv", benchmarks=BENCH)
    refused = [RowError(row=3, column="deal_id", reason="taken")]
    assert [d.deal_id for d in accepted_deals(report, refused)] == ["U-1", "U-3"]
    table = errors_table([RowError(reason="file"), *refused, RowError(row=2, column="x", reason="y")])
    assert [r["row"] for r in table] == [2, 3, None]


def test_parse_series_in_both_languages() -> None:
    assert parse_series("45%, 38%, 35%") == [45, 38, 35]
    assert parse_series("45\n38\n35") == [45, 38, 35]
    assert parse_series("45%，38%；35%") == [45, 38, 35]
    assert parse_series("1:3, 1:2.4") == [3, 2.4]
    assert parse_series("") == []


def test_read_series_file_csv_gbk_and_xlsx() -> None:
    text = "周,资源利用率,舆情指数\n1,45,100\n2,38,85\n3,35,\n"
    assert read_series_file(text.encode("gbk"), "s.csv") == {
        "weekly_rue_pct": [45, 38, 35],
        "sentiment": [100, 85],
    }
    book = Workbook()
    for row in (["monthly_roi", "note"], [2.8, "a"], [1.9, "b"], [1.8, None]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_series_file(buffer.getvalue(), "s.xlsx") == {"monthly_roi": [2.8, 1.9, 1.8]}
    with pytest.raises(SeriesError, match="no known column"):
        read_series_file(b"a,b\n1,2\n", "x.csv")
    with pytest.raises(SeriesError, match="row 3"):
        read_series_file(b"rue\n40\nabc\n", "x.csv")


def test_frame_export_handles_missing_values() -> None:
    frame = pd.DataFrame({"a": [1.0, None], "b": ["x", None]})
    assert frame_to_csv(frame).decode("utf-8-sig").splitlines() == ["a,b", "1.0,x", ","]


def test_nothing_in_assistant_imports_streamlit() -> None:
    import ast

    from assistant.config import PROJECT_ROOT

    offenders = []
    for path in sorted((PROJECT_ROOT / "assistant").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_an_roi_among_the_key_numbers_reads_as_a_ratio() -> None:
    from assistant.tools import ToolDefaults
    from assistant.tools.registry import run_tool
    from ui.render import numbers

    out = run_tool(
        "assess_partner", {"verified_cases": 3, "audience_match_pct": 60, "roi": 2.4}, ToolDefaults()
    )
    assert dict(numbers("assess_partner", out, "en"))["ROI"] == "1:2.4"
    bet = run_tool("performance_bet", {"promised_roi": 3, "actual_roi": 1.5, "spend": 120000}, ToolDefaults())
    shown = dict(numbers("performance_bet", bet, "zh"))
    assert (shown["承诺 ROI"], shown["实际 ROI"]) == ("1:3", "1:1.5")
