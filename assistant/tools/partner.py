"""Partner tools: assess_partner (worth long-term cooperation?) and audience_match (profile overlap)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from assistant.tools.base import Count, NonNeg, Pct, Reason, Score, ToolInput, ToolOutput, exact, field_error
from assistant.tools.base import reason as R
from assistant.tools.constants import MIN_AUDIENCE_MATCH_PCT, MIN_RADAR_SCORE, MIN_ROI, MIN_VERIFIED_CASES
from assistant.tools.defaults import RADAR_AXES, RadarWeights, ToolDefaults


class RadarScores(ToolInput):
    """The six axes of the resource-fit radar, each scored 0-100."""

    brand_momentum: Score = Field(description="Brand momentum 品牌势能, score 0-100.")
    user_quality: Score = Field(description="User quality 用户质量, score 0-100.")
    channel_capability: Score = Field(description="Channel capability 渠道能力, score 0-100.")
    content_capability: Score = Field(description="Content capability 内容能力, score 0-100.")
    fulfillment: Score = Field(description="Fulfilment capability 履约能力, score 0-100.")
    reputation: Score = Field(description="Cooperation reputation 合作口碑, score 0-100.")


class AssessPartnerInput(ToolInput):
    """What is known about the partner; leave unknown numbers null."""

    verified_cases: Count | None = Field(
        None,
        description="Number of the partner's past success cases that can be verified (可验证的成功案例), "
        "an integer >= 0. Leave null if unknown.",
    )
    audience_match_pct: Pct | None = Field(
        None,
        description="How far the partner's user profile matches ours (用户画像匹配度), percent 0-100, "
        "e.g. 65 for 65%. Leave null if unknown.",
    )
    roi: NonNeg | None = Field(
        None,
        description="Return on the resources invested (投入产出比), >= 0; '1:3' or '1比3' means 3.0. "
        "Leave null if unknown.",
    )
    radar: RadarScores | None = Field(
        None, description="Optional: the six radar scores (0-100 each) when the user gives them."
    )
    radar_total: Score | None = Field(
        None,
        description="Optional: the overall radar score 0-100 when the user gives only the total; "
        "ignored when the six scores are given.",
    )
    radar_weights: RadarWeights | None = Field(
        None, description="Optional weights of the six radar axes; leave null for the team's setting."
    )


class AssessPartnerOutput(ToolOutput):
    """assess_partner's verdict, failed criteria with gaps, missing inputs and radar score."""

    verdict: Literal["recommended", "not_recommended", "insufficient_data"] = Field(
        description="recommended: every given criterion passes; not_recommended: at least one fails; "
        "insufficient_data: none fails but cases, audience match or ROI is unknown."
    )
    failed: list[Literal["cases", "audience", "roi", "radar"]] = Field(description="Criteria that failed.")
    missing: list[str] = Field(description="Input names still needed for a full verdict.")
    radar_score: float | None = Field(description="Weighted radar score 0-100, when the radar was scored.")
    reasons: list[Reason]
    inputs: AssessPartnerInput = Field(description="The inputs used, with defaults filled in.")


def radar_score(scores: RadarScores, weights: RadarWeights) -> Fraction:
    """The weighted mean of the six radar scores, exact."""
    w = {axis: exact(getattr(weights, axis)) for axis in RADAR_AXES}
    total = sum(w.values(), Fraction(0))
    return sum((w[a] * exact(getattr(scores, a)) for a in RADAR_AXES), Fraction(0)) / total


