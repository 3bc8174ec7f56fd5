"""Quiz questions drawn from the playbook cards: a blank figure with wrong choices from other cards' figures, or
a situation (a question staff ask) with card titles as the choices."""

from __future__ import annotations

import random

import pytest

from assistant.config import PROJECT_ROOT
from assistant.kb.cards import load_cards
from assistant.quiz import BLANK, grade, make_quiz, question_for, quiz_cards, shape, situation_for, unit

CARDS = load_cards(PROJECT_ROOT / "knowledge" / "playbook")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_question_blanks_a_figure_of_its_card(lang: str) -> None:
    questions = make_quiz(CARDS, lang, n=len(CARDS), seed=7)
    assert len(questions) == len(quiz_cards(CARDS, lang)) >= 20
    by_id = {c.id: c for c in CARDS}
    assert {q.kind for q in questions} == {"figure", "situation"}
    pool = {getattr(f, lang) for c in CARDS for f in c.figures}
    for q in questions:
        card = by_id[q.card_id]
        if q.kind == "situation":
            continue  # checked below
        figures = {getattr(f, lang) for f in card.figures}
        assert q.right in figures and q.right in q.line and q.line in card.body[lang]
        assert q.prompt.count(BLANK) == 1 and q.right not in q.card_title, "the title must not give it away"
        assert q.prompt.replace(BLANK, q.right, 1).startswith(("《", "“"))
        assert q.line in q.prompt.replace(BLANK, q.right, 1), "filling the blank gives the card's line"
        assert len(q.options) == len(set(q.options)) >= 3
        wrong = [o for o in q.options if o != q.right]
        assert all(o not in q.line and o not in q.card_title for o in wrong), "no wrong choice is shown"
        assert set(wrong) <= pool, "every wrong choice is a figure of the playbook, none is made up"
        assert all(shape(o) == shape(q.right) or unit(o) == unit(q.right) for o in wrong), q.options


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_situation_questions_ask_which_move_fits(lang: str) -> None:
    by_title = {c.title[lang]: c for c in CARDS}
    asked = 0
    for card in CARDS:
        q = situation_for(card, CARDS, lang, random.Random(5))
        if q is None:
            continue
        asked += 1
        assert q.kind == "situation" and q.right == card.title[lang]
        assert any(question in q.prompt for question in card.questions[lang])
        assert len(set(q.options)) == 4 and all(o in by_title for o in q.options)
        for other in (by_title[o] for o in q.options if o != q.right):
            assert not set(other.intents) & set(card.intents), "a wrong choice is no answer to the situation"
            assert other.id not in card.related
        assert q.line in card.body[lang] and f"[{card.id}]" in q.explanation()
    assert asked == len(CARDS)


def test_no_invented_variants_like_one_and_a_half_cases() -> None:
    for lang in ("zh", "en"):
        for seed in range(10):
            for q in make_quiz(CARDS, lang, n=len(CARDS), seed=seed):
                assert not any(o.startswith(("1.5个", "4.5个", "1.5 ", "4.5 ")) for o in q.options), q.options


def test_the_partner_worth_question_and_its_explanation() -> None:
    card = next(c for c in CARDS if c.id == "qa-partner-worth")
    seen = set()
    for seed in range(40):
        q = question_for(card, CARDS, "zh", random.Random(seed))
        if q is None:  # the figure drawn has too few figures of its kind elsewhere to choose from
            continue
        seen.add(q.right)
        assert q.explanation().startswith(f"正确答案：{q.right}。出自《合作方值不值得长期投入")
        assert "[qa-partner-worth]" in q.explanation()
    assert {"300+", "6个维度"} & seen


def test_a_blank_never_cuts_a_longer_number() -> None:
    for lang in ("zh", "en"):
        for q in make_quiz(CARDS, lang, n=40, seed=1):
            if q.kind != "figure":
                continue
            i = q.prompt.index(BLANK)
            before, after = q.prompt[i - 1 : i], q.prompt[i + len(BLANK) : i + len(BLANK) + 1]
            assert not before.isdigit() and not after.isdigit()


def test_mastered_cards_come_last_and_seeds_are_reproducible() -> None:
    all_ids = quiz_cards(CARDS, "zh")
    mastered = set(all_ids[:-3])
    quiz = make_quiz(CARDS, "zh", n=3, seed=3, prefer_not=mastered)
    assert {q.card_id for q in quiz} == set(all_ids[-3:])
    assert len(all_ids) == len(CARDS), (
        "every card listed on the page can be quizzed: progress counts them all"
    )
    assert make_quiz(CARDS, "en", n=5, seed=11) == make_quiz(CARDS, "en", n=5, seed=11)


def test_grading() -> None:
    quiz = make_quiz(CARDS, "en", n=3, seed=2)
    wrong = next(o for o in quiz[1].options if o != quiz[1].right)
    assert grade(quiz, [quiz[0].right, wrong, None]) == [True, False, False]


def test_shape() -> None:
    assert shape("35%") == shape("8%") == "#%"
    assert shape("3–6个月") == "#–#个月"
    assert shape("1:3") == "#:#"
    assert unit("18个维度") == unit("7个维度") == "个维度" and unit("35%") == "%"
