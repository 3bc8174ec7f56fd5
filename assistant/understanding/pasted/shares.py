"""Lists of shares: two user distributions ("我们18-24岁占40%…；对方18-24岁30%…", "ours: 18-24 40%, …; theirs:
…") and partner shares by name ("A占45%，B占30%", "shares of GMV: A 40%, B 35%")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.tools.registry import FIELDS
from assistant.understanding.cues import SHARED_CUES
from assistant.understanding.pasted.columns import Span

_I = re.IGNORECASE

_OURS = re.compile(
    r"我们(?:的)?(?:用户|粉丝|受众|人群|客群|会员)?(?:画像|结构|分布|构成)?|我方|本方|咱们"
    r"|(?<![A-Za-z])(?:ours|our (?:users?|audience|customers?|followers?|fans|profile|side|base|split)|we|us)"
    r"(?![A-Za-z])",
    _I,
)
_THEIRS = re.compile(
    r"对方(?:的)?(?:用户|粉丝|受众|人群|客群|会员)?(?:画像|结构|分布|构成)?|他们(?:的)?(?:用户|粉丝|受众)?|他家"
    r"|合作方的(?:用户|粉丝|受众|人群)|(?<![A-Za-z])(?:theirs|their (?:users?|audience|customers?|followers?|fans"
    r"|profile|side|base|split)|the partner(?:'s)?(?: users| audience)?|partner's(?: users| audience)?|they|them)"
    r"(?![A-Za-z])",
    _I,
)
_ITEM_SEP = re.compile(r"[,;、。!?\n]|\.(?=\s|$)|和|与|及(?!以上|以下)|(?<=%)\s?and\s|\sand\s(?=\d)", _I)
_SHARE = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)\s?%")
_BUCKET_FILLER = re.compile(
    r"^[\s:=]+|[\s:=]+$|占比?了?|比例|是|为|约|大约|左右|大概|有|(?<![A-Za-z])(?:are|is|aged|at|about|around)(?![A-Za-z])",
    _I,
)


def _share_items(norm: str, a: int, b: int) -> list[tuple[str, float, int]]:
    """The "bucket share%" items of a stretch of text, up to the first item without a share after them; none
    when an item after them holds a share that cannot be read (a partial profile would give a wrong match)."""
    items: list[tuple[str, float, int]] = []
    pos = a
    for cut in [*(m.start() for m in _ITEM_SEP.finditer(norm, a, b)), b]:
        piece, start = norm[pos:cut], pos
        pos = next((m.end() for m in _ITEM_SEP.finditer(norm, cut, b) if m.start() == cut), cut + 1)
        shares = list(_SHARE.finditer(piece))
        bucket = ""
        if len(shares) == 1:
            rest = piece[: shares[0].start()] + piece[shares[0].end() :]
            bucket = _BUCKET_FILLER.sub("", rest).strip()
        if 0 < len(bucket) <= 20:
            items.append((bucket, float(shares[0].group(1)), start + shares[0].end()))
        elif items:
            return [] if shares else items
    return items


def _bucket_key(label: str) -> str:
    """Buckets match across the two sides whatever their spelling: "35岁以上" = "35+", "18~24岁" = "18-24"."""
    k = re.sub(r"\s|岁|周岁|years? old|years|yrs|y/o", "", label.lower())
    k = re.sub(r"(\d+)(?:-|~|至|到|to)(\d+)", r"\1-\2", k)
    k = re.sub(r"(?:及以上|或以上|以上|andover|andabove|orolder|orover|plus|\+)$", "+", k)
    k = re.sub(
        r"^(?:under|below|lessthan|<)(\d+)$|^(\d+)(?:及以下|以下|orunder|orbelow|andunder)$", r"<\1\2", k
    )
    return {"男性": "男", "女性": "女", "men": "male", "women": "female"}.get(k, k)


def profiles(norm: str) -> Iterator[tuple[str, Any, Span]]:
    marks = sorted(
        [(m.start(), m.end(), "ours") for m in _OURS.finditer(norm)]
        + [(m.start(), m.end(), "theirs") for m in _THEIRS.finditer(norm)]
    )
    sides: dict[str, tuple[int, list[tuple[str, float, int]]]] = {}
    for i, (s, e, side) in enumerate(marks):
        items = _share_items(norm, e, marks[i + 1][0] if i + 1 < len(marks) else len(norm))
        if len(items) >= 2 and side not in sides:
            sides[side] = (s, items)
    if len(sides) < 2:
        return
    ours = {b: v for b, v, _ in sides["ours"][1]}
    labels = {_bucket_key(b): b for b in ours}
    theirs = {labels.get(_bucket_key(b), b): v for b, v, _ in sides["theirs"][1]}
    if not set(ours) & set(theirs):
        return
    start = min(s for s, _ in sides.values())
    yield "profiles", (ours, theirs), (start, max(items[-1][2] for _, items in sides.values()))


# -- named shares: "A占45%，B占30%，C占25%", "shares of GMV: A 40%, B 35%, C 25%" --------------------------------

_SHARE_CONTEXT = re.compile(
    r"占比|份额|单点|依赖|集中|shares?|single[- ]point|dependen|concentrat|accounts? for", _I
)
_NAMED_SHARE = re.compile(
    r"\s*(?P<name>[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff&'.\- ]{0,15}?)\s?"
    r"(?P<verb>占了?|占比|[:=]|是|为|has|holds|at|is|with|accounts? for|brings?(?: in)?)?\s?(?P<v>\d+(?:\.\d+)?)\s?%"
    r"\s?(?:的?(?:流量|GMV|份额|销售额|成交额|订单))?(?:\s?of (?:our |the |total )?(?:traffic|GMV|sales|revenue|orders))?"
    r"[\s.]*",
    _I,
)
_NOT_A_NAME = re.compile(
    r"的|我们|其他|其余|剩下|最大|第一|周|月|年|季度|现在|目前|本期|上期|"
    r"(?<![A-Za-z])(?:other|rest|largest|biggest|top|our|we|the|week|month|year|quarter|now|today)(?![A-Za-z])",
    _I,
)
# A word that names a tool input ("毛利60%", "industry 25%") is no partner.
_CUE_PAIRS = [f.cues for f in FIELDS.values()] + [(zh, en) for _, zh, en in SHARED_CUES]
_FIELD_WORDS = re.compile(
    "|".join(
        [p for zh, _ in _CUE_PAIRS for p in zh]
        + [rf"(?<![A-Za-z])(?:{p})(?![A-Za-z])" for _, en in _CUE_PAIRS for p in en]
    ),
    _I,
)


_PIECE_SEP = re.compile(r"[,;:、。!?\n]|\.(?=\s|$)")


def named_shares(norm: str) -> Iterator[tuple[str, Any, Span]]:
    """Partner shares listed by name: in talk of shares, or each with 占 ("A占45%")."""
    context = bool(_SHARE_CONTEXT.search(norm))
    run: list[tuple[str, float, Span]] = []
    pos = 0
    for sep in [*_PIECE_SEP.finditer(norm), None]:
        cut = sep.start() if sep else len(norm)
        piece, start, pos = norm[pos:cut], pos, sep.end() if sep else cut
        m = _NAMED_SHARE.fullmatch(piece)
        name = m.group("name").strip() if m else ""
        said = m is not None and (context or (m.group("verb") or "").startswith("占"))
        if said and name and not _NOT_A_NAME.search(name) and not _FIELD_WORDS.search(name):
            run.append((name, float(m.group("v")), (start, cut)))  # type: ignore[union-attr]
            continue
        if len(run) >= 2:
            break
        run = []
    names = [n for n, _, _ in run]
    if len(run) >= 2 and len(set(names)) == len(names):
        yield "shares", {n: v for n, v, _ in run}, (run[0][2][0], run[-1][2][1])
