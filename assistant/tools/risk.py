"""risk_check: the early-warning rules (utilisation, sentiment, ROI vs benchmark, single-point dependency)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from assistant.tools.base import NonNeg, Pct, Positive, Reason, ToolInput, ToolOutput, exact, field_error
from assistant.tools.base import reason as R
from assistant.tools.constants import (
    ROI_BENCHMARK_RATIO,
    ROI_MONTHS,
    RUE_LOW_PCT,
    RUE_WEEKS,
    SENTIMENT_DROP_RATIO,
)
from assistant.tools.defaults import ToolDefaults

ACTIONS = {
    "rue_low": "resource_optimisation",
    "sentiment_drop": "contingency_plan",
    "roi_below_benchmark": "adjust_strategy",
    "single_point_dependency": "prepare_backups",
}


class RiskCheckInput(ToolInput):
    """The monitoring series to check; give at least one."""

    weekly_rue_pct: list[Pct] | None = Field(
        None,
        min_length=1,
        description="Weekly resource utilisation efficiency (RUE, 资源利用率), percent 0-100, oldest first, "
        "e.g. [39, 37] for 'last week 39%, this week 37%'.",
    )
    sentiment: list[NonNeg] | None = Field(
        None,
        min_length=1,
        description="The partner's public-opinion index (舆情指数) over time, oldest first, >= 0 with the "
        "first above 0, e.g. [100, 65].",
    )
    monthly_roi: list[NonNeg] | None = Field(
        None,
        min_length=1,
        description="Monthly channel ROI, oldest first, >= 0; '1:2.5' means 2.5. Needs benchmark_roi.",
    )
    benchmark_roi: Positive | None = Field(
        None,
        description="Industry benchmark ROI for the channel (行业基准), above 0; required with monthly_roi.",
    )
    partner_shares_pct: dict[str, Pct] | None = Field(
        None,
        description="Each partner's share of our traffic or GMV, partner name -> percent 0-100 "
        '(e.g. {"A": 45, "B": 20}); shares must not add up to more than 100.',
    )
    single_point_share_pct: Pct | None = Field(
        None,
        description="Largest acceptable share of one partner, percent; leave null for the team's setting (30).",
    )

    @field_validator("partner_shares_pct", mode="before")
    @classmethod
    def _shares_list(cls, value: Any) -> Any:
        if isinstance(value, list):  # a bare list of shares: name them by position
            return {f"#{i}": v for i, v in enumerate(value, 1)}
        return value

    @field_validator("partner_shares_pct")
    @classmethod
    def _shares(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is not None:
            if not value:
                raise field_error("partner_shares_pct", "needs at least one partner", "partner -> 0-100")
            if sum(exact(v) for v in value.values()) > 101:  # 1 point of slack for rounding
                raise field_error(
                    "partner_shares_pct", "shares add up to more than 100", "shares totalling <= 100"
                )
        return value

    @model_validator(mode="after")
    def _cross(self) -> RiskCheckInput:
        if self.sentiment is not None and self.sentiment[0] <= 0:
            raise field_error(
                "sentiment", "the first value must be above 0 to measure a drop", "first value > 0"
            )
        if self.monthly_roi is not None and self.benchmark_roi is None:
            raise field_error("benchmark_roi", "is required when monthly_roi is given", "a number > 0")
        given = (self.weekly_rue_pct, self.sentiment, self.monthly_roi, self.partner_shares_pct)
        if all(v is None for v in given):
            raise field_error(
                "weekly_rue_pct",
                "give at least one of weekly_rue_pct, sentiment, monthly_roi (+ benchmark_roi), partner_shares_pct",
                "at least one non-empty series",
            )
        return self


class Alert(ToolOutput):
    """One early-warning rule that fired."""

    code: Literal["rue_low", "sentiment_drop", "roi_below_benchmark", "single_point_dependency"]
    action: Literal["resource_optimisation", "contingency_plan", "adjust_strategy", "prepare_backups"] = (
        Field(
            description="What to start: resource optimisation, the contingency plan, a strategy review, backups."
        )
    )
    evidence: dict[str, Any] = Field(description="The numbers that fired the rule.")


class RiskCheckOutput(ToolOutput):
    """risk_check's verdict and every alert that fired."""

    verdict: Literal["alert", "ok"] = Field(description="alert when any rule fires, else ok.")
    alerts: list[Alert] = Field(description="Every rule that fired, with its action and evidence.")
    reasons: list[Reason]
    inputs: RiskCheckInput


