"""Thresholds taken from the methodology source; fixed in code so they never drift (see TOOLS.md)."""

from __future__ import annotations

from fractions import Fraction

# assess_partner: "3个以上可验证的成功案例", "匹配度超过60%", "投入产出比达到1:3", "低于70分不建议深度合作"
MIN_VERIFIED_CASES = 3  # verified_cases >= 3
MIN_AUDIENCE_MATCH_PCT = 60  # audience match must be strictly above this
MIN_ROI = Fraction(3)  # roi >= 3.0
MIN_RADAR_SCORE = 70  # weighted radar score >= 70

# counter_offer: a demand above 1.5x the market commission is unreasonable; tier GMV step 0.5x expected GMV
MARKET_CAP_MULTIPLE = Fraction(3, 2)
TIER_GMV_STEP = Fraction(1, 2)

# incentive_tier: GMV above 500,000 unlocks the brand special-session pack
BRAND_PACK_GMV = 500_000
BRAND_PACK_NAME = "brand_pack"
BRAND_PACK_ZH = "品牌专场资源包"
BRAND_PACK_EN = "brand special-session pack"

# risk_check
RUE_LOW_PCT = 40  # resource utilisation below 40% ...
RUE_WEEKS = 2  # ... two weeks running
SENTIMENT_DROP_RATIO = Fraction(3, 10)  # a 30% fall of the sentiment index
ROI_BENCHMARK_RATIO = Fraction(7, 10)  # channel ROI below 70% of the benchmark ...
ROI_MONTHS = 2  # ... two months running

# rank_partners: shortlist the top 30, prune the bottom 20% every year
TOP_N = 30
PRUNE_PCT = 20

# Playbook figures the next steps name (from the source)
BACKUP_LIST_MINUTES = 30  # pull the backup partner list within 30 minutes of an exit
ANTI_FRAUD_DIMENSIONS = 18  # coupon anti-fraud checks over 18 dimensions
LEARNING_SPLIT = "721"  # the 7-2-1 learning path for new hires
