"""The columns of the tables and lists a question may paste, and the words (Chinese and English) that name
each: the table files' headers (assistant.kb.tables) and the words a chat uses beyond them."""

from __future__ import annotations

from assistant.kb.tables import OUTLET_COLUMNS, PARTNER_COLUMNS

__all__ = ["RANK_DIMS", "SCHEMAS", "Columns", "Span"]

Span = tuple[int, int]
Columns = dict[str, tuple[str, ...]]
RANK_DIMS = tuple(c for c in PARTNER_COLUMNS if c != "name")

# The words a chat uses for a column beyond the table files' headers (assistant.kb.tables), Chinese and English.
_PARTNER_WORDS: Columns = {
    "name": ("partners", "名字", "渠道", "达人", "机构"),
    "traffic_quality": ("traffic quality", "traffic", "流量"),
    "audience_match": (
        "audience match",
        "audience fit",
        "user match",
        "用户匹配",
        "人群匹配度",
        "受众匹配度",
    ),
    "brand_fit": ("brand fit", "brand tone", "brand alignment", "调性", "品牌契合度", "品牌匹配度"),
    "conversion": ("conversion capability", "conversion ability", "转化"),
    "cost_efficiency": ("cost efficiency", "cost", "成本"),
    "stability": ("cooperation stability", "partnership stability", "reliability", "稳定"),
    "content": ("content capability", "content ability", "内容"),
}
_OUTLET_WORDS: Columns = {
    "name": ("store", "shop", "dealer", "branch", "店铺", "门店名称", "经销商", "网点名称"),
    "conversion_pct": (
        "conversion rate",
        "conv rate",
        "conv",
        "converts",
        "close rate",
        "closing rate",
        "转化",
        "成交率",
    ),
    "rating": ("rated", "stars", "star rating", "星级", "打分", "评级", "用户评分"),
}
_PROFILE_COLUMNS: Columns = {
    "bucket": ("bucket", "segment", "group", "age", "age group", "age band", "tier", "city tier", "gender"),
    "ours": ("ours", "us", "our", "we", "our users", "our audience", "our share"),
    "theirs": ("theirs", "them", "their", "partner", "their users", "their audience", "partner users"),
}
_PROFILE_WORDS: Columns = {
    "bucket": ("分组", "维度", "年龄", "年龄段", "城市", "城市等级", "性别", "人群", "类别"),
    "ours": ("我们", "我方", "我们的", "本方", "本品牌", "我们用户", "我方用户", "我们占比"),
    "theirs": ("对方", "他们", "合作方", "对方用户", "合作方用户", "对方占比"),
}
_SHARE_COLUMNS: Columns = {
    "name": (*PARTNER_COLUMNS["name"], "渠道", "channel"),
    "share": (
        "share",
        "share_pct",
        "traffic share",
        "gmv share",
        "占比",
        "份额",
        "流量占比",
        "gmv占比",
        "比例",
    ),
}


def _merge(*tables: Columns) -> Columns:
    out: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for col, words in table.items():
            out[col] = (*out.get(col, ()), *words)
    return out


SCHEMAS: dict[str, Columns] = {
    "partners": _merge(PARTNER_COLUMNS, _PARTNER_WORDS),
    "outlets": _merge(OUTLET_COLUMNS, _OUTLET_WORDS),
    "profiles": _merge(_PROFILE_COLUMNS, _PROFILE_WORDS),
    "shares": _SHARE_COLUMNS,
}
"""Each kind of pasted table: its columns and every header word accepted for each (the first column that none
names holds the row's name or bucket)."""
