"""Deal file headers: the column names people use (Chinese and English aliases, unit marks such as
'投入(万元)') mapped to Deal fields."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as _field
from functools import lru_cache
from typing import Any

from assistant.kb.deals.model import DEAL_COLUMNS
from assistant.kb.sheets import is_blank
from assistant.limits import echo

__all__ = ["COLUMN_ALIASES", "Columns", "ignored_warning", "map_columns", "map_header"]

COLUMN_ALIASES: dict[str, list[str]] = {
    "deal_id": ["id", "编号", "合作编号", "项目编号", "deal id"],
    "partner": ["合作方", "合作方名称", "合作伙伴", "伙伴", "合作方(中文)", "partner name", "partner_zh"],
    "partner_en": ["合作方英文名", "英文名", "英文名称", "合作方(英文)", "partner (en)", "english name"],
    "partner_type": ["合作方类型", "伙伴类型", "类型"],
    "category": ["品类", "行业", "类目", "所属品类"],
    "brand_size": ["品牌规模", "我方品牌规模", "我方规模"],
    "deal_type": ["合作类型", "合作模式", "合作方式", "type"],
    "commission_pct": ["佣金", "佣金比例", "佣金率", "commission", "commission %"],
    "resources_zh": ["资源", "置换资源", "合作资源", "资源(中文)", "resources"],
    "resources_en": ["资源(英文)", "英文资源"],
    "investment": ["投入", "投入金额", "投入成本", "成本", "spend", "cost"],
    "gmv": ["成交额", "销售额", "gmv(元)"],
    "roi": ["投入产出比", "投资回报率"],
    "audience_match_pct": ["用户匹配度", "匹配度", "画像匹配度", "人群匹配度", "audience match"],
    "verified_cases": ["成功案例数", "可验证案例数", "案例数", "cases"],
    "start_date": ["开始日期", "开始时间", "起始日期", "start"],
    "end_date": ["结束日期", "结束时间", "end"],
    "outcome": ["结果", "合作结果", "状态", "status"],
    "lessons_zh": ["经验", "经验教训", "复盘", "经验(中文)", "lessons"],
    "lessons_en": ["经验(英文)", "英文经验"],
    "source": ["来源", "数据来源"],
}
_HEADER_UNIT = re.compile(r"\((%|元|万元|万|cny|rmb|¥)\)$")


@lru_cache(maxsize=1)
def _header_table() -> dict[str, str]:
    table = {}
    for field in DEAL_COLUMNS:
        for name in [field, *COLUMN_ALIASES.get(field, [])]:
            table[_header_key(name)] = field
    return table


@lru_cache(maxsize=1)
def _header_names() -> dict[str, str]:
    """Normalised header → the name to suggest for it ('佣金比例 (commission_pct)', or the field alone)."""
    return {
        _header_key(name): name if name == field else f"{name} ({field})"
        for field in DEAL_COLUMNS
        for name in [field, *COLUMN_ALIASES.get(field, [])]
    }


def ignored_warning(name: Any) -> str:
    """Why a header was ignored, with the closest known column when there is one (a misspelt 'commision_pct'
    would otherwise drop the commission of every row without a word)."""
    shown = echo(str(name), 40)
    close = difflib.get_close_matches(_header_key(str(name)), list(_header_names()), n=1, cutoff=0.75)
    hint = f" (did you mean {_header_names()[close[0]]}?)" if close else ""
    return f"column {shown} is not a known column{hint}; it was ignored"


def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", name).strip().lower())


def map_header(name: Any) -> tuple[str | None, float]:
    """Deal field and scale for a header cell ('投入(万元)' → investment, ×10,000)."""
    key = _header_key(str(name or ""))
    unit = _HEADER_UNIT.search(key)
    base = key[: unit.start()] if unit else key
    table = _header_table()
    field = table.get(key) or table.get(base)
    scale = 1e4 if unit and unit.group(1).startswith("万") and field in {"investment", "gmv"} else 1.0
    return field, scale


@dataclass
class Columns:
    """What a header row maps to: (cell index, Deal field, scale) per used column, the ignored headers and the
    headers that repeat a field already given (field → every header naming it)."""

    used: list[tuple[int, str, float]] = _field(default_factory=list)
    ignored: list[str] = _field(default_factory=list)
    repeated: dict[str, list[str]] = _field(default_factory=dict)

    @property
    def fields(self) -> set[str]:
        return {name for _, name, _ in self.used}


def map_columns(header: list[Any]) -> Columns:
    """The Deal field of each header cell; unknown headers are ignored, a field named twice is recorded in
    `repeated` (which of two 'partner' columns holds the name is a guess the import refuses to make)."""
    columns = Columns()
    first: dict[str, str] = {}
    for index, name in enumerate(header):
        found, scale = map_header(name)
        if found is None:
            if not is_blank(name):
                columns.ignored.append(str(name))
            continue
        if found in first:
            columns.repeated.setdefault(found, [first[found]]).append(str(name))
            continue
        first[found] = str(name)
        columns.used.append((index, found, scale))
    return columns
