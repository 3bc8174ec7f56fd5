"""Benchmarks table: loading, validation, category names and category detection in questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kb.market import (
    BenchmarkDataError,
    Category,
    category_name,
    find_category,
    knowledge_benchmarks,
    load_benchmarks,
)

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge" / "benchmarks.csv"
HEADER = "category,name_zh,name_en,aliases,industry_commission_pct,benchmark_roi,note\n"


@pytest.fixture(scope="module")
def benchmarks():
    return load_benchmarks(SHIPPED)


def test_default_file_has_every_category_once(benchmarks) -> None:
    assert set(benchmarks) == {c.value for c in Category}
    assert knowledge_benchmarks(SHIPPED.parent) == benchmarks


def test_rows_are_labelled_sample_and_plausible(benchmarks) -> None:
    for bench in benchmarks.values():
        assert "sample" in bench.note
        assert 0 < bench.industry_commission_pct <= 50
        assert 1.5 <= bench.benchmark_roi <= 6
        assert bench.aliases, bench.category
    beauty = benchmarks["beauty"]
    assert 20 <= beauty.industry_commission_pct <= 30
    assert 2.5 <= beauty.benchmark_roi <= 4
    assert {"化妆品", "护肤", "cosmetics", "skincare"} <= set(beauty.aliases)


def test_category_names(benchmarks) -> None:
    assert category_name("beauty", "zh", benchmarks) == "美妆"
    assert category_name(Category.MOTHER_BABY, "en", benchmarks) == "Mother & baby"
    assert category_name("no_such_key", "zh", benchmarks) == "no_such_key"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我们是美妆品牌，对方要50%佣金怎么谈", "beauty"),
        ("护肤品渠道ROI掉了", "beauty"),
        ("Our SKINCARE line: the partner wants 40%", "beauty"),
        ("母婴用品社群值得长期合作吗", "mother_baby"),
        ("小家电直播的佣金一般多少", "home_appliance"),
        ("How do car dealers share leads?", "auto"),
        ("跨境电商的供应链联盟", "cross_border"),
        ("a 3C brand asks for exposure", "digital"),
        ("连锁餐饮发优惠券被薅", "restaurant"),
    ],
)
def test_find_category_by_name_and_alias(benchmarks, question: str, expected: str) -> None:
    assert find_category(question, benchmarks) == expected


@pytest.mark.parametrize(
    "question",
    ["新人培训怎么安排", "How do I import deals?", "is this partner worth it", "carpet cleaning", ""],
)
def test_find_category_none_without_a_category_word(benchmarks, question: str) -> None:
    assert find_category(question, benchmarks) is None


def test_find_category_prefers_the_longest_term(tmp_path: Path) -> None:
    rows = [f"{c.value},{c.value}名,{c.value} name,,10,3,sample" for c in Category]
    rows[0] = "beauty,美妆,Beauty,电商,25,3,sample"
    rows[8] = "cross_border,跨境,Cross-border,跨境电商平台,18,3,sample"
    path = tmp_path / "b.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    table = load_benchmarks(path)
    assert find_category("我们在跨境电商平台上卖货", table) == "cross_border"
    assert find_category("做电商的美妆品牌", table) == "beauty"


def test_the_table_is_always_given() -> None:
    with pytest.raises(TypeError):
        find_category("美妆")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        load_benchmarks()  # type: ignore[call-arg]


def test_bad_value_names_row_and_column(tmp_path: Path) -> None:
    lines = (SHIPPED.read_text(encoding="utf-8")).splitlines()
    lines[1] = lines[1].replace(",25,", ",-5,")
    path = tmp_path / "b.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BenchmarkDataError, match=r"row 2, column industry_commission_pct"):
        load_benchmarks(path)


def test_missing_category_and_missing_file_are_errors(tmp_path: Path) -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "b.csv"
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(BenchmarkDataError, match="missing categories: general"):
        load_benchmarks(path)
    with pytest.raises(BenchmarkDataError, match="cannot read"):
        load_benchmarks(tmp_path / "absent.csv")


def test_one_default_path_and_its_values_are_marked_sample() -> None:
    from assistant.kb.market import DEFAULT_CATEGORY, benchmark_for

    table = load_benchmarks(SHIPPED)
    assert benchmark_for("beauty", table) is table["beauty"]
    assert benchmark_for(None, table) is benchmark_for("unknown", table) is table[DEFAULT_CATEGORY]
    assert all(b.sample for b in table.values()), "the shipped rows say they are sample values"
    own = table["beauty"].model_copy(update={"note": "our 2025 contracts"})
    assert not own.sample
