"""A table attached to a chat message goes to the tool it fits, with per-row problems when it fits none."""

from __future__ import annotations

import re

import pytest

from assistant.engine import Engine
from assistant.kb.attachments import MAX_ATTACHMENT_BYTES, read_attachment

PARTNERS = (
    "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n"
    "甲,90,85,80,88,70,92,75\n乙,60,55,70,50,65,60,58\n丙,75,80,72,70,68,74,70\n"
).encode()
OUTLETS = b"outlet,conversion_pct,rating\nNorth,12,4.5\nSouth,8,4.8\nEast,10,4.0\n"
SERIES = "资源利用率,舆情指数\n45,90\n39,80\n37,60\n".encode()


@pytest.fixture
def engine(fake_engine: Engine) -> Engine:
    return fake_engine


def test_a_partner_table_reads_as_the_partners_to_rank() -> None:
    a = read_attachment(PARTNERS, "partners.csv")
    assert a.ok and [p["name"] for p in a.slots["partners"]] == ["甲", "乙", "丙"]
    assert a.slots["partners"][0]["traffic_quality"] == 90


def test_an_outlet_table_and_series_columns_read_as_theirs() -> None:
    assert [o["name"] for o in read_attachment(OUTLETS, "o.csv").slots["outlets"]] == [
        "North",
        "South",
        "East",
    ]
    assert read_attachment(SERIES, "s.csv").slots == {
        "weekly_rue_pct": [45, 39, 37],
        "sentiment": [90, 80, 60],
    }


def test_a_table_with_a_bad_row_names_the_row_and_column() -> None:
    bad = PARTNERS.replace(b"60,55,70", b"60,abc,70")
    a = read_attachment(bad, "partners.csv")
    assert not a.ok and a.slots == {}
    assert a.problems == [{"row": 3, "column": "audience_match", "reason": a.problems[0]["reason"]}]
    assert "abc" in a.problems[0]["reason"]


def test_a_file_that_is_no_table_and_a_huge_file_are_refused() -> None:
    assert not read_attachment(b"\x00\x01 not a table", "x.csv").ok
    big = read_attachment(b"a" * (MAX_ATTACHMENT_BYTES + 1), "big.csv")
    assert not big.ok and "MB" in big.problems[0]["reason"]


def test_an_attached_partner_table_is_ranked(engine: Engine) -> None:
    a = engine.answer("帮我把这些合作方排个序", attached=read_attachment(PARTNERS, "p.csv").slots)
    call = next(c for c in a.tool_calls if c.name == "rank_partners")
    assert [r["name"] for r in call.output["ranked"]] == ["甲", "丙", "乙"]
    assert a.intent == "partner_portfolio"


def test_a_file_without_words_is_answered_from_what_it_holds(engine: Engine) -> None:
    a = engine.answer("", attached=read_attachment(OUTLETS, "o.csv").slots)
    assert a.intent == "partner_portfolio" and a.tool_calls == []
    assert a.missing == ["total_leads"] and "number of leads to allocate" in a.answer
    b = engine.answer("把1000条线索分给这几家", attached=read_attachment(OUTLETS, "o.csv").slots)
    call = next(c for c in b.tool_calls if c.name == "allocate_leads")
    assert sum(call.output["allocation"].values()) == 1000


def test_a_bad_rows_problem_is_listed_in_the_pages_words() -> None:
    from ui.deal_io import attachment_problems

    bad = read_attachment(PARTNERS.replace(b"60,55,70", b"60,155,70"), "partners.csv")
    zh = attachment_problems(bad.problems, "zh")
    assert list(zh.columns) == ["行", "列", "原因"]
    assert zh.iloc[0].tolist() == ["3", "用户匹配度", "155 超出范围 0–100"]
    en = attachment_problems(bad.problems, "en")
    assert en.iloc[0].tolist() == ["3", "Audience match", "155 is outside 0–100"]
    series = read_attachment("资源利用率,舆情指数\n45,90\n39,abc\n".encode(), "s.csv")
    assert attachment_problems(series.problems, "zh").iloc[0].tolist() == ["3", "舆情指数", "“abc”不是数字"]
    unknown = read_attachment(b"foo,bar\n1,2\n", "x.csv")
    reasons = " ".join(attachment_problems(unknown.problems, "zh")["原因"])
    assert reasons and not re.search(r"\b(?:is|the|no|column|missing)\b", reasons), reasons
