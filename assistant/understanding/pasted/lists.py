"""Prose lists of partners or outlets: "A：流量质量80，用户匹配度70…；B：…", "North (conversion 12%, rating
4.5), South (…)", "A店转化率10%评分4.6，B店…"; and the shortlist size and prune share stated next to them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assistant.kb.tables import OUTLET_COLUMNS, header_key
from assistant.understanding.numbers import normalize
from assistant.understanding.pasted.columns import SCHEMAS, Columns, Span

_I = re.IGNORECASE


def _label_rx(columns: Columns) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for "<column word> <number>" over every word of the columns but the name, and word → column."""
    words = {w: col for col, ws in columns.items() if col != "name" for w in ws}
    parts = []
    for w in sorted(words, key=len, reverse=True):
        if w.isascii():
            body = r"[\s_-]?".join(re.escape(p) for p in re.split(r"[\s_]+", w))
            parts.append(rf"(?<![A-Za-z]){body}(?![A-Za-z])")
        else:
            parts.append(re.escape(w))
    rx = re.compile(
        rf"(?P<label>{'|'.join(parts)})\.?\s?(?:的)?\s?(?:[:=]|是|为|有|约|达到|of|is|at|was|about|around)?\s?"
        r"(?P<num>\d+(?:\.\d+)?)\s?(?P<pct>%)?(?:\s?(?:分|星|/\s?(?:5|100)(?![0-9])))?",
        _I,
    )
    return rx, {header_key(w): col for w, col in words.items()}


_PARTNER_RX = _label_rx(SCHEMAS["partners"])
_OUTLET_RX = _label_rx(SCHEMAS["outlets"])
_JOIN = re.compile(r"[\s,;、/()]*(?:(?:and|with|和|及|与|,)\s?(?:(?:is|was|has|gets?)\s)?)?[\s,;、/()]*", _I)
_SEP = re.compile(r"[,;、。!?\n()|:]|\.(?=\s)")
_LEAD = re.compile(
    r".*(?:分给|分到|分配给|给|和|与|及|以及|还有|其中|另外|然后|其余|包括|分别是|分别为|分别)"
    r"|.*(?<![A-Za-z])(?:across|among|between|to|for|and|with|into|then|plus|including)\s",
    _I | re.S,
)
MIN_PARTNER_DIMS = 4  # a partner entry names at least this many of the seven dimensions


@dataclass
class _Entry:
    name: str
    start: int
    end: int
    values: dict[str, float]


def _name(gap: str) -> tuple[str, int]:
    """The name just before an entry's first number ("；B：", "), South (", "线索500条，A店"), and its offset."""
    end = len(gap.rstrip(" \t:=(-的"))
    cut = max((m.end() for m in _SEP.finditer(gap, 0, end)), default=0)
    lead = _LEAD.match(gap, cut, end)
    cut = lead.end() if lead else cut
    raw = gap[cut:end]
    name = raw.strip()
    if not 0 < len(name) <= 24 or name.replace(".", "").isdigit():
        return "", end
    return name, cut + len(raw) - len(raw.lstrip())


def _entries(norm: str, rx: re.Pattern[str], columns: dict[str, str]) -> list[_Entry]:
    """Runs of "<column> <number>" pairs: a new entry starts at a name or at a column met again."""
    entries: list[_Entry] = []
    cur: _Entry | None = None
    prev = 0
    for m in rx.finditer(norm):
        col, value = columns[header_key(m.group("label"))], float(m.group("num"))
        gap = norm[prev : m.start()]
        if cur is not None and col not in cur.values and _JOIN.fullmatch(gap):
            cur.values[col], cur.end = value, m.end()
        else:
            name, offset = _name(gap)
            cur = _Entry(name, prev + offset, m.end(), {col: value})
            entries.append(cur)
        prev = m.end()
    return entries


def _span(entries: list[_Entry]) -> Span:
    return min(e.start for e in entries), max(e.end for e in entries)


def _named(entries: list[_Entry]) -> list[dict[str, Any]]:
    return [{"name": e.name or f"#{n}", **e.values} for n, e in enumerate(entries, 1)]


def partner_list(norm: str) -> Iterator[tuple[str, Any, Span]]:
    rx, columns = _PARTNER_RX
    kept = [e for e in _entries(norm, rx, columns) if len(e.values) >= MIN_PARTNER_DIMS]
    if kept:
        yield "partners", _named(kept), _span(kept)


def outlet_list(norm: str) -> Iterator[tuple[str, Any, Span]]:
    """Outlets with conversion and rating; or two or more named outlets with only one of them given, for the
    tool to ask for the other."""
    rx, columns = _OUTLET_RX
    entries = _entries(norm, rx, columns)
    kept = [e for e in entries if len(e.values) == len(OUTLET_COLUMNS) - 1]
    if not kept and len(named := [e for e in entries if e.name]) >= 2:
        kept = named
    if kept:
        yield "outlets", _named(kept), _span(kept)


# -- shortlist size and prune share, stated next to a partner list ------------------------------------------

_TOP_N = re.compile(
    r"(?:选|取|留|保留|入围|挑|排)出?前\s?(\d+)\s?(?:名|个|家)?|前\s?(\d+)\s?名|(?<![A-Za-z])(?:top|shortlist(?: the)?(?: top)?)"
    r"[\s-]?(\d+)(?![0-9%])",
    _I,
)
_PRUNE = re.compile(
    r"(?:淘汰|清退|砍掉)(?:末位|最后|后)?\s?(\d+(?:\.\d+)?)\s?%|(?:末位|最后|后)\s?(\d+(?:\.\d+)?)\s?%\s?(?:淘汰|清退)"
    r"|(?<![A-Za-z])(?:prune|cut|drop|remove)(?: the)?(?: bottom| worst)?\s?(\d+(?:\.\d+)?)\s?%"
    r"|(?<![A-Za-z])bottom\s?(\d+(?:\.\d+)?)\s?%",
    _I,
)


def rank_options(text: str) -> dict[str, float | int]:
    """The shortlist size and prune share a question states ("选前10", "prune 10%"): read with a partner list,
    or in a follow-up of one ("那如果只选前5呢？")."""
    return {name: value for name, value, _ in rank_option_spans(normalize(text))}


def rank_option_spans(norm: str) -> Iterator[tuple[str, float | int, Span]]:
    """top_n ("选前10", "top 10") and prune_pct ("淘汰10%", "prune 10%") when the question states them."""
    if m := _TOP_N.search(norm):
        yield "top_n", int(next(g for g in m.groups() if g)), m.span()
    if m := _PRUNE.search(norm):
        yield "prune_pct", float(next(g for g in m.groups() if g)), m.span()
