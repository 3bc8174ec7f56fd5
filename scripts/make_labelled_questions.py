"""Write assistant/understanding/labelled.jsonl: questions whose every number is labelled with the tool input
field it fills (or "none"), rendered from the phrasing families in scripts/labelled_families.py, then the train
questions written by hand in assistant/understanding/labelled_written.jsonl (each family one person's style).

Usage: python scripts/make_labelled_questions.py [OUT]   (deterministic: a fixed seed per family)

A template is text with choices `[[a|b]]` and placeholders `{name=value:notation/notation}`: `name` is a
field alias (see labelled_families.ALIASES), a non-input kind `n.<kind>` (a date, a count of weeks, a
threshold asked about...) or a text token `@name`/`@store`/`@street`; `=value` fixes the value,
`:notations` narrows how the number is written (see NOTATIONS). A field met twice in a question mostly
keeps its notation; distributions sum to 100.
"""

from __future__ import annotations

import json
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from labelled_families import ALIASES, FAMILIES, NAMES, Family

from assistant.understanding.labelled import row_problems
from assistant.understanding.numbers import find_numbers

SEED = 20240611
OUT = Path(__file__).resolve().parents[1] / "assistant" / "understanding" / "labelled.jsonl"
WRITTEN = OUT.with_name("labelled_written.jsonl")
_CHOICE = re.compile(r"\[\[([^\[\]]*)\]\]")
_SLOT = re.compile(r"\{(@?[a-z_.]+)(?:=([0-9.]+))?(?::([A-Za-z0-9_/]+))?\}")
_FALLING = re.compile(r"降到|跌到|掉到|下滑|fell|dropped|slid|sagged|down to", re.I)
_FW = str.maketrans("0123456789.:%", "０１２３４５６７８９．：％")
_CN = "零一二三四五六七八九"
_EN_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_EN_TENS = {
    2: "twenty",
    3: "thirty",
    4: "forty",
    5: "fifty",
    6: "sixty",
    7: "seventy",
    8: "eighty",
    9: "ninety",
}
_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August", "September", "October"),
    *("November", "December"),
)
_ORD_SUFFIX = {1: "st", 2: "nd", 3: "rd"}

# ---------------------------------------------------------------- numerals


