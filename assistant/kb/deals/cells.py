"""Spreadsheet cells as deal values: numbers ('28%', '1,200', '50万', '1:3'), dates ('2024/3/1', '2024年3月1日',
Excel serials) and enum words (values, labels in both languages, synonyms and category terms)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from assistant.kb.deals.enums import LABELS, SYNONYMS
from assistant.kb.market import Category
from assistant.limits import echo

__all__ = ["has_unit", "to_date", "to_enum", "to_number"]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-]+", "_", text).strip("_")


@lru_cache(maxsize=16)
def _choices(enum_cls: type[StrEnum]) -> dict[str, str]:
    values = {m.value for m in enum_cls}
    table = {_norm(v): v for v in values}
    for value in values:
        if value in LABELS:
            for text in LABELS[value]:
                table.setdefault(_norm(text), value)
    for word, value in SYNONYMS.items():
        if value in values:
            table.setdefault(_norm(word), value)
    return table


def _category_choices(terms: Mapping[str, str] | None) -> dict[str, str]:
    table = {_norm(c.value): c.value for c in Category}
    for term, key in (terms or {}).items():
        table.setdefault(_norm(term), key)
    return table


def to_enum(
    value: Any, enum_cls: type[StrEnum], field: str, category_terms: Mapping[str, str] | None = None
) -> Any:
    """The enum value a cell names (value, label, synonym; for Category also the words of `category_terms`,
    the knowledge folder's category names and aliases), or ValueError."""
    if value is None or isinstance(value, enum_cls):
        return value
    if value in enum_cls._value2member_map_:
        return value
    table = _category_choices(category_terms) if enum_cls is Category else _choices(enum_cls)
    found = table.get(_norm(value))
    if found is None:
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValueError(f"unknown {field} '{echo(value)}'; use one of: {allowed}")
    return found


_UNITS = {"万": 1e4, "w": 1e4, "亿": 1e8, "k": 1e3, "m": 1e6}
_RATIO = re.compile(r"1\s*(?::|比)\s*(\d+(?:\.\d+)?)")
_MARKS = re.compile(r"[,\s¥%]|cny|rmb|元|个|次")


def _number_text(value: Any) -> tuple[str, float]:
    """A text cell as the number it spells and the scale of its unit ('50万' → ('50', 10000.0))."""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    ratio = _RATIO.fullmatch(text)
    text = ratio.group(1) if ratio else _MARKS.sub("", text)
    if text and text[-1] in _UNITS:
        return text[:-1], _UNITS[text[-1]]
    return text, 1.0


def has_unit(value: Any) -> bool:
    """A text cell that carries its own scale unit ('5万', '2k'), which a unit in the header must not double."""
    return isinstance(value, str) and _number_text(value)[1] != 1.0


def to_number(value: Any) -> float | None:
    """Parse a cell into a number: '28%', '1,200', '50万', '1:3' / '1比3' (ROI 3), '¥3,000元'.

    NaN, infinity and negative zero are refused: no figure of a deal is one, and a -0 that passes a `>= 0`
    check shows as '-0' in the app and the answers."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        if not unicodedata.normalize("NFKC", str(value)).strip():
            return None
        text, scale = _number_text(value)
        try:
            number = float(text) * scale
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"'{echo(value)}' is not a number")
    if number == 0 and math.copysign(1.0, number) < 0:
        raise ValueError(f"'{echo(value)}' is negative zero: write 0")
    return number


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?")
_TIME = re.compile(  # an optional time of day after the date, as spreadsheets export it
    r"(?:(?:\s+|\s*T\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:am|pm)?\s*(?:z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)


def to_date(value: Any) -> date | None:
    """Parse a cell into a date: date/datetime, '2024-03-01', '2024/3/1', '2024年3月1日', Excel serials.

    A time of day after the date ('2024-03-01 09:30:00') is allowed and dropped, but only a real one: text
    like '2024-03-01T99:99' is refused rather than read as the date before it."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 <= value <= 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        _check_time(value, _TIME.fullmatch(text[match.end() :]))
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ValueError(f"'{echo(value)}' is not a valid calendar date") from None
    if re.fullmatch(r"\d{4}(?:\.0)?", text):
        return date(int(float(text)), 1, 1)
    raise ValueError(f"'{echo(value)}' is not a date; write it as YYYY-MM-DD")


def _check_time(value: Any, time: re.Match[str] | None) -> None:
    """Refuse text after a date that is not a time of day, or a time that cannot be (25:00, 10:61)."""
    if time is None:
        raise ValueError(f"'{echo(value)}' is not a date; write it as YYYY-MM-DD")
    hour, minute, second = (int(g) if g else 0 for g in time.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{echo(value)}' has an impossible time of day; write the date as YYYY-MM-DD")
