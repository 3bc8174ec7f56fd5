"""Deal history: model validation, the knowledge files, the sample generator, import/export, lookup."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.kb.deals import (
    DEAL_COLUMNS,
    Deal,
    DealDataError,
    DealType,
    Outcome,
    PartnerType,
    deal_text,
    deal_title,
    deals_frame,
    deals_to_csv,
    find_partner,
    load_deals,
    read_deal_file,
    save_deals,
)
from assistant.kb.deals import files as deal_files
from assistant.kb.market import Category, category_terms, load_benchmarks

ROOT = Path(__file__).resolve().parents[1]
BENCH = load_benchmarks(ROOT / "knowledge" / "benchmarks.csv")
DEALS_DIR = ROOT / "knowledge" / "deals"
GOOD = {"renewed", "expanded"}


def make_deal(**overrides) -> Deal:
    values = {
        "deal_id": "T-1",
        "partner": "星河传媒",
        "partner_en": "Xinghe Media",
        "partner_type": "mcn",
        "category": "beauty",
        "brand_size": "mid",
        "deal_type": "live_stream",
        "commission_pct": 28,
        "investment": 500_000,
        "gmv": 1_600_000,
        "audience_match_pct": 68,
        "verified_cases": 5,
        "start_date": "2024-03-01",
        "end_date": "2024-06-30",
        "outcome": "renewed",
        "lessons_zh": "三项达标，续约。",
        "lessons_en": "All criteria met, renewed.",
        "source": "sample",
    }
    values.update(overrides)
    return Deal.model_validate(values, context={"category_terms": category_terms(BENCH)})


@pytest.fixture(scope="module")
def all_deals() -> list[Deal]:
    return load_deals(DEALS_DIR, BENCH)


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location(
        "generate_sample_deals", ROOT / "scripts" / "generate_sample_deals.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


# --- the model -------------------------------------------------------------------------------------------


def test_valid_deal_fills_roi_and_parses_words() -> None:
    deal = make_deal(partner_type="MCN机构", deal_type="直播带货", category="化妆品", outcome="续约")
    assert deal.partner_type is PartnerType.MCN
    assert deal.deal_type is DealType.LIVE_STREAM
    assert deal.category is Category.BEAUTY
    assert deal.outcome is Outcome.RENEWED
    assert deal.roi == 3.2
    assert deal.start_date == date(2024, 3, 1)
    assert make_deal(source="", brand_size=" ").source == "user"
    assert make_deal(brand_size="").brand_size is None


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("commission_pct", 120, "less than or equal to 100"),
        ("audience_match_pct", -5, "greater than or equal to 0"),
        ("roi", -1, "greater than or equal to 0"),
        ("investment", "abc", "not a number"),
        ("verified_cases", 2.5, "whole number"),
        ("partner_type", "alien", "unknown partner_type 'alien'; use one of: mcn, kol"),
        ("category", "spaceships", "unknown category"),
        ("outcome", "", "outcome is required; use one of: renewed"),
        ("deal_id", "A 1", "must not contain spaces"),
        ("start_date", "next spring", "not a date"),
        ("end_date", "2024-01-01", "before start date 2024-03-01"),
    ],
)
def test_bad_values_name_the_field_and_reason(field: str, value: object, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        make_deal(**{field: value})
    errors = info.value.errors()
    assert [e["loc"][0] for e in errors] == [field]
    assert reason in errors[0]["msg"]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("commission_pct", "28%", 28.0),
        ("investment", "50万", 500_000.0),
        ("investment", "1,200", 1_200.0),
        ("roi", "1:3.5", 3.5),
        ("roi", "1比3", 3.0),
        ("verified_cases", "4个", 4),
        ("start_date", "2024年3月1日", date(2024, 3, 1)),
        ("start_date", "2024/3/1", date(2024, 3, 1)),
    ],
)
def test_cells_in_common_spreadsheet_forms(field: str, text: str, expected: object) -> None:
    overrides = {field: text}
    if field == "roi":
        overrides.update(investment=None, gmv=None)
    assert getattr(make_deal(**overrides), field) == expected


def test_every_field_has_a_description() -> None:
    assert all(field.description for field in Deal.model_fields.values())


# --- the knowledge files ---------------------------------------------------------------------------------


def test_real_folder_loads(all_deals: list[Deal]) -> None:
    ids = [d.deal_id for d in all_deals]
    assert len(ids) == len(set(ids))
    samples = [d for d in all_deals if d.source == "sample"]
    playbook = [d for d in all_deals if d.deal_id.startswith("PB-")]
    assert len(samples) >= 300
    assert len(playbook) >= 18
    assert all(d.source == "playbook" for d in playbook)
    assert all(d.deal_id.startswith("S-") for d in samples)


PLAYBOOK_FIGURES = {  # (in lessons_zh, in lessons_en)
    "PB-01": [("8%", "8%")],
    "PB-02": [("0.7%", "0.7%"), ("3.2%", "3.2%")],
    "PB-03": [("5倍", "fivefold")],
    "PB-04": [("20万", "200,000")],
    "PB-05": [("3000", "3,000"), ("48小时", "48 hours"), ("3小时", "3 hours")],
    "PB-06": [("1.2", "1.2"), ("4.8", "4.8")],
    "PB-07": [("300", "300"), ("230%", "230%")],
    "PB-08": [("41%", "41%"), ("78%", "78%"), ("320万", "3.2 million"), ("50万", "500,000")],
    "PB-10": [("3倍", "three times")],
    "PB-11": [("25%", "25%"), ("18%", "18%")],
    "PB-12": [("60%", "60%"), ("200", "200")],
    "PB-13": [("3.2%", "3.2%"), ("21.7%", "21.7%"), ("4.3倍", "4.3 times")],
    "PB-14": [("24小时", "24 hours"), ("8%", "8%"), ("30分钟", "30 minutes")],
    "PB-15": [("65%", "65%"), ("92%", "92%"), ("18%", "18%")],
    "PB-16": [("30%", "30%"), ("70%", "70%"), ("20%", "20%")],
    "PB-17": [("200%", "200%"), ("3个月", "3 months")],
    "PB-18": [("15%", "15%"), ("3倍", "tripled"), ("65%", "65%")],
    "PB-19": [("50%", "50%"), ("25%", "25%")],
}


def test_playbook_rows_carry_the_source_figures(all_deals: list[Deal]) -> None:
    by_id = {d.deal_id: d for d in all_deals}
    for deal_id, figures in PLAYBOOK_FIGURES.items():
        deal = by_id[deal_id]
        for zh, en in figures:
            assert zh in deal.lessons_zh, (deal_id, zh)
            assert en in deal.lessons_en, (deal_id, en)
    assert by_id["PB-19"].commission_pct == 25
    assert by_id["PB-08"].gmv == 3_200_000
    assert by_id["PB-06"].investment == 1_000_000
    assert by_id["PB-02"].start_date.year == 2015
    assert by_id["PB-01"].outcome == "terminated"
    playbook = [d for d in all_deals if d.source == "playbook"]
    # the source gives no partner-level criteria figures for its cases: none are made up
    assert all(d.verified_cases is None and d.audience_match_pct is None and d.roi is None for d in playbook)
    assert all("案例" in d.partner and "(case)" in d.partner_en for d in playbook)


def test_texts_stay_compact(all_deals: list[Deal]) -> None:
    for deal in all_deals:
        assert len(deal_text(deal, "zh", BENCH)) <= 400, deal.deal_id
        assert len(deal_text(deal, "en", BENCH).split()) <= 80, deal.deal_id


def test_sample_partners_are_shared_and_spread(all_deals: list[Deal]) -> None:
    samples = [d for d in all_deals if d.source == "sample"]
    partners = {d.partner for d in samples}
    assert 60 <= len(partners) <= 90
    assert len({d.partner_en for d in samples}) == len(partners)
    assert sum(1 for p in partners if sum(d.partner == p for d in samples) >= 3) >= 20
    assert not any(a != b and a in b for a in partners for b in partners)
    assert {d.partner_type for d in samples} == set(PartnerType)
    assert {d.category for d in samples} == set(Category) - {Category.GENERAL}
    assert {d.start_date.year for d in samples} == {2023, 2024, 2025}


# --- the sample generator --------------------------------------------------------------------------------


def test_generator_is_deterministic(generator, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert generator.main(["--seed", "42", "--out", str(first)]) == 0
    assert generator.main(["--seed", "42", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == (DEALS_DIR / "sample_deals.csv").read_bytes(), (
        "regenerate the committed sample"
    )
    assert generator.generate(7, 320) != generator.generate(42, 320)


def test_generator_outcomes_follow_the_playbook(generator) -> None:
    deals = generator.generate(42, 320)
    bench = load_benchmarks(ROOT / "knowledge" / "benchmarks.csv")
    finished = [d for d in deals if d.outcome != "ongoing"]

    def rate(group: list[Deal]) -> float:
        return sum(d.outcome in GOOD for d in group) / len(group)

    meets = [
        d
        for d in finished
        if d.verified_cases is not None
        and d.verified_cases >= 3
        and d.audience_match_pct is not None
        and d.audience_match_pct > 60
        and d.roi >= 3
    ]
    fails = [
        d
        for d in finished
        if (d.verified_cases is not None and d.verified_cases < 3)
        or (d.audience_match_pct is not None and d.audience_match_pct <= 60)
        or d.roi < 3
    ]
    greedy = [
        d
        for d in finished
        if d.commission_pct and d.commission_pct > 1.5 * bench[d.category].industry_commission_pct
    ]
    untracked = [
        d for d in finished if d.deal_type == "coupon_distribution" and "未设渠道码" in d.resources_zh
    ]
    assert len(meets) >= 40 and len(fails) >= 100 and len(greedy) >= 8 and len(untracked) >= 8
    assert rate(meets) >= 0.65
    assert rate(fails) <= 0.3
    assert rate(meets) - rate(fails) >= 0.4
    assert rate(greedy) <= 0.3
    assert rate(untracked) <= 0.3


def test_generator_figures_are_consistent(generator) -> None:
    for deal in generator.generate(3, 120):
        assert deal.source == "sample"
        assert abs(deal.roi - deal.gmv / deal.investment) <= 0.005
        assert (deal.end_date is None) == (deal.outcome == "ongoing")
        assert deal.lessons_zh and deal.lessons_en
        if (
            deal.audience_match_pct is not None
            and deal.audience_match_pct <= 60
            and deal.outcome == "terminated"
        ):
            assert "60%" in deal.lessons_zh or "佣金" in deal.lessons_zh or "优惠券" in deal.lessons_zh


# --- reading files --------------------------------------------------------------------------------------

ZH_HEADER = (
    "编号,合作方,合作方英文名,合作方类型,品类,合作类型,佣金比例(%),投入(万元),成交额,匹配度,开始日期,结果\n"
)
ZH_ROWS = [
    "U-1,星河传媒,Xinghe Media,MCN,美妆,直播带货,28%,50,1600000,68%,2024-03-01,续约\n",
    "U-2,云帆银行,Yunfan Bank,银行,快消,联名卡,,20,400000,55,2024/5/1,终止\n",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding(encoding: str) -> None:
    data = (ZH_HEADER + "".join(ZH_ROWS)).encode(encoding)
    report = read_deal_file(data, "deals.csv", benchmarks=BENCH)
    assert report.errors == []
    first, second = report.valid
    assert first.partner == "星河传媒" and first.investment == 500_000 and first.roi == 3.2
    assert first.commission_pct == 28 and first.audience_match_pct == 68
    assert second.deal_type == "joint_membership" and second.outcome == "terminated"
    assert second.source == "user"


def test_xlsx_with_dates_and_percent_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "deal_id",
            "partner",
            "partner_type",
            "category",
            "deal_type",
            "commission_pct",
            "start_date",
            "outcome",
            "备注",
        ]
    )
    sheet.append(
        [
            "X-1",
            "青禾优选",
            "platform",
            "fresh_food",
            "coupon_distribution",
            0.12,
            datetime(2024, 5, 6),
            "paused",
            "n",
        ]
    )
    sheet["F2"].number_format = "0%"
    path = tmp_path / "deals.xlsx"
    book.save(path)
    report = read_deal_file(path, benchmarks=BENCH)
    assert report.ok, report.errors
    assert report.ignored_columns == ["备注"]
    (deal,) = report.valid
    assert deal.commission_pct == pytest.approx(12)
    assert deal.start_date == date(2024, 5, 6)
    with path.open("rb") as handle:  # an open upload works the same
        assert read_deal_file(handle, "upload.xlsx", benchmarks=BENCH).valid == report.valid


def test_xlsx_rows_are_numbered_as_in_the_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    header = ["合作编号", "合作方", "合作方类型", "品类", "合作模式", "合作结果"]
    for column, name in enumerate(header, start=2):  # a table starting at B3, as people lay them out
        sheet.cell(row=3, column=column, value=name)
    for column, value in enumerate(["A-1", "星河传媒", "MCN", "美妆", "直播", "续约"], start=2):
        sheet.cell(row=4, column=column, value=value)
    for column, value in enumerate(["A-2", "云帆银行", "银行", "快消", "联名卡", "不知道"], start=2):
        sheet.cell(row=7, column=column, value=value)
    path = tmp_path / "deals.xlsx"
    book.save(path)
    report = read_deal_file(path.read_bytes(), "deals.xlsx", benchmarks=BENCH)
    assert [d.deal_id for d in report.valid] == ["A-1"] and report.valid_rows == [4]
    assert [(e.row, e.column) for e in report.errors] == [(7, "outcome")]


def test_bad_rows_are_reported_with_spreadsheet_row_and_column() -> None:
    rows = [
        ZH_ROWS[0],
        "U-3,青禾,Qinghe,外星人,美妆,直播带货,130,10,1,50,2024-01-01,续约\n",
        "\n",
        "U-1,重复,Dup,kol,美妆,佣金,10,1,1,50,2024-01-01,续约\n",
    ]
    report = read_deal_file((ZH_HEADER + "".join(rows)).encode("utf-8"), "deals.csv", benchmarks=BENCH)
    assert [d.deal_id for d in report.valid] == ["U-1"]
    found = {(e.row, e.column): e.reason for e in report.errors}
    assert "unknown partner_type '外星人'" in found[(3, "partner_type")]
    assert "less than or equal to 100" in found[(3, "commission_pct")]
    assert "duplicate deal_id 'U-1' (also on row 2)" in found[(5, "deal_id")]
    assert str(report.errors[0]).startswith("row 3, column ")


def test_missing_columns_and_unreadable_files() -> None:
    report = read_deal_file("合作方,品类\n星河传媒,美妆\n".encode(), "deals.csv", benchmarks=BENCH)
    assert {e.column for e in report.errors} == {"partner_type", "deal_type", "outcome"}
    assert all(e.row == 1 for e in report.errors)
    assert "xlsx" in read_deal_file(b"whatever", "old.xls", benchmarks=BENCH).errors[0].reason
    assert (
        "cannot decode" in read_deal_file(b"\xff\xfe\x00\xd8\x00", "x.csv", benchmarks=BENCH).errors[0].reason
    )
    assert read_deal_file(b"", "empty.csv", benchmarks=BENCH).errors


def test_missing_ids_get_stable_generated_ones() -> None:
    data = (
        "partner,partner_type,category,deal_type,outcome\n星河传媒,mcn,beauty,live_stream,ongoing\n".encode()
    )
    first, second = (
        read_deal_file(data, "a.csv", benchmarks=BENCH).valid,
        read_deal_file(data, "a.csv", benchmarks=BENCH).valid,
    )
    assert first[0].deal_id.startswith("U-") and first[0].deal_id == second[0].deal_id


def test_load_deals_reports_file_row_and_column(tmp_path: Path) -> None:
    save_deals(tmp_path / "a.csv", [make_deal(deal_id="D-1")])
    save_deals(tmp_path / "b.csv", [make_deal(deal_id="D-1"), make_deal(deal_id="D-2", commission_pct=29)])
    text = (tmp_path / "b.csv").read_text(encoding="utf-8").replace(",29,", ",290,")
    (tmp_path / "b.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DealDataError) as info:
        load_deals(tmp_path, BENCH)
    problems = {p[:3]: p[3] for p in info.value.problems}
    assert problems[("b.csv", 2, "deal_id")] == "duplicate deal_id 'D-1' (first in a.csv row 2)"
    assert "less than or equal to 100" in problems[("b.csv", 3, "commission_pct")]
    assert "b.csv, row 3, column commission_pct: " in str(info.value)
    with pytest.raises(DealDataError, match="not found"):
        load_deals(tmp_path / "absent", BENCH)


# --- writing files --------------------------------------------------------------------------------------


def test_save_and_load_round_trip(all_deals: list[Deal], tmp_path: Path) -> None:
    save_deals(tmp_path / "deals" / "all.csv", all_deals)
    assert load_deals(tmp_path / "deals", BENCH) == all_deals
    assert deals_to_csv(all_deals) == (tmp_path / "deals" / "all.csv").read_text(encoding="utf-8")


def _failing_stream(deal: Deal):
    yield deal
    raise RuntimeError("disk full")


def test_save_is_atomic_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "out" / "deals.csv"
    save_deals(path, [make_deal()])
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="disk full"):
        save_deals(path, _failing_stream(make_deal(deal_id="T-2")))
    with pytest.raises(ValueError, match="duplicate deal_id"):
        save_deals(path, [make_deal(), make_deal()])
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["deals.csv"]


def test_save_is_atomic_when_replace_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out" / "deals.csv"
    save_deals(path, [make_deal()])
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("no space left")

    monkeypatch.setattr(deal_files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="no space"):
        save_deals(path, [make_deal(deal_id="T-9")])
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == ["deals.csv"]


def test_frame_has_one_typed_column_per_field(all_deals: list[Deal]) -> None:
    frame = deals_frame(all_deals)
    assert list(frame.columns) == DEAL_COLUMNS
    assert len(frame) == len(all_deals)
    assert frame["roi"].dtype == "float64"
    assert str(frame["verified_cases"].dtype) == "Int64"
    assert frame["start_date"].dtype.kind == "M"
    assert set(frame["outcome"]) <= {o.value for o in Outcome}
    assert list(deals_frame([]).columns) == DEAL_COLUMNS


# --- titles, texts and lookup ----------------------------------------------------------------------------


def test_title_and_text() -> None:
    deal = make_deal()
    assert deal_title(deal, "zh", BENCH) == "星河传媒 · 直播带货 · 美妆 (2024)"
    assert deal_title(deal, "en", BENCH) == "Xinghe Media · live-stream selling · Beauty (2024)"
    zh = deal_text(deal, "zh", BENCH)
    for part in (
        "星河传媒",
        "MCN机构",
        "直播带货",
        "美妆",
        "中型品牌",
        "佣金28%",
        "50万元",
        "160万元",
        "ROI 3.2",
        "68%",
        "续约",
        "三项达标",
    ):
        assert part in zh
    en = deal_text(deal, "en", BENCH)
    for part in (
        "Xinghe Media",
        "commission 28%",
        "CNY 1.6 million",
        "ROI 3.2",
        "renewed",
        "All criteria met",
    ):
        assert part in en


def test_long_lessons_are_clipped() -> None:
    deal = make_deal(lessons_zh="很长的经验" * 300, lessons_en="word " * 500)
    assert len(deal_text(deal, "zh", BENCH)) <= 400
    assert len(deal_text(deal, "en", BENCH).split()) <= 80


def test_find_partner() -> None:
    deals = [
        make_deal(deal_id="A", partner="星河传媒", partner_en="Xinghe Media"),
        make_deal(
            deal_id="B", partner="星河传媒", partner_en="Xinghe Media", start_date="2025-01-01", end_date=None
        ),
        make_deal(deal_id="C", partner="星河", partner_en="Xinghe"),
        make_deal(deal_id="D", partner="云帆银行", partner_en="Yunfan Bank"),
    ]
    assert [d.deal_id for d in find_partner(deals, "星河传媒以前的合作怎么样？")] == ["A", "B"]
    assert [d.deal_id for d in find_partner(deals, "what happened with XINGHE MEDIA before?")] == ["A", "B"]
    assert [d.deal_id for d in find_partner(deals, "星河这家怎么样")] == ["C"]
    assert [d.deal_id for d in find_partner(deals, "deals with yunfan bank and 星河传媒")] == ["A", "B", "D"]
    assert find_partner(deals, "Xinghemedia? no") == []
    assert find_partner(deals, "对方要50%佣金") == []


def test_find_partner_on_real_history(all_deals: list[Deal]) -> None:
    sample = next(d for d in all_deals if d.source == "sample")
    hits = find_partner(all_deals, f"{sample.partner_en.upper()} 的合作复盘")
    assert hits and all(d.partner == sample.partner for d in hits)
    assert find_partner(all_deals, "某头部MCN机构要求50%佣金") == []


def test_csv_text_uses_empty_cells_for_none() -> None:
    text = deals_to_csv([make_deal(commission_pct=None, end_date=None)])
    header, row = text.splitlines()
    assert header.split(",") == DEAL_COLUMNS
    cells = next(csv.reader(io.StringIO(row)))
    assert cells[DEAL_COLUMNS.index("commission_pct")] == ""
    assert cells[DEAL_COLUMNS.index("end_date")] == ""
    assert cells[DEAL_COLUMNS.index("investment")] == "500000"


@settings(max_examples=60, deadline=None)
@given(
    commission=st.none() | st.floats(0, 100, allow_nan=False),
    investment=st.none() | st.floats(1, 1e9, allow_nan=False),
    gmv=st.none() | st.floats(0, 1e10, allow_nan=False),
    cases=st.none() | st.integers(0, 500),
    lessons=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60),
)
def test_csv_round_trip_keeps_every_value(commission, investment, gmv, cases, lessons) -> None:
    deal = make_deal(
        commission_pct=commission, investment=investment, gmv=gmv, verified_cases=cases, lessons_en=lessons
    )
    report = read_deal_file(deals_to_csv([deal]).encode("utf-8"), "deals.csv", benchmarks=BENCH)
    assert report.errors == []
    assert report.valid == [deal]


@pytest.mark.parametrize("text", ["inf", "nan", "1e999", "--3"])
def test_non_finite_numbers_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a number"):
        make_deal(investment=text)