def fmt(x: float, places: int = 4) -> str:
    """A number without trailing zeros (52.0 -> "52", 3.50 -> "3.5")."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.{places}f}".rstrip("0").rstrip(".")


def _cn_section(n: int) -> str:
    out, zero = "", False
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out, zero = out + "零", False
        out += _CN[d] + ch
    return out


def cn_int(n: int, liang: bool = True) -> str:
    """Chinese numerals of a whole number below 10^12 (12 -> 十二, 105 -> 一百零五, 520000 -> 五十二万)."""
    if n == 0:
        return "零"
    out = ""
    for scale, ch in ((10**8, "亿"), (10**4, "万"), (1, "")):
        part = n // scale % 10**4
        if not part:
            continue
        if out and part < 1000:
            out += "零"
        out += _cn_section(part) + ch
    out = out.rstrip("零")
    if out.startswith("一十"):
        out = out[1:]
    if liang and out.startswith("二") and (len(out) == 1 or out[1] in "千万亿百"):
        out = "两" + out[1:]
    return out


def cn_num(x: float) -> str:
    """Chinese numerals with a decimal part (3.5 -> 三点五)."""
    whole, _, frac = fmt(x).partition(".")
    out = cn_int(int(whole), liang=False)
    return out + ("点" + "".join(_CN[int(d)] for d in frac) if frac else "")


def en_int(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    tens, ones = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")


def fw(s: str) -> str:
    return s.translate(_FW)


# ---------------------------------------------------------------- notations: (text, value) from a value


def _pct(nota: str, v: float, lang: str, rng: random.Random) -> tuple[str, float] | None:
    if nota in ("pcheng", "pcheng_ar"):  # 六成五, 6成5
        v = float(round(v / 5) * 5)
        if not 10 <= v <= 95:
            return None
        tens, ones = divmod(int(v), 10)
        head = cn_int(tens) if nota == "pcheng" else str(tens)
        return head + "成" + (
            (cn_int(ones, liang=False) if nota == "pcheng" else str(ones)) if ones else ""
        ), v
    if nota == "pword":
        if lang == "zh":
            return "百分之" + cn_num(v), v
        v = float(round(v))
        return f"{en_int(int(v))} percent", v
    table = {
        "p": f"{fmt(v)}%",
        "psp": f"{fmt(v)} %",
        "pfw": f"{fmt(v)}％",
        "pfwd": fw(f"{fmt(v)}%"),
        "ppct": f"{fmt(v)} percent",
        "ppc": f"{fmt(v)} per cent",
        "pabbr": f"{fmt(v)} pct",
        "pdian": f"{fmt(v)}个点" if lang == "zh" else f"{fmt(v)} points",
        "pfrac": fmt(v / 100),
        "pbare": fmt(v),
    }
    return (table[nota], v) if nota in table else None


def _ratio(nota: str, v: float, lang: str, rng: random.Random) -> tuple[str, float] | None:
    s = fmt(v)
    if nota == "rcn":
        return "一比" + cn_num(v), v
    if nota == "rcnbei":
        return cn_num(v) + "倍", v
    table = {
        "r1": f"1:{s}",
        "rsp": f"1 : {s}",
        "rfw": f"1：{s}",
        "rfwd": fw(f"1:{s}"),
        "rbi": f"1比{s}",
        "rbei": f"{s}倍",
        "rx": f"{s}x",
        "rX": f"{s}X",
        "rtimes": f"{s} times",
        "rbare": s if not float(v).is_integer() or lang == "zh" or rng.random() < 0.7 else f"{s}.0",
        "rto": f"1 to {s}",
        "rrev": f"{s}:1",
    }
    return (table[nota], v) if nota in table else None


def _money(nota: str, v: float, lang: str, rng: random.Random) -> tuple[str, float] | None:
    w, k, m = v / 1e4, v / 1e3, v / 1e6
    if nota in ("mw", "mwl", "mW", "mfw", "myuanw", "mkuai") and (v < 1e4 or not float(w * 100).is_integer()):
        return None
    if nota in ("mk", "mK") and (not 1e3 <= v < 1e6 or not float(k * 10).is_integer()):
        return None
    if nota in ("mm", "mM", "mmillion") and (v < 1e5 or not float(m * 1000).is_integer()):
        return None
    if nota == "myi" and (v < 1e7 or not float(v / 1e8 * 100).is_integer()):
        return None
    if nota == "mqw" and (v < 1e7 or v >= 1e8 or v % 1e7):
        return None
    if nota == "mcn":
        if v < 1e4:
            return None
        if v >= 1e8:
            return (cn_num(v / 1e8) + "亿", v) if float(v / 1e8 * 100).is_integer() else None
        if float(w).is_integer():
            return cn_int(int(w)) + "万", v
        return (cn_num(w) + "万", v) if rng.random() < 0.5 else (cn_int(int(v)), v)
    table = {
        "mw": f"{fmt(w)}万",
        "mwl": f"{fmt(w)}w",
        "mW": f"{fmt(w)}W",
        "mfw": fw(fmt(w)) + "万",
        "myuanw": f"{fmt(w)}万元",
        "mkuai": f"{fmt(w)}万块",
        "mk": f"{fmt(k)}k",
        "mK": f"{fmt(k)}K",
        "mm": f"{fmt(m)}m",
        "mM": f"{fmt(m)}M",
        "mmillion": f"{fmt(m)} million",
        "myi": f"{fmt(v / 1e8)}亿",
        "mqw": f"{int(v // 1e7)}千万",
        "mfull": f"{int(v):,}",
        "mplain": fmt(v),
        "myuan": f"{int(v):,}元" if lang == "zh" else f"{int(v):,} yuan",
        "mrmb": f"RMB {int(v):,}",
        "myen": f"¥{int(v):,}",
    }
    return (table[nota], v) if nota in table else None


def _count(nota: str, v: float, lang: str, rng: random.Random) -> tuple[str, float] | None:
    n = int(v)
    if nota == "cen" and n > 99:
        return None
    if nota == "ck" and (n < 1000 or n % 100):
        return None
    table = {
        "c": lambda: str(n),
        "ccn": lambda: cn_int(n),
        "cord": lambda: cn_int(n, liang=False),  # 第二, not 第两
        "cen": lambda: en_int(n),
        "cfw": lambda: fw(str(n)),
        "csep": lambda: f"{n:,}",
        "ck": lambda: f"{fmt(n / 1000)}k",
    }
    return (table[nota](), float(n)) if nota in table else None


def _score(nota: str, v: float, lang: str, rng: random.Random) -> tuple[str, float] | None:
    table = {"s": fmt(v), "scn": cn_num(v), "sfw": fw(fmt(v))}
    return (table[nota], v) if nota in table else None


RENDER = {"pct": _pct, "ratio": _ratio, "money": _money, "count": _count, "score": _score}
NOTATIONS: dict[tuple[str, str], dict[str, int]] = {
    ("pct", "zh"): {"p": 55, "pfw": 6, "pfwd": 5, "pword": 8, "pcheng": 8, "psp": 3},
    ("pct", "en"): {"p": 62, "ppct": 14, "pword": 5, "psp": 5, "ppc": 3, "pabbr": 3},
    ("ratio", "zh"): {"r1": 30, "rbi": 18, "rfw": 6, "rfwd": 4, "rcn": 7, "rbei": 10, "rx": 5, "rbare": 20},
    ("ratio", "en"): {"r1": 35, "rx": 22, "rX": 4, "rbare": 22, "rtimes": 5, "rsp": 4},
    ("money", "zh"): {"mw": 34, "mwl": 12, "mW": 4, "myuanw": 8, "myuan": 6, "mfull": 6, "mcn": 10, "mk": 4}
    | {"mfw": 4, "myen": 4, "mplain": 4, "myi": 20, "mqw": 5},
    ("money", "en"): {"mk": 30, "mK": 6, "mm": 10, "mM": 4, "mmillion": 15, "mfull": 14, "myuan": 6}
    | {"mrmb": 6, "mwl": 3, "myen": 5},
    ("count", "zh"): {"c": 62, "ccn": 30, "cfw": 8},
    ("count", "en"): {"c": 72, "cen": 28},
    ("score", "zh"): {"s": 80, "scn": 10, "sfw": 10},
    ("score", "en"): {"s": 100},
}

# ---------------------------------------------------------------- values


def sig(x: float, digits: int = 2) -> float:
    if x <= 0:
        return 0.0
    scale = 10 ** (math.floor(math.log10(x)) - digits + 1)
    return float(round(x / scale) * scale)


def loguniform(rng: random.Random, lo: float, hi: float) -> float:
    return sig(math.exp(rng.uniform(math.log(lo), math.log(hi))), rng.choice((1, 2, 2, 2)))


def _half(rng: random.Random, lo: int, hi: int, p: float = 0.1) -> float:
    return rng.randint(lo, hi) + (0.5 if rng.random() < p else 0.0)


_VALUES = {
    "verified_cases": lambda r: float(r.choice((0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 10, 12))),
    "audience_match_pct": lambda r: _half(r, 30, 92),
    "roi": lambda r: round(r.uniform(0.8, 6.0), 1),
    "radar_total": lambda r: float(r.randint(48, 95)),
    "radar": lambda r: float(r.randint(45, 96)),
    "demanded_pct": lambda r: float(r.randint(15, 60)),
    "industry_avg_pct": lambda r: _half(r, 8, 30),
    "gross_margin_pct": lambda r: float(r.randint(25, 75)),
    "min_net_margin_pct": lambda r: float(r.randint(5, 20)),
    "expected_gmv": lambda r: loguniform(r, 2e5, 6e7),
    "egmv_big": lambda r: loguniform(r, 1.2e7, 6e8),
    "fixed_fee": lambda r: loguniform(r, 1e4, 8e5),
    "promised_roi": lambda r: r.choice(
        (2.0, 2.5, 3.0, 3.0, 3.5, 4.0, 4.0, 4.5, 5.0, 6.0, round(r.uniform(2, 5), 1))
    ),
    "actual_roi": lambda r: round(r.uniform(0.5, 4.8), 1),
    "spend": lambda r: loguniform(r, 3e4, 3e6),
    "gmv": lambda r: loguniform(r, 5e4, 3e6),
    "weekly_rue_pct": lambda r: _half(r, 18, 72),
    "sentiment": lambda r: float(r.randint(30, 95)),
    "monthly_roi": lambda r: round(r.uniform(0.6, 4.5), 1),
    "benchmark_roi": lambda r: r.choice((2.0, 2.5, 3.0, 3.0, 3.5, 4.0)),
    "partner_shares_pct": lambda r: float(r.randint(5, 65)),
    "total_leads": lambda r: float(
        r.choice((r.randint(5, 99) * 10, r.randint(2, 30) * 100, r.randint(40, 400)))
    ),
    "partners": lambda r: float(r.randint(40, 98)),
    "ours": lambda r: 0.0,
    "theirs": lambda r: 0.0,
    "outlets.conversion_pct": lambda r: _half(r, 3, 35, 0.2),
    "outlets.rating": lambda r: round(r.uniform(3.0, 5.0), 1),
}
_NONE_VALUES = {
    "pct": lambda r: float(r.randint(5, 90)),
    "ratio": lambda r: float(r.choice((2, 3, 4))),
    "score": lambda r: float(r.randint(50, 90)),
    "cases": lambda r: float(r.randint(2, 5)),
    "count": lambda r: float(r.choice((r.randint(2, 20), r.randint(20, 900)))),
    "people": lambda r: float(r.randint(3, 40)),
    "weeks": lambda r: float(r.randint(2, 8)),
    "months": lambda r: float(r.randint(2, 12)),
    "days": lambda r: float(r.randint(3, 30)),
    "hours": lambda r: float(r.randint(2, 48)),
    "years": lambda r: float(r.randint(2, 8)),
    "ord": lambda r: float(r.randint(1, 4)),
    "ordth": lambda r: float(r.randint(2, 6)),
    "top": lambda r: 30.0,
    "money": lambda r: loguniform(r, 2e5, 5e7),
    "fans": lambda r: float(r.choice((5, 12, 30, 80, 150, 300, 500, 800)) * 1e4),
    "amt": lambda r: float(r.randint(2, 50) * 10),
    "num": lambda r: float(r.randint(5, 20)),
    "temp": lambda r: float(r.randint(5, 36)),
    "ver": lambda r: float(r.randint(12, 16)),
    "house": lambda r: float(r.randint(1, 300)),
    "year": lambda r: float(r.choice((2021, 2022, 2023, 2024, 2025))),
}
_NONE_KIND = {"pct": "pct", "ratio": "ratio", "score": "score", "money": "money"}
_NONE_KIND |= dict.fromkeys(
    ("cases", "count", "people", "weeks", "months", "days", "hours", "years", "top", "amt", "num"), "count"
)
_NONE_KIND |= dict.fromkeys(("temp", "ver", "house", "year"), "plain")

# ---------------------------------------------------------------- rendering


@dataclass
class Slot:
    name: str  # field name, "n.<kind>" or "@token"
    fixed: float | None
    notas: tuple[str, ...]
    value: float = 0.0
    draw: str = ""  # which value generator (the field's, or an alias's own range: "egmv_big")


def _field_kind(field: str) -> str:
    if field.startswith(("radar.", "partners.")) or field in ("radar_total", "sentiment"):
        return "score"
    kinds = {
        "verified_cases": "count",
        "total_leads": "count",
        "roi": "ratio",
        "promised_roi": "ratio",
        "actual_roi": "ratio",
        "monthly_roi": "ratio",
        "benchmark_roi": "ratio",
        "expected_gmv": "money",
        "fixed_fee": "money",
        "spend": "money",
        "gmv": "money",
        "outlets.rating": "score",
    }
    return kinds.get(field, "pct")


def _value_for(field: str, rng: random.Random) -> float:
    if field.startswith("n."):
        draw = _NONE_VALUES.get(field[2:])
        return draw(rng) if draw else 0.0  # dates, phones, ids...: drawn by _render_none
    return _VALUES[
        "radar" if field.startswith("radar.") else "partners" if field.startswith("partners.") else field
    ](rng)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, [weights[n] for n in names])[0]


def _render_number(
    kind: str, slot: Slot, lang: str, rng: random.Random, sticky: dict[str, str] | None = None
) -> tuple[str, float]:
    """The number in one of its notations; a field met again in the question mostly keeps its notation."""
    allowed = NOTATIONS[(kind, lang)]
    weights = {n: allowed.get(n, 10) for n in slot.notas} if slot.notas else dict(allowed)
    if sticky is not None and slot.name in sticky and rng.random() < 0.7:
        got = RENDER[kind](sticky[slot.name], slot.value, lang, rng)
        if got is not None:
            return got
    for _ in range(40):
        nota = _pick(rng, weights)
        got = RENDER[kind](nota, slot.value, lang, rng)
        if got is not None:
            if sticky is not None:
                sticky.setdefault(slot.name, nota)
            return got
    fallback = {"pct": "p", "ratio": "r1", "money": "mfull", "count": "c", "score": "s"}[kind]
    got = RENDER[kind](fallback, slot.value, lang, rng)
    assert got is not None
    return got


def _render_none(
    kind: str, slot: Slot, lang: str, rng: random.Random
) -> tuple[str, list[tuple[int, str, float]]]:
    """Text of a non-input number and its numbers (offset in the text, text, value): a date holds two."""
    v = slot.value
    if kind == "date":
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if lang == "zh":
            m, d = str(month), str(day)
            sep = rng.choice(("月", "月"))
            end = rng.choice(("日", "号"))
            return f"{m}{sep}{d}{end}", [(0, m, month), (len(m) + 1, d, day)]
        style = rng.randint(0, 2)
        if style == 0:
            text = f"{_MONTHS[month - 1]} {day}"
            return text, [(len(text) - len(str(day)), str(day), day)]
        if style == 1:
            return f"{day} {_MONTHS[month - 1]}", [(0, str(day), day)]
        m, d = str(month), str(day)
        return f"{m}/{d}", [(0, m, month), (len(m) + 1, d, day)]
    if kind == "phone":
        digits = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
        text = rng.choice(
            (digits, f"{digits[:3]}-{digits[3:7]}-{digits[7:]}", f"{digits[:3]} {digits[3:7]} {digits[7:]}")
        )
        return text, [(0, text, float(digits))]
    if kind == "id":
        num = (
            str(rng.randint(1000, 9999))
            if rng.random() < 0.5
            else f"{rng.randint(2022, 2025)}{rng.randint(100, 999)}"
        )
        prefix = rng.choice(("D-", "DL", "No.", "#"))
        return prefix + num, [(len(prefix), num, float(num))]
    if kind == "clock":
        h, mm = rng.randint(8, 21), rng.choice((0, 15, 30, 45))
        text = f"{h}:{mm:02d}"
        return text, [(0, text, h + mm / 60)]
    if kind == "fest":
        text, num, val = rng.choice(
            (("618", "618", 618.0), ("双11", "11", 11.0), ("双十一", "十一", 11.0), ("双12", "12", 12.0))
        )
        if lang == "en":
            text, num, val = rng.choice(
                (("618", "618", 618.0), ("11.11", "11.11", 11.11), ("Double 11", "11", 11.0))
            )
        return text, [(text.index(num), num, val)]
    if kind == "ordth":
        n = int(v)
        text = f"{n}{_ORD_SUFFIX.get(n, 'th')}"
        return text, [(0, text, float(n))]
    if kind == "fans":
        if lang == "zh":
            text = rng.choice((f"{fmt(v / 1e4)}万", f"{fmt(v / 1e4)}w"))
        else:
            text = rng.choice((f"{fmt(v / 1e3)}k", f"{fmt(v / 1e6)} million" if v >= 1e5 else f"{int(v):,}"))
        return text, [(0, text, v)]
    if kind == "year":
        return fmt(v), [(0, fmt(v), v)]
    if kind == "plain":
        text = fmt(v) if not slot.notas or "ccn" not in slot.notas or lang != "zh" else cn_int(int(v))
        return text, [(0, text, v)]
    if kind == "ord" and not slot.notas:
        slot.notas = ("c", "cord") if lang == "zh" else ("c",)
    text, value = _render_number("count" if kind == "ord" else kind, slot, lang, rng)
    return text, [(0, text, value)]


def _dist(rng: random.Random, k: int) -> list[float]:
    """k shares summing to 100, each at least 5 (a pasted distribution)."""
    while True:
        cuts = sorted(rng.sample(range(5, 96), k - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        if min(parts) >= 5:
            return [float(p) for p in parts]


def _constrain(slots: list[Slot], rng: random.Random, falling: bool) -> None:
    """Make a question's values read like real ones: distributions sum to 100, a sentiment series mostly falls,
    a guarantee is mostly missed, a demand mostly exceeds the market rate."""
    by: dict[str, list[Slot]] = {}
    for s in slots:
        if s.fixed is None and not s.name.startswith("@"):
            by.setdefault(s.name, []).append(s)
    for name in ("ours", "theirs", "partner_shares_pct"):
        group = by.get(name, [])
        if len(group) >= 2 and (name != "partner_shares_pct" or len(group) >= 3):
            for s, v in zip(group, _dist(rng, len(group)), strict=True):
                s.value = v
    if len(by.get("sentiment", [])) >= 2 and (falling or rng.random() < 0.6):
        vals = sorted((s.value for s in by["sentiment"]), reverse=True)
        for s, v in zip(by["sentiment"], vals, strict=True):
            s.value = v
    for low, high, p in (("actual_roi", "promised_roi", 0.8), ("industry_avg_pct", "demanded_pct", 0.9)):
        lo, hi = by.get(low, []), by.get(high, [])
        if len(lo) == 1 and len(hi) == 1 and lo[0].value >= hi[0].value and rng.random() < p:
            lo[0].value, hi[0].value = hi[0].value, lo[0].value
            if low == "actual_roi" and lo[0].value == hi[0].value:
                lo[0].value = round(hi[0].value / 2, 1)


def _parse(template: str, rng: random.Random) -> tuple[list[str | Slot], list[Slot]]:
    while m := _CHOICE.search(template):
        template = template[: m.start()] + rng.choice(m.group(1).split("|")) + template[m.end() :]
    parts: list[str | Slot] = []
    slots: list[Slot] = []
    pos = 0
    for m in _SLOT.finditer(template):
        parts.append(template[pos : m.start()])
        alias = m.group(1)
        name = alias if alias.startswith(("@", "n.")) else ALIASES.get(alias, alias)
        fixed = float(m.group(2)) if m.group(2) else None
        slot = Slot(name, fixed, tuple(m.group(3).split("/")) if m.group(3) else ())
        slot.draw = alias if alias in _VALUES else name
        parts.append(slot)
        slots.append(slot)
        pos = m.end()
    parts.append(template[pos:])
    if "{" in "".join(p for p in parts if isinstance(p, str)):
        raise ValueError(f"unparsed placeholder in {template!r}")
    return parts, slots


def render(template: str, lang: str, rng: random.Random) -> tuple[str, list[dict]]:
    """One question from a template, and its numbers with offsets, fields and values."""
    parts, slots = _parse(template, rng)
    falling = bool(_FALLING.search("".join(p for p in parts if isinstance(p, str))))
    for s in slots:
        if not s.name.startswith("@"):
            s.value = s.fixed if s.fixed is not None else _value_for(s.draw, rng)
    _constrain(slots, rng, falling)
    sticky: dict[str, str] = {}
    text, numbers, used = "", [], set()
    for part in parts:
        if isinstance(part, str):
            text += part
            continue
        if part.name.startswith("@"):
            pool = [n for n in NAMES[(part.name[1:], lang)] if n not in used]
            token = rng.choice(pool)
            used.add(token)
            text += token
            continue
        if part.name.startswith("n."):
            kind = part.name[2:]
            piece, nums = _render_none(_NONE_KIND.get(kind, kind), part, lang, rng)
        else:
            piece, value = _render_number(_field_kind(part.name), part, lang, rng, sticky)
            nums = [(0, piece, value)]
        field = "none" if part.name.startswith("n.") else part.name
        for off, num_text, value in nums:
            numbers.append({"text": num_text, "start": len(text) + off, "field": field, "value": value})
        text += piece
    return text, numbers


# ---------------------------------------------------------------- the set


def family_rows(fam: Family, rng: random.Random, seen: set[str]) -> list[dict]:
    rows: list[dict] = []
    todo = [(t, True) for t in fam.anchors]
    attempts = 0
    while len(rows) < fam.n and attempts < 60 * fam.n:
        attempts += 1
        template, anchor = todo.pop(0) if todo else (rng.choice(fam.templates), False)
        q, numbers = render(template, fam.lang, rng)
        history = [render(rng.choice(fam.history), fam.lang, rng)[0]] if fam.history else []
        key = "\n".join([*history, q])
        if key in seen and not anchor:
            continue
        seen.add(key)
        row = {
            "id": f"{fam.id}.{len(rows) + 1:02d}",
            "q": q,
            "lang": fam.lang,
            "intent": fam.intent,
            "tool": fam.tool,
            "family": fam.id,
            "split": "unseen" if fam.unseen else "train",
            "numbers": numbers,
        }
        if history:
            row["history"] = history
        rows.append(row)
    return rows


def build(seed: int = SEED) -> list[dict]:
    """Every family's rows, in order; each family draws from its own generator (seeded by the seed and its
    id), so adding or editing one family leaves the others' questions as they were. Then the questions written
    by hand (WRITTEN: train families written apart from the held-out splits and the cue tables), as they are."""
    seen: set[str] = set()
    rows = [row for fam in FAMILIES for row in family_rows(fam, random.Random(f"{seed}:{fam.id}"), seen)]
    written = [json.loads(line) for line in WRITTEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows + written


def check(rows: list[dict]) -> int:
    """Print each malformed row, and each number a number reader sees that no label covers (to review)."""
    bad = 0
    for row in rows:
        for problem in row_problems(row):
            bad += 1
            print(f"ERROR {row['id']}: {problem}: {row['q']!r}")
        spans = [(n["start"], n["start"] + len(n["text"])) for n in row["numbers"]]
        for m in find_numbers(row["q"]):
            if not any(s < m.span[1] and m.span[0] < e for s, e in spans):
                print(f"unlabelled? {row['id']}: {m.text!r} in {row['q']!r}")
    return bad


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    rows = build()
    if check(rows):
        return 1
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    zh = sum(r["lang"] == "zh" for r in rows)
    unseen = {r["family"] for r in rows if r["split"] == "unseen"}
    families = {r["family"] for r in rows}
    numbers = [n for r in rows for n in r["numbers"]]
    print(
        f"{len(rows)} questions ({zh} zh, {len(rows) - zh} en), {len(families)} families "
        f"({len(unseen)} unseen), {len(numbers)} numbers ({sum(n['field'] == 'none' for n in numbers)} none) -> {out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
