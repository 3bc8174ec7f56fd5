"""Negotiation tools: counter_offer (commission ladder), performance_bet (ROI guarantee), incentive_tier."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from assistant.tools.base import (
    NO_BOOL,
    Money,
    NonNeg,
    Pct,
    Positive,
    PositiveMoney,
    PositivePct,
    Reason,
    ToolInput,
    ToolOutput,
    exact,
    field_error,
    num,
)
from assistant.tools.base import reason as R
from assistant.tools.constants import MARKET_CAP_MULTIPLE, TIER_GMV_STEP
from assistant.tools.defaults import IncentiveTierDef, ToolDefaults, check_ladder


class CounterOfferInput(ToolInput):
    """The partner's commission demand, the market rate and (optionally) our margin."""

    demanded_pct: Pct = Field(description="Commission or revenue share the partner demands, percent 0-100.")
    industry_avg_pct: PositivePct = Field(
        description="Industry average commission for the category, percent (above 0, at most 100)."
    )
    gross_margin_pct: Pct | None = Field(
        None, description="Optional: our gross margin on the goods, percent 0-100; caps the commission."
    )
    min_net_margin_pct: Pct | None = Field(
        None, description="Net margin we must keep, percent 0-100; leave null for the team's setting (10)."
    )
    expected_gmv: PositiveMoney | None = Field(
        None,
        description="Optional: the GMV (yuan) expected from the deal; sets the ladder's GMV thresholds and turns "
        "a fixed fee into a rate. Required with fixed_fee.",
    )
    fixed_fee: Money | None = Field(
        None,
        description="Optional: a fixed fee (yuan) the partner charges on top of the commission (slot fee 坑位费, "
        "listing fee); needs expected_gmv. The effective take rate is commission + fee / expected GMV.",
    )
    tiers: Annotated[int, Field(ge=1, le=10), NO_BOOL] | None = Field(
        None, description="Number of ladder tiers, 1-10; leave null for the team's setting (3)."
    )
    step_pct: PositivePct | None = Field(
        None, description="Commission points added per tier (above 0); leave null for the team's setting (5)."
    )

    @model_validator(mode="after")
    def _fee_needs_gmv(self) -> CounterOfferInput:
        if self.fixed_fee and self.expected_gmv is None:
            raise field_error(
                "expected_gmv", "is needed to turn the fixed fee into a rate", "a GMV in yuan, above 0"
            )
        return self


class LadderTier(ToolOutput):
    """One rung of the commission ladder."""

    tier: int = Field(description="Tier number k (1..n).")
    threshold_gmv: float | None = Field(
        description="GMV from which this rate applies; null without expected_gmv."
    )
    rate_pct: float = Field(description="Commission rate of this tier, percent.")


class CounterOfferOutput(ToolOutput):
    """counter_offer's verdict, base rate, ceiling and GMV ladder."""

    verdict: Literal["unreasonable", "above_market", "acceptable"] = Field(
        description="unreasonable: above 1.5x the market rate or above the margin ceiling; "
        "above_market: above the market rate; acceptable: at or below it."
    )
    base_pct: float = Field(description="The rate to offer now: the market rate, capped by the ceiling.")
    ceiling_pct: float = Field(
        description="The highest rate we can pay: demand, capped by margin - min net margin."
    )
    tiers: list[LadderTier] = Field(description="Tiered share above base, each unlocked at a GMV threshold.")
    top_pct: float = Field(
        description="The highest rate the counter offer pays: the top tier's rate, or the base when no tier is "
        "left. It can stay below ceiling_pct when the tiers run out before the ceiling."
    )
    effective_pct_at_expected: float | None = Field(
        description="What we pay at the expected GMV as a rate: the base plus the fixed fee's share of it."
    )
    fee_pct: float | None = Field(
        description="The fixed fee as a percent of the expected GMV, when one is given."
    )
    effective_take_pct: float = Field(
        description="The partner's demand as one rate: demanded commission plus the fixed fee's percent."
    )
    reasons: list[Reason]
    inputs: CounterOfferInput


Verdict = Literal["unreasonable", "above_market", "acceptable"]


