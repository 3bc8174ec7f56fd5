"""Playbook quiz: multiple-choice "which figure fills the blank" questions from the cards' key figures."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.answering.compose import card_sections, list_items
from assistant.kb.cards import Card

BLANK = "____"
OPTIONS = 4
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class QuizQuestion:
    """One question: a key-figure line of a card with one figure blanked out, and the choices."""

    id: str
    card_id: str
    card_title: str
    language: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    line: str

    @property
    def right(self) -> str:
        return self.options[self.answer]

    def explanation(self) -> str:
        """Why the answer is right: the card's own line and where it comes from."""
        if self.language == "zh":
            return f"正确答案：{self.right}。出自《{self.card_title}》[{self.card_id}]：{self.line}"
        return f"The answer is {self.right}. From “{self.card_title}” [{self.card_id}]: {self.line}"


def shape(figure: str) -> str:
    """A figure with its numbers replaced by '#': '35%' -> '#%', '3–6个月' -> '#–#个月'."""
    return _NUMBER.sub("#", figure)


def _figures(card: Card, lang: str) -> list[str]:
    return [getattr(f, lang) for f in card.figures if getattr(f, lang, "")]


def _spans(line: str, figure: str) -> list[int]:
    """Where a figure stands alone in a line ('8%' is not found inside '18%' or '8%s')."""
    pattern = re.compile(r"(?<![\d.])" + re.escape(figure) + r"(?![\d])")
    return [m.start() for m in pattern.finditer(line)]


def _candidates(card: Card, lang: str) -> list[tuple[int, str, str, int]]:
    """(line number, line, figure, position) for each key-figure line holding a figure not in the title."""
    title = card.title.get(lang, "")
    figures = sorted(set(_figures(card, lang)), key=len, reverse=True)
    section = card_sections(card, lang).get("figures", "")
    out = []
    for i, line in enumerate(list_items(section, limit=20)):
        for fig in figures:
            if fig in title:  # the title is shown with the question: it would give the answer away
                continue
            spans = _spans(line, fig)
            if len(spans) == 1:
                out.append((i, line, fig, spans[0]))
                break
    return out


def _variants(answer: str) -> list[str]:
    """The answer with its first number scaled (x0.5, x2, x1.5, x3): plausible wrong choices."""
    numbers = list(_NUMBER.finditer(answer))
    if len(numbers) != 1:  # ranges ('3–6个月') and words ('三阶') get no invented variants
        return []
    m = numbers[0]
    value = float(m.group())
    out = []
    for factor in (0.5, 2, 1.5, 3):
        new = value * factor
        text = str(int(new)) if new.is_integer() else f"{new:.1f}".rstrip("0").rstrip(".")
        out.append(answer[: m.start()] + text + answer[m.end() :])
    return out


def _distractors(answer: str, shown: str, pool: Sequence[str], rng: random.Random, n: int) -> list[str]:
    """Wrong choices that appear nowhere in the shown text (title and line): figures of the same shape (from
    any card), then scaled variants of the answer, then other figures."""
    usable = sorted({f for f in pool if f != answer and f not in shown})
    same = [f for f in usable if shape(f) == shape(answer)]
    other = [f for f in usable if shape(f) != shape(answer)]
    rng.shuffle(same)
    rng.shuffle(other)
    variants = [v for v in _variants(answer) if v != answer and v not in shown and v not in same]
    picked: list[str] = []
    for choice in [*same, *variants, *other]:
        if len(picked) == n:
            break
        if choice not in picked:
            picked.append(choice)
    return picked


def question_for(card: Card, cards: Iterable[Card], lang: str, rng: random.Random) -> QuizQuestion | None:
    """A question on one card, or None when the card has no key-figure line to ask about."""
    candidates = _candidates(card, lang)
    if not candidates or not card.body.get(lang):
        return None
    numeric = [c for c in candidates if _NUMBER.search(c[2])]
    number, line, answer, at = rng.choice(numeric or candidates)
    pool = [f for c in cards for f in _figures(c, lang)]  # the card's other figures make good wrong choices
    title = card.title.get(lang, card.id)
    wrong = _distractors(answer, f"{title}\n{line}", pool, rng, OPTIONS - 1)
    if len(wrong) < 2:
        return None
    options = [answer, *wrong]
    rng.shuffle(options)
    ask = "哪个数字填入空白处？" if lang == "zh" else "Which figure fills the blank?"
    where = f"《{title}》" if lang == "zh" else f"“{title}”"
    return QuizQuestion(
        id=f"{card.id}:{number}:{lang}",
        card_id=card.id,
        card_title=title,
        language=lang,
        prompt=f"{where} {line[:at]}{BLANK}{line[at + len(answer) :]}\n\n{ask}",
        options=tuple(options),
        answer=options.index(answer),
        line=line,
    )


def make_quiz(
    cards: Sequence[Card], lang: str, n: int = 5, seed: int = 0, prefer_not: Iterable[str] = ()
) -> list[QuizQuestion]:
    """Up to n questions on different cards; cards in `prefer_not` (already mastered) come last."""
    rng = random.Random(seed)
    mastered = set(prefer_not)
    order = list(cards)
    rng.shuffle(order)
    order.sort(key=lambda c: c.id in mastered)
    quiz: list[QuizQuestion] = []
    for card in order:
        if len(quiz) >= n:
            break
        question = question_for(card, cards, lang, rng)
        if question is not None:
            quiz.append(question)
    return quiz


def grade(questions: Sequence[QuizQuestion], choices: Sequence[str | None]) -> list[bool]:
    """Whether each chosen option (its text, None when unanswered) is the right one."""
    return [choice is not None and choice == q.right for q, choice in zip(questions, choices, strict=True)]


def quiz_cards(cards: Iterable[Card], lang: str) -> list[str]:
    """Ids of the cards a question can be drawn from (the denominator of the progress bar)."""
    return [c.id for c in cards if _candidates(c, lang)]
