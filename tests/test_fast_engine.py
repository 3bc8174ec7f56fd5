"""The grounded engine on `fake_deps` (the shipped knowledge, a hashing embedder, a keyword reader, no Chroma
and no model): the planner's tool choice and inputs, the composed answer, and understanding follow-ups.
Every test here runs in milliseconds; the real-index tests of the same behaviour are in test_engine.py."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from assistant.answering import compose
from assistant.answering.answer import Answer, ToolCall
from assistant.answering.planner import plan_tools
from assistant.answering.reasons import render_verdict
from assistant.answering.texts import ASK_MISSING, LABELS
from assistant.engine import Deps, Engine
from assistant.i18n import pick
from assistant.index.retrieval import Hit
from assistant.understanding.conversation import Understanding, clean_message
from assistant.understanding.slots import extract_slots
from tests.support.fakes import KeywordReader, NgramEmbeddings

PARTNER_ZH = "这个合作方有4个可验证的成功案例，用户画像匹配度65%，ROI是1:3.5，值得长期投入吗？"
COUNTER_EN = "Partner wants 45% commission, market rate is 20% and our gross margin is 50%. Counter?"


@pytest.fixture
def engine(fake_engine: Engine) -> Engine:
    return fake_engine


def tool(answer: Answer, name: str) -> ToolCall:
    return next(c for c in answer.tool_calls if c.name == name)


def conversation(engine: Engine, questions: list[str]) -> list[Answer]:
    history: list[dict[str, str]] = []
    answers = []
    for q in questions:
        a = engine.answer(q, history)
        answers.append(a)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": a.answer}]
    return answers


# -- the fakes ------------------------------------------------------------------------------------


def test_the_hash_embedder_is_deterministic_normalised_and_wording_sensitive() -> None:
    emb = NgramEmbeddings()
    a, again = (
        np.array(emb.embed_query("佣金太高怎么还价")),
        np.array(NgramEmbeddings().embed_query("佣金太高怎么还价")),
    )
    assert a.shape == (emb.dim,) and np.array_equal(a, again) and abs(float(np.linalg.norm(a)) - 1) < 1e-6
    near, far = (
        np.array(v) for v in emb.embed_documents(["佣金要价太高怎么还价", "Tell me a joke about cats"])
    )
    assert float(a @ near) > 0.5 > 0.1 > float(a @ far)
    assert emb.embed_documents([]) == [] and not any(emb.embed_query(""))


def test_the_keyword_reader_filters_like_the_index(fake_deps: Deps) -> None:
    reader = fake_deps.reader
    assert isinstance(reader, KeywordReader)
    counts = reader.counts()
    assert counts == {"playbook": 2 * len(fake_deps.cards), "deal": 2 * len(fake_deps.deals)}
    cards = reader.search("对方要50%的佣金，太高了怎么谈", k=3, kind="playbook", language="zh")
    assert cards and all(isinstance(h, Hit) and h.kind == "playbook" and h.language == "zh" for h in cards)
    assert cards[0].id == "qa-unreasonable-demand" and cards[0].doc_id == "card:qa-unreasonable-demand:zh"
    assert [h.score for h in cards] == sorted((h.score for h in cards), reverse=True)
    beauty = reader.search("commission beauty partner", k=5, kind="deal", language="en", category="beauty")
    assert len(beauty) == 5 and all(fake_deps.deals_by_id[h.id].category == "beauty" for h in beauty)
    both = reader.search("佣金", k=50)
    assert len({(h.kind, h.id) for h in both}) == len(both)  # one hit per card or deal, whatever the language
    assert reader.search("zzzz qqqq", k=5) == []
    assert reader.document("card:qa-unreasonable-demand:en").language == "en"  # type: ignore[union-attr]


# -- planner: tool choice and inputs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "name", "given", "verdict"),
    [
        (
            PARTNER_ZH,
            "assess_partner",
            {"verified_cases": 4, "audience_match_pct": 65, "roi": 3.5},
            "recommended",
        ),
        (
            "The partner has 5 verified cases, 55% audience match and ROI 1:4. Long-term partner or not?",
            "assess_partner",
            {"verified_cases": 5, "audience_match_pct": 55, "roi": 4},
            "not_recommended",
        ),
        (
            COUNTER_EN,
            "counter_offer",
            {"demanded_pct": 45, "industry_avg_pct": 20, "gross_margin_pct": 50},
            "unreasonable",
        ),
        (
            "承诺ROI 1:3，实际1:2.4，投放100万，要补多少？",
            "performance_bet",
            {"promised_roi": 3, "actual_roi": 2.4, "spend": 1_000_000},
            "compensate",
        ),
        ("带货GMV做到了52万，专场资源包解锁了吗？", "incentive_tier", {"gmv": 520_000}, "unlocked"),
        ("合作方舆情指数从100降到了65", "risk_check", {"sentiment": [100, 65]}, "alert"),
    ],
)
def test_the_tool_and_its_input_come_from_the_question(
    engine: Engine, question: str, name: str, given: dict[str, Any], verdict: str
) -> None:
    a = engine.answer(question)
    assert [c.name for c in a.tool_calls] == [name]
    call = a.tool_calls[0]
    assert call.input == given and call.output["verdict"] == verdict
    assert not call.filled_from_history and not call.filled_from_benchmarks


def test_no_numbers_no_tool(engine: Engine) -> None:
    a = engine.answer("核心KOL突然解约了，应急怎么做？")
    assert a.intent == "partner_exit" and a.tool_calls == [] and a.missing == []
    assert a.citations[0].id == "emergency-kit"


def test_a_named_partner_fills_the_inputs_from_its_newest_deals(engine: Engine, fake_deps: Deps) -> None:
    name = "流萤文化"
    a = engine.answer(f"{name}值得长期合作吗？")
    call = tool(a, "assess_partner")
    assert a.intent == "partner_worth" and set(call.input) == {"verified_cases", "audience_match_pct", "roi"}
    theirs = [d for d in fake_deps.deals if d.partner == name]
    for note in call.filled_from_history:  # "roi=2.52 (S-0292)"
        field, rest = note.split("=", 1)
        deal = fake_deps.deals_by_id[rest.split("(")[1].rstrip(")")]
        assert deal.partner == name and getattr(deal, field) == call.input[field]
        dated = [d.start_date for d in theirs if getattr(d, field) is not None and d.start_date]
        assert deal.start_date == max(dated)  # the newest of their deals that has this figure
    assert len(call.filled_from_history) == 3 and "已从历史合作补全" in a.answer
    line = next(x for x in a.answer.splitlines() if "已从历史合作补全" in x)
    assert not any(f in line for f in ("verified_cases", "audience_match_pct", "roi=", "=")), line
    assert "可验证成功案例数" in line and "用户画像匹配度" in line and "%" in line
    assert all(n.split("(")[1].rstrip(")") in line for n in call.filled_from_history)  # the deal ids stay
    assert {c.id for c in a.citations if c.kind == "deal"} & {d.deal_id for d in theirs}  # their deals shown


def test_only_the_missing_inputs_are_filled_from_history(engine: Engine) -> None:
    call = tool(engine.answer("流萤文化这次ROI能到1:5，值得长期合作吗？"), "assess_partner")
    assert call.input["roi"] == 5 and not any(n.startswith("roi=") for n in call.filled_from_history)
    assert {n.split("=")[0] for n in call.filled_from_history} == {"verified_cases", "audience_match_pct"}


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("美妆品类的合作方要求40%佣金，毛利率60%，怎么还价？", "beauty"),
        ("The partner demands 40% commission in beauty. Counter?", "beauty"),
        ("对方要求40%佣金，怎么还价？", "general"),
    ],
)
def test_the_industry_average_comes_from_the_category_benchmark(
    engine: Engine, fake_deps: Deps, question: str, category: str
) -> None:
    call = tool(engine.answer(question), "counter_offer")
    bench = fake_deps.benchmarks[category]
    assert (
        call.input["demanded_pct"] == 40 and call.input["industry_avg_pct"] == bench.industry_commission_pct
    )
    assert call.filled_from_benchmarks == [f"industry_avg_pct={bench.industry_commission_pct} ({category})"]
    assert call.output["base_pct"] == bench.industry_commission_pct
    a = engine.answer(question)
    assert bench.name(a.language) in a.answer and "industry_avg_pct" not in a.answer, "named in words"


def test_the_benchmark_roi_comes_from_the_category(engine: Engine, fake_deps: Deps) -> None:
    a = engine.answer("渠道ROI连续两个月是1.5和1.8，家电品类，要预警吗？")
    call = tool(a, "risk_check")
    benchmark = fake_deps.benchmarks["home_appliance"].benchmark_roi
    assert call.input == {"monthly_roi": [1.5, 1.8], "benchmark_roi": benchmark}
    assert call.output["verdict"] == "alert" and "已用行业基准补全" in a.answer
    # a category also narrows the deal search
    deal_searches = [s for s in fake_deps.reader.searches if s["kind"] == "deal"]  # type: ignore[attr-defined]
    assert deal_searches and deal_searches[-1]["category"] == "home_appliance"


def test_missing_required_inputs_make_no_call_and_are_asked_for(engine: Engine) -> None:
    a = engine.answer("We promised ROI 1:3 but only got 1:2. What do we owe?")
    assert a.intent == "trust_crisis" and a.tool_calls == [] and a.missing == ["spend"]
    assert compose.field_ask("spend", "en") in a.answer and "**Verdict" not in a.answer


def test_assess_partner_with_one_figure_asks_for_the_others(engine: Engine) -> None:
    a = engine.answer("合作方匹配度70%，能长期合作吗？")
    call = tool(a, "assess_partner")
    assert call.input == {"audience_match_pct": 70} and call.output["verdict"] == "insufficient_data"
    assert a.missing == ["verified_cases", "roi"]
    assert (
        compose.field_ask("verified_cases", "zh") in a.answer and compose.field_ask("roi", "zh") in a.answer
    )


def test_plan_tools_reports_what_is_missing_per_tool(fake_deps: Deps) -> None:
    d = fake_deps
    plan = plan_tools(
        "trust_crisis", {"promised_roi": 3.0, "gmv": 600_000.0}, "", d.deals, d.benchmarks, d.tool_defaults
    )
    assert [(c.name, c.input, c.output["verdict"]) for c in plan.calls] == [
        ("incentive_tier", {"gmv": 600_000.0}, "unlocked")
    ]
    assert plan.missing == {"performance_bet": ["actual_roi", "spend"]}
    assert plan_tools("methodology", {"roi": 3.0}, "", d.deals, d.benchmarks, d.tool_defaults).calls == []


# -- composer ---------------------------------------------------------------------------------------


def test_the_answer_opens_with_the_verdict_and_its_reasons(engine: Engine) -> None:
    a = engine.answer(PARTNER_ZH)
    head, *reasons = a.answer.split("\n\n")[0].splitlines()
    assert head == f"**结论：{render_verdict('assess_partner', 'recommended', 'zh')}**（合作方评估）"
    assert len(reasons) >= 3 and all(r.startswith("- ") for r in reasons)
    assert any("4" in r for r in reasons) and any("65%" in r for r in reasons)


def test_an_english_counter_offer_gives_the_ladder_and_script(engine: Engine) -> None:
    a = engine.answer(COUNTER_EN)
    out = tool(a, "counter_offer").output
    assert a.language == "en" and out["base_pct"] == 20 and out["ceiling_pct"] == 40
    verdict = a.answer.split("\n\n")[0]
    assert verdict.startswith("**Verdict: ") and "(counter offer)" in verdict.splitlines()[0]
    assert (
        "base commission 20%" in verdict and "ceiling 40%" in verdict and "margin ceiling of 40%" in verdict
    )
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in a.answer)


def test_invalid_numbers_are_listed_and_never_get_a_verdict(engine: Engine) -> None:
    a = engine.answer("匹配度150%，ROI是-3，案例5个，值得合作吗？")
    out = tool(a, "assess_partner").output
    assert "verdict" not in out and {p["field"] for p in out["problems"]} == {"audience_match_pct", "roi"}
    first = a.answer.split("\n\n")[0]
    assert first.startswith(f"**{pick(LABELS, 'zh', 'invalid')}（合作方评估）**")
    assert (
        "- 用户画像匹配度：不能大于 100（你填的是 150）" in first
        and "- 投入产出比（ROI）：不能小于 0" in first
    )
    assert (
        "audience_match_pct" not in a.answer and "**结论" not in a.answer
    )  # fields by their names, in words


def test_the_missing_section_names_the_tool_and_fields() -> None:
    missing = {"performance_bet": ["actual_roi", "spend"]}
    zh = compose.missing_section(missing, "zh")
    want = pick(
        ASK_MISSING,
        "zh",
        tool=compose.tool_title("performance_bet", "zh"),
        fields="实际达成的 ROI、投放金额（元）",
    )
    assert zh == want
    en = compose.missing_section(missing, "en")
    assert (
        en
        == "To give the ROI guarantee settlement verdict I still need: the ROI actually delivered, the spend (CNY)."
    )


@pytest.mark.parametrize(("question", "label"), [(PARTNER_ZH, "来源："), (COUNTER_EN, "Sources: ")])
def test_the_sources_line_lists_every_citation_in_order(engine: Engine, question: str, label: str) -> None:
    a = engine.answer(question)
    last = a.answer.split("\n\n")[-1]
    assert last == label + " · ".join(f"[{c.id}]" for c in a.citations)
    kinds = [c.kind for c in a.citations]
    assert (
        kinds[0] == "playbook" and "deal" in kinds and kinds == sorted(kinds, key=lambda k: k != "playbook")
    )
    assert a.citations[0].id in a.answer.split(last)[0]  # the cited card's steps are in the answer


def test_the_stream_is_the_answer_in_sections(engine: Engine) -> None:
    items = list(engine.stream(COUNTER_EN))
    *sections, final = items
    assert isinstance(final, Answer) and all(isinstance(s, str) for s in sections)
    assert "".join(sections).strip() == final.answer.strip() and len(sections) >= 4


def test_out_of_scope_and_empty_messages_are_short(engine: Engine) -> None:
    joke = engine.answer("Tell me a joke about cats.")
    assert (
        joke.intent == "out_of_scope"
        and not joke.tool_calls
        and not joke.citations
        and len(joke.answer) < 600
    )
    empty = engine.answer("  \n ")
    assert empty.notes == ["rejected_input"] and not empty.tool_calls


# -- understanding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (PARTNER_ZH, {"verified_cases": 4, "audience_match_pct": 65.0, "roi": 3.5}),
        (
            "对方要求40%佣金，行业平均20%，毛利率50%",
            {"demanded_pct": 40, "industry_avg_pct": 20, "gross_margin_pct": 50},
        ),
        (
            "We promised ROI 1:3 and delivered 1:2 on a 300,000 spend.",
            {"promised_roi": 3, "actual_roi": 2, "spend": 300_000},
        ),
        ("RUE was 35% last week and 38% this week.", {"weekly_rue_pct": [35, 38]}),
    ],
)
def test_understand_reads_the_slots_of_a_question(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    u = engine.read(text)
    assert isinstance(u, Understanding)
    assert u.slots == slots == extract_slots(text)
    assert (
        u.context_text == clean_message(text) and u.context_vector is u.vector
    )  # no history: the question alone


def test_a_follow_up_carries_the_earlier_numbers_over(engine: Engine) -> None:
    earlier = "合作方有5个成功案例，匹配度75%，ROI 1:4，值得投吗？"
    text = "那如果ROI只有2.5呢？"
    u = engine.read(text, [{"role": "user", "content": earlier}])
    assert isinstance(u, Understanding) and u.intent == "partner_worth"
    assert u.slots == {"verified_cases": 5, "audience_match_pct": 75, "roi": 2.5}  # only the ROI changed
    assert u.context_text.endswith("\n" + clean_message(text)) and "75%" in u.context_text
    vec = u.context_vector
    assert abs(float(np.linalg.norm(vec)) - 1) < 1e-5 and not np.allclose(vec, u.vector)
    call = tool(engine.answer(text, [{"role": "user", "content": earlier}]), "assess_partner")
    assert call.output["verdict"] == "not_recommended" and call.output["failed"] == ["roi"]


def test_an_english_follow_up_changes_one_number(engine: Engine) -> None:
    a = engine.answer(
        "and with only 2 cases?", [{"role": "user", "content": "5 verified cases, 70% match, ROI 1:3.2"}]
    )
    call = tool(a, "assess_partner")
    assert call.input == {"verified_cases": 2, "audience_match_pct": 70, "roi": 3.2}
    assert call.output["failed"] == ["cases"]


def test_a_follow_up_changes_only_the_tool_it_touches(engine: Engine) -> None:
    _, bet, tweak, gmv = conversation(
        engine,
        [
            "带货GMV做到了52万，专场资源包解锁了吗？",
            "承诺ROI 1:3，实际1:2.4，投放100万，要补多少？",
            "那如果实际只做到1:2呢？",
            "那GMV到了80万呢？",
        ],
    )
    assert [c.name for c in bet.tool_calls] == ["performance_bet"]  # the earlier GMV is not re-judged
    assert [(c.name, c.input) for c in tweak.tool_calls] == [
        ("performance_bet", {"promised_roi": 3.0, "actual_roi": 2.0, "spend": 1_000_000.0})
    ]
    assert [(c.name, c.input) for c in gmv.tool_calls] == [("incentive_tier", {"gmv": 800_000.0})]


def test_a_question_that_stands_on_its_own_carries_nothing_over(engine: Engine) -> None:
    gmv, bet, kol = conversation(
        engine,
        [
            "带货GMV做到了52万，专场资源包解锁了吗？",
            "We promised ROI 1:3 and delivered 1:2 on a 300,000 spend. What do we owe?",
            "核心KOL突然解约了，应急怎么做？",
        ],
    )
    assert [c.name for c in gmv.tool_calls] == ["incentive_tier"]
    assert [(c.name, c.input) for c in bet.tool_calls] == [
        ("performance_bet", {"promised_roi": 3.0, "actual_roi": 2.0, "spend": 300_000.0})
    ]
    assert kol.intent == "partner_exit" and kol.tool_calls == [] and kol.slots == {}


def test_a_chinese_answers_deal_citations_carry_no_english_partner_name(
    engine: Engine, fake_deps: Deps
) -> None:
    theirs = [d for d in fake_deps.deals if d.partner == "流萤文化" and d.partner_en]
    assert theirs, "the shipped deals name the partner in English too"
    zh = [c for c in engine.answer("流萤文化值得长期合作吗？").citations if c.kind == "deal"]
    assert zh and all(d.partner_en not in c.text + c.title for c in zh for d in theirs), [c.text for c in zh]
    assert any("流萤文化（" in c.text for c in zh)  # the name and its partner type, one language
    en = [
        c for c in engine.answer("Is Liuying Culture worth a long-term deal?").citations if c.kind == "deal"
    ]
    assert any(theirs[0].partner_en in c.text for c in en)
