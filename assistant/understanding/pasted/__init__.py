"""Structured inputs pasted into a question, for the tools that take tables: partners with the seven scan scores
(rank_partners), outlets with conversion and rating (allocate_leads), two user distributions (audience_match)
and named partner shares (risk_check). Read from markdown tables, CSV/TSV lines and prose lists, in Chinese or
English. Pure functions: a text in, the tool inputs and the spans of the text they were read from out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.understanding.numbers import normalize
from assistant.understanding.pasted.columns import RANK_DIMS, SCHEMAS, Span
from assistant.understanding.pasted.lists import outlet_list, partner_list, rank_option_spans, rank_options
from assistant.understanding.pasted.shares import named_shares, profiles
from assistant.understanding.pasted.tables import tables

__all__ = ["RANK_DIMS", "SCHEMAS", "Pasted", "blank", "question_words", "rank_options", "read_pasted"]


@dataclass(frozen=True)
class Pasted:
    """The tool inputs read from a question's pasted tables and lists, and where in the text they were."""

    fields: dict[str, Any] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()


def blank(text: str, spans: tuple[Span, ...] | list[Span]) -> str:
    """The text with each span replaced by line breaks (same length, so offsets still hold)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "\n" * (b - a)
    return "".join(chars)


def question_words(text: str) -> str:
    """The question without its pasted tables and lists: what the asker wrote around the data."""
    return blank(text, read_pasted(text).spans)


def read_pasted(text: str) -> Pasted:
    """Every structured input of a question: tables first, then prose lists, each read from what is left."""
    if not isinstance(text, str) or not text.strip():
        return Pasted()
    norm = normalize(text)
    fields: dict[str, Any] = {}
    spans: list[Span] = []
    for kind, values, span in tables(norm):
        if _add(fields, kind, values):
            spans.append(span)
    readers: tuple[Callable[[str], Iterator[tuple[str, Any, Span]]], ...] = (
        partner_list,
        outlet_list,
        profiles,
        named_shares,
    )
    for reader in readers:
        rest = blank(norm, spans)
        for kind, values, span in reader(rest):
            if _add(fields, kind, values):
                spans.append(span)
    if "partners" in fields:
        for name, value, span in rank_option_spans(blank(norm, spans)):
            fields[name] = value
            spans.append(span)
    return Pasted(fields, tuple(sorted(spans)))


def _add(fields: dict[str, Any], kind: str, values: Any) -> bool:
    """Put one reader's result into the fields under the tools' input names (the first of a kind wins)."""
    names = {"partners": "partners", "outlets": "outlets", "shares": "partner_shares_pct"}
    if kind == "profiles":
        if "ours" in fields:
            return False
        fields["ours"], fields["theirs"] = values
        return True
    if names[kind] in fields:
        return False
    fields[names[kind]] = values
    return True
