"""The deal vocabularies: partner type, our brand size, deal type, outcome and source, with their labels in
both languages and the extra words people type for them in spreadsheets."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from assistant.i18n import pick
from assistant.kb.market import Benchmark, Category, category_name

__all__ = ["LABELS", "SYNONYMS", "BrandSize", "DealSource", "DealType", "Outcome", "PartnerType", "label"]


class PartnerType(StrEnum):
    """What kind of organisation the partner is."""

    MCN = "mcn"
    KOL = "kol"
    KOC = "koc"
    RETAILER = "retailer"
    PLATFORM = "platform"
    BRAND = "brand"
    BANK = "bank"
    COMMUNITY = "community"
    MEDIA = "media"
    OFFLINE_STORE = "offline_store"
    AGENCY = "agency"
    SUPPLIER = "supplier"


class BrandSize(StrEnum):
    """The size of our own brand in the deal."""

    SMALL = "small"
    MID = "mid"
    LARGE = "large"


class DealType(StrEnum):
    """The form of cooperation."""

    TRAFFIC_SWAP = "traffic_swap"
    COMMISSION = "commission"
    CO_MARKETING = "co_marketing"
    LIVE_STREAM = "live_stream"
    JOINT_MEMBERSHIP = "joint_membership"
    DISTRIBUTION = "distribution"
    CONTENT_EXCHANGE = "content_exchange"
    COUPON_DISTRIBUTION = "coupon_distribution"
    RESOURCE_SWAP = "resource_swap"
    PERFORMANCE_BET = "performance_bet"


class Outcome(StrEnum):
    """How the deal ended (or that it still runs)."""

    RENEWED = "renewed"
    EXPANDED = "expanded"
    TERMINATED = "terminated"
    PAUSED = "paused"
    ONGOING = "ongoing"


class DealSource(StrEnum):
    """Where a deal row comes from."""

    PLAYBOOK = "playbook"
    SAMPLE = "sample"
    USER = "user"


LABELS: dict[str, tuple[str, str]] = {
    "mcn": ("MCN机构", "MCN agency"),
    "kol": ("KOL达人", "KOL"),
    "koc": ("KOC", "KOC"),
    "retailer": ("零售商", "retailer"),
    "platform": ("平台", "platform"),
    "brand": ("品牌", "brand"),
    "bank": ("银行", "bank"),
    "community": ("社群", "community"),
    "media": ("媒体", "media"),
    "offline_store": ("线下门店", "offline store"),
    "agency": ("服务机构", "agency"),
    "supplier": ("供应商", "supplier"),
    "small": ("小品牌", "small brand"),
    "mid": ("中型品牌", "mid-size brand"),
    "large": ("大品牌", "large brand"),
    "traffic_swap": ("流量置换", "traffic swap"),
    "commission": ("佣金分成", "commission deal"),
    "co_marketing": ("联合营销", "co-marketing"),
    "live_stream": ("直播带货", "live-stream selling"),
    "joint_membership": ("联合会员", "joint membership"),
    "distribution": ("分销", "distribution"),
    "content_exchange": ("内容置换", "content exchange"),
    "coupon_distribution": ("优惠券分发", "coupon distribution"),
    "resource_swap": ("资源置换", "resource swap"),
    "performance_bet": ("效果对赌", "performance bet"),
    "renewed": ("续约", "renewed"),
    "expanded": ("扩大合作", "expanded"),
    "terminated": ("终止", "terminated"),
    "paused": ("暂停", "paused"),
    "ongoing": ("进行中", "ongoing"),
    "playbook": ("方法论案例", "playbook case"),
    "sample": ("示例数据", "sample data"),
    "user": ("用户数据", "user data"),
}

# Extra words people type in spreadsheets, mapped to enum values (labels and values are added automatically).
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["达人", "博主", "网红", "influencer", "主播"], "kol"),
    **dict.fromkeys(["素人"], "koc"),
    **dict.fromkeys(["零售", "商超", "超市", "retail"], "retailer"),
    **dict.fromkeys(["电商平台", "app"], "platform"),
    **dict.fromkeys(["品牌方", "异业品牌"], "brand"),
    **dict.fromkeys(["社区", "社团", "群"], "community"),
    **dict.fromkeys(["门店", "线下店", "实体店", "store"], "offline_store"),
    **dict.fromkeys(["代理", "代理商", "服务商", "直播机构", "营销机构"], "agency"),
    **dict.fromkeys(["供货商", "厂商"], "supplier"),
    **dict.fromkeys(["小", "小型", "小型品牌"], "small"),
    **dict.fromkeys(["中", "中型", "中等", "medium", "mid_size"], "mid"),
    **dict.fromkeys(["大", "大型", "大型品牌", "big"], "large"),
    **dict.fromkeys(["流量互换", "互推", "互相导流"], "traffic_swap"),
    **dict.fromkeys(["佣金", "佣金合作", "cps"], "commission"),
    **dict.fromkeys(["联名", "联合推广"], "co_marketing"),
    **dict.fromkeys(["直播", "live_stream_selling", "live_streaming", "livestream"], "live_stream"),
    **dict.fromkeys(["联名卡", "会员互通"], "joint_membership"),
    **dict.fromkeys(["分销合作"], "distribution"),
    **dict.fromkeys(["内容合作", "内容互换"], "content_exchange"),
    **dict.fromkeys(["发券", "优惠券", "异业发券", "coupon", "coupons"], "coupon_distribution"),
    **dict.fromkeys(["资源互换"], "resource_swap"),
    **dict.fromkeys(["对赌", "roi对赌", "业绩对赌"], "performance_bet"),
    **dict.fromkeys(["续签", "renew"], "renewed"),
    **dict.fromkeys(["扩大", "追加", "加深合作", "expand"], "expanded"),
    **dict.fromkeys(["解约", "结束", "停止", "terminate", "ended"], "terminated"),
    **dict.fromkeys(["搁置", "pause", "on_hold"], "paused"),
    **dict.fromkeys(["合作中", "执行中", "active", "in_progress"], "ongoing"),
    **dict.fromkeys(["案例", "手册"], "playbook"),
    **dict.fromkeys(["示例", "样例"], "sample"),
    **dict.fromkeys(["用户", "导入"], "user"),
}


def label(value: StrEnum | str, lang: str, benchmarks: Mapping[str, Benchmark] | None = None) -> str:
    """Display label of an enum value (partner type, deal type, outcome, size, source; a category by its name
    in the knowledge folder's `benchmarks`, its key without them)."""
    key = str(value.value if isinstance(value, StrEnum) else value)
    if key in LABELS:
        return pick(LABELS[key], lang)
    if key in {c.value for c in Category}:
        return category_name(key, lang, benchmarks) if benchmarks is not None else key
    return key
