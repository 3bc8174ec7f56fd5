"""The labelled question set: its schema, balance and held-out split, and the evaluation's arithmetic.

No floor is put on the rule-based extractor's score here: scripts/eval_slots.py reports it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from assistant.intents import INTENT_NAMES
from assistant.tools.registry import TOOLS
from assistant.understanding.labelled import (
    DEFAULT_PATH,
    NONE,
    SLOT_FIELDS,
    evaluate,
    flatten,
    known_fields,
    load,
    row_problems,
)
from assistant.understanding.slots import extract_slots

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load()


def test_size_and_schema(rows: list[dict]) -> None:
    assert len(rows) >= 1200
    problems = {r["id"]: p for r in rows if (p := row_problems(r))}
    assert not problems, list(problems.items())[:5]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({(r["q"], tuple(r.get("history", []))) for r in rows}) == len(rows)


def test_every_field_is_known_and_labelled_somewhere(rows: list[dict]) -> None:
    used = {n["field"] for r in rows for n in r["numbers"]}
    assert used <= known_fields()
    not_yet = {
        "top_n",
        "prune_pct",
    }  # rank options read beside a pasted partner list: no family labels them yet
    assert set(SLOT_FIELDS) - not_yet <= used
    assert NONE in used


def test_languages_are_balanced(rows: list[dict]) -> None:
    zh = sum(r["lang"] == "zh" for r in rows) / len(rows)
    assert 0.45 <= zh <= 0.55
    for split in ("train", "unseen"):
        part = [r for r in rows if r["split"] == split]
        assert 0.4 <= sum(r["lang"] == "zh" for r in part) / len(part) <= 0.6


def test_every_tool_and_intent_is_present(rows: list[dict]) -> None:
    assert {r["tool"] for r in rows} - {None} == set(TOOLS)
    assert {r["intent"] for r in rows} == set(INTENT_NAMES)
    assert any(r["tool"] is None for r in rows)
    unseen_tools = {r["tool"] for r in rows if r["split"] == "unseen"} - {None}
    assert unseen_tools == set(TOOLS)  # the held-out families test every tool


def test_unseen_split_is_chosen_by_family(rows: list[dict]) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        splits[r["family"]].add(r["split"])
        assert r["id"].startswith(r["family"] + ".")
    assert all(len(s) == 1 for s in splits.values()), [f for f, s in splits.items() if len(s) > 1]
    unseen = [f for f, s in splits.items() if s == {"unseen"}]
    written = {r["family"] for r in load(DEFAULT_PATH.with_name("labelled_written.jsonl"))}
    assert written and all(splits[f] == {"train"} for f in written)  # written by hand: all for training
    generated = len(splits) - len(written)
    assert 0.2 <= len(unseen) / generated <= 0.3  # of the generator's families, a quarter held out
    assert {f.split(".")[0] for f in unseen} == {"zh", "en"}
    train_texts = {r["q"] for r in rows if r["split"] == "train"}
    assert not [r["q"] for r in rows if r["split"] == "unseen" and r["q"] in train_texts]


def test_follow_ups_carry_history(rows: list[dict]) -> None:
    follow_ups = [r for r in rows if r.get("history")]
    assert len(follow_ups) >= 50
    assert {r["lang"] for r in follow_ups} == {"zh", "en"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            "They want 18% commission. Average for our category is 15%, margin 50%.",
            {"demanded_pct": 18, "industry_avg_pct": 15, "gross_margin_pct": 50},
        ),
        ("category avg 30%", {"industry_avg_pct": 30}),
        (
            "We guaranteed ROI 1:3 and reached 1:1.5 on a 120k spend. How much do we owe?",
            {"promised_roi": 3, "actual_roi": 1.5, "spend": 120_000},
        ),
        ("Partner GMV hit 52w this session", {"gmv": 520_000}),
        ("坑位费20万加30%佣金", {"fixed_fee": 200_000, "demanded_pct": 30}),
    ],
)
def test_the_issues_misreadings_are_labelled(rows: list[dict], q: str, expected: dict) -> None:
    row = next(r for r in rows if r["q"] == q)
    assert {n["field"]: n["value"] for n in row["numbers"]} == expected


def test_the_file_is_what_the_generator_writes(rows: list[dict]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_labelled_questions import build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    built = build()
    assert [json.dumps(r, ensure_ascii=False) for r in built] == [
        json.dumps(r, ensure_ascii=False) for r in rows
    ], "labelled.jsonl is stale: run scripts/make_labelled_questions.py"
    assert DEFAULT_PATH.exists()


# ---------------------------------------------------------------- the evaluation itself


def _row(q: str, numbers: list[tuple[str, str, float]], **extra: object) -> dict:
    """A row whose numbers are found left to right in q."""
    out, pos = [], 0
    for text, field, value in numbers:
        start = q.index(text, pos)
        out.append({"text": text, "start": start, "field": field, "value": value})
        pos = start + len(text)
    return {"id": "t", "q": q, "numbers": out, **extra}


def _direct(extract: Callable[[str], Mapping[str, Any]], row: Mapping[str, Any]) -> Mapping[str, Any]:
    return extract(row["q"])


def test_an_oracle_scores_one_and_uses_every_number(rows: list[dict]) -> None:
    sample = [r for r in rows if not r.get("history")][::7]
    truth = {}
    for r in sample:
        slots: dict[str, list[float]] = defaultdict(list)
        for n in r["numbers"]:
            if n["field"] != NONE:
                slots[n["field"]].append(n["value"])
        truth[r["q"]] = dict(slots)
    report = evaluate(lambda q: truth[q], sample, in_context=_direct)
    micro = report.micro()
    assert micro.fp == 0 and micro.fn == 0 and micro.f1 == 1.0
    assert report.unused == [] and report.none_predicted == 0 and report.misplaced == 0


def test_an_empty_extractor_leaves_every_number_unused(rows: list[dict]) -> None:
    sample = rows[:40]
    report = evaluate(lambda q: {}, sample, in_context=_direct)
    assert report.micro().tp == 0 and report.micro().recall == 0.0
    assert report.unused_count() == report.gold_numbers


def test_matching_is_by_field_and_value_as_a_multiset() -> None:
    row = _row(
        "RUE 两周分别38%和38%，编号1:30",
        [
            ("两", NONE, 2),
            ("38%", "weekly_rue_pct", 38),
            ("38%", "weekly_rue_pct", 38),
            ("1:30", NONE, 1.3),  # labelled by its digits; a reader sees the ratio 30
        ],
    )
    assert (
        row_problems(
            {**row, "lang": "zh", "intent": "risk_warning", "tool": None, "family": "t", "split": "train"}
        )
        == []
    )
    report = evaluate(lambda q: {"weekly_rue_pct": [38.0], "roi": 30.0}, [row], in_context=_direct)
    rue, roi = report.fields["weekly_rue_pct"], report.fields["roi"]
    assert (rue.tp, rue.fn, rue.fp) == (1, 1, 0)
    assert (roi.tp, roi.fp) == (0, 1)
    assert report.none_predicted == 1  # 1:30 read as the ratio 30
    report = evaluate(lambda q: {"weekly_rue_pct": [38.0, 38.0000001]}, [row], in_context=_direct)
    assert report.fields["weekly_rue_pct"].f1 == 1.0


def test_flatten_reads_radar_and_table_rows() -> None:
    slots = {
        "roi": 3,
        "radar": {"fulfillment": 70},
        "outlets": [{"name": "A", "conversion_pct": 12, "rating": 4.5}],
        "sentiment": [80, 50],
    }
    assert flatten(slots) == {
        "roi": [3.0],
        "radar.fulfillment": [70.0],
        "outlets.conversion_pct": [12.0],
        "outlets.rating": [4.5],
        "sentiment": [80.0, 50.0],
    }


def test_follow_ups_are_read_in_context() -> None:
    row = _row("结果只跑出1:2", [("1:2", "actual_roi", 2)], history=["我们承诺ROI 1:4，投放了50万"])
    assert evaluate(extract_slots, [row]).fields["actual_roi"].tp == 1


def test_the_fresh_held_out_set_is_well_formed_and_apart(rows: list[dict]) -> None:
    from assistant.understanding.labelled import FRESH_PATH

    fresh = load(FRESH_PATH)
    assert len(fresh) >= 160
    assert {r["split"] for r in fresh} == {"fresh"}
    assert sum(r["lang"] == "zh" for r in fresh) * 2 == len(fresh)
    problems = {r["id"]: p for r in fresh if (p := row_problems(r))}
    assert not problems, list(problems.items())[:5]
    assert len({r["id"] for r in fresh}) == len(fresh)
    assert not {r["q"] for r in fresh} & {r["q"] for r in rows}, "a fresh question is also in labelled.jsonl"
    assert not {r["family"] for r in fresh} & {r["family"] for r in rows}
    assert {r["intent"] for r in fresh} >= set(INTENT_NAMES) - {
        "deal_lookup"
    }  # deal look-ups: not yet written
