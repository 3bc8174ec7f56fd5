"""A table attached to a chat message: which tool it feeds (a partner table with the seven scores, an outlet
table with conversion and rating, or series columns for the early-warning rules), or the problems of the
table it comes closest to, per row and column as an import reports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.kb.series import SeriesError, read_series_file
from assistant.kb.tables import TableError, read_outlet_table, read_partner_table

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024  # a partner or outlet table, not a data dump


@dataclass
class Attachment:
    """What a file gave: tool inputs by field name (empty when unusable) and the problems found."""

    filename: str
    slots: dict[str, Any] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.slots) and not self.problems


def read_attachment(data: bytes, filename: str) -> Attachment:
    """Read an attached CSV/XLSX as the first of partner table, outlet table, series columns that fits."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        reason = f"the file is {len(data) / 1024 / 1024:.1f} MB; attach at most {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB"
        return Attachment(filename, problems=[{"row": None, "column": None, "reason": reason}])
    tried: list[list[dict[str, Any]]] = []
    for name, reader in (("partners", read_partner_table), ("outlets", read_outlet_table)):
        try:
            return Attachment(filename, {name: reader(data, filename)})
        except TableError as exc:
            tried.append(exc.problems)
    try:
        series = read_series_file(data, filename)
        if series:
            return Attachment(filename, series)
        tried.append([{"row": None, "column": None, "reason": "no numbers under the series columns"}])
    except SeriesError as exc:
        tried.append([exc.problem])
    # the closest fit: the table whose columns were found, its own row problems
    closest = min(tried, key=lambda problems: sum("missing column" in p["reason"] for p in problems))
    return Attachment(filename, problems=closest)
