"""All eight tools from chat: partner tables and lists (rank_partners), outlets (allocate_leads), two user
distributions (audience_match) and every series of risk_check, pasted in Chinese or English, as prose, a markdown
table or CSV lines. Runs on `fake_deps` (no real embedder, no Chroma): milliseconds per question."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answering.answer import Answer, ToolCall
from assistant.answering.texts import OVERLAP, RANKING
from assistant.engine import Engine
from assistant.i18n import pick
from assistant.understanding.pasted import blank, question_words, read_pasted
from assistant.understanding.slots import extract_slots

SCORES_A = {
    "traffic_quality": 80,
    "audience_match": 70,
    "brand_fit": 60,
    "conversion": 75,
    "cost_efficiency": 65,
    "stability": 80,
    "content": 70,
}
SCORES_B = {k: v - 20 for k, v in SCORES_A.items()}
SCORES_C = {k: v + 10 for k, v in SCORES_A.items()}
ZH_DIMS = ("流量质量", "用户匹配度", "品牌调性", "转化能力", "成本效率", "合作稳定性", "内容能力")
EN_DIMS = (
    "traffic quality",
    "audience match",
    "brand fit",
    "conversion",
    "cost efficiency",
    "stability",
    "content",
)


def prose(names: tuple[str, ...], sep: str, colon: str, joiner: str, scores: list[dict[str, int]]) -> str:
    """Partners as one prose list: "A：流量质量80，用户匹配度70…；B：…"."""
    return joiner.join(
        f"{name}{colon}"
        + sep.join(
            f"{dim}{' ' if dim.isascii() else ''}{v}" for dim, v in zip(names, s.values(), strict=True)
        )
        for name, s in zip(("A", "B", "C"), scores, strict=True)
    )


ZH_LIST = prose(ZH_DIMS, "，", "：", "；", [SCORES_A, SCORES_B, SCORES_C])
EN_LIST = prose(EN_DIMS, ", ", ": ", "; ", [SCORES_A, SCORES_B, SCORES_C])
EN_LEADS = (
    "1,000 leads across North (conversion 12%, rating 4.5), South (conversion 8%, rating 4.8), "
    "East (conversion 10%, rating 4.0)"
)
ZH_PROFILES = "我们18-24岁占40%，25-34岁占35%，35岁以上25%；对方18-24岁30%，25-34岁40%，35岁以上30%，匹配吗？"
EN_PROFILES = (
    "ours: 18-24 40%, 25-34 35%, 35+ 25%; theirs: 18-24 20%, 25-34 20%, 35+ 60%. Do our audiences match?"
)


@pytest.fixture
def engine(fake_engine: Engine) -> Engine:
    return fake_engine


def only_call(answer: Answer, name: str) -> ToolCall:
    assert [c.name for c in answer.tool_calls] == [name], answer.tool_calls
    return answer.tool_calls[0]


def conversation(engine: Engine, questions: list[str]) -> list[Answer]:
    history: list[dict[str, str]] = []
    answers = []
    for q in questions:
        answers.append(a := engine.answer(q, history))
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": a.answer}]
    return answers


# -- rank_partners ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "lang"),
    [(f"{ZH_LIST}。帮我排个序", "zh"), (f"Please rank our partners. {EN_LIST}.", "en")],
)
def test_a_pasted_partner_list_with_seven_scores_is_ranked(engine: Engine, question: str, lang: str) -> None:
    a = engine.answer(question)
    assert a.intent == "partner_portfolio" and a.language == lang
    call = only_call(a, "rank_partners")  # not assess_partner, though the list names 用户匹配度 and 内容能力
    assert call.input == {
        "partners": [{"name": n, **s} for n, s in zip("ABC", (SCORES_A, SCORES_B, SCORES_C), strict=True)]
    }
    out = call.output
    assert [r["name"] for r in out["ranked"]] == ["C", "A", "B"]
    assert out["shortlist"] == ["C", "A"] and out["prune"] == ["B"]
    verdict = a.answer.split("\n\n")[0]
    colon = "：" if lang == "zh" else ": "
    assert f"- {pick(RANKING, lang, 'shortlist')}{colon}C{'、' if lang == 'zh' else ', '}A" in verdict
    assert f"- {pick(RANKING, lang, 'prune')}{colon}B" in verdict
    assert f"{pick(RANKING, lang, 'ranked')}{colon}C 81.43" in verdict  # the scores come from the tool


def test_a_markdown_partner_table_with_english_headers_and_a_prune_share(engine: Engine) -> None:
    rows = [("Alpha", SCORES_A), ("Beta", SCORES_B), ("Gamma", SCORES_C)]
    table = "\n".join(
        [
            "| Partner | Traffic quality | Audience match | Brand fit | Conversion | Cost efficiency | Stability | Content |",
            "|---|---|---|---|---|---|---|---|",
            *(f"| {name} | " + " | ".join(str(v) for v in s.values()) + " |" for name, s in rows),
        ]
    )
    call = only_call(engine.answer(f"Rank these partners:\n{table}\nprune 34%"), "rank_partners")
    assert [p["name"] for p in call.input["partners"]] == ["Alpha", "Beta", "Gamma"]
    assert call.input["partners"][2] == {"name": "Gamma", **SCORES_C} and call.input["prune_pct"] == 34
    assert call.output["shortlist"] == ["Gamma"] and call.output["prune"] == ["Alpha", "Beta"]


def test_csv_partner_lines_with_chinese_headers_and_a_shortlist_size(engine: Engine) -> None:
    csv = "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n" + "\n".join(
        f"{name}," + ",".join(str(v) for v in s.values())
        for name, s in (("星河传媒", SCORES_A), ("青禾MCN", SCORES_B), ("云起直播", SCORES_C))
    )
    a = engine.answer(f"帮我给这几家合作方排个序，选前1：\n{csv}")
    call = only_call(a, "rank_partners")
    assert a.intent == "partner_portfolio" and call.input["top_n"] == 1
    assert call.output["shortlist"] == ["云起直播"] and call.output["prune"] == ["青禾MCN"]


def test_a_partner_missing_scores_is_named_and_gets_no_verdict(engine: Engine) -> None:
    partial = "A：流量质量80，用户匹配度70，品牌调性60，转化能力75；" + ZH_LIST.split("；")[1] + "，排一下"
    call = only_call(engine.answer(partial), "rank_partners")
    assert "verdict" not in call.output
    assert {p["field"] for p in call.output["problems"]} == {
        "partners[0].cost_efficiency",
        "partners[0].stability",
        "partners[0].content",
    }


def test_a_follow_up_changes_the_shortlist_size(engine: Engine) -> None:
    first, again = conversation(engine, [f"{ZH_LIST}。排个序", "那如果只选前1呢？"])
    assert only_call(first, "rank_partners").output["shortlist"] == ["C", "A"]
    call = only_call(again, "rank_partners")
    assert call.input["top_n"] == 1 and call.output["shortlist"] == ["C"] and len(call.input["partners"]) == 3


# -- allocate_leads -----------------------------------------------------------------------------------------

OUTLETS = [
    {"name": "North", "conversion_pct": 12, "rating": 4.5},
    {"name": "South", "conversion_pct": 8, "rating": 4.8},
    {"name": "East", "conversion_pct": 10, "rating": 4.0},
]


def test_a_thousand_leads_across_three_outlets_in_prose(engine: Engine) -> None:
    a = engine.answer(EN_LEADS)
    call = only_call(a, "allocate_leads")
    assert a.intent == "partner_portfolio" and call.input == {"total_leads": 1000, "outlets": OUTLETS}
    allocation = call.output["allocation"]
    assert sum(allocation.values()) == 1000 and allocation == {"North": 380, "South": 297, "East": 323}
    assert "North 380 leads" in a.answer.split("\n\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "线索500条，A店转化率10%评分4.6，B店转化率8%评分4.9，怎么分？",
        "把500条线索分给A店（转化率10%，评分4.6）和B店（转化率8%，评分4.9）",
        "500条线索怎么分给这几家门店？\n| 门店 | 转化率 | 评分 |\n| --- | --- | --- |\n| A店 | 10% | 4.6 |\n| B店 | 8% | 4.9 |",
    ],
)
def test_chinese_outlets_in_prose_or_a_markdown_table(engine: Engine, question: str) -> None:
    a = engine.answer(question)
    call = only_call(a, "allocate_leads")
    assert a.language == "zh" and call.input["total_leads"] == 500
    assert call.input["outlets"] == [
        {"name": "A店", "conversion_pct": 10, "rating": 4.6},
        {"name": "B店", "conversion_pct": 8, "rating": 4.9},
    ]
    assert sum(call.output["allocation"].values()) == 500 and "A店 267 条" in a.answer


def test_csv_outlet_lines_in_english(engine: Engine) -> None:
    csv = "outlet,conversion_pct,rating\n" + "\n".join(
        f"{o['name']},{o['conversion_pct']},{o['rating']}" for o in OUTLETS
    )
    call = only_call(engine.answer(f"Split 600 leads:\n{csv}"), "allocate_leads")
    assert call.input == {"total_leads": 600, "outlets": OUTLETS}
    assert sum(call.output["allocation"].values()) == 600


def test_outlets_without_ratings_are_asked_for_and_a_follow_up_changes_the_total(engine: Engine) -> None:
    call = only_call(engine.answer("A店转化率10%，B店转化率8%，500条线索怎么分？"), "allocate_leads")
    assert {p["field"] for p in call.output["problems"]} == {"outlets[0].rating", "outlets[1].rating"}
    _, again = conversation(engine, [EN_LEADS, "what if we had 2,000 leads?"])
    call = only_call(again, "allocate_leads")
    assert (
        call.input == {"total_leads": 2000, "outlets": OUTLETS}
        and sum(call.output["allocation"].values()) == 2000
    )


# -- audience_match -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "ours", "theirs", "verdict", "pct"),
    [
        (
            ZH_PROFILES,
            {"18-24岁": 40, "25-34岁": 35, "35岁以上": 25},
            {"18-24岁": 30, "25-34岁": 40, "35岁以上": 30},
            "match",
            90,
        ),
        (
            EN_PROFILES,
            {"18-24": 40, "25-34": 35, "35+": 25},
            {"18-24": 20, "25-34": 20, "35+": 60},
            "match",
            65,
        ),
        (
            "Our users are 40% 18-24, 35% 25-34 and 25% 35+; the partner's users are 10% 18-24, 20% 25-34 "
            "and 70% 35+. Good match?",
            {"18-24": 40, "25-34": 35, "35+": 25},
            {"18-24": 10, "25-34": 20, "35+": 70},
            "mismatch",
            55,
        ),
        (
            "用户年龄分布对比，匹配吗？\n| 年龄段 | 我们 | 对方 |\n|---|---|---|\n| 18-24 | 40% | 30% |\n"
            "| 25-34 | 35% | 40% |\n| 35+ | 25% | 30% |",
            {"18-24": 40, "25-34": 35, "35+": 25},
            {"18-24": 30, "25-34": 40, "35+": 30},
            "match",
            90,
        ),
        (
            "bucket,ours,theirs\ntier 1,50,20\ntier 2,30,30\ntier 3,20,50\nHow well do we match?",
            {"tier 1": 50, "tier 2": 30, "tier 3": 20},
            {"tier 1": 20, "tier 2": 30, "tier 3": 50},
            "match",
            70,
        ),
    ],
)
def test_two_distributions_give_audience_match(
    engine: Engine, question: str, ours: dict[str, float], theirs: dict[str, float], verdict: str, pct: float
) -> None:
    a = engine.answer(question)
    call = only_call(a, "audience_match")
    assert a.intent == "partner_worth" and call.input == {"ours": ours, "theirs": theirs}
    assert call.output["verdict"] == verdict and call.output["match_pct"] == pct
    colon = "：" if a.language == "zh" else ": "
    assert f"- {pick(OVERLAP, a.language, 'overlap')}{colon}{pct}%" in a.answer.split("\n\n")[0]


def test_age_bands_written_differently_on_the_two_sides_still_match() -> None:
    got = read_pasted("我们18~24岁占50%，35岁及以上占50%；对方18-24岁60%，35+ 40%")
    assert got.fields == {
        "ours": {"18~24岁": 50, "35岁及以上": 50},
        "theirs": {"18~24岁": 60, "35岁及以上": 40},
    }


def test_a_profile_that_cannot_be_read_whole_is_not_read_at_all() -> None:
    # the partner's third share is unreadable: a partial profile would give a wrong overlap
    assert (
        "theirs"
        not in read_pasted(
            "ours: 18-24 40%, 25-34 35%, 35+ 25%; theirs: 18-24 30%, 25-34 40%, 30%和35%"
        ).fields
    )


# -- risk_check: every series ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "given", "codes"),
    [
        ("渠道资源利用率上周38%，这周35%，要预警吗？", {"weekly_rue_pct": [38, 35]}, ["rue_low"]),
        ("Weekly RUE: 45, 38, 35. Should we act?", {"weekly_rue_pct": [45, 38, 35]}, ["rue_low"]),
        ("合作方舆情指数从100降到了65", {"sentiment": [100, 65]}, ["sentiment_drop"]),
        ("Partner sentiment dropped 40% this month. What now?", {"sentiment": [100, 60]}, ["sentiment_drop"]),
        (
            "近两个月渠道ROI分别为1.2、1.1，行业基准ROI是2.5，需要调整吗？",
            {"monthly_roi": [1.2, 1.1], "benchmark_roi": 2.5},
            ["roi_below_benchmark"],
        ),
        (
            "ROI last two months was 1:1.5 and 1:1.8 against a benchmark of 1:3. Do we act?",
            {"monthly_roi": [1.5, 1.8], "benchmark_roi": 3},
            ["roi_below_benchmark"],
        ),
        (
            "最大的合作方占了我们45%的流量，其他两家分别20%和35%，有风险吗？",
            {"partner_shares_pct": [45, 20, 35]},
            ["single_point_dependency"],
        ),
        (
            "Our largest partner accounts for 45% of traffic, the others 30% and 25%. Is that a risk?",
            {"partner_shares_pct": [45, 30, 25]},
            ["single_point_dependency"],
        ),
        (
            "A占45%，B占30%，C占25%，有单点依赖吗？",
            {"partner_shares_pct": {"A": 45, "B": 30, "C": 25}},
            ["single_point_dependency"],
        ),
        (
            "Partner shares of GMV: A 40%, B 35%, C 25%. Single-point risk?",
            {"partner_shares_pct": {"A": 40, "B": 35, "C": 25}},
            ["single_point_dependency"],
        ),
        (
            "| Partner | Share |\n|---|---|\n| A | 45% |\n| B | 30% |\n| C | 25% |\nSingle-point dependency?",
            {"partner_shares_pct": {"A": 45, "B": 30, "C": 25}},
            ["single_point_dependency"],
        ),
        ("三个合作方的流量占比分别是20%、30%和25%，有单点依赖吗？", {"partner_shares_pct": [20, 30, 25]}, []),
    ],
)
def test_each_risk_series_from_chat(
    engine: Engine, question: str, given: dict[str, Any], codes: list[str]
) -> None:
    a = engine.answer(question)
    call = only_call(a, "risk_check")
    assert a.intent == "risk_warning" and call.input == given
    assert call.output["verdict"] == ("alert" if codes else "ok")
    assert [x["code"] for x in call.output["alerts"]] == codes
    if isinstance(given.get("partner_shares_pct"), dict):  # named shares name the partner in the alert
        assert call.output["alerts"][0]["evidence"]["partner"] == "A"


# -- the reader itself ------------------------------------------------------------------------------------------


def test_the_pasted_spans_are_left_out_of_the_number_reading() -> None:
    got = read_pasted(EN_LEADS)
    assert got.fields == {"outlets": OUTLETS} and len(got.spans) == 1
    start, end = got.spans[0]
    assert EN_LEADS[start:end].startswith("North") and EN_LEADS[start:end].endswith("rating 4.0")
    rest = blank(EN_LEADS, got.spans)
    assert rest.startswith("1,000 leads across ") and len(rest) == len(EN_LEADS)
    assert extract_slots(EN_LEADS) == {"total_leads": 1000, "outlets": OUTLETS}
    words = question_words(f"{ZH_LIST}。帮我排个序")
    assert "用户匹配度" not in words and "帮我排个序" in words
    assert set(extract_slots(ZH_LIST)) == {"partners"}  # no audience_match_pct or radar from inside the list


@pytest.mark.parametrize(
    "text",
    [
        "这个合作方有4个可验证的成功案例，用户画像匹配度65%，ROI是1:3.5，值得长期投入吗？",
        "雷达图六项：品牌势能80，用户质量70，渠道能力75，内容能力60，履约能力85，合作口碑70，值得深度合作吗",
        "对方要40%佣金，行业25%，毛利60%，净利至少留15%，预计GMV 80万",
        "三家占比50%、30%、20%",
        "上周38%，这周35%，占比怎么样",
        "How should we allocate 800 leads across dealers?",
        "怎么从一堆合作方里筛出TOP30",
        "我们的GMV有60%来自一个合作方，要不要担心？",
        "Tell me a joke about cats.",
        "",
    ],
)
def test_ordinary_questions_paste_nothing(text: str) -> None:
    assert read_pasted(text).fields == {}