def _judge_demand(
    demanded: Fraction,
    market: Fraction,
    margin_ceiling: Fraction | None,
    gross_margin_pct: float | None,
    min_net: Fraction,
) -> tuple[Verdict, list[Reason]]:
    """The verdict on a demand against the market cap (1.5x the average) and the margin ceiling."""
    reasons: list[Reason] = []
    cap = MARKET_CAP_MULTIPLE * market
    over_cap = demanded > cap
    over_margin = margin_ceiling is not None and demanded > margin_ceiling
    if over_cap:
        reasons.append(
            R(
                "demand_over_market_cap",
                MARKET_CAP_MULTIPLE,
                demanded_pct=demanded,
                industry_avg_pct=market,
                cap_pct=cap,
            )
        )
    if over_margin:
        reasons.append(
            R(
                "demand_over_margin_ceiling",
                margin_ceiling,
                demanded_pct=demanded,
                gross_margin_pct=gross_margin_pct,
                min_net_margin_pct=min_net,
                margin_ceiling_pct=margin_ceiling,
            )
        )
    if over_cap or over_margin:
        return "unreasonable", reasons
    if demanded > market:
        reasons.append(
            R("demand_above_market", market, demanded_pct=demanded, industry_avg_pct=market, cap_pct=cap)
        )
        return "above_market", reasons
    reasons.append(R("demand_within_market", market, demanded_pct=demanded, industry_avg_pct=market))
    return "acceptable", reasons


def _ladder(
    base: Fraction,
    ceiling: Fraction,
    step: Fraction,
    n_tiers: int,
    expected: Fraction | None,
    reasons: list[Reason],
    capped_by: str = "demand",
) -> list[LadderTier]:
    """Tier k pays min(base + k x step, ceiling) from GMV (1 + 0.5k) x expected; tiers adding nothing drop.
    `capped_by` says what the ceiling is ('demand': the partner's ask, 'margin': what our margin allows)."""
    tiers: list[LadderTier] = []
    previous, dropped = base, 0
    for k in range(1, n_tiers + 1):
        rate = min(base + k * step, ceiling)
        if rate <= previous:
            dropped += 1
            continue
        threshold = None if expected is None else (1 + k * TIER_GMV_STEP) * expected
        tiers.append(
            LadderTier(
                tier=k, threshold_gmv=None if threshold is None else num(threshold), rate_pct=num(rate)
            )
        )
        previous = rate
    if tiers:
        reasons.append(R("ladder", step_pct=step, count=len(tiers), top_pct=previous, expected_gmv=expected))
        if dropped:
            reasons.append(
                R("ladder_capped", ceiling, dropped=dropped, ceiling_pct=ceiling, capped_by=capped_by)
            )
    else:
        reasons.append(R("no_ladder_room", base_pct=base, ceiling_pct=ceiling, capped_by=capped_by))
    return tiers


