"""Configurable tool defaults (TOOLS.md *configurable*), read from knowledge/settings.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.tools.base import Pct, Weight
from assistant.tools.constants import BRAND_PACK_EN, BRAND_PACK_GMV, BRAND_PACK_NAME, BRAND_PACK_ZH

RADAR_AXES = (
    "brand_momentum",
    "user_quality",
    "channel_capability",
    "content_capability",
    "fulfillment",
    "reputation",
)
RANK_DIMENSIONS = (
    "traffic_quality",
    "audience_match",
    "brand_fit",
    "conversion",
    "cost_efficiency",
    "stability",
    "content",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Weights(_Strict):
    @model_validator(mode="after")
    def _positive_total(self) -> _Weights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be above 0")
        return self


class RadarWeights(_Weights):
    """Weights of the six radar axes of assess_partner (equal by default)."""

    brand_momentum: Weight = Field(default=1, description="Weight of brand momentum (品牌势能), >= 0.")
    user_quality: Weight = Field(default=1, description="Weight of user quality (用户质量), >= 0.")
    channel_capability: Weight = Field(
        default=1, description="Weight of channel capability (渠道能力), >= 0."
    )
    content_capability: Weight = Field(
        default=1, description="Weight of content capability (内容能力), >= 0."
    )
    fulfillment: Weight = Field(default=1, description="Weight of fulfilment (履约能力), >= 0.")
    reputation: Weight = Field(default=1, description="Weight of cooperation reputation (合作口碑), >= 0.")


class RankWeights(_Weights):
    """Weights of the seven dimensions of rank_partners (equal by default)."""

    traffic_quality: Weight = Field(default=1, description="Weight of traffic quality (流量质量), >= 0.")
    audience_match: Weight = Field(default=1, description="Weight of audience match (用户匹配度), >= 0.")
    brand_fit: Weight = Field(default=1, description="Weight of brand fit (品牌调性), >= 0.")
    conversion: Weight = Field(default=1, description="Weight of conversion capability (转化能力), >= 0.")
    cost_efficiency: Weight = Field(default=1, description="Weight of cost efficiency (成本效率), >= 0.")
    stability: Weight = Field(default=1, description="Weight of cooperation stability (合作稳定性), >= 0.")
    content: Weight = Field(default=1, description="Weight of content capability (内容能力), >= 0.")


class AllocateWeights(_Weights):
    """Weights of allocate_leads' contribution score."""

    conversion: Weight = Field(default=0.7, description="Weight of the outlet's conversion rate, >= 0.")
    rating: Weight = Field(default=0.3, description="Weight of the outlet's rating, >= 0.")


class IncentiveTierDef(_Strict):
    """One rung of the incentive ladder: a reward unlocked once GMV reaches min_gmv."""

    name: str = Field(min_length=1, description="Stable id of the tier, e.g. 'brand_pack'.")
    zh: str = Field(min_length=1, description="Chinese name of the reward, e.g. 品牌专场资源包.")
    en: str = Field(min_length=1, description="English name of the reward.")
    min_gmv: float = Field(gt=0, allow_inf_nan=False, description="GMV (yuan) at which the tier unlocks.")


def source_ladder() -> list[IncentiveTierDef]:
    """The single tier the source names: the brand special-session pack at GMV 500,000."""
    return [
        IncentiveTierDef(name=BRAND_PACK_NAME, zh=BRAND_PACK_ZH, en=BRAND_PACK_EN, min_gmv=BRAND_PACK_GMV)
    ]


def check_ladder(ladder: list[IncentiveTierDef]) -> list[IncentiveTierDef]:
    """Sort a ladder by GMV; refuse it when empty or when two tiers share a name or a GMV."""
    if not ladder:
        raise ValueError("the ladder needs at least one tier")
    names = [t.name for t in ladder]
    if len(set(names)) != len(names):
        raise ValueError("tier names must be unique")
    gmvs = [t.min_gmv for t in ladder]
    if len(set(gmvs)) != len(gmvs):
        raise ValueError("two tiers cannot unlock at the same GMV")
    return sorted(ladder, key=lambda t: t.min_gmv)


class AssessPartnerDefaults(_Strict):
    radar_weights: RadarWeights = Field(default_factory=RadarWeights)


class CounterOfferDefaults(_Strict):
    min_net_margin_pct: Pct = 10
    step_pct: float = Field(default=5, gt=0, le=100, allow_inf_nan=False)
    tiers: int = Field(default=3, ge=1, le=10)


class IncentiveTierDefaults(_Strict):
    ladder: list[IncentiveTierDef] = Field(default_factory=source_ladder)

    @field_validator("ladder")
    @classmethod
    def _ladder(cls, value: list[IncentiveTierDef]) -> list[IncentiveTierDef]:
        return check_ladder(value)


class RiskCheckDefaults(_Strict):
    single_point_share_pct: Pct = 30


class RankPartnersDefaults(_Strict):
    weights: RankWeights = Field(default_factory=RankWeights)


class AllocateLeadsDefaults(_Strict):
    weights: AllocateWeights = Field(default_factory=AllocateWeights)


class ToolDefaults(_Strict):
    """Every configurable default of the tools, grouped by tool as in the [tools.*] tables of the toml."""

    assess_partner: AssessPartnerDefaults = Field(default_factory=AssessPartnerDefaults)
    counter_offer: CounterOfferDefaults = Field(default_factory=CounterOfferDefaults)
    incentive_tier: IncentiveTierDefaults = Field(default_factory=IncentiveTierDefaults)
    risk_check: RiskCheckDefaults = Field(default_factory=RiskCheckDefaults)
    rank_partners: RankPartnersDefaults = Field(default_factory=RankPartnersDefaults)
    allocate_leads: AllocateLeadsDefaults = Field(default_factory=AllocateLeadsDefaults)


def load_tool_defaults(path: Path) -> ToolDefaults:
    """Read the [tools] tables of a knowledge folder's settings file; a missing file gives the built-in
    defaults. A malformed file raises ValueError naming the file and the offending key."""
    path = Path(path)
    if not path.is_file():
        return ToolDefaults()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name}: not valid TOML: {exc}") from exc
    tools = data.get("tools", {})
    if not isinstance(tools, dict):
        raise ValueError(f"{path.name}: key 'tools' must be a table")
    try:
        return ToolDefaults.model_validate(tools)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(["tools", *(str(p) for p in err["loc"])])
            problems.append(f"{key}: {err['msg']}")
        raise ValueError(f"{path.name}: invalid tool settings: " + "; ".join(problems)) from exc
