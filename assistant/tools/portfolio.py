"""Portfolio tools: rank_partners (value scan, shortlist, yearly prune) and allocate_leads."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Literal

from pydantic import Field, field_validator

from assistant.tools.base import Pct, PosInt, Rating, Reason, Score, ToolInput, ToolOutput, exact, field_error
from assistant.tools.base import reason as R
from assistant.tools.constants import PRUNE_PCT, TOP_N
from assistant.tools.defaults import RANK_DIMENSIONS, AllocateWeights, RankWeights, ToolDefaults


def _unique_names(field: str, names: list[str]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise field_error(f"{field}[{i}].name", f"duplicate name {name!r}", "unique names")
        seen.add(name)


class PartnerScores(ToolInput):
    """One partner scored 0-100 on the seven scan dimensions."""

    name: str = Field(min_length=1, description="Partner name (unique in the list).")
    traffic_quality: Score = Field(description="Traffic quality 流量质量, 0-100.")
    audience_match: Score = Field(description="Audience match 用户匹配度, 0-100.")
    brand_fit: Score = Field(description="Brand fit 品牌调性, 0-100.")
    conversion: Score = Field(description="Conversion capability 转化能力, 0-100.")
    cost_efficiency: Score = Field(description="Cost efficiency 成本效率, 0-100.")
    stability: Score = Field(description="Cooperation stability 合作稳定性, 0-100.")
    content: Score = Field(description="Content capability 内容能力, 0-100.")


class RankPartnersInput(ToolInput):
    """Partners scored 0-100 on seven dimensions, plus shortlist and prune sizes."""

    partners: list[PartnerScores] = Field(min_length=1, description="The partners to rank (at least one).")
    weights: RankWeights | None = Field(
        None,
        description="Optional weights of the seven dimensions; leave null for the team's setting (equal).",
    )
    top_n: PosInt = Field(TOP_N, description="Size of the deep-cooperation shortlist (source: top 30).")
    prune_pct: Pct = Field(
        PRUNE_PCT, description="Share proposed for the yearly clean-out, percent (source: 20)."
    )

    @field_validator("partners")
    @classmethod
    def _names(cls, value: list[PartnerScores]) -> list[PartnerScores]:
        _unique_names("partners", [p.name for p in value])
        return value


class RankedPartner(ToolOutput):
    """One partner and its weighted score."""

    name: str
    score: float = Field(description="Weighted score 0-100, rounded to 2 decimals.")


class RankPartnersOutput(ToolOutput):
    """rank_partners' ranking, shortlist and prune proposal."""

    verdict: Literal["ranked"]
    ranked: list[RankedPartner] = Field(description="All partners, best first; ties broken by name.")
    shortlist: list[str] = Field(description="Top partners for deep cooperation (never also in prune).")
    prune: list[str] = Field(description="Bottom prune_pct (rounded up) proposed for the yearly clean-out.")
    reasons: list[Reason]
    inputs: RankPartnersInput


