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

__all__ = ["to_date", "to_enum", "to_number"]


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
        raise ValueError(f"unknown {field} '{value}'; use one of: {allowed}")
    return found


_UNITS = {"万": 1e4, "w": 1e4, "亿": 1e8, "k": 1e3, "m": 1e6}


def to_number(value: Any) -> float | None:
    """Parse a cell into a number: '28%', '1,200', '50万', '1:3' / '1比3' (ROI 3), '¥3,000元'."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if not text:
            return None
        ratio = re.fullmatch(r"1\s*(?::|比)\s*(\d+(?:\.\d+)?)", text)
        text = ratio.group(1) if ratio else re.sub(r"[,\s¥%]|cny|rmb|元|个|次", "", text)
        scale = 1.0
        if text and text[-1] in _UNITS:
            scale, text = _UNITS[text[-1]], text[:-1]
        try:
            number = float(text) * scale
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a number")
    return number


def to_date(value: Any) -> date | None:
    """Parse a cell into a date: date/datetime, '2024-03-01', '2024/3/1', '2024年3月1日', Excel serials."""
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
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?", text)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ValueError(f"'{value}' is not a valid calendar date") from None
    if re.fullmatch(r"\d{4}(?:\.0)?", text):
        return date(int(float(text)), 1, 1)
    raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")