def risk_check(inp: RiskCheckInput, defaults: ToolDefaults | None = None) -> RiskCheckOutput:
    """Run the early-warning rules (风险预警) on whatever series the user gives (at least one).

    rue_low: the last two weeks of RUE both below 40% -> start resource optimisation.
    sentiment_drop: (first - last) / first >= 30% -> start the contingency plan.
    roi_below_benchmark: the last two months of ROI both below 70% of benchmark_roi -> adjust strategy.
    single_point_dependency: the largest partner share above 30% (team setting) -> prepare backups.
    Verdict: alert when any rule fires (all fired rules listed in alerts), else ok.
    """
    limit = (defaults or ToolDefaults()).risk_check.single_point_share_pct
    if inp.single_point_share_pct is not None:
        limit = inp.single_point_share_pct
    inp = inp.model_copy(update={"single_point_share_pct": limit})
    reasons: list[Reason] = []
    alerts: list[Alert] = []

    def record(code: str, r: Reason) -> None:
        """Record a rule's reason; when the code is an alert code, raise the alert too."""
        reasons.append(r)
        if code not in ACTIONS:
            return
        evidence = dict(r.values)
        if r.threshold is not None:
            evidence["threshold"] = r.threshold
        alerts.append(Alert(code=code, action=ACTIONS[code], evidence=evidence))  # type: ignore[arg-type]

    def short(field: str, needed: int, got: int) -> None:
        reasons.append(R("series_too_short", field=field, needed=needed, got=got))

    if inp.weekly_rue_pct is not None:
        recent = [exact(v) for v in inp.weekly_rue_pct[-RUE_WEEKS:]]
        if len(recent) < RUE_WEEKS:
            short("weekly_rue_pct", RUE_WEEKS, len(recent))
        elif all(v < RUE_LOW_PCT for v in recent):
            record("rue_low", R("rue_low", RUE_LOW_PCT, recent=recent))
        else:
            reasons.append(R("rue_ok", RUE_LOW_PCT, recent=recent))

    if inp.sentiment is not None:
        if len(inp.sentiment) < 2:
            short("sentiment", 2, len(inp.sentiment))
        else:
            first, last = exact(inp.sentiment[0]), exact(inp.sentiment[-1])
            drop = (first - last) / first
            code = "sentiment_drop" if drop >= SENTIMENT_DROP_RATIO else "sentiment_ok"
            r = R(code, SENTIMENT_DROP_RATIO * 100, first=first, last=last, drop_pct=drop * 100)
            record(code, r)

    if inp.monthly_roi is not None and inp.benchmark_roi is not None:
        recent = [exact(v) for v in inp.monthly_roi[-ROI_MONTHS:]]
        benchmark = exact(inp.benchmark_roi)
        floor = ROI_BENCHMARK_RATIO * benchmark
        if len(recent) < ROI_MONTHS:
            short("monthly_roi", ROI_MONTHS, len(recent))
        else:
            code = "roi_below_benchmark" if all(v < floor for v in recent) else "roi_benchmark_ok"
            r = R(
                code,
                floor,
                recent=recent,
                benchmark_roi=benchmark,
                floor=floor,
                ratio_pct=ROI_BENCHMARK_RATIO * 100,
            )
            record(code, r)

    if inp.partner_shares_pct is not None:
        shares = {name: exact(v) for name, v in inp.partner_shares_pct.items()}
        top = max(shares.values())
        partner = min(name for name, v in shares.items() if v == top)  # ties: the alphabetically first name
        lim = exact(limit)
        code = "single_point_dependency" if top > lim else "concentration_ok"
        r = R(code, lim, partner=partner, share_pct=top)
        record(code, r)

    verdict: Literal["alert", "ok"] = "alert" if alerts else "ok"
    return RiskCheckOutput(verdict=verdict, alerts=alerts, reasons=reasons, inputs=inp)
