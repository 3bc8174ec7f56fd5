"""Playbook quiz: multiple choice from the cards, "which figure fills the blank" (wrong choices are other cards'
figures of the same kind) and "which move fits this situation" (a question ops staff ask; the choices are
card titles)."""

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
    kind: str = "figure"  # "figure": fill the blank; "situation": which card's move fits the question

    @property
    def right(self) -> str:
        return self.options[self.answer]

    def explanation(self) -> str:
        """Why the answer is right: the card's own line and where it comes from."""
        if self.kind == "situation":
            if self.language == "zh":
                return f"正确答案：{self.right}。这张卡 [{self.card_id}] 的第一步：{self.line}"
            return f"The answer is {self.right}. The first step of that card [{self.card_id}]: {self.line}"
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


def unit(figure: str) -> str:
    """What a figure counts, without its numbers: '18个维度' -> '个维度', '35%' -> '%', '1:3' -> ':'."""
    return re.sub(r"[#\s.+–~-]", "", shape(figure))


def _distractors(answer: str, shown: str, pool: Sequence[str], rng: random.Random, n: int) -> list[str]:
    """Wrong choices taken from the cards' own figures that appear nowhere in the shown text (title and line):
    figures of the same shape first ('35%' for '8%'), then of the same unit ('12个维度' for '7个维度'). No
    number is invented: a made-up '4.5个以上' is no choice a reader would weigh."""
    usable = sorted({f for f in pool if f != answer and f not in shown and f not in answer})
    same = [f for f in usable if shape(f) == shape(answer)]
    akin = [f for f in usable if shape(f) != shape(answer) and unit(f) == unit(answer) and unit(f)]
    rng.shuffle(same)
    rng.shuffle(akin)
    picked: list[str] = []
    for choice in [*same, *akin]:
        if len(picked) == n:
            break
        if choice not in picked and _NUMBER.search(choice):
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
    if len(wrong) < OPTIONS - 1:
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


def _first_step(card: Card, lang: str) -> str:
    steps = list_items(card_sections(card, lang).get("steps", ""), limit=1)
    return steps[0] if steps else ""


def situation_for(card: Card, cards: Sequence[Card], lang: str, rng: random.Random) -> QuizQuestion | None:
    """'A colleague asks …: which card's move fits?' The question is one the card lists (how ops staff ask);
    the wrong choices are titles of cards for other situations (no shared intent, not related)."""
    asked = card.questions.get(lang) or []
    title = card.title.get(lang)
    step = _first_step(card, lang)
    if not asked or not title or not step:
        return None
    others = [
        c
        for c in cards
        if c.id != card.id
        and c.title.get(lang)
        and not set(c.intents) & set(card.intents)
        and c.id not in card.related
        and card.id not in c.related
    ]
    rng.shuffle(others)
    wrong = [c.title[lang] for c in others[: OPTIONS - 1]]
    if len(wrong) < OPTIONS - 1:
        return None
    index = rng.randrange(len(asked))
    options = [title, *wrong]
    rng.shuffle(options)
    prompt = (
        f"同事问：“{asked[index]}”\n\n先用手册里的哪一招？"
        if lang == "zh"
        else f"A colleague asks: “{asked[index]}”\n\nWhich playbook move fits?"
    )
    return QuizQuestion(
        id=f"{card.id}:ask{index}:{lang}",
        card_id=card.id,
        card_title=title,
        language=lang,
        prompt=prompt,
        options=tuple(options),
        answer=options.index(title),
        line=step,
        kind="situation",
    )


def make_quiz(
    cards: Sequence[Card], lang: str, n: int = 5, seed: int = 0, prefer_not: Iterable[str] = ()
) -> list[QuizQuestion]:
    """Up to n questions on different cards, figure and situation questions taking turns (a card that has
    only one kind gives that one); cards in `prefer_not` (already mastered) come last."""
    rng = random.Random(seed)
    mastered = set(prefer_not)
    order = list(cards)
    rng.shuffle(order)
    order.sort(key=lambda c: c.id in mastered)
    quiz: list[QuizQuestion] = []
    for card in order:
        if len(quiz) >= n:
            break
        makers = [question_for, situation_for]
        if len(quiz) % 2:
            makers.reverse()
        for make in makers:
            question = make(card, cards, lang, rng)
            if question is not None:
                quiz.append(question)
                break
    return quiz


def grade(questions: Sequence[QuizQuestion], choices: Sequence[str | None]) -> list[bool]:
    """Whether each chosen option (its text, None when unanswered) is the right one."""
    return [choice is not None and choice == q.right for q, choice in zip(questions, choices, strict=True)]


def quiz_cards(cards: Iterable[Card], lang: str) -> list[str]:
    """Ids of the cards a question can be drawn from (the denominator of the progress bar)."""
    listed = list(cards)
    return [
        c.id
        for c in listed
        if any(make(c, listed, lang, random.Random(0)) for make in (question_for, situation_for))
    ]