def assess_partner(inp: AssessPartnerInput, defaults: ToolDefaults | None = None) -> AssessPartnerOutput:
    """Decide whether a partner is worth long-term / deep cooperation (值得长期投入/深度合作吗).

    Rules from the methodology: at least 3 verifiable success cases; audience (user profile) match
    strictly above 60%; ROI at least 1:3 (3.0); and, when radar scores are given, a weighted radar
    score of at least 70 (otherwise the radar check is skipped and the reasons say so).
    Verdict: recommended when every given criterion passes; not_recommended when any fails (each
    failure listed with its gap); insufficient_data when none fails but verified_cases,
    audience_match_pct or roi is unknown (listed in `missing`). Give the numbers the user stated;
    leave unknown ones null rather than guessing.
    """
    defaults = defaults or ToolDefaults()
    weights = inp.radar_weights or defaults.assess_partner.radar_weights
    inp = inp.model_copy(update={"radar_weights": weights})
    failed: list[Literal["cases", "audience", "roi", "radar"]] = []
    missing: list[str] = []
    reasons: list[Reason] = []

    if inp.verified_cases is None:
        missing.append("verified_cases")
    elif inp.verified_cases >= MIN_VERIFIED_CASES:
        reasons.append(R("cases_ok", MIN_VERIFIED_CASES, verified_cases=inp.verified_cases))
    else:
        failed.append("cases")
        gap = MIN_VERIFIED_CASES - inp.verified_cases
        reasons.append(R("cases_low", MIN_VERIFIED_CASES, verified_cases=inp.verified_cases, gap=gap))

    if inp.audience_match_pct is None:
        missing.append("audience_match_pct")
    else:
        pct = exact(inp.audience_match_pct)
        if pct > MIN_AUDIENCE_MATCH_PCT:
            reasons.append(R("audience_ok", MIN_AUDIENCE_MATCH_PCT, audience_match_pct=pct))
        else:
            failed.append("audience")
            short = MIN_AUDIENCE_MATCH_PCT - pct
            reasons.append(R("audience_low", MIN_AUDIENCE_MATCH_PCT, audience_match_pct=pct, gap=short))

    if inp.roi is None:
        missing.append("roi")
    else:
        roi = exact(inp.roi)
        if roi >= MIN_ROI:
            reasons.append(R("roi_ok", MIN_ROI, roi=roi))
        else:
            failed.append("roi")
            reasons.append(R("roi_low", MIN_ROI, roi=roi, gap=MIN_ROI - roi))

    score: Fraction | None = None
    source = None
    if inp.radar is not None:
        score, source = radar_score(inp.radar, weights), "scores"
    elif inp.radar_total is not None:
        score, source = exact(inp.radar_total), "total"
    if score is None:
        reasons.append(R("radar_skipped", MIN_RADAR_SCORE))
    elif score >= MIN_RADAR_SCORE:
        reasons.append(R("radar_ok", MIN_RADAR_SCORE, radar_score=score, source=source))
    else:
        failed.append("radar")
        reasons.append(
            R("radar_low", MIN_RADAR_SCORE, radar_score=score, gap=MIN_RADAR_SCORE - score, source=source)
        )

    if missing:
        reasons.append(R("input_missing", fields=missing))
    verdict: Literal["recommended", "not_recommended", "insufficient_data"]
    verdict = "not_recommended" if failed else ("insufficient_data" if missing else "recommended")
    return AssessPartnerOutput(
        verdict=verdict,
        failed=failed,
        missing=missing,
        radar_score=None if score is None else float(score),
        reasons=reasons,
        inputs=inp,
    )


class AudienceMatchInput(ToolInput):
    """Two user distributions over the same buckets (age bands, city tiers, gender...)."""

    ours: dict[str, Pct] = Field(
        description="Our user distribution: bucket name -> share in percent (0-100), e.g. "
        '{"18-24": 30, "25-34": 50, "35+": 20}. Should sum to about 100; normalised if not.',
    )
    theirs: dict[str, Pct] = Field(
        description="The partner's user distribution over the same buckets (bucket -> percent 0-100).",
    )

    @field_validator("ours", "theirs")
    @classmethod
    def _not_empty(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if not value:
            raise field_error(
                str(info.field_name), "needs at least one bucket", "a non-empty map of bucket -> 0-100"
            )
        if sum(value.values()) <= 0:
            raise field_error(str(info.field_name), "shares sum to 0", "shares 0-100 with a total above 0")
        return value


class AudienceMatchOutput(ToolOutput):
    """audience_match's verdict and overlap percentage."""

    verdict: Literal["match", "mismatch"] = Field(
        description="match when match_pct is above 60, else mismatch."
    )
    match_pct: float = Field(description="Histogram intersection of the two profiles, percent 0-100.")
    reasons: list[Reason]
    inputs: AudienceMatchInput


def _normalise(shares: dict[str, float]) -> tuple[dict[str, Fraction], Fraction]:
    exact_shares = {k: exact(v) for k, v in shares.items()}
    total = sum(exact_shares.values(), Fraction(0))
    return {k: v * 100 / total for k, v in exact_shares.items()}, total


def audience_match(inp: AudienceMatchInput, defaults: ToolDefaults | None = None) -> AudienceMatchOutput:
    """Measure how well two user profiles overlap (用户画像匹配度), e.g. by age band, city tier or gender.

    Both distributions are normalised to 100; match_pct is the histogram intersection (the sum over
    buckets of the smaller share). A bucket present on one side only counts as 0 on the other.
    Verdict: match when match_pct is strictly above 60 (the source's bar), else mismatch. The result
    can be passed to assess_partner as audience_match_pct.
    """
    ours, ours_total = _normalise(inp.ours)
    theirs, theirs_total = _normalise(inp.theirs)
    reasons: list[Reason] = []
    for side, total in (("ours", ours_total), ("theirs", theirs_total)):
        if abs(total - 100) > 1:
            reasons.append(R("profile_normalised", side=side, total=total))
    only = sorted(set(ours) ^ set(theirs))
    if only:
        reasons.append(R("bucket_unshared", buckets=only))
    zero = Fraction(0)
    overlap = sum((min(ours.get(b, zero), theirs.get(b, zero)) for b in set(ours) | set(theirs)), zero)
    match = round(overlap, 6)  # the number stated is the number judged (and fed to assess_partner)
    if match > MIN_AUDIENCE_MATCH_PCT:
        reasons.insert(0, R("profile_match", MIN_AUDIENCE_MATCH_PCT, match_pct=match))
        verdict: Literal["match", "mismatch"] = "match"
    else:
        reasons.insert(
            0,
            R(
                "profile_mismatch",
                MIN_AUDIENCE_MATCH_PCT,
                match_pct=match,
                gap=MIN_AUDIENCE_MATCH_PCT - match,
            ),
        )
        verdict = "mismatch"
    return AudienceMatchOutput(verdict=verdict, match_pct=float(match), reasons=reasons, inputs=inp)
