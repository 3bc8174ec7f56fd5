"""Quiz questions drawn from the playbook cards: one blank figure, distinct wrong choices, the card's line."""

from __future__ import annotations

import random

import pytest

from assistant.config import PROJECT_ROOT
from assistant.kb.cards import load_cards
from assistant.quiz import BLANK, grade, make_quiz, question_for, quiz_cards, shape

CARDS = load_cards(PROJECT_ROOT / "knowledge" / "playbook")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_question_blanks_a_figure_of_its_card(lang: str) -> None:
    questions = make_quiz(CARDS, lang, n=len(CARDS), seed=7)
    assert len(questions) == len(quiz_cards(CARDS, lang)) >= 20
    by_id = {c.id: c for c in CARDS}
    for q in questions:
        card = by_id[q.card_id]
        figures = {getattr(f, lang) for f in card.figures}
        assert q.right in figures and q.right in q.line and q.line in card.body[lang]
        assert q.prompt.count(BLANK) == 1 and q.right not in q.card_title, "the title must not give it away"
        assert q.prompt.replace(BLANK, q.right, 1).startswith(("《", "“"))
        assert q.line in q.prompt.replace(BLANK, q.right, 1), "filling the blank gives the card's line"
        assert len(q.options) == len(set(q.options)) >= 3
        wrong = [o for o in q.options if o != q.right]
        assert all(o not in q.line and o not in q.card_title for o in wrong), "no wrong choice is shown"


def test_the_partner_worth_question_and_its_explanation() -> None:
    card = next(c for c in CARDS if c.id == "qa-partner-worth")
    seen = set()
    for seed in range(40):
        q = question_for(card, CARDS, "zh", random.Random(seed))
        assert q is not None
        seen.add(q.right)
        assert q.explanation().startswith(f"正确答案：{q.right}。出自《合作方值不值得长期投入")
        assert "[qa-partner-worth]" in q.explanation()
    assert {"300+", "6个维度"} & seen


def test_a_blank_never_cuts_a_longer_number() -> None:
    for lang in ("zh", "en"):
        for q in make_quiz(CARDS, lang, n=40, seed=1):
            i = q.prompt.index(BLANK)
            before, after = q.prompt[i - 1 : i], q.prompt[i + len(BLANK) : i + len(BLANK) + 1]
            assert not before.isdigit() and not after.isdigit()


def test_mastered_cards_come_last_and_seeds_are_reproducible() -> None:
    all_ids = quiz_cards(CARDS, "zh")
    mastered = set(all_ids[:-3])
    quiz = make_quiz(CARDS, "zh", n=3, seed=3, prefer_not=mastered)
    assert {q.card_id for q in quiz} == set(all_ids[-3:])
    assert make_quiz(CARDS, "en", n=5, seed=11) == make_quiz(CARDS, "en", n=5, seed=11)


def test_grading() -> None:
    quiz = make_quiz(CARDS, "en", n=3, seed=2)
    wrong = next(o for o in quiz[1].options if o != quiz[1].right)
    assert grade(quiz, [quiz[0].right, wrong, None]) == [True, False, False]


def test_shape() -> None:
    assert shape("35%") == shape("8%") == "#%"
    assert shape("3–6个月") == "#–#个月"
    assert shape("1:3") == "#:#"
