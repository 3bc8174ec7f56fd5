"""Multi-part questions: split a message into its question parts, give each part the statements (numbers) it
needs, and the words that head each part of the answer (or say plainly why a part was not answered)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.answering.safe import inline_text
from assistant.i18n import pick

Text = tuple[str, str]

PART_HEAD: Text = ("**第 {n} 问：{question}**", "**Question {n}: {question}**")
NOT_ANSWERED_HEAD: Text = (
    "**第 {n} 问（未回答）：{question}**",
    "**Question {n} (not answered): {question}**",
)
NOT_ANSWERED: dict[str, Text] = {
    "out_of_scope": (
        "这一问不在合作谈判的范围内，所以没有回答。",
        "This part is outside partnership negotiation, so it was not answered.",
    ),
    "rejected_input": (
        "这一问没法读懂（太长或数字太多），所以没有回答：请把它单独再问一次。",
        "This part could not be read (too long or too many numbers), so it was not answered: ask it again "
        "on its own.",
    ),
}
OVERVIEW: Text = (
    "你的消息里有 {n} 个问题，下面逐个回答。",
    "Your message asks {n} questions; each is answered below.",
)

MAX_PARTS = 4  # more question marks than this is a list being pasted, not questions to answer one by one
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[.)、．]|[（(]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩]|[-*•·])\s*")
_TERMINATOR = re.compile(r"(?<=[？?！!。；;])\s*|(?<=\.)\s+(?=[A-Z\"“])")
_ALSO = re.compile(r"(?:[,，]\s*|\s+)(?=(?:and also|and then also)\b|另外|此外|还有一个问题|还想问)", re.I)
_CLAUSE = re.compile(r"(?<=[，,])\s*")
_QUESTION_END = re.compile(r"[？?]\s*$")
_ZH_CUE = re.compile(
    r"吗|呢|怎么|如何|什么|多少|要不要|该不该|是否|能否|可否|哪|为什么|怎样|值不值|行不行|好不好|有没有|是不是|几[个成%％]"
)
_EN_CUE = re.compile(
    r"^\s*(?:and\s+(?:also\s+)?)?(?:what|how|should|shall|do|does|did|is|are|was|were|can|could|would|will|"
    r"which|why|when|who|where|worth)\b",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    """One piece of the message: a statement (context) or a question, in the message's order."""

    text: str
    question: bool


@dataclass
class Part:
    """One question of the message to answer on its own: the question as asked, what the engine reads
    (its statements, then the question) and the intent the question alone routes to (None: unsure)."""

    question: str
    text: str = ""
    intent: str | None = None
    questions: list[int] = field(default_factory=list)  # which question clauses it holds


def has_cue(text: str) -> bool:
    return bool(_ZH_CUE.search(text) or _EN_CUE.search(text))


def _is_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text))


def _segments(message: str) -> list[tuple[str, bool]]:
    """Sentences of the message, each with whether it may be a question without a question mark: its lines
    (a numbered or bulleted item is its own line, and may be), each cut after a sentence end (？?！!。；; and
    an English full stop) and before "and also" / "另外" (the piece before the cut may be)."""
    out: list[tuple[str, bool]] = []
    for line in message.splitlines():
        item = bool(_NUMBERED.match(line))
        line = _NUMBERED.sub("", line).strip()
        if not line:
            continue
        for sentence in _TERMINATOR.split(line):
            pieces = [p.strip() for p in _ALSO.split(sentence) if p.strip()]
            for k, piece in enumerate(pieces):
                out.append((piece, item or k < len(pieces) - 1))
    return out


def split_message(message: str) -> list[Clause]:
    """The message as statements and questions. A sentence ending in a question mark is a question; its
    leading comma clauses that state things ("对方还要50%佣金，行业平均25%，值得长期投吗？") are statements, the
    rest from its last clause with a question word on is the question."""
    clauses: list[Clause] = []
    for seg, may_be in _segments(message):
        if not (_is_question(seg) or (may_be and has_cue(seg.rstrip("，,;；")))):
            clauses.append(Clause(seg, False))
            continue
        pieces = [p for p in _CLAUSE.split(seg) if p.strip()]
        cue = max((i for i, p in enumerate(pieces) if has_cue(p)), default=0)
        lead, question = pieces[:cue], "".join(pieces[cue:]) if cue else seg
        if lead:
            clauses.append(Clause("".join(lead), False))
        clauses.append(Clause(question.strip().rstrip("，,;；"), True))
    return clauses


