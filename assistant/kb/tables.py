"""Partner and outlet tables (CSV in UTF-8/BOM/GBK, or XLSX, read by kb.sheets) as validated rows for the tools."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from assistant.kb.sheets import FORMULA_REASON, FORMULA_WITHOUT_VALUE, SheetError, Source, is_blank, read_rows

PARTNER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "partner", "名称", "合作方", "合作方名称", "伙伴"),
    "traffic_quality": ("traffic_quality", "流量质量"),
    "audience_match": ("audience_match", "用户匹配度", "匹配度"),
    "brand_fit": ("brand_fit", "品牌调性"),
    "conversion": ("conversion", "转化能力"),
    "cost_efficiency": ("cost_efficiency", "成本效率"),
    "stability": ("stability", "合作稳定性", "稳定性"),
    "content": ("content", "内容能力"),
}
OUTLET_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "outlet", "名称", "网点", "门店", "渠道"),
    "conversion_pct": ("conversion_pct", "conversion_rate", "conversion", "转化率"),
    "rating": ("rating", "评分"),
}
PARTNER_RANGES = {col: (0.0, 100.0) for col in PARTNER_COLUMNS if col != "name"}
OUTLET_RANGES = {"conversion_pct": (0.0, 100.0), "rating": (0.0, 5.0)}


class TableError(ValueError):
    """A table could not be used; `problems` lists {row, column, reason} with spreadsheet row numbers."""

    def __init__(self, problems: list[dict[str, Any]]):
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = []
        for p in self.problems:
            where = ", ".join(
                x for x in (f"row {p['row']}" if p.get("row") else "", p.get("column") or "") if x
            )
            parts.append(f"{where}: {p['reason']}" if where else p["reason"])
        return "; ".join(parts)


def header_key(header: Any) -> str:
    """Normalise a header (to compare it with the column aliases): NFKC, lower case, no spaces, no unit marks
    like (%)."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    for mark in ("(%)", "%", " ", "_", "-"):
        text = text.replace(mark, "")
    return text


def cell_number(value: Any) -> float | None:
    """A cell's number ("38%" and "1,000" read as 38 and 1000), or None when it holds none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    if text.endswith("%"):
        text = text[:-1].strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_table(
    source: Source,
    filename: str | None,
    columns: dict[str, tuple[str, ...]],
    ranges: dict[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    """Read a CSV/XLSX table into rows with canonical column names, or raise TableError."""
    try:
        rows = read_rows(source, filename)
    except SheetError as exc:
        raise TableError([{"row": None, "column": None, "reason": str(exc)}]) from None
    if not rows:
        raise TableError([{"row": None, "column": None, "reason": "the file is empty"}])
    header_row, header = rows[0]
    aliases = {header_key(alias): col for col, names in columns.items() for alias in names}
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        col = aliases.get(header_key(cell))
        if col is not None and col not in index:
            index[col] = i
    missing = [col for col in columns if col not in index]
    if missing:
        raise TableError(
            [
                {
                    "row": header_row,
                    "column": col,
                    "reason": "missing column (accepted: " + ", ".join(columns[col]) + ")",
                }
                for col in missing
            ]
        )
    if len(rows) == 1:
        raise TableError(
            [{"row": header_row, "column": None, "reason": "the table has a header but no rows"}]
        )
    out: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row_no, row in rows[1:]:
        record: dict[str, Any] = {}
        for col, i in index.items():
            raw = row[i] if i < len(row) else None
            if raw is FORMULA_WITHOUT_VALUE:
                problems.append({"row": row_no, "column": col, "reason": FORMULA_REASON})
                continue
            if col == "name":
                name = "" if raw is None else str(raw).strip()
                if not name:
                    problems.append({"row": row_no, "column": col, "reason": "empty name"})
                elif name in seen:
                    problems.append(
                        {"row": row_no, "column": col, "reason": f"duplicate of row {seen[name]}"}
                    )
                else:
                    seen[name] = row_no
                record[col] = name
                continue
            lo, hi = ranges[col]
            if is_blank(raw):
                problems.append(
                    {"row": row_no, "column": col, "reason": f"empty cell (allowed: {lo:g}–{hi:g})"}
                )
                continue
            number = cell_number(raw)
            if number is None:
                problems.append({"row": row_no, "column": col, "reason": f"not a number: {raw!r}"})
            elif not lo <= number <= hi:
                problems.append(
                    {"row": row_no, "column": col, "reason": f"{number:g} is out of range {lo:g}–{hi:g}"}
                )
            else:
                record[col] = number
        out.append(record)
    if problems:
        raise TableError(problems)
    return out


def read_partner_table(source: Source, filename: str | None = None) -> list[dict[str, Any]]:
    """Partners with name and the seven 0-100 scan scores (English or Chinese column names)."""
    return read_table(source, filename, PARTNER_COLUMNS, PARTNER_RANGES)


def read_outlet_table(source: Source, filename: str | None = None) -> list[dict[str, Any]]:
    """Outlets with name, conversion_pct (0-100) and rating (0-5) (English or Chinese column names)."""
    return read_table(source, filename, OUTLET_COLUMNS, OUTLET_RANGES)
