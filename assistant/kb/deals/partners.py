"""Finding deals by partner name in a free-text question (Chinese or English names, case-insensitive)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from assistant.kb.deals.model import Deal

__all__ = ["PartnerIndex", "find_partner"]


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name)
    return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if name.isascii() else escaped)


class PartnerIndex:
    """The partner names of a deal list (zh and en, case-folded), built once and searched per question.

    A plain substring test screens every name; only the few names found are checked as whole words.
    """

    def __init__(self, deals: Iterable[Deal]) -> None:
        self.deals = list(deals)
        self._by_name: dict[str, list[int]] = {}
        for i, d in enumerate(self.deals):
            for name in {_fold(d.partner), _fold(d.partner_en)}:
                if len(name) >= 2:
                    self._by_name.setdefault(name, []).append(i)

    def find(self, text: str) -> list[Deal]:
        """Deals whose partner appears in the text; a name inside a longer matched name does not count."""
        haystack = _fold(text or "")
        if not haystack:
            return []
        hits = {n for n in self._by_name if n in haystack and _name_pattern(n).search(haystack)}
        hits = {h for h in hits if not any(h != other and h in other for other in hits)}
        rows = sorted({i for h in hits for i in self._by_name[h]})
        return [self.deals[i] for i in rows]


def find_partner(deals: Iterable[Deal], text: str) -> list[Deal]:
    """Deals whose partner (zh or en name, case-insensitive) appears in a free-text question.

    When one matched name is part of a longer matched name, only the longer one counts. For repeated
    searches over the same deals, build a `PartnerIndex` once.
    """
    return PartnerIndex(deals).find(text)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()
