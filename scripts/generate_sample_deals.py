"""Seeded generator of the clearly-labelled sample deal history (knowledge/deals/sample_deals.csv)."""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.kb.deals import Deal, DealSource, Outcome, save_deals  # noqa: E402
from assistant.kb.market import Benchmark, Category, load_benchmarks  # noqa: E402

DEFAULT_OUT = ROOT / "knowledge" / "deals" / "sample_deals.csv"
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2025, 12, 31)
# The playbook's criteria (see TOOLS.md, assess_partner): outcomes are drawn to follow them.
MIN_CASES, MIN_MATCH, MIN_ROI, COMMISSION_LIMIT = 3, 60, 3.0, 1.5

# Fictional partner names: a two-character stem (with its pinyin) plus a suffix by partner type.
_STEM_TEXT = (
    "星河 Xinghe|云帆 Yunfan|青禾 Qinghe|朗月 Langyue|远山 Yuanshan|橙光 Chengguang|鹿鸣 Luming|暖阳 Nuanyang|"
    "溪谷 Xigu|知岛 Zhidao|木棉 Mumian|海盐 Haiyan|白鹭 Bailu|青柠 Qingning|星野 Xingye|初禾 Chuhe|半岛 Bandao|"
    "麦穗 Maisui|山茶 Shancha|逐光 Zhuguang|北辰 Beichen|南枝 Nanzhi|云朵 Yunduo|竹溪 Zhuxi|星屿 Xingyu|"
    "晴川 Qingchuan|听澜 Tinglan|芒种 Mangzhong|禾苗 Hemiao|雪松 Xuesong|蓝湾 Lanwan|枫林 Fenglin|青檀 Qingtan|"
    "若水 Ruoshui|望舒 Wangshu|浅草 Qiancao|栖梧 Qiwu|流萤 Liuying|鹤汀 Heting|沐风 Mufeng|晨曦 Chenxi|苍澜 Canglan|"
    "岚山 Lanshan|锦溪 Jinxi|素笺 Sujian|疏桐 Shutong|清越 Qingyue|长汀 Changting|鸣泉 Mingquan|暮雪 Muxue|"
    "拾穗 Shisui|橘洲 Juzhou|渔歌 Yuge|松涛 Songtao|鹭岛 Ludao|栗园 Liyuan|葵田 Kuitian|荷塘 Hetang|羽川 Yuchuan|"
    "星桥 Xingqiao|霁月 Jiyue|禾风 Hefeng|野莓 Yemei|橡果 Xiangguo|萤火 Yinghuo|砚池 Yanchi|青岚 Qinglan|墨竹 Mozhu|"
    "朝露 Zhaolu|冬青 Dongqing|鲸歌 Jingge|燕归 Yangui|雁回 Yanhui|桃溪 Taoxi|梨涡 Liwo|杏林 Xinglin|石榴 Shiliu|"
    "柏舟 Baizhou|芦花 Luhua|蒲公英 Pugongying"
)
STEMS = [tuple(pair.split(" ")) for pair in _STEM_TEXT.split("|")]
SUFFIXES: dict[str, list[tuple[str, str]]] = {
    "mcn": [("传媒", "Media"), ("文化", "Culture"), ("娱乐", "Entertainment")],
    "kol": [("频道", "Channel"), ("说", "Talks"), ("日记", "Diary")],
    "koc": [("种草团", "Seeding Squad"), ("好物圈", "Finds Circle")],
    "retailer": [("超市", "Mart"), ("便利店", "Convenience"), ("百货", "Department Store")],
    "platform": [("优选", "Select"), ("到家", "Home Delivery"), ("商城", "Mall")],
    "brand": [("生活", "Living"), ("家居", "Home"), ("食品", "Foods")],
    "bank": [("银行", "Bank")],
    "community": [("社群", "Community"), ("俱乐部", "Club"), ("同城会", "City Club")],
    "media": [("新媒体", "New Media"), ("日报", "Daily"), ("周刊", "Weekly")],
    "offline_store": [("连锁", "Stores"), ("门店", "Shops")],
    "agency": [("营销", "Marketing"), ("直播基地", "Live Base"), ("互动", "Interactive")],
    "supplier": [("供应链", "Supply Chain"), ("仓储", "Logistics")],
}
TYPE_WEIGHTS = {
    "mcn": 10, "kol": 10, "koc": 6, "retailer": 7, "platform": 8, "brand": 9,
    "bank": 4, "community": 7, "media": 6, "offline_store": 6, "agency": 7, "supplier": 5,
}  # fmt: skip
DEAL_TYPES: dict[str, list[str]] = {
    "mcn": ["live_stream", "commission", "performance_bet", "content_exchange"],
    "kol": ["live_stream", "commission", "content_exchange"],
    "koc": ["distribution", "commission", "content_exchange"],
    "retailer": ["distribution", "co_marketing", "coupon_distribution"],
    "platform": ["traffic_swap", "coupon_distribution", "co_marketing", "performance_bet"],
    "brand": ["co_marketing", "resource_swap", "traffic_swap", "joint_membership"],
    "bank": ["joint_membership", "coupon_distribution", "co_marketing"],
    "community": ["traffic_swap", "content_exchange", "coupon_distribution"],
    "media": ["content_exchange", "co_marketing", "traffic_swap"],
    "offline_store": ["distribution", "coupon_distribution", "resource_swap"],
    "agency": ["live_stream", "commission", "performance_bet"],
    "supplier": ["resource_swap", "distribution"],
}
COMMISSION_TYPES = {"commission", "live_stream", "distribution", "performance_bet"}
RESOURCES: dict[str, list[tuple[str, str]]] = {
    "traffic_swap": [
        ("我方公众号头条位换对方App开屏", "Our WeChat headline slot for their app splash screen"),
        ("双方小程序互设入口", "Entry points in each other's mini-programs"),
        ("会员短信互推一次", "One push to each other's members by text message"),
    ],
    "commission": [
        ("按成交额抽佣，月结", "A cut of GMV, settled monthly"),
        ("专属商品链接按单计佣", "Per-order commission on dedicated product links"),
    ],
    "co_marketing": [
        ("联名礼盒加双方社媒联合宣发", "A co-branded gift box promoted on both sides' social media"),
        ("节日主题联合活动", "A joint holiday campaign"),
    ],
    "live_stream": [
        ("专场直播加短视频预热", "A dedicated live session with short-video warm-up"),
        ("达人直播间坑位费加佣金", "A slot fee plus commission in the host's live room"),
    ],
    "joint_membership": [
        ("会员积分互通、权益共享", "Shared loyalty points and member perks"),
        ("联名会员卡", "A co-branded membership card"),
    ],
    "distribution": [
        ("对方渠道代销我方商品", "Their channels resell our products"),
        ("社群团长分销", "Group leaders distribute our products"),
    ],
    "content_exchange": [
        ("互换测评内容与素材", "Reviews and creative assets swapped"),
        ("联合出品系列短视频", "A jointly produced short-video series"),
    ],
    "resource_swap": [
        ("我方仓配资源换对方线下陈列", "Our warehousing for their in-store display"),
        ("用户洞察数据换对方渠道资源", "Consumer insight data for their channel resources"),
    ],
    "performance_bet": [
        ("约定ROI目标，未达标时以广告位补足差额", "An agreed ROI target, shortfalls made up in ad slots"),
    ],
}
COUPON_TRACKED = (
    "带渠道专属码的优惠券，核销实时回传",
    "Coupons with a channel-specific code; redemptions reported live",
)
COUPON_UNTRACKED = ("通用优惠券批量投放，未设渠道码", "Generic coupons handed out in bulk, no channel code")
ENDINGS = {
    "renewed": ("已续约", "renewed"),
    "expanded": ("已扩大合作", "scope expanded"),
    "terminated": ("未续约", "not renewed"),
    "paused": ("合作暂停", "put on hold"),
}
EXTERNAL_CAUSES = [
    ("对方团队调整", "the partner's team changed"),
    ("我方预算收缩", "our budget was cut"),
    ("对方履约延迟", "the partner's fulfilment slipped"),
    ("双方排期冲突", "the two calendars clashed"),
]
RESCUES = [
    ("补足了曝光资源", "topped up exposure"),
    ("主动下调了报价", "cut its price"),
    ("配合优化了选品", "helped refine the product range"),
]
INVESTMENT_MEDIAN = {"small": 80_000, "mid": 400_000, "large": 1_500_000}