def _joiner(language: str) -> str:
    return "" if language == "zh" else " "


def _end(text: str, language: str) -> str:
    """A statement ready to be followed by another sentence (a trailing comma becomes a full stop)."""
    text = text.rstrip().rstrip("，,")
    if re.search(r"[。；;.!！？?]$", text):
        return text
    return text + ("。" if language == "zh" else ".")


def plan_parts(
    message: str,
    language: str,
    intent_of: Callable[[str], str | None],
    fields_of: Callable[[str], frozenset[str] | set[str]],
    slots_of: Callable[[str], set[str]],
    guess_of: Callable[[str], str | None] | None = None,
) -> list[Part] | None:
    """The parts to answer one by one, or None when the message is one question (answered as a whole).

    `intent_of(question)` routes a question alone (None when unsure); `fields_of(intent)` gives the inputs of
    an intent's tools; `slots_of(statement)` the inputs a statement's numbers fill; `guess_of(question)` the
    intent an unsure question leans to. Questions of the same intent (and unsure ones, which lean on the
    question before) form one part, except an unsure question whose guess is another intent that the
    message's numbers belong to ("…they also want 50% commission. Worth it? What do we counter?": the
    commission is no input of the question before): it is its own part. A statement goes to the parts whose
    tools take its numbers, or to every part when it fills none of them or has no numbers."""
    clauses = split_message(message)
    questions = [i for i, c in enumerate(clauses) if c.question]
    if not 2 <= len(questions) <= MAX_PARTS:
        return None
    stated = set().union(*(slots_of(c.text) for c in clauses if not c.question))

    def own_numbers(guess: str | None, before: str | None) -> str | None:
        """The guess, when numbers of the message are inputs of its tools and not of the part before."""
        if guess is None or guess == before or guess == "out_of_scope":
            return None
        return guess if stated & (set(fields_of(guess)) - set(fields_of(before or ""))) else None

    parts: list[Part] = []
    pending: list[int] = []  # unsure questions before the first routed one
    for i in questions:
        intent = intent_of(clauses[i].text)
        if intent is None and parts and guess_of is not None:
            intent = own_numbers(guess_of(clauses[i].text), parts[-1].intent)
        if intent is None or (parts and parts[-1].intent == intent):
            if parts:
                parts[-1].questions.append(i)
            else:
                pending.append(i)
            continue
        if not parts and pending:
            parts.append(Part("", intent=intent, questions=[*pending, i]))
            pending = []
            continue
        parts.append(Part("", intent=intent, questions=[i]))
    if len(parts) < 2:
        return None
    join = _joiner(language)
    statements = [i for i, c in enumerate(clauses) if not c.question]
    wanted: dict[int, list[int]] = {}
    for i in statements:
        slots = set(slots_of(clauses[i].text))
        targets = [k for k, p in enumerate(parts) if slots & set(fields_of(p.intent or ""))] if slots else []
        for k in targets or range(len(parts)):
            wanted.setdefault(k, []).append(i)
    for k, part in enumerate(parts):
        part.question = join.join(clauses[i].text for i in part.questions)
        context = [_end(clauses[i].text, language) for i in sorted(wanted.get(k, []))]
        part.text = join.join([*context, part.question])
    return parts


def part_head(n: int, question: str, language: str, answered: bool = True) -> str:
    """The bold line heading part `n` of an answer (the user's words escaped)."""
    short = question if len(question) <= 120 else question[:119] + "…"
    return pick(PART_HEAD if answered else NOT_ANSWERED_HEAD, language, n=n, question=inline_text(short))


def not_answered(reason: str, language: str) -> str:
    return pick(NOT_ANSWERED.get(reason, NOT_ANSWERED["out_of_scope"]), language)


def overview(n: int, language: str) -> str:
    return pick(OVERVIEW, language, n=n)
