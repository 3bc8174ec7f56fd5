"""Industry benchmarks by category (commission, ROI), category names/aliases and category detection."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class Category(StrEnum):
    """Product category of a deal; the keys of the benchmarks table."""

    BEAUTY = "beauty"
    MOTHER_BABY = "mother_baby"
    FRESH_FOOD = "fresh_food"
    HOME_APPLIANCE = "home_appliance"
    EDUCATION = "education"
    RESTAURANT = "restaurant"
    AUTO = "auto"
    LOCAL_SERVICES = "local_services"
    CROSS_BORDER = "cross_border"
    APPAREL = "apparel"
    FMCG = "fmcg"
    DIGITAL = "digital"
    GENERAL = "general"


BENCHMARKS_FILE = "benchmarks.csv"


class BenchmarkDataError(ValueError):
    """The benchmarks file is missing, malformed or incomplete."""


class Benchmark(BaseModel):
    """One category's benchmark row (sample values a team edits to its own market data)."""

    model_config = ConfigDict(frozen=True)

    category: Category = Field(description="Category key, e.g. 'beauty'.")
    name_zh: str = Field(min_length=1, description="Chinese display name, e.g. '美妆'.")
    name_en: str = Field(min_length=1, description="English display name, e.g. 'Beauty'.")
    aliases: tuple[str, ...] = Field(
        default=(), description="Extra zh/en words people use for the category (file: separated by '|')."
    )
    industry_commission_pct: float = Field(
        ge=0, le=100, description="Typical partner commission in this category, percent 0-100."
    )
    benchmark_roi: float = Field(gt=0, description="Typical ROI (GMV per unit invested) in this category.")
    note: str = Field(default="", description="Where the numbers come from; sample rows say so.")

    @field_validator("aliases", mode="before")
    @classmethod
    def _split_aliases(cls, value: object) -> object:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(a.strip() for a in value.split("|") if a.strip())
        return value

    def name(self, lang: str) -> str:
        """The display name in 'zh' or 'en'."""
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def sample(self) -> bool:
        """True while the row still holds the shipped sample values (its note says so)."""
        note = self.note.lower()
        return "sample" in note or "示例" in note

    def terms(self) -> list[str]:
        """Every word that names this category: both names and all aliases."""
        return [self.name_zh, self.name_en, *self.aliases]


def load_benchmarks(path: Path) -> dict[str, Benchmark]:
    """Read a knowledge folder's benchmarks CSV into {category key: Benchmark}; every Category must have
    exactly one row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BenchmarkDataError(f"cannot read benchmarks file {path.name}: {exc.strerror or exc}") from exc
    problems: list[str] = []
    table: dict[str, Benchmark] = {}
    for row_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            bench = Benchmark.model_validate(values)
        except ValidationError as exc:
            for err in exc.errors():
                column = ".".join(str(p) for p in err["loc"]) or "row"
                problems.append(f"row {row_no}, column {column}: {err['msg']}")
            continue
        if bench.category in table:
            problems.append(f"row {row_no}, column category: duplicate category '{bench.category}'")
        table[bench.category.value] = bench
    missing = [c.value for c in Category if c.value not in table]
    if missing:
        problems.append(f"missing categories: {', '.join(missing)}")
    if problems:
        raise BenchmarkDataError(f"{path.name}: " + "; ".join(problems))
    return table


DEFAULT_CATEGORY = Category.GENERAL.value
"""The row used when no category is known: the cross-category benchmarks."""


def benchmark_for(category: str | None, benchmarks: Mapping[str, Benchmark]) -> Benchmark | None:
    """The one path to a benchmark: the category's row, else the cross-category row (chat, calculators and
    scorecard all take their default market rate and ROI from here)."""
    return benchmarks.get(str(category or "")) or benchmarks.get(DEFAULT_CATEGORY)


def category_name(category: str, lang: str, benchmarks: Mapping[str, Benchmark]) -> str:
    """Display name of a category key in 'zh' or 'en' (the key itself when unknown)."""
    bench = benchmarks.get(str(category))
    return bench.name(lang) if bench else str(category)


def _is_latin(term: str) -> bool:
    return term.isascii()


@functools.lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    escaped = re.escape(term.lower())
    if _is_latin(term):
        return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    return re.compile(escaped)


def find_category(text: str, benchmarks: Mapping[str, Benchmark]) -> str | None:
    """The category a question names (zh/en name or alias; longest term wins, then earliest), else None.

    English terms match whole words only, case-insensitively; Chinese terms match as substrings.
    """
    if not text:
        return None
    table = benchmarks
    haystack = text.lower()
    candidates = sorted(
        ((term, key) for key, bench in table.items() for term in bench.terms() if term),
        key=lambda item: (-len(item[0]), item[1]),
    )
    best: tuple[int, int, str] | None = None
    for term, key in candidates:
        if best is not None and len(term) < best[0]:
            break
        match = _term_pattern(term).search(haystack)
        if match and (best is None or match.start() < best[1]):
            best = (len(term), match.start(), key)
    return best[2] if best else None


def knowledge_benchmarks(knowledge_dir: Path) -> dict[str, Benchmark]:
    """The benchmarks of a knowledge folder (its benchmarks.csv)."""
    return load_benchmarks(Path(knowledge_dir) / BENCHMARKS_FILE)


def category_terms(benchmarks: Mapping[str, Benchmark]) -> dict[str, str]:
    """Every word that names a category (keys, both names, aliases) -> its key, for reading deal tables."""
    return {term: key for key, bench in benchmarks.items() for term in (key, *bench.terms()) if term}