def rank_partners(inp: RankPartnersInput, defaults: ToolDefaults | None = None) -> RankPartnersOutput:
    """Rank partners by a weighted score over seven dimensions (资源价值扫描) and propose the yearly prune.

    Each partner is scored 0-100 on traffic_quality, audience_match, brand_fit, conversion,
    cost_efficiency, stability and content; the score is their weighted mean (equal weights by
    default). Ties break by name, so the order never depends on the input order. The shortlist is
    the top top_n (source: 30) and the prune list the bottom prune_pct (source: 20%, rounded up); when
    the list is short the shortlist is cut so that no partner is both shortlisted and pruned.
    """
    weights = inp.weights or (defaults or ToolDefaults()).rank_partners.weights
    inp = inp.model_copy(update={"weights": weights})
    w = {d: exact(getattr(weights, d)) for d in RANK_DIMENSIONS}
    total_w = sum(w.values(), Fraction(0))
    scored = [
        (sum((w[d] * exact(getattr(p, d)) for d in RANK_DIMENSIONS), Fraction(0)) / total_w, p.name)
        for p in inp.partners
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    n = len(scored)
    n_prune = math.ceil(Fraction(n) * exact(inp.prune_pct) / 100)
    n_short = min(inp.top_n, n - n_prune)
    names = [name for _, name in scored]
    shortlist, prune = names[:n_short], names[n - n_prune :] if n_prune else []
    equal = len(set(w.values())) == 1
    reasons = [
        R("partners_ranked", count=n, weighting="equal" if equal else "custom"),
        R("shortlist_selected", inp.top_n, count=len(shortlist), top_n=inp.top_n),
    ]
    if n_short < min(inp.top_n, n):
        reasons.append(R("shortlist_trimmed", top_n=inp.top_n, count=n_short, pruned=n_prune))
    reasons.append(R("prune_selected", inp.prune_pct, count=n_prune, prune_pct=inp.prune_pct, total=n))
    return RankPartnersOutput(
        verdict="ranked",
        ranked=[RankedPartner(name=name, score=round(float(score), 2)) for score, name in scored],
        shortlist=shortlist,
        prune=prune,
        reasons=reasons,
        inputs=inp,
    )


class Outlet(ToolInput):
    """One outlet (store, channel or sales team) that receives leads."""

    name: str = Field(min_length=1, description="Outlet name (unique in the list).")
    conversion_pct: Pct = Field(description="The outlet's lead conversion rate, percent 0-100.")
    rating: Rating = Field(description="The outlet's rating, 0-5.")


class AllocateLeadsInput(ToolInput):
    """The leads to hand out and the outlets competing for them."""

    total_leads: PosInt = Field(description="Number of leads to hand out, an integer above 0.")
    outlets: list[Outlet] = Field(min_length=1, description="The outlets sharing the leads (at least one).")
    weights: AllocateWeights | None = Field(
        None, description="Optional weights of conversion vs rating; leave null for the team's 0.7 / 0.3."
    )

    @field_validator("outlets")
    @classmethod
    def _names(cls, value: list[Outlet]) -> list[Outlet]:
        _unique_names("outlets", [o.name for o in value])
        return value


class AllocateLeadsOutput(ToolOutput):
    """allocate_leads' allocation (always summing to total_leads)."""

    verdict: Literal["allocated"]
    allocation: dict[str, int] = Field(description="Outlet name -> leads; always sums to total_leads.")
    contributions: dict[str, float] = Field(description="Outlet name -> contribution score 0-1 (4 decimals).")
    reasons: list[Reason]
    inputs: AllocateLeadsInput


def contributions(outlets: list[Outlet], weights: AllocateWeights) -> dict[str, Fraction]:
    """Weighted contribution of each outlet: conversion and rating each divided by the best outlet's."""
    wc, wr = exact(weights.conversion), exact(weights.rating)
    best_c = max(exact(o.conversion_pct) for o in outlets)
    best_r = max(exact(o.rating) for o in outlets)
    out = {}
    for o in outlets:
        c = exact(o.conversion_pct) / best_c if best_c else Fraction(0)
        r = exact(o.rating) / best_r if best_r else Fraction(0)
        out[o.name] = (wc * c + wr * r) / (wc + wr)
    return out


def allocate_leads(inp: AllocateLeadsInput, defaults: ToolDefaults | None = None) -> AllocateLeadsOutput:
    """Split leads among outlets in proportion to their contribution (动态分配), summing exactly to total.

    Contribution = 0.7 x conversion / best conversion + 0.3 x rating / best rating (weights are the
    team's setting). Leads are split in proportion with the largest-remainder method (ties by higher
    contribution, then name), so they always add up to total_leads and a higher contribution never
    gets fewer leads. When every contribution is 0 the leads are split equally.
    """
    weights = inp.weights or (defaults or ToolDefaults()).allocate_leads.weights
    inp = inp.model_copy(update={"weights": weights})
    contrib = contributions(inp.outlets, weights)
    reasons = [
        R(
            "leads_allocated",
            total_leads=inp.total_leads,
            outlets=len(inp.outlets),
            conversion_weight=weights.conversion,
            rating_weight=weights.rating,
        ),
    ]
    total = sum(contrib.values(), Fraction(0))
    if total == 0:
        contrib = {name: Fraction(1) for name in contrib}
        total = Fraction(len(contrib))
        reasons.append(R("equal_split", outlets=len(contrib)))
    quotas = {name: inp.total_leads * c / total for name, c in contrib.items()}
    alloc = {name: math.floor(q) for name, q in quotas.items()}
    left = inp.total_leads - sum(alloc.values())
    order = sorted(quotas, key=lambda name: (-(quotas[name] - alloc[name]), -contrib[name], name))
    for name in order[:left]:
        alloc[name] += 1
    return AllocateLeadsOutput(
        verdict="allocated",
        allocation=alloc,
        contributions={name: round(float(c), 4) for name, c in contributions(inp.outlets, weights).items()},
        reasons=reasons,
        inputs=inp,
    )