@dataclass(frozen=True)
class Partner:
    """A fictional partner and its latent quality, which every one of its deals inherits with noise."""

    zh: str
    en: str
    kind: str
    category: str
    cases: int
    match: float
    roi: float
    greed: float


def _spread(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """`count` labels in proportion to `weights` (largest remainder), shuffled: an even spread, not a lottery."""
    total = sum(weights.values())
    quotas = {k: count * w / total for k, w in weights.items()}
    labels = {k: int(q) for k, q in quotas.items()}
    for k in sorted(quotas, key=lambda k: (labels[k] - quotas[k], k))[: count - sum(labels.values())]:
        labels[k] += 1
    spread = [k for k, n in labels.items() for _ in range(n)]
    rng.shuffle(spread)
    return spread


def _partners(rng: random.Random, count: int) -> list[Partner]:
    stems = rng.sample(STEMS, count)
    kinds = _spread(rng, TYPE_WEIGHTS, count)
    categories = _spread(rng, {c.value: 1 for c in Category if c is not Category.GENERAL}, count)
    partners = []
    for (stem_zh, stem_en), kind, category in zip(stems, kinds, categories, strict=True):
        suffix_zh, suffix_en = rng.choice(SUFFIXES[kind])
        quality = rng.random()
        partners.append(
            Partner(
                zh=stem_zh + suffix_zh,
                en=f"{stem_en} {suffix_en}",
                kind=kind,
                category=category,
                cases=max(0, min(12, round(1 + quality * 8 + rng.uniform(-2, 2)))),
                match=min(95.0, max(20.0, 40 + 45 * quality + rng.gauss(0, 8))),
                roi=max(0.6, 1.4 + 4.0 * quality * rng.uniform(0.75, 1.25)),
                greed=rng.uniform(1.55, 2.3) if rng.random() < 0.15 else rng.uniform(0.7, 1.3),
            )
        )
    return partners


def _fmt(value: float | None) -> str:
    return "未知" if value is None else f"{value:g}"


def _fmt_en(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}"


def _problems(deal: dict, bench: Benchmark, tracked: bool) -> list[str]:
    """Codes of every playbook rule this deal breaks, worst first."""
    problems = []
    commission = deal["commission_pct"]
    if commission is not None and commission > COMMISSION_LIMIT * bench.industry_commission_pct:
        problems.append("commission")
    if deal["deal_type"] == "coupon_distribution" and not tracked:
        problems.append("coupon")
    if deal["audience_match_pct"] is not None and deal["audience_match_pct"] <= MIN_MATCH:
        problems.append("audience")
    if deal["roi"] < MIN_ROI:
        problems.append("roi")
    if deal["verified_cases"] is not None and deal["verified_cases"] < MIN_CASES:
        problems.append("cases")
    return problems


def _reason(code: str, deal: dict, bench: Benchmark) -> tuple[str, str]:
    """The full zh/en reason sentence for one broken rule (without the ending)."""
    c, b = _fmt(deal["commission_pct"]), _fmt(bench.industry_commission_pct)
    m, r, n = deal["audience_match_pct"], deal["roi"], deal["verified_cases"]
    return {
        "commission": (
            f"佣金{c}%，超过品类基准{b}%的1.5倍，利润被吃光",
            f"Commission of {c}% was more than 1.5x the {b}% category benchmark and ate the margin",
        ),
        "coupon": (
            "优惠券没有渠道专属码，核销无法追踪，被薅严重",
            "Coupons carried no channel code, so redemption could not be tracked and abuse went unchecked",
        ),
        "audience": (f"匹配度仅{_fmt(m)}%，低于60%门槛，转化偏低", f"Audience match of only {_fmt_en(m)}%, under the 60% bar; weak conversion"),
        "roi": (f"ROI仅{_fmt(r)}，没到1:3基准线，投入难以收回", f"ROI of only {_fmt_en(r)}, short of the 1:3 baseline; the spend did not pay back"),
        "cases": (f"对方可验证的成功案例只有{n}个（需3个以上），履约不稳", f"Only {n} verifiable success cases (3+ needed); delivery was unreliable"),
    }[code]  # fmt: skip


def _short(code: str, deal: dict) -> tuple[str, str]:
    m, r, n, c = deal["audience_match_pct"], deal["roi"], deal["verified_cases"], deal["commission_pct"]
    return {
        "commission": (f"佣金{_fmt(c)}%偏高", f"a high {_fmt_en(c)}% commission"),
        "coupon": ("优惠券未设渠道码", "coupons without channel codes"),
        "audience": (f"匹配度只有{_fmt(m)}%", f"only {_fmt_en(m)}% audience match"),
        "roi": (f"ROI只有{_fmt(r)}", f"ROI of only {_fmt_en(r)}"),
        "cases": (f"案例仅{n}个", f"only {n} verified cases"),
    }[code]


def _lessons(rng: random.Random, deal: dict, problems: list[str], bench: Benchmark) -> tuple[str, str]:
    outcome = deal["outcome"]
    m, r, n = deal["audience_match_pct"], deal["roi"], deal["verified_cases"]
    unknown = [name for name, value in (("audience", m), ("cases", n)) if value is None]
    if outcome == "ongoing":
        if problems:
            shorts = [_short(code, deal) for code in problems]
            return (
                f"合作进行中；需盯紧的问题：{'、'.join(s[0] for s in shorts)}",
                f"Still running; watch {', '.join(s[1] for s in shorts)}",
            )
        return (
            f"合作进行中；匹配度{_fmt(m)}%、ROI {_fmt(r)}、案例{_fmt(n)}个，目前达标",
            f"Still running; audience match {_fmt_en(m)}%, ROI {_fmt_en(r)}, {_fmt_en(n)} cases: on track so far",
        )
    end_zh, end_en = ENDINGS[outcome]
    good = outcome in ("renewed", "expanded")
    if good and not problems and not unknown:
        return (
            f"案例{n}个、匹配度{_fmt(m)}%、ROI {_fmt(r)}，三项标准全部达标，{end_zh}",
            f"{n} verified cases, {_fmt_en(m)}% audience match and ROI {_fmt_en(r)}: all three criteria met, {end_en}",
        )
    if good:
        (short_zh, short_en), (fix_zh, fix_en) = (
            _short(problems[0], deal) if problems else ("部分指标未核实", "some figures unchecked"),
            rng.choice(RESCUES),
        )
        return (
            f"{short_zh}，但对方{fix_zh}，{end_zh}（观察期）",
            f"{short_en}, but the partner {fix_en}; {end_en} on probation",
        )
    if problems:
        zh, en = _reason(problems[0], deal, bench)
        if len(problems) > 1:
            extra = _short(problems[1], deal)
            zh, en = f"{zh}（另：{extra[0]}）", f"{en} (also {extra[1]})"
        return f"{zh}，{end_zh}", f"{en}; {end_en}"
    if unknown:
        what = {
            "audience": ("用户匹配度", "Audience match"),
            "cases": ("成功案例", "The partner's track record"),
        }
        zh_what, en_what = what[unknown[0]]
        return (
            f"签约前没有核实{zh_what}，效果难以评估，{end_zh}",
            f"{en_what} was never checked before signing; {end_en}",
        )
    cause_zh, cause_en = rng.choice(EXTERNAL_CAUSES)
    return f"三项指标均达标，但{cause_zh}，{end_zh}", f"All three criteria were met, but {cause_en}; {end_en}"


def _outcome(rng: random.Random, deal: dict, problems: list[str]) -> str:
    unknown = deal["audience_match_pct"] is None or deal["verified_cases"] is None
    if {"commission", "coupon"} & set(problems):
        p_good = 0.12
    elif not problems:
        p_good = 0.45 if unknown else 0.85
    else:
        p_good = 0.3 if len(problems) == 1 else 0.1
    if rng.random() < p_good:
        expand = (deal["roi"] >= 4 and rng.random() < 0.5) or rng.random() < 0.12
        return "expanded" if expand else "renewed"
    return "terminated" if rng.random() < 0.65 else "paused"


def _deal(rng: random.Random, partner: Partner, benchmarks: dict[str, Benchmark]) -> dict:
    spread_kinds = {"bank", "platform", "media"}
    category = partner.category
    if partner.kind in spread_kinds or rng.random() < 0.2:
        category = rng.choice([c.value for c in Category if c is not Category.GENERAL])
    bench = benchmarks[category]
    deal_type = rng.choice(DEAL_TYPES[partner.kind])
    size = rng.choices(["small", "mid", "large"], weights=[4, 4, 2])[0]
    start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    duration = rng.randint(30, 240)
    investment = max(5_000, round(INVESTMENT_MEDIAN[size] * math.exp(rng.gauss(0, 0.5)), -3))
    gmv = round(investment * partner.roi * math.exp(rng.gauss(0, 0.25)), -2)
    commission = None
    if deal_type in COMMISSION_TYPES:
        raw = bench.industry_commission_pct * partner.greed * rng.uniform(0.9, 1.1)
        commission = min(80.0, max(1.0, round(raw * 2) / 2))
    tracked = rng.random() < 0.55
    resources = COUPON_TRACKED if tracked else COUPON_UNTRACKED
    if deal_type != "coupon_distribution":
        resources = rng.choice(RESOURCES[deal_type])
    deal = {
        "partner": partner.zh,
        "partner_en": partner.en,
        "partner_type": partner.kind,
        "category": category,
        "brand_size": size,
        "deal_type": deal_type,
        "commission_pct": commission,
        "resources_zh": resources[0],
        "resources_en": resources[1],
        "investment": float(investment),
        "gmv": float(gmv),
        "roi": round(gmv / investment, 2),
        "audience_match_pct": None if rng.random() < 0.04 else float(round(partner.match + rng.gauss(0, 7))),
        "verified_cases": None if rng.random() < 0.04 else max(0, partner.cases + rng.randint(-1, 1)),
        "start_date": start,
        "end_date": None,
    }
    if deal["audience_match_pct"] is not None:
        deal["audience_match_pct"] = min(98.0, max(10.0, deal["audience_match_pct"]))
    problems = _problems(deal, bench, tracked)
    if start + timedelta(days=duration) > LAST_DAY:
        deal["outcome"] = "ongoing"
    else:
        deal["outcome"] = _outcome(rng, deal, problems)
        shortened = (
            duration if deal["outcome"] in ("renewed", "expanded") else int(duration * rng.uniform(0.5, 1))
        )
        deal["end_date"] = start + timedelta(days=max(shortened, 14))
    lesson_zh, lesson_en = _lessons(rng, deal, problems, bench)
    deal["lessons_zh"], deal["lessons_en"] = f"{lesson_zh}。", f"{lesson_en}."
    return deal


def generate(seed: int = 42, count: int = 320, benchmarks: dict[str, Benchmark] | None = None) -> list[Deal]:
    """`count` sample deals with about 75 fictional partners; the same seed always gives the same deals."""
    rng = random.Random(seed)
    benchmarks = (
        benchmarks if benchmarks is not None else load_benchmarks(ROOT / "knowledge" / "benchmarks.csv")
    )
    partners = _partners(rng, min(len(STEMS), max(1, min(75, count // 4))))
    activity = [rng.uniform(0.3, 2.5) ** 1.5 for _ in partners]
    picks = list(range(len(partners)))[:count] + rng.choices(
        range(len(partners)), activity, k=count - len(partners)
    )
    rows = [_deal(rng, partners[i], benchmarks) for i in picks[:count]]
    rows.sort(key=lambda r: (r["start_date"], r["partner_en"]))
    return [
        Deal(deal_id=f"S-{n:04d}", source=DealSource.SAMPLE, **row) for n, row in enumerate(rows, start=1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--count", type=int, default=320, help="number of deals (default 320)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV (default knowledge/deals/)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    deals = generate(args.seed, args.count)
    save_deals(args.out, deals)
    outcomes = Counter(d.outcome.value for d in deals)
    partners = len({d.partner for d in deals})
    print(f"wrote {len(deals)} sample deals ({partners} partners) to {args.out}")
    print("outcomes: " + ", ".join(f"{o.value} {outcomes.get(o.value, 0)}" for o in Outcome))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
