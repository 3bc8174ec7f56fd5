"""The problems found in deal data, located as the user sees them: a row report for an import, an error
for knowledge files that cannot be loaded, and validation errors in words."""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationError

from assistant.kb.deals.model import Deal
from assistant.limits import echo

__all__ = ["DealDataError", "ImportReport", "RowError", "row_errors"]


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
    warnings: list[str] = Field(
        default_factory=list,
        description="What the import left out without refusing the file, in words: unknown columns (with the "
        "closest known one) and sheets other than the one read.",
    )

    @property
    def ok(self) -> bool:
        return not self.errors


def row_errors(exc: ValidationError, row: int | None, show_input: bool = True) -> list[RowError]:
    """One RowError per invalid field of a Deal validation, in words for the user."""
    errors = []
    for err in exc.errors():
        column = str(err["loc"][0]) if err["loc"] else None
        reason = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            reason = "required value is empty"
        elif (
            show_input
            and not err["type"].startswith("value_error")
            and not isinstance(err.get("input"), dict)
        ):
            reason = f"{reason} (got {echo(repr(err.get('input')))})"
        errors.append(RowError(row=row, column=column, reason=reason))
    return errors
