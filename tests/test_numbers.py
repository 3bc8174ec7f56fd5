"""Number parsing: every notation ops staff use, units, spans, and round-trips."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.understanding.numbers import INVISIBLE, find_numbers, normalize, parse_cn_number, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("65%", 65, "pct"),
        ("65 %", 65, "pct"),
        ("65％", 65, "pct"),
        ("200%", 200, "pct"),
        ("百分之六十五", 65, "pct"),
        ("百分之十二点五", 12.5, "pct"),
        ("百分之65", 65, "pct"),
        ("40个点", 40, "pct"),
        ("3个百分点", 3, "pct"),
        ("65 percent", 65, "pct"),
        ("三成", 30, "pct"),
        ("两成五", 25, "pct"),
        ("0.65", 0.65, None),
        ("50万", 500_000, "money"),
        ("50 万", 500_000, "money"),
        ("3.5万", 35_000, "money"),
        ("1.2亿", 120_000_000, "money"),
        ("五十万", 500_000, "money"),
        ("30万元", 300_000, "money"),
        ("¥30万", 300_000, "money"),
        ("$2m", 2_000_000, "money"),
        ("520k", 520_000, "money"),
        ("520K", 520_000, "money"),
        ("0.8 million", 800_000, "money"),
        ("2 million", 2_000_000, "money"),
        ("1.5m", 1_500_000, "money"),
        ("1,000,000", 1_000_000, None),
        ("1000000", 1_000_000, None),
        ("ROI 3.2", 3.2, None),
        ("-3", -3, None),
        ("ROI是-1", -1, None),
        ("−2.5", -2.5, None),
        ("负3", -3, None),
    ],
)
def test_single_number_notations(text: str, value: float, unit: str | None) -> None:
    found = find_numbers(text)
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value)
    assert found[0].unit == unit
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ROI 1:3.5", 3.5),
        ("1：3", 3.0),
        ("1 : 4", 4.0),
        ("1比2", 2.0),
        ("投入产出比1比2", 2.0),
        ("一比三", 3.0),
        ("3倍", 3.0),
        ("2.8x", 2.8),
        ("3X", 3.0),
        ("3:1", 3.0),
        ("2 times", 2.0),
    ],
)
def test_ratios(text: str, value: float) -> None:
    (m,) = find_numbers(text)
    assert m.unit == "ratio"
    assert m.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("两", 2),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("一百零五", 105),
        ("一百二", 120),
        ("三千五", 3500),
        ("两万五", 25_000),
        ("一亿五千万", 150_000_000),
        ("一点五", 1.5),
        ("三点五万", 35_000),
        ("二〇二一", 2021),
    ],
)
def test_chinese_numerals(text: str, value: float) -> None:
    assert parse_cn_number(text) == pytest.approx(value)
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("三个成功案例", 3, "count"),
        ("4个可验证的成功案例", 4, "count"),
        ("1000条线索", 1000, "count"),
        ("5 verified cases", 5, "count"),
        ("two cases", 2, "count"),
        ("allocate 500 leads", 500, "count"),
    ],
)
def test_counts(text: str, value: float, unit: str) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "time_unit"),
    [("两周", 2, "week"), ("三个月", 3, "month"), ("30分钟", 30, "minute"), ("2021年", 2021, "year")],
)
def test_time_quantities_are_tagged(text: str, value: float, time_unit: str) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit, m.time_unit) == (value, None, time_unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("leave on 3 November", 3), ("on Nov. 4th", 4), ("by 21st of March", 21), ("from May 3", 3)],
)
def test_english_dates_are_dates_not_inputs(text: str, value: float) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit, m.time_unit) == (value, None, "date")


def test_a_month_word_that_is_no_month_leaves_the_number_alone() -> None:
    assert [(m.value, m.unit, m.time_unit) for m in find_numbers("we may 3x it, marching 5")] == [
        (3, "ratio", None),
        (5, None, None),
    ]
    # a month's value, not a day: "Feb 1.1" is February's ROI
    assert [(m.value, m.time_unit) for m in find_numbers("Jan ROI 2.7, Feb 1.1, Mar 40")] == [
        (2.7, None),
        (1.1, None),
        (40, None),
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("资源利用率两成半", [(25, "pct", "两成半")]),
        ("三成半的量", [(35, "pct", "三成半")]),
        ("七十八一路跌到四十", [(78, None, "七十八"), (40, None, "四十")]),
        ("last week 66, this week 41", [(66, None, "66"), (41, None, "41")]),
        ("last month 200k spend", [(200000, "money", "200k")]),
    ],
)
def test_halves_words_and_named_periods(text: str, read: list[tuple[float, str | None, str]]) -> None:
    """两成半 is 25%; the 一 of 一路 is a word, not a digit of 七十八; "last week 66" is a figure of last week."""
    assert [(m.value, m.unit, m.text) for m in find_numbers(text)] == read


@pytest.mark.parametrize(
    ("text", "value"),
    [("预算1万8左右", 18000), ("3千5的坑位费", 3500), ("a 60 grand fee", 60000), ("GMV 1.2 mil", 1.2e6)],
)
def test_money_shorthand(text: str, value: float) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit) == (value, "money")


def test_a_period_by_its_number_stays_a_label() -> None:
    assert [m.value for m in find_numbers("week 3 RUE 40%, the week 2 number")] == [40]


def test_series_and_spans() -> None:
    text = "两周分别38%和36%"
    found = find_numbers(text)
    assert [(m.value, m.unit, m.time_unit) for m in found] == [
        (2, None, "week"),
        (38, "pct", None),
        (36, "pct", None),
    ]
    for m in found:
        assert text[m.span[0] : m.span[1]] == m.text


def test_spans_index_the_original_text_after_normalisation() -> None:
    text = "匹配度６５％，ROI １：３"
    values = [(m.value, m.text) for m in find_numbers(text)]
    assert values == [(65, "６５％"), (3, "１：３")]


def test_ranges_and_hyphens_are_not_negative() -> None:
    assert [m.value for m in find_numbers("3-6个月")] == [3, 6]
    assert [m.value for m in find_numbers("10%-20%")] == [10, 20]


@pytest.mark.parametrize(
    "text", ["一起", "一些", "统一", "唯一", "万一", "千万不要", "十分重要", "百度", "第一步", "第3周"]
)
def test_numerals_inside_ordinary_words_are_ignored(text: str) -> None:
    assert find_numbers(text) == []


def test_english_words_are_not_numbers_inside_other_words() -> None:
    assert find_numbers("often someone is done") == []


def test_invisible_covers_every_format_character() -> None:
    missed = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not INVISIBLE.match(chr(c))
    ]
    assert not missed, f"add to numbers.INVISIBLE: {missed}"


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"])
def test_invisible_characters_inside_a_number_do_not_split_it(mark: str) -> None:
    text = f"佣金5{mark}0%，ROI 1:{mark}3"
    found = find_numbers(text)
    assert [(m.value, m.unit) for m in found] == [(50, "pct"), (3, "ratio")]
    assert [m.text for m in found] == [f"5{mark}0%", f"1:{mark}3"]  # the given text, spans index it
    assert all(text[slice(*m.span)] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("1e9%", 1e9, "pct"), ("2.5e3", 2500, None), ("1E-2", 0.01, None), ("GMV 5e5元", 500_000, "money")],
)
def test_an_exponent_is_read_whole(text: str, value: float, unit: str | None) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("2,5 %", [2.5]),
        ("2,5%", [2.5]),
        ("12,75 percent", [12.75]),
        ("佣金2,5%", [2.5]),
        ("1,250%", [1250]),  # three digits: a thousands separator
        ("分别是45,30,25%", [45, 30, 25]),  # a list, not a decimal
        ("ROI 2,4月ROI 3", [2, 4, 3]),  # no percentage after the comma: no decimal
        ("1.5,5%", [1.5, 5]),
    ],
)
def test_a_decimal_comma_is_read_only_where_it_cannot_be_a_list(text: str, values: list[float]) -> None:
    assert [m.value for m in find_numbers(text)] == [pytest.approx(v) for v in values]


@pytest.mark.parametrize(
    "text",
    [
        "127.0.0.1:9",
        "http://127.0.0.1:9/x.png?size=300",
        "www.example.com/deal/2024",
        "10.0.0.12:8080",
        "v1.2.3",
        "2024.01.05",
        "18:30",
        "9:45的会议",
        "12:00:00",
        "1:30 pm",
        "1:30:15",
    ],
)
def test_addresses_versions_and_clock_times_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "value"), [("ROI 1:3", 3), ("1:30", 30), ("3:1", 3), ("20:80", 4), ("1:10", 10)]
)
def test_ratios_are_not_taken_for_clock_times(text: str, value: float) -> None:
    (m,) = find_numbers(text)
    assert (m.value, m.unit) == (value, "ratio")


def test_parse_number_rejects_text_and_ambiguity() -> None:
    assert parse_number("") is None
    assert parse_number("abc") is None
    assert parse_number("3 and 4") is None


def test_normalize_keeps_length() -> None:
    s = "ＲＯＩ１：３，６５％"
    assert len(normalize(s)) == len(s)
    assert normalize(s) == "ROI1:3,65%"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d: object) -> None:
    text = format(d, "f")
    assert parse_number(text) == pytest.approx(float(text))


@given(st.text(max_size=60))
def test_find_numbers_never_raises(text: str) -> None:
    for m in find_numbers(text):
        assert 0 <= m.span[0] < m.span[1] <= len(text)
