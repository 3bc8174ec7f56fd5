"""The deal history: the Deal model, CSV/XLSX import and export, and deal titles and texts for retrieval."""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from assistant.kb.market import BenchmarkDataError, Category, cached_benchmarks, category_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEAL_COLUMNS",
    "BrandSize",
    "Category",
    "Deal",
    "DealDataError",
    "DealSource",
    "DealType",
    "ImportReport",
    "Outcome",
    "PartnerIndex",
    "PartnerType",
    "RowError",
    "deal_text",
    "deal_title",
    "deals_frame",
    "deals_to_csv",
    "find_partner",
    "label",
    "load_deals",
    "read_deal_file",
    "save_deals",
]


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


_LABELS: dict[str, tuple[str, str]] = {
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
_SYNONYMS: dict[str, str] = {
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


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-]+", "_", text).strip("_")


@lru_cache(maxsize=16)
def _choices(enum_cls: type[StrEnum]) -> dict[str, str]:
    values = {m.value for m in enum_cls}
    table = {_norm(v): v for v in values}
    for value in values:
        if value in _LABELS:
            for text in _LABELS[value]:
                table.setdefault(_norm(text), value)
    for word, value in _SYNONYMS.items():
        if value in values:
            table.setdefault(_norm(word), value)
    return table


def _category_choices() -> dict[str, str]:
    table = {_norm(c.value): c.value for c in Category}
    try:
        for key, bench in cached_benchmarks().items():
            for term in bench.terms():
                table.setdefault(_norm(term), key)
    except (BenchmarkDataError, OSError):
        pass
    return table


def _to_enum(value: Any, enum_cls: type[StrEnum], field: str) -> Any:
    if value is None or isinstance(value, enum_cls):
        return value
    if value in enum_cls._value2member_map_:
        return value
    table = _category_choices() if enum_cls is Category else _choices(enum_cls)
    found = table.get(_norm(value))
    if found is None:
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValueError(f"unknown {field} '{value}'; use one of: {allowed}")
    return found


def label(value: StrEnum | str, lang: str) -> str:
    """Display label of an enum value (partner type, deal type, outcome, size, source, category)."""
    key = str(value.value if isinstance(value, StrEnum) else value)
    if key in _LABELS:
        return _LABELS[key][0 if lang == "zh" else 1]
    if key in {c.value for c in Category}:
        return category_name(key, lang)
    return key


_UNITS = {"万": 1e4, "w": 1e4, "亿": 1e8, "k": 1e3, "m": 1e6}


def _to_number(value: Any) -> float | None:
    """Parse a cell into a number: '28%', '1,200', '50万', '1:3' / '1比3' (ROI 3), '¥3,000元'."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if not text:
            return None
        ratio = re.fullmatch(r"1\s*(?::|比)\s*(\d+(?:\.\d+)?)", text)
        text = ratio.group(1) if ratio else re.sub(r"[,\s¥%]|cny|rmb|元|个|次", "", text)
        scale = 1.0
        if text and text[-1] in _UNITS:
            scale, text = _UNITS[text[-1]], text[:-1]
        try:
            number = float(text) * scale
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a number")
    return number


def _to_date(value: Any) -> date | None:
    """Parse a cell into a date: date/datetime, '2024-03-01', '2024/3/1', '2024年3月1日', Excel serials."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 <= value <= 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?", text)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ValueError(f"'{value}' is not a valid calendar date") from None
    if re.fullmatch(r"\d{4}(?:\.0)?", text):
        return date(int(float(text)), 1, 1)
    raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")


_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "partner_type": PartnerType,
    "category": Category,
    "brand_size": BrandSize,
    "deal_type": DealType,
    "outcome": Outcome,
    "source": DealSource,
}


