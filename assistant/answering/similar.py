"""Past deals like the question: the nearest by the numbers a tool used (criteria profile, commission level)."""

from __future__ import annotations

import numpy as np

from assistant.answering.answer import ToolCall
from assistant.kb.deals import Deal
from assistant.tools.registry import TOOLS

HISTORY_FIELDS = tuple(f.name for f in TOOLS["assess_partner"].fields if f.from_history)
_SCALE = {"verified_cases": 3.0, "audience_match_pct": 20.0, "roi": 1.5, "commission_pct": 10.0}
_OTHER_CATEGORY = 0.5  # the distance added when a past deal is of another category than the question's


class DealFigures:
    """The deals' comparable figures as columns, built once, so the nearest deals come from one pass."""

    def __init__(self, deals: list[Deal]) -> None:
        self.deals = list(deals)
        self.columns = {
            f: np.array(
                [np.nan if (v := getattr(d, f)) is None else float(v) for d in self.deals], dtype=float
            )
            for f in _SCALE
        }
        self.categories = np.array([d.category for d in self.deals], dtype=object)
        by_id = sorted(range(len(self.deals)), key=lambda i: self.deals[i].deal_id)
        self.id_rank = np.empty(len(self.deals), dtype=np.int64)
        self.id_rank[by_id] = np.arange(len(self.deals))

    def nearest(self, x: dict[str, float], category: str | None, k: int) -> list[Deal]:
        """The k deals closest to the figures in x (scaled absolute differences; another category +0.5);
        a deal missing any of those figures is left out; ties go to the smaller deal id."""
        if not x or not self.deals:
            return []
        dist = np.zeros(len(self.deals))
        for f, value in x.items():
            dist += np.abs(self.columns[f] - float(value)) / _SCALE[f]
        if category is not None:
            dist += np.where(self.categories == category, 0.0, _OTHER_CATEGORY)
        keep = np.flatnonzero(~np.isnan(dist))
        order = keep[np.lexsort((self.id_rank[keep], dist[keep]))[:k]]
        return [self.deals[i] for i in order]


def similar_deals(
    calls: list[ToolCall],
    deals: list[Deal],
    category: str | None,
    k: int = 3,
    figures: DealFigures | None = None,
) -> list[Deal]:
    """Past deals closest to the numbers of this question (same criteria profile or commission level).

    `figures` is the deals' column index when the caller keeps one (else it is built from `deals`).
    """
    call = next((c for c in calls if c.ok and c.name in ("assess_partner", "counter_offer")), None)
    if call is None:
        return []
    if call.name == "assess_partner":
        x = {f: float(v) for f in HISTORY_FIELDS if isinstance(v := call.input.get(f), int | float)}
    else:
        x = {"commission_pct": float(call.input["demanded_pct"])}
    return (figures or DealFigures(deals)).nearest(x, category, k)