def counter_offer(inp: CounterOfferInput, defaults: ToolDefaults | None = None) -> CounterOfferOutput:
    """Answer a commission or revenue-share demand (optionally with a fixed slot fee) with a counter offer:
    base rate plus a GMV ladder.

    A fixed fee counts as fee / expected GMV on top of the commission (the effective take rate); the verdict
    compares that take with the market and the margin, and the fee's percent comes off our base and ceiling.

    ceiling = min(demanded, gross margin - min net margin) when a margin is given, else the demand;
    base = min(industry average, ceiling); tier k pays min(base + k x step, ceiling) from GMV
    (1 + 0.5k) x expected_gmv (1.5x, 2.0x, 2.5x ...); tiers adding nothing are dropped.
    Verdict: unreasonable when the demand exceeds 1.5x the industry average or the margin ceiling;
    above_market when it exceeds the industry average; else acceptable.
    Example: demanded 50, industry 25, margin 60 -> unreasonable, offer 25% plus a 30/35/40% ladder.
    """
    d = (defaults or ToolDefaults()).counter_offer
    n_tiers = d.tiers if inp.tiers is None else inp.tiers
    step = exact(d.step_pct if inp.step_pct is None else inp.step_pct)
    min_net = exact(d.min_net_margin_pct if inp.min_net_margin_pct is None else inp.min_net_margin_pct)
    inp = inp.model_copy(update={"min_net_margin_pct": num(min_net), "tiers": n_tiers, "step_pct": num(step)})
    demanded, market = exact(inp.demanded_pct), exact(inp.industry_avg_pct)
    expected = None if inp.expected_gmv is None else exact(inp.expected_gmv)
    fee_pct = exact(inp.fixed_fee) * 100 / expected if inp.fixed_fee and expected else Fraction(0)
    take = demanded + fee_pct  # the partner's demand as one rate: commission plus the fee's share of GMV
    margin_ceiling = None if inp.gross_margin_pct is None else exact(inp.gross_margin_pct) - min_net
    verdict, reasons = _judge_demand(take, market, margin_ceiling, inp.gross_margin_pct, min_net)
    if fee_pct:
        reasons.insert(
            0,
            R(
                "fixed_fee_rate",
                fixed_fee=inp.fixed_fee,
                expected_gmv=expected,
                fee_pct=fee_pct,
                demanded_pct=demanded,
                effective_pct=take,
            ),
        )
    ceiling = demanded
    if margin_ceiling is not None:
        if margin_ceiling <= 0:
            reasons.append(
                R("margin_exhausted", gross_margin_pct=inp.gross_margin_pct, min_net_margin_pct=min_net)
            )
        ceiling = max(Fraction(0), min(demanded, margin_ceiling - fee_pct))
        reasons.append(
            R(
                "margin_ceiling",
                margin_ceiling,
                ceiling_pct=ceiling,
                gross_margin_pct=inp.gross_margin_pct,
                min_net_margin_pct=min_net,
                margin_ceiling_pct=margin_ceiling,
            )
        )
    base = max(Fraction(0), min(market - fee_pct, ceiling))  # a fee takes its share of the market rate
    capped_by = "margin" if ceiling < demanded else "demand"  # what the ceiling is: our margin or their ask
    base_cap = "margin" if capped_by == "margin" else "demand_below_market"
    if fee_pct:
        reasons.append(R("base_rate_after_fee", base_pct=base, industry_avg_pct=market, fee_pct=fee_pct))
    else:
        reasons.append(
            R(
                "base_rate",
                base_pct=base,
                industry_avg_pct=market,
                ceiling_pct=ceiling,
                capped_by=base_cap if base < market else capped_by,
            )
        )
    tiers = _ladder(base, ceiling, step, n_tiers, expected, reasons, capped_by)
    return CounterOfferOutput(
        verdict=verdict,
        base_pct=float(base),
        ceiling_pct=float(ceiling),
        tiers=tiers,
        top_pct=tiers[-1].rate_pct if tiers else float(base),
        effective_pct_at_expected=None if expected is None else float(base + fee_pct),
        fee_pct=float(fee_pct) if fee_pct else None,
        effective_take_pct=float(take),
        reasons=reasons,
        inputs=inp,
    )


class PerformanceBetInput(ToolInput):
    """The ROI we promised, the ROI delivered and the spend it covered."""

    promised_roi: Positive = Field(
        description="ROI we guaranteed the partner (对赌承诺), above 0; '1:3' means 3.0."
    )
    actual_roi: NonNeg = Field(description="ROI actually delivered, >= 0; '1:2.4' means 2.4.")
    spend: PositiveMoney = Field(description="The partner's spend (yuan) covered by the guarantee, above 0.")


class PerformanceBetOutput(ToolOutput):
    """performance_bet's verdict and the compensation owed."""

    verdict: Literal["compensate", "met"] = Field(
        description="compensate when we owe ad slots, met otherwise."
    )
    compensation: float = Field(description="Value (yuan) owed, paid as advertising slots of equal value.")
    reasons: list[Reason]
    inputs: PerformanceBetInput


