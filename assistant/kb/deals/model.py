"""The Deal model: one past or running partnership deal, validated from spreadsheet-like values."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from assistant.kb.deals.cells import to_date, to_enum, to_number
from assistant.kb.deals.enums import BrandSize, DealSource, DealType, Outcome, PartnerType
from assistant.kb.market import Category
from assistant.limits import echo
from assistant.tools.base import MAX_CASES, MAX_MONEY

__all__ = ["DEAL_COLUMNS", "REQUIRED_FIELDS", "Deal"]

FIRST_YEAR, LAST_YEAR = 1900, 2100  # of a deal's dates: outside them it is a typo, not a deal
_DEAL_ID = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # control, format (zero-width) and space characters
_FILLERS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}  # letters that print as nothing

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
        min_length=1,
        max_length=40,
        description="Stable id of letters A-Z, digits, - and _ (upper-cased): PB-NN playbook, S-NNNN sample.",
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
    investment: float | None = Field(
        default=None, ge=0, le=MAX_MONEY, description="Our spend in CNY (cash + resources), at most 1e15."
    )
    gmv: float | None = Field(
        default=None, ge=0, le=MAX_MONEY, description="GMV attributed to the deal, CNY, at most 1e15."
    )
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
        default=None,
        ge=0,
        le=MAX_CASES,
        description="Verifiable past success cases of the partner at signing, 0 to 9,999.",
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
        terms = (info.context or {}).get("category_terms") if name == "category" else None
        return to_enum(value, _ENUM_FIELDS[name], name, terms)

    @field_validator("deal_id", mode="before")
    @classmethod
    def _safe_id(cls, value: Any) -> Any:
        """Ids are compared, stored in CSV and shown in the app: full-width and lower-case forms are folded
        (NFKC, upper case) so that 'ｕ-1' and 'U-1' are one deal, and anything beyond A-Z, 0-9, - and _
        (NUL, ESC, line breaks, ':') is refused rather than carried into files and the index."""
        if value is None:
            return value
        text = unicodedata.normalize("NFKC", str(value)).strip().upper()
        if re.search(r"\s", text):
            raise ValueError(
                f"deal_id '{echo(text)}' must not contain spaces or line breaks; use only letters A-Z, "
                "digits, - and _"
            )
        if text and not _DEAL_ID.fullmatch(text):
            raise ValueError(
                f"deal_id '{echo(text)}' may use only letters A-Z, digits, - and _, starting with a letter "
                "or digit (e.g. U-0001)"
            )
        return text

    @field_validator("partner", mode="before")
    @classmethod
    def _partner_name(cls, value: Any) -> Any:
        """A partner name that prints as nothing (spaces, zero-width or control characters) is no name."""
        if isinstance(value, str) and value and not any(_visible(c) for c in value):
            raise ValueError("partner name is blank (only spaces or invisible characters); give the name")
        return "" if value is None else value

    @field_validator("commission_pct", "investment", "gmv", "roi", "audience_match_pct", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        return to_number(value)

    @field_validator("verified_cases", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        number = to_number(value)
        if number is not None and number != int(number):
            raise ValueError(f"'{value}' is not a whole number of cases")
        return None if number is None else int(number)

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        day = to_date(value)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"{day} is not a date of a deal; give a year from {FIRST_YEAR} to {LAST_YEAR}")
        return day

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

    @field_validator("partner_en", "resources_zh", "resources_en", "lessons_zh", "lessons_en", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else value


def _visible(char: str) -> bool:
    return unicodedata.category(char) not in _INVISIBLE and char not in _FILLERS


DEAL_COLUMNS: list[str] = list(Deal.model_fields)
REQUIRED_FIELDS = [name for name, field in Deal.model_fields.items() if field.is_required()]