class Deal(BaseModel):
    """One past (or running) partnership deal: who, what kind, the terms, the figures and what we learned."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    deal_id: str = Field(
        min_length=1, max_length=40, description="Stable id without spaces: PB-NN playbook, S-NNNN sample."
    )
    partner: str = Field(min_length=1, max_length=80, description="Partner display name (Chinese).")
    partner_en: str = Field(default="", max_length=120, description="Partner name in English (may be empty).")
    partner_type: PartnerType = Field(description="Kind of partner: mcn, kol, koc, retailer, platform, ...")
    category: Category = Field(description="Product category, a key of the benchmarks table.")
    brand_size: BrandSize | None = Field(default=None, description="Size of OUR brand; None when unknown.")
    deal_type: DealType = Field(description="Form of cooperation: traffic_swap, commission, live_stream, ...")
    commission_pct: float | None = Field(default=None, ge=0, le=100, description="Commission agreed, 0-100%.")
    resources_zh: str = Field(default="", max_length=400, description="What was exchanged, in Chinese.")
    resources_en: str = Field(default="", max_length=600, description="What was exchanged, in English.")
    investment: float | None = Field(default=None, ge=0, description="Our spend in CNY (cash + resources).")
    gmv: float | None = Field(default=None, ge=0, description="GMV attributed to the deal, CNY.")
    roi: float | None = Field(
        default=None,
        ge=0,
        validate_default=True,
        description="GMV per unit invested (1:3 = 3.0); filled from gmv/investment if empty.",
    )
    audience_match_pct: float | None = Field(
        default=None, ge=0, le=100, description="Overlap of the partner's audience with ours, 0-100%."
    )
    verified_cases: int | None = Field(
        default=None, ge=0, description="Verifiable past success cases of the partner at signing."
    )
    start_date: date | None = Field(default=None, description="Start of the deal; None when unknown.")
    end_date: date | None = Field(default=None, description="End of the deal; None while running or unknown.")
    outcome: Outcome = Field(description="renewed, expanded, terminated, paused or ongoing.")
    lessons_zh: str = Field(default="", max_length=2000, description="What the deal taught, in Chinese.")
    lessons_en: str = Field(default="", max_length=3000, description="What the deal taught, in English.")
    source: DealSource = Field(
        default=DealSource.USER, description="playbook (the source's cases), sample, user."
    )

    @field_validator(
        "partner_type", "brand_size", "deal_type", "outcome", "source", "category", mode="before"
    )
    @classmethod
    def _enum_words(cls, value: Any, info: ValidationInfo) -> Any:
        name = str(info.field_name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if cls.model_fields[name].is_required():
                allowed = ", ".join(m.value for m in _ENUM_FIELDS[name])
                raise ValueError(f"{name} is required; use one of: {allowed}")
            return cls.model_fields[name].default
        return _to_enum(value, _ENUM_FIELDS[name], name)

    @field_validator("deal_id", mode="before")
    @classmethod
    def _id_without_spaces(cls, value: Any) -> Any:
        value = str(value).strip() if value is not None else value
        if value and re.search(r"\s", value):
            raise ValueError(f"deal_id '{value}' must not contain spaces")
        return value

    @field_validator("commission_pct", "investment", "gmv", "roi", "audience_match_pct", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        return _to_number(value)

    @field_validator("verified_cases", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        number = _to_number(value)
        if number is not None and number != int(number):
            raise ValueError(f"'{value}' is not a whole number of cases")
        return None if number is None else int(number)

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _to_date(value)

    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError(f"end date {value} is before start date {start}")
        return value

    @field_validator("roi")
    @classmethod
    def _roi_from_figures(cls, value: float | None, info: ValidationInfo) -> float | None:
        investment, gmv = info.data.get("investment"), info.data.get("gmv")
        if value is None and investment and gmv is not None:
            return round(gmv / investment, 2)
        return value

    @field_validator(
        "partner", "partner_en", "resources_zh", "resources_en", "lessons_zh", "lessons_en", mode="before"
    )
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else value


DEAL_COLUMNS: list[str] = list(Deal.model_fields)
_REQUIRED = [name for name, field in Deal.model_fields.items() if field.is_required()]


class DealDataError(ValueError):
    """Deal files that cannot be loaded; `problems` lists (file, row, column, reason)."""

    def __init__(self, problems: list[tuple[str, int | None, str | None, str]]):
        self.problems = problems
        lines = [_describe(f, r, c, why) for f, r, c, why in problems[:30]]
        if len(problems) > 30:
            lines.append(f"... and {len(problems) - 30} more")
        super().__init__("invalid deal data:\n" + "\n".join(lines))


def _describe(file: str | None, row: int | None, column: str | None, reason: str) -> str:
    where = [
        part for part in (file, f"row {row}" if row else None, f"column {column}" if column else None) if part
    ]
    return f"{', '.join(where)}: {reason}" if where else reason


class RowError(BaseModel):
    """One problem in an imported file, located as the user sees it in the spreadsheet."""

    row: int | None = Field(
        default=None, description="Spreadsheet row number (header = its own row); None: file."
    )
    column: str | None = Field(
        default=None, description="Deal field name; None when the whole row/file is wrong."
    )
    reason: str = Field(description="What is wrong and what is allowed.")

    def __str__(self) -> str:
        return _describe(None, self.row, self.column, self.reason)


class ImportReport(BaseModel):
    """Result of reading a deal file: the rows that validate and every problem found."""

    filename: str = ""
    valid: list[Deal] = Field(default_factory=list)
    valid_rows: list[int] = Field(default_factory=list, description="Spreadsheet row of each valid deal.")
    errors: list[RowError] = Field(default_factory=list)
    ignored_columns: list[str] = Field(default_factory=list, description="Headers that match no deal field.")

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_IMPORT_ROWS = 20_000  # rows per import; larger tables are split by the user

_COLUMN_ALIASES: dict[str, list[str]] = {
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
        for name in [field, *_COLUMN_ALIASES.get(field, [])]:
            table[_header_key(name)] = field
    return table


def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", name).strip().lower())


def _map_header(name: Any) -> tuple[str | None, float]:
    """Deal field and scale for a header cell ('投入(万元)' → investment, ×10,000)."""
    key = _header_key(str(name or ""))
    unit = _HEADER_UNIT.search(key)
    base = key[: unit.start()] if unit else key
    table = _header_table()
    field = table.get(key) or table.get(base)
    scale = 1e4 if unit and unit.group(1).startswith("万") and field in {"investment", "gmv"} else 1.0
    return field, scale


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("cannot decode the file: save it as UTF-8 (or GBK) CSV, or as XLSX")


def _csv_records(data: bytes) -> list[tuple[int, list[Any]]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(reader, start=1)]


def _xlsx_records(data: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ValueError(f"cannot open the workbook: {exc}") from None
    try:
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        formulas = None
    try:
        sheet = book.active
        raw_rows = formulas.active.iter_rows(min_row=1, min_col=1) if formulas is not None else None
        records = []
        for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
            raw = next(raw_rows, ()) if raw_rows is not None else ()
            values = []
            for position, cell in enumerate(cells):
                value = getattr(cell, "value", None)
                source = getattr(raw[position], "value", None) if position < len(raw) else None
                if value is None and isinstance(source, str) and source.startswith("="):
                    value = FORMULA_WITHOUT_VALUE
                fmt = getattr(cell, "number_format", "") or ""
                if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
                    value = round(value * 100, 6)
                values.append(value)
            records.append((number, values))
        return records
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


class _FormulaWithoutValue:
    """Marks an XLSX formula cell that has no saved result (the file was never recalculated)."""

    def __repr__(self) -> str:
        return "<formula without a saved value>"


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _auto_id(values: dict[str, Any]) -> str:
    digest = hashlib.sha1(repr(sorted((k, str(v)) for k, v in values.items())).encode("utf-8")).hexdigest()
    return f"U-{digest[:8]}"


def _row_errors(exc: ValidationError, row: int) -> list[RowError]:
    errors = []
    for err in exc.errors():
        column = str(err["loc"][0]) if err["loc"] else None
        reason = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            reason = "required value is empty"
        elif not err["type"].startswith("value_error") and not isinstance(err.get("input"), dict):
            reason = f"{reason} (got {err.get('input')!r})"
        errors.append(RowError(row=row, column=column, reason=reason))
    return errors


def _parse_records(
    records: list[tuple[int, list[Any]]], filename: str, max_rows: int | None = MAX_IMPORT_ROWS
) -> ImportReport:
    report = ImportReport(filename=filename)
    records = [(n, row) for n, row in records if not all(_blank(v) for v in row)]
    if not records:
        report.errors.append(RowError(reason="the file has no header row and no data"))
        return report
    header_row, header = records[0]
    columns: list[tuple[int, str, float]] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        field, scale = _map_header(name)
        if field is None or field in seen:
            if not _blank(name):
                report.ignored_columns.append(str(name))
            continue
        seen.add(field)
        columns.append((index, field, scale))
    missing = [f for f in _REQUIRED if f not in seen and f != "deal_id"]
    for field in missing:
        report.errors.append(RowError(row=header_row, column=field, reason="required column is missing"))
    if missing:
        return report
    if len(records) == 1:
        report.errors.append(RowError(row=header_row, reason="the file has a header but no data rows"))
        return report
    if max_rows is not None and len(records) - 1 > max_rows:
        reason = (
            f"the file has {len(records) - 1:,} data rows; import at most {max_rows:,} at a time (split it)"
        )
        report.errors.append(RowError(reason=reason))
        return report
    ids: dict[str, int] = {}
    for number, row in records[1:]:
        extra = [v for v in row[len(header) :] if not _blank(v)]
        if extra:
            reason = f"{len(header) + len(extra)} cells but the header has {len(header)} columns (quote values with commas)"
            report.errors.append(RowError(row=number, reason=reason))
            continue
        formula = [f for i, f, _ in columns if i < len(row) and row[i] is FORMULA_WITHOUT_VALUE]
        if formula:
            for field in formula:
                reason = "formula without a saved value: open the file in Excel and save it, or paste values"
                report.errors.append(RowError(row=number, column=field, reason=reason))
            continue
        values: dict[str, Any] = {}
        for index, field, scale in columns:
            cell = row[index] if index < len(row) else None
            if _blank(cell):
                continue
            if scale != 1.0:
                with contextlib.suppress(ValueError):  # unparsable: the model reports it
                    cell = (_to_number(cell) or 0) * scale
            values[field] = cell
        if _blank(values.get("deal_id")):
            values["deal_id"] = _auto_id(values)
        try:
            deal = Deal.model_validate(values)
        except ValidationError as exc:
            report.errors.extend(_row_errors(exc, number))
            continue
        if deal.deal_id in ids:
            reason = f"duplicate deal_id '{deal.deal_id}' (also on row {ids[deal.deal_id]})"
            report.errors.append(RowError(row=number, column="deal_id", reason=reason))
            continue
        ids[deal.deal_id] = number
        report.valid.append(deal)
        report.valid_rows.append(number)
    return report


def read_deal_file(
    source: bytes | BinaryIO | Path | str, filename: str | None = None, max_rows: int | None = MAX_IMPORT_ROWS
) -> ImportReport:
    """Validate every row of a deal CSV (UTF-8, UTF-8-BOM or GBK) or XLSX; never raises on bad content.

    `source` is the file's bytes, an open binary file (e.g. an upload) or a path; `filename` decides the
    format by its extension. Row numbers in the report are the spreadsheet's (the header is row 1).
    """
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read()
        filename = filename or getattr(source, "name", "")
    filename = filename or ""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".xls":
            raise ValueError("old .xls workbooks are not supported: save as .xlsx or CSV")
        is_xlsx = suffix in {".xlsx", ".xlsm"} or (suffix not in {".csv", ".txt"} and data[:2] == b"PK")
        records = _xlsx_records(data) if is_xlsx else _csv_records(data)
    except ValueError as exc:
        return ImportReport(filename=filename, errors=[RowError(reason=str(exc))])
    return _parse_records(records, filename, max_rows)


def load_deals(folder: Path) -> list[Deal]:
    """Every deal in every CSV of a folder (sorted by file name); raises DealDataError on any problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DealDataError([(str(folder.name), None, None, "deal folder not found")])
    deals: list[Deal] = []
    problems: list[tuple[str, int | None, str | None, str]] = []
    first_seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        report = read_deal_file(path, max_rows=None)
        problems.extend((path.name, e.row, e.column, e.reason) for e in report.errors)
        for deal, row in zip(report.valid, report.valid_rows, strict=True):
            if deal.deal_id in first_seen:
                reason = f"duplicate deal_id '{deal.deal_id}' (first in {first_seen[deal.deal_id]})"
                problems.append((path.name, row, "deal_id", reason))
                continue
            first_seen[deal.deal_id] = f"{path.name} row {row}"
            deals.append(deal)
    if problems:
        raise DealDataError(problems)
    return deals


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _write_csv(handle: Any, deals: Iterable[Deal]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(DEAL_COLUMNS)
    seen: set[str] = set()
    for deal in deals:
        if deal.deal_id in seen:
            raise ValueError(f"duplicate deal_id '{deal.deal_id}'")
        seen.add(deal.deal_id)
        writer.writerow([_cell(getattr(deal, column)) for column in DEAL_COLUMNS])


def deals_to_csv(deals: Iterable[Deal]) -> str:
    """The deals as CSV text with the Deal fields as columns (empty cells for None)."""
    buffer = io.StringIO()
    _write_csv(buffer, deals)
    return buffer.getvalue()


def save_deals(path: Path, deals: Iterable[Deal]) -> None:
    """Write deals to a UTF-8 CSV atomically: a temp file in the same folder, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp_name = ""
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline="",
            dir=path.parent,
            prefix=f".{path.name}.",
            suffix=".tmp",
            delete=False,
        ) as handle:
            temp_name = handle.name
            _write_csv(handle, deals)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise


def deals_frame(deals: Iterable[Deal]) -> pd.DataFrame:
    """The deals as a pandas DataFrame (one column per Deal field; enums as strings, dates as datetimes)."""
    import pandas as pd

    rows = [
        {c: (v.value if isinstance(v := getattr(d, c), StrEnum) else v) for c in DEAL_COLUMNS} for d in deals
    ]
    frame = pd.DataFrame(rows, columns=DEAL_COLUMNS)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("commission_pct", "investment", "gmv", "roi", "audience_match_pct"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["verified_cases"] = pd.to_numeric(frame["verified_cases"]).astype("Int64")
    return frame


def _partner_name(deal: Deal, lang: str) -> str:
    return deal.partner if lang == "zh" else (deal.partner_en or deal.partner)


def deal_title(deal: Deal, lang: str) -> str:
    """A short title, e.g. '星河传媒 · 直播带货 · 美妆 (2024)'."""
    title = " · ".join([_partner_name(deal, lang), label(deal.deal_type, lang), label(deal.category, lang)])
    return f"{title} ({deal.start_date.year})" if deal.start_date else title


def _num(value: float) -> str:
    return f"{round(value, 2):g}" if abs(value) < 1e6 else f"{round(value):d}"


def _money(value: float, lang: str) -> str:
    if lang == "zh":
        if value >= 1e8:
            return f"{_num(value / 1e8)}亿元"
        return f"{_num(value / 1e4)}万元" if value >= 1e4 else f"{_num(value)}元"
    return f"CNY {_num(value / 1e6)} million" if value >= 1e6 else f"CNY {value:,.0f}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def deal_text(deal: Deal, lang: str) -> str:
    """A compact, retrievable description of a deal in 'zh' (≤ 400 chars) or 'en' (≤ 80 words)."""
    zh = lang == "zh"
    kind = label(deal.partner_type, lang)
    size = label(deal.brand_size, lang) if deal.brand_size else ""
    start, end = deal.start_date, deal.end_date
    figures = []
    if deal.commission_pct is not None:
        figures.append(
            f"佣金{_num(deal.commission_pct)}%" if zh else f"commission {_num(deal.commission_pct)}%"
        )
    if deal.investment is not None:
        figures.append(
            f"投入{_money(deal.investment, lang)}" if zh else f"spend {_money(deal.investment, lang)}"
        )
    if deal.gmv is not None:
        figures.append(f"GMV {_money(deal.gmv, lang)}")
    if deal.roi is not None:
        figures.append(f"ROI {_num(deal.roi)}")
    if deal.audience_match_pct is not None:
        match = _num(deal.audience_match_pct)
        figures.append(f"用户匹配度{match}%" if zh else f"audience match {match}%")
    if deal.verified_cases is not None:
        figures.append(
            f"可验证案例{deal.verified_cases}个" if zh else f"{deal.verified_cases} verified cases"
        )
    if zh:
        who = (
            f"{deal.partner}（{deal.partner_en}，{kind}）" if deal.partner_en else f"{deal.partner}（{kind}）"
        )
        period = f"{start}至{end}" if start and end else (f"{start}起" if start else "")
        head = f"{who}：{label(deal.deal_type, lang)}，品类{label(deal.category, lang)}"
        head += f"，我方为{size}" if size else ""
        head += f"，{period}" if period else ""
        head += "。"
        head += f"资源：{_clip(deal.resources_zh, 80)}。" if deal.resources_zh else ""
        head += f"数据：{'，'.join(figures)}。" if figures else ""
        head += f"结果：{label(deal.outcome, lang)}。"
        lesson = deal.lessons_zh or deal.lessons_en
        return head + (f"经验：{_clip(lesson, 400 - len(head) - 3)}" if lesson else "")
    period = f"{start} to {end}" if start and end else (f"from {start}" if start else "")
    head = (
        f"{_partner_name(deal, lang)} ({kind}): {label(deal.deal_type, lang)}, {label(deal.category, lang)}"
    )
    head += f", our side a {size}" if size else ""
    head += f", {period}" if period else ""
    head += ". "
    head += f"Exchanged: {' '.join(deal.resources_en.split()[:20])}. " if deal.resources_en else ""
    head += f"Figures: {', '.join(figures)}. " if figures else ""
    head += f"Outcome: {label(deal.outcome, lang)}."
    lesson_words = (deal.lessons_en or deal.lessons_zh).split()
    budget = 80 - len(head.split()) - 1
    if lesson_words and budget > 3:
        clipped = lesson_words[:budget]
        head += " Lesson: " + " ".join(clipped) + ("…" if len(clipped) < len(lesson_words) else "")
    return head


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name)
    return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if name.isascii() else escaped)


class PartnerIndex:
    """The partner names of a deal list (zh and en, case-folded), built once and searched per question.

    A plain substring test screens every name; only the few names found are checked as whole words.
    """

    def __init__(self, deals: Iterable[Deal]) -> None:
        self.deals = list(deals)
        self._by_name: dict[str, list[int]] = {}
        for i, d in enumerate(self.deals):
            for name in {_fold(d.partner), _fold(d.partner_en)}:
                if len(name) >= 2:
                    self._by_name.setdefault(name, []).append(i)

    def find(self, text: str) -> list[Deal]:
        """Deals whose partner appears in the text; a name inside a longer matched name does not count."""
        haystack = _fold(text or "")
        if not haystack:
            return []
        hits = {n for n in self._by_name if n in haystack and _name_pattern(n).search(haystack)}
        hits = {h for h in hits if not any(h != other and h in other for other in hits)}
        rows = sorted({i for h in hits for i in self._by_name[h]})
        return [self.deals[i] for i in rows]


def find_partner(deals: Iterable[Deal], text: str) -> list[Deal]:
    """Deals whose partner (zh or en name, case-insensitive) appears in a free-text question.

    When one matched name is part of a longer matched name, only the longer one counts. For repeated
    searches over the same deals, build a `PartnerIndex` once.
    """
    return PartnerIndex(deals).find(text)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()