def performance_bet(inp: PerformanceBetInput, defaults: ToolDefaults | None = None) -> PerformanceBetOutput:
    """Settle an ROI guarantee (ROI对赌): what we owe when the delivered ROI falls short of the promise.

    compensation = spend x max(0, 1 - actual_roi / promised_roi), paid as ad slots of equal value.
    Verdict: compensate when compensation > 0, else met. Example: promised 3, actual 2.4,
    spend 1,000,000 -> compensate 200,000.
    """
    promised, actual, spend = exact(inp.promised_roi), exact(inp.actual_roi), exact(inp.spend)
    shortfall = max(Fraction(0), 1 - actual / promised)
    compensation = spend * shortfall
    if compensation > 0:
        r = R(
            "roi_shortfall",
            promised,
            promised_roi=promised,
            actual_roi=actual,
            spend=spend,
            shortfall_pct=shortfall * 100,
            compensation=compensation,
        )
        return PerformanceBetOutput(
            verdict="compensate", compensation=float(compensation), reasons=[r], inputs=inp
        )
    r = R("roi_promise_met", promised, promised_roi=promised, actual_roi=actual)
    return PerformanceBetOutput(verdict="met", compensation=0.0, reasons=[r], inputs=inp)


class IncentiveTierInput(ToolInput):
    """The partner's GMV so far and, optionally, a custom incentive ladder."""

    gmv: Money = Field(description="GMV (yuan) the partner has driven so far, >= 0; '50万' means 500000.")
    ladder: list[IncentiveTierDef] | None = Field(
        None,
        description="Optional incentive ladder; leave null for the team's ladder (品牌专场资源包 at 500,000).",
    )

    @field_validator("ladder")
    @classmethod
    def _ladder(cls, value: list[IncentiveTierDef] | None) -> list[IncentiveTierDef] | None:
        return None if value is None else check_ladder(value)


class IncentiveTierOutput(ToolOutput):
    """incentive_tier's verdict, tiers reached and the gap to the next one."""

    verdict: Literal["unlocked", "locked"] = Field(description="unlocked when at least one tier is reached.")
    reached: list[str] = Field(description="Names of the tiers reached, lowest first.")
    next_tier: str | None = Field(description="Name of the next tier to unlock, null at the top.")
    gap_to_next: float | None = Field(description="GMV still missing to the next tier, null at the top.")
    reasons: list[Reason]
    inputs: IncentiveTierInput


def incentive_tier(inp: IncentiveTierInput, defaults: ToolDefaults | None = None) -> IncentiveTierOutput:
    """Tell which tiered incentives (阶梯式激励) a partner's GMV unlocks and what is still missing.

    A tier is reached when gmv >= its min_gmv. Default ladder from the methodology: the brand
    special-session pack (品牌专场资源包) at GMV 500,000. Verdict: unlocked when at least one tier is
    reached, else locked; next_tier and gap_to_next give the next goal.
    """
    ladder = inp.ladder if inp.ladder is not None else (defaults or ToolDefaults()).incentive_tier.ladder
    inp = inp.model_copy(update={"ladder": ladder})
    gmv = exact(inp.gmv)
    reasons: list[Reason] = []
    reached: list[str] = []
    nxt: IncentiveTierDef | None = None
    for tier in ladder:
        if gmv >= exact(tier.min_gmv):
            reached.append(tier.name)
            reasons.append(
                R(
                    "tier_reached",
                    tier.min_gmv,
                    tier=tier.name,
                    tier_zh=tier.zh,
                    tier_en=tier.en,
                    min_gmv=tier.min_gmv,
                    gmv=gmv,
                )
            )
        elif nxt is None:
            nxt = tier
    gap = None
    if nxt is None:
        reasons.append(R("top_tier_reached", gmv=gmv))
    else:
        gap = exact(nxt.min_gmv) - gmv
        reasons.append(
            R(
                "tier_next",
                nxt.min_gmv,
                tier=nxt.name,
                tier_zh=nxt.zh,
                tier_en=nxt.en,
                min_gmv=nxt.min_gmv,
                gmv=gmv,
                gap=gap,
            )
        )
    return IncentiveTierOutput(
        verdict="unlocked" if reached else "locked",
        reached=reached,
        next_tier=None if nxt is None else nxt.name,
        gap_to_next=None if gap is None else float(gap),
        reasons=reasons,
        inputs=inp,
    )
