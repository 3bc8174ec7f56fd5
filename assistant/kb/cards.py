"""Playbook cards: parse `knowledge/playbook/*.md` (YAML front matter, a Chinese and an English body)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.intents import INTENT_NAMES

LANGS = ("zh", "en")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)
_LANG_MARK = re.compile(r"^<!--\s*lang:(zh|en)\s*-->\s*$", re.M)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CardError(ValueError):
    """A card file that cannot be read; the message names the file and the problem."""


class Figure(BaseModel):
    """A key figure of a card, written the same in both languages or once per language."""

    zh: str
    en: str


class Card(BaseModel):
    """One playbook practice, in Chinese and English."""

    id: str = Field(description="Stable kebab-case id, cited in answers.")
    chapter: int = Field(ge=0, le=9)
    order: int = Field(ge=0, description="Global reading order.")
    title: dict[str, str]
    tags: list[str] = Field(default_factory=list)
    intents: list[str] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    questions: dict[str, list[str]] = Field(default_factory=dict)
    body: dict[str, str]
    path: str = ""

    @field_validator("id")
    @classmethod
    def _id_format(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"id {v!r} must be kebab-case (a-z, 0-9, '-')")
        return v

    @field_validator("figures", mode="before")
    @classmethod
    def _figures(cls, v: object) -> object:
        if not isinstance(v, list):
            return v
        return [{"zh": str(f), "en": str(f)} if isinstance(f, str | int | float) else f for f in v]

    @field_validator("intents")
    @classmethod
    def _intents(cls, v: list[str]) -> list[str]:
        bad = [i for i in v if i not in INTENT_NAMES]
        if bad:
            raise ValueError(f"unknown intents {bad}; allowed: {', '.join(INTENT_NAMES)}")
        return v

    def text(self, lang: str) -> str:
        """Title and body in one language (what is shown and cited)."""
        return f"{self.title[lang]}\n\n{self.body[lang]}"


def parse_card(path: Path) -> Card:
    """Read one card file; raise CardError naming the file and what is wrong."""
    raw = path.read_text(encoding="utf-8")
    m = _FRONT.match(raw)
    if not m:
        raise CardError(f"{path.name}: no YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CardError(f"{path.name}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CardError(f"{path.name}: front matter must be a mapping")
    parts = _LANG_MARK.split(m.group(2))
    body: dict[str, str] = {}
    for lang, text in zip(parts[1::2], parts[2::2], strict=False):
        if lang in body:
            raise CardError(f"{path.name}: two '<!-- lang:{lang} -->' sections")
        body[lang] = text.strip()
    try:
        return Card(**meta, body=body, path=path.name)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CardError(f"{path.name}: {problems}") from exc


def load_cards(folder: Path, as_written: bool = False) -> list[Card]:
    """Every card of the folder in reading order, each body naming the cards it refers to by title (as shown to
    a reader); `as_written`: the bodies as their files have them (what the index embeds)."""
    cards = [parse_card(p) for p in sorted(folder.glob("*.md"))]
    if not as_written:
        cards = [c.model_copy(update={"body": name_references(c.body, cards)}) for c in cards]
    return sorted(cards, key=lambda c: (c.order, c.id))


_QUOTES = {"zh": ("「", "」"), "en": ("“", "”")}


def name_references(body: dict[str, str], cards: list[Card]) -> dict[str, str]:
    """A body's references to other cards said by their titles: authors write a card's id ("see
    action-list"), readers see its title in quotes ("see “The action list”", "见「行动清单」"). An id no card
    has stays as written (card_problems names unknown related ids)."""
    ids = sorted({c.id for c in cards}, key=len, reverse=True)
    if not ids:
        return body
    rx = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, ids))})(?![\w-])")
    titles = {c.id: c.title for c in cards}
    out = {}
    for lang, text in body.items():
        left, right = _QUOTES.get(lang, _QUOTES["en"])

        def title(m: re.Match[str], lang: str = lang, left: str = left, right: str = right) -> str:
            return f"{left}{titles[m.group()].get(lang) or m.group()}{right}"

        named = rx.sub(title, text)
        out[lang] = re.sub(r"(?<=[见考]) (?=「)", "", named) if lang == "zh" else named  # 见「…」, no space
    return out


def card_problems(cards: list[Card]) -> list[str]:
    """Cross-card checks: both languages, unique ids, related ids exist, figures in both bodies."""
    problems: list[str] = []
    ids = [c.id for c in cards]
    known = set(ids)
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"card id {dup!r} is used by more than one file")
    for c in cards:
        where = f"{c.path or c.id}"
        for lang in LANGS:
            if not c.body.get(lang):
                problems.append(f"{where}: the {lang} body is missing or empty")
            if not c.title.get(lang):
                problems.append(f"{where}: title.{lang} is missing")
        for r in c.related:
            if r not in known:
                problems.append(f"{where}: related id {r!r} does not exist")
        if not c.intents:
            problems.append(f"{where}: no intents")
        for f in c.figures:
            for lang in LANGS:
                if c.body.get(lang) and getattr(f, lang) not in c.body[lang]:
                    problems.append(f"{where}: figure {getattr(f, lang)!r} not found in the {lang} body")
    return problems
