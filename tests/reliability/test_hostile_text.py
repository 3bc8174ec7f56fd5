"""Hostile text never reaches an answer raw, and numbers are read whole or refused, never guessed (issue #16).

A. Deals imported with images, HTML, script and `javascript:` links in their names and lessons: the answer
   (and the deal citations of `ask --json`) shows them as text, and the similar-deals table keeps its columns.
B. `terminal_text`: nothing a search hit or an answer holds can move the cursor or rewrite the terminal.
C. Invisible characters inside digits, 1e9%, 2,5 %, pasted addresses and clock times, too many numbers.

Everything runs on `fake_engine` (the shipped knowledge, no model, no Chroma): milliseconds per question.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.answering import compose
from assistant.answering.answer import Answer, ToolCall
from assistant.answering.safe import inline_text, terminal_text
from assistant.config import get_settings
from assistant.engine import Deps, Engine
from assistant.kb.deals import Deal
from assistant.tools import ToolDefaults, ToolInputError, run_tool
from assistant.understanding.accounting import unused_numbers
from assistant.understanding.conversation import Understanding
from assistant.understanding.slots import extract_slots

IMAGE = "![x](http://127.0.0.1:9/x.png)"
TAG = "<img src=x onerror=alert(1)>"
SCRIPT = "</table><script>alert(1)</script>"
LINK = "[click](javascript:alert(1))"
HOSTILE = f"{IMAGE} {TAG} {SCRIPT} {LINK} | a | b\n\n# heading"
RAW = ("![", "<img", "<script", "</table", "javascript:")
PARTNER_EN = "The partner has 4 verified cases, 65% audience match and ROI 1:3.5. Worth a long-term deal?"
PARTNER_ZH = "这个合作方有4个可验证的成功案例，用户画像匹配度65%，ROI是1:3.5，值得长期投入吗？"
COUNTER_EN = "Partner wants {} commission, market rate is 20% and our gross margin is 50%. Counter?"


def assert_no_raw_markup(text: str) -> None:
    low = text.lower()
    for raw in RAW:
        assert raw not in low, f"{raw!r} reached the answer raw: {text!r}"


def hostile_deal(deal: Deal) -> Deal:
    """The deal as a hostile import would hold it (validated like an imported row)."""
    return Deal.model_validate(
        {
            **deal.model_dump(),
            "partner": f"{SCRIPT} {TAG}",
            "partner_en": f"{LINK} {IMAGE}",
            "lessons_zh": HOSTILE,
            "lessons_en": HOSTILE,
            "resources_zh": HOSTILE,
            "resources_en": HOSTILE,
        }
    )


@pytest.fixture
def hostile_engine(fake_deps: Deps) -> Engine:
    """The fake engine over the shipped deals, every one of them rewritten with hostile text."""
    deps = Deps(
        settings=fake_deps.settings,
        reader=fake_deps.reader,
        router=fake_deps.router,
        cards=fake_deps.cards,
        deals=[hostile_deal(d) for d in fake_deps.deals],
        benchmarks=fake_deps.benchmarks,
        tool_defaults=fake_deps.tool_defaults,
    )
    return Engine(deps)


def table_rows(answer: str) -> list[str]:
    return [line for line in answer.splitlines() if line.startswith("| ") and "---" not in line]


# -- A. hostile data text in answers ----------------------------------------------------------------------


@pytest.mark.parametrize("question", [PARTNER_EN, PARTNER_ZH], ids=["en", "zh"])
def test_hostile_deal_text_is_escaped_in_the_answer_and_its_citations(
    hostile_engine: Engine, question: str
) -> None:
    a = hostile_engine.answer(question)
    contract = a.contract()
    assert a.deals, "the similar-deals table must be part of this answer"
    assert "&lt;script>" in contract["answer"]  # the data is there, shown as text
    assert_no_raw_markup(contract["answer"])
    deal_citations = [c for c in contract["citations"] if c["kind"] == "deal"]
    assert deal_citations
    for c in deal_citations:
        assert_no_raw_markup(c["title"] + " " + c["text"])
    rows = table_rows(contract["answer"])
    assert len(rows) == 1 + len(a.deals)  # the header and one line per deal: no line broken by the data
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 4, row  # three columns, the data's | escaped


def test_similar_deal_rows_stay_unescaped_data_for_the_page(hostile_engine: Engine) -> None:
    a = hostile_engine.answer(PARTNER_EN)
    assert any(SCRIPT in row["partner"] or LINK in row["partner"] for row in a.deals)


def test_a_hostile_question_is_not_echoed_raw(fake_engine: Engine) -> None:
    a = fake_engine.answer(f"{SCRIPT} {TAG} {LINK} {IMAGE} 合作方有4个案例，匹配度65%，ROI 1:3.5，值得投吗？")
    assert_no_raw_markup(a.contract()["answer"])


def test_names_from_the_users_tables_are_escaped_in_verdicts() -> None:
    dims = ("traffic_quality", "audience_match", "brand_fit", "conversion", "cost_efficiency", "stability")
    partners = [{"name": n, **dict.fromkeys((*dims, "content"), s)} for n, s in ((TAG, 90), (LINK, 40))]
    ranked = run_tool("rank_partners", {"partners": partners}, ToolDefaults())
    outlets = [
        {"name": SCRIPT, "conversion_pct": 10, "rating": 5},
        {"name": IMAGE, "conversion_pct": 5, "rating": 4},
    ]
    leads = run_tool("allocate_leads", {"total_leads": 100, "outlets": outlets}, ToolDefaults())
    shares = run_tool("risk_check", {"partner_shares_pct": {TAG: 70, "B": 20}}, ToolDefaults())
    calls = [
        ToolCall(name="rank_partners", input={"partners": partners}, output=ranked),
        ToolCall(name="allocate_leads", input={}, output=leads),
        ToolCall(name="risk_check", input={}, output=shares),
    ]
    for call in calls:
        for lang in ("zh", "en"):
            text = compose.verdict_section(call, lang)
            assert_no_raw_markup(text)
    assert "&lt;img" in compose.verdict_section(calls[2], "en")  # the partner's name, in the reason


def test_a_refused_input_quoting_the_users_words_is_escaped() -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("assess_partner", {"verified_cases": f"{TAG}{LINK}"}, ToolDefaults())
    call = ToolCall(name="assess_partner", input={}, output={"error": "x", "problems": caught.value.problems})
    text = compose.verdict_section(call, "en")
    assert "you gave &lt;" in text  # the refused words are quoted back, escaped
    assert_no_raw_markup(text)


def test_hostile_card_text_is_escaped_in_the_playbook_steps(fake_deps: Deps) -> None:
    card = next(iter(fake_deps.cards.values()))
    body = f"### steps\n1. {IMAGE}\n2. {TAG}\n3. {LINK}\n### figures\n- {SCRIPT}\n### case\n{HOSTILE}"
    hostile = card.model_copy(update={"title": {"en": SCRIPT}, "body": {"en": body}})
    text = compose.playbook_section(hostile, "en", full=True)
    assert "1. !\\[x]" in text  # our numbered list, the data's image shown as text
    assert_no_raw_markup(text)


def test_deals_section_direct(fake_deps: Deps) -> None:
    deal = hostile_deal(fake_deps.deals[0])
    table, rows = compose.deals_section([deal], "en")
    assert_no_raw_markup(table)
    assert rows[0]["partner"] == deal.partner_en  # the row the page shows as text: as imported


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (IMAGE, "!\\[x](http://127.0.0.1:9/x.png)"),
        (TAG, "&lt;img src=x onerror=alert(1)>"),
        (SCRIPT, "&lt;/table>&lt;script>alert(1)&lt;/script>"),
        (LINK, "[click\\](javascript\\:alert(1))"),
        ("[x](data:text/html,hi) [y](VBScript:msgbox) [z](file:///etc/passwd)", None),
        ("a | b\nc\r\n\td", "a \\| b c d"),
        ("&lt;script&gt;", "&amp;lt;script&amp;gt;"),
        ("> quoted", "&gt; quoted"),
        ("\x1b[31mred\x00\u202e", "[31mred"),
        ("x\\|y", "x\\\\\\|y"),  # a backslash of the data cannot undo the escape of its |
    ],
)
def test_inline_text_shows_markup_as_text(text: str, shown: str | None) -> None:
    out = inline_text(text)
    if shown is not None:
        assert out == shown
    assert_no_raw_markup(out)
    assert not re.search(r"(?i)(?:data|vbscript|file):", out)
    assert "\n" not in out and not re.search(r"(?<!\\)\|", out)


@pytest.mark.parametrize(
    "text",
    [
        "A & B Media",
        "a number > 0",
        "ROI 1:3.5, 65% match, CNY 3 million",
        "佣金30%，匹配度65%（美妆）",
        "see [the report](https://example.com/r?a=1&b=2)",
        "Key data: 45% of fans",
        "*bold* and _italic_",
    ],
)
def test_inline_text_leaves_ordinary_text_as_written(text: str) -> None:
    assert inline_text(text) == text


# -- B. text for the terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b]0;owned title\x07after", "after"),
        ("\x1b]8;;http://127.0.0.1:9\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("real line\rfake line", "real linefake line"),
        ("windows\r\nline", "windows\nline"),
        ("bell\x07 nul\x00 del\x7f csi\x9b2J", "bell nul del csi2J"),
        ("\u202egnp.exe", "gnp.exe"),
        ("keeps\ttabs\nand newlines, 中文 and emoji 🤝", "keeps\ttabs\nand newlines, 中文 and emoji 🤝"),
        ("", ""),
    ],
)
def test_terminal_text_removes_escapes_and_control_characters(text: str, printed: str) -> None:
    out = terminal_text(text)
    assert out == printed
    assert not any(ord(c) < 32 and c not in "\n\t" for c in out)


# -- C. numbers read whole or refused --------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"])
def test_an_invisible_character_inside_digits_does_not_split_the_number(mark: str) -> None:
    assert extract_slots(f"对方要佣金5{mark}0%，行业平均20%，我们毛利率50%")["demanded_pct"] == 50
    assert extract_slots(COUNTER_EN.format(f"4{mark}5%"))["demanded_pct"] == 45


def test_the_engine_reads_the_number_and_cleans_the_question(fake_engine: Engine) -> None:
    u = fake_engine.read(COUNTER_EN.format("4\u200b5\ufeff%"))
    assert isinstance(u, Understanding)
    assert u.slots["demanded_pct"] == 45 and "\u200b" not in u.text and "\ufeff" not in u.text


def counter_call(answer: Answer) -> ToolCall:
    return next(c for c in answer.tool_calls if c.name == "counter_offer")


def test_an_exponent_is_read_whole_and_refused_by_the_tool(fake_engine: Engine) -> None:
    assert extract_slots(COUNTER_EN.format("1e9%"))["demanded_pct"] == 1e9
    call = counter_call(fake_engine.answer(COUNTER_EN.format("1e9%")))
    assert not call.ok and call.input["demanded_pct"] == 1e9
    assert [p["field"] for p in call.output["problems"]] == ["demanded_pct"]


@pytest.mark.parametrize(("written", "read"), [("2,5 %", 2.5), ("2,5%", 2.5), ("12,75%", 12.75)])
def test_a_decimal_comma_is_read_as_a_decimal(written: str, read: float) -> None:
    assert extract_slots(COUNTER_EN.format(written))["demanded_pct"] == read


def test_the_decimal_comma_never_reads_a_part_through_the_engine(fake_engine: Engine) -> None:
    call = counter_call(fake_engine.answer(COUNTER_EN.format("2,5 %")))
    assert call.input["demanded_pct"] == 2.5


@pytest.mark.parametrize(
    "pasted",
    [
        "127.0.0.1:9",
        "http://127.0.0.1:9/x.png",
        "the server at 10.0.0.12:8080",
        "app version 1.2.3",
        "the call at 18:30",
        "the call at 9:45",
        "the call at 1:30 pm",
    ],
)
def test_addresses_versions_and_times_are_not_numbers_for_tools(pasted: str) -> None:
    q = f"{pasted} — the partner has 5 verified cases, 60% audience match, ROI 1:3. Worth it?"
    slots = extract_slots(q)
    assert slots == {"verified_cases": 5, "audience_match_pct": 60, "roi": 3}
    assert unused_numbers(q, slots) == []  # not named back either: they are no numbers of the question


def test_a_pasted_address_does_not_take_the_users_roi_in_chinese() -> None:
    slots = extract_slots("日志里是 127.0.0.1:9，合作方有5个案例，匹配度60%，ROI 1:3，值得投吗？")
    assert slots == {"verified_cases": 5, "audience_match_pct": 60, "roi": 3}


def numbers_question(n: int) -> str:
    return "各渠道数据：" + "、".join(f"{i + 10}%" for i in range(n)) + "，怎么看？"


def test_a_question_with_too_many_numbers_is_refused_naming_the_limit(fake_engine: Engine) -> None:
    limit = get_settings().max_numbers_per_question
    a = fake_engine.answer(numbers_question(limit + 1))
    assert a.notes == ["rejected_input"] and not a.tool_calls and a.intent == "out_of_scope"
    assert str(limit) in a.answer and str(limit + 1) in a.answer
    en = fake_engine.answer("Figures: " + ", ".join(f"{i + 10}%" for i in range(limit + 1)), lang="en")
    assert en.notes == ["rejected_input"] and f"at most {limit}" in en.answer


def test_a_question_at_the_limit_is_read(fake_engine: Engine) -> None:
    limit = get_settings().max_numbers_per_question
    u: Any = fake_engine.read(numbers_question(limit))
    assert isinstance(u, Understanding)
