"""The one zh/en picker and the one number and money formatter, shared by every text catalog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Text = tuple[str, str]
"""A text in Chinese and English: (zh, en)."""


def is_zh(lang: str | None) -> bool:
    """True for Chinese ('zh', 'zh-CN' …); everything else is English."""
    return bool(lang) and str(lang).lower().startswith("zh")


def pick(text: Text | Mapping[str, Text], lang: str | None, key: str | None = None, **fields: Any) -> str:
    """The Chinese or English side of a text (or of `text[key]` in a catalog), formatted with `fields`."""
    pair = text[key] if key is not None and isinstance(text, Mapping) else text
    if not isinstance(pair, tuple):
        raise TypeError(f"not a (zh, en) text: {pair!r}")
    chosen = pair[0] if is_zh(lang) else pair[1]
    return chosen.format(**fields) if fields else chosen


def fmt_num(value: float, avoid: float | None = None) -> str:
    """A number with at most 2 decimals (more when needed to tell it apart from `avoid`)."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    for digits in range(2, 7):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        if text != "0" and (avoid is None or value == avoid or text != fmt_num(avoid)):
            return text
    return f"{value:.6g}"


def fmt_money(value: float, lang: str | None) -> str:
    """Money: '50万' in Chinese for amounts from ten thousand up, else '500,000'."""
    if is_zh(lang) and abs(value) >= 10_000:
        return fmt_num(value / 10_000) + "万"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fmt_pct(value: float | None) -> str:
    """A percentage, '—' when unknown."""
    return "—" if value is None else f"{fmt_num(value)}%"
