"""Shared pieces of the tools: number types, the Reason item, exact arithmetic and error helpers."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError


def _no_bool(value: Any) -> Any:
    """Refuse true/false and negative zero, which JSON and spreadsheets let through as numbers."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "Input should be a number, not true/false")
    if isinstance(value, float) and value == 0 and math.copysign(1.0, value) < 0:
        raise PydanticCustomError("number_type", "Input should be a number, not negative zero (-0)")
    return value


NO_BOOL = BeforeValidator(_no_bool)
_Num = NO_BOOL

PCT_MIN, PCT_MAX = 0, 100
Pct = Annotated[float, Field(ge=PCT_MIN, le=PCT_MAX, allow_inf_nan=False), _Num]
"""A percentage from 0 to 100."""
PositivePct = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False), _Num]
"""A percentage above 0, at most 100."""
MAX_MONEY = 1e15  # yuan: no spend, GMV or fee of a deal comes near this
Money = Annotated[float, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False), _Num]
"""An amount in yuan, 0 to 1e15."""
PositiveMoney = Annotated[float, Field(gt=0, le=MAX_MONEY, allow_inf_nan=False), _Num]
"""An amount in yuan above 0, at most 1e15."""
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False), _Num]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False), _Num]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), _Num]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False), _Num]
MAX_CASES = 9_999  # verified success cases of one partner: no partner comes near ten thousand
Count = Annotated[int, Field(ge=0, le=MAX_CASES), _Num]
"""A count of cases, 0 to 9,999 (the deal table's verified_cases has the same bound)."""
PosInt = Annotated[int, Field(gt=0), _Num]
Rating = Annotated[float, Field(ge=0, le=5, allow_inf_nan=False), _Num]


class ToolInput(BaseModel):
    """Base of every tool input: unknown fields are refused so a misspelt name never goes unnoticed."""

    model_config = ConfigDict(extra="forbid")


class ToolOutput(BaseModel):
    """Base of every tool output."""

    model_config = ConfigDict(extra="forbid")


class Reason(BaseModel):
    """One rule that fired: a stable code, the numbers it used and the threshold it compared with."""

    code: str = Field(
        description="Stable reason code; rendered in Chinese or English by assistant.answering.reasons."
    )
    values: dict[str, Any] = Field(default_factory=dict, description="The numbers and names the rule used.")
    threshold: float | None = Field(default=None, description="The threshold the rule compared with, if any.")


def exact(value: float | int | Fraction) -> Fraction:
    """The decimal a person typed, as an exact fraction (0.7 is 7/10, not the nearest binary float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def num(value: Fraction | float | int) -> float | int:
    """A JSON-friendly number: an int when whole, else the nearest float."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    if isinstance(value, int):
        return value
    return float(value)


def reason(code: str, threshold: float | Fraction | None = None, **values: Any) -> Reason:
    """Build a Reason, turning exact fractions into plain numbers."""

    def clean(v: Any) -> Any:
        if isinstance(v, Fraction):
            return num(v)
        if isinstance(v, list | tuple):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        return v

    thr = None if threshold is None else float(threshold)
    return Reason(code=code, values={k: clean(v) for k, v in values.items()}, threshold=thr)


def field_error(field: str, message: str, allowed: str) -> PydanticCustomError:
    """A validation error raised by a cross-field check, naming the field and what is allowed."""
    return PydanticCustomError(
        "field_rule",
        "{field}: {detail} (allowed: {allowed})",
        {"field": field, "detail": message, "allowed": allowed},
    )
