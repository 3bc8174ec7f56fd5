"""Numbers in questions: Arabic, Chinese and English notations, with their unit (pct, ratio, money, count).

A number is read whole or not at all: invisible characters inside it are ignored (a zero-width space inside
"50%" leaves 50%), 1e9% and 2,5 % are read as written, and what only looks like numbers (links, addresses,
versions, clock times) is not read, so that no part of it reaches a tool as a smaller or another number."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["INVISIBLE", "NumberMatch", "find_numbers", "normalize", "parse_cn_number", "parse_number"]


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a text; `span` indexes the original text (normalisation keeps offsets)."""

    value: float
    unit: str | None  # "pct" | "ratio" | "money" | "count" | None
    span: tuple[int, int]
    text: str
    time_unit: str | None = None  # "year" | "month" | "week" | "day" | "hour" | "minute" | ...


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_EN_UNITS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_EN_TENS["ninety"] = 90
_EN_WORDS = {w: i for i, w in enumerate(_EN_UNITS)} | _EN_TENS
_EN_ALT = "|".join(sorted(_EN_WORDS, key=len, reverse=True))
_EN_ONES = "|".join(_EN_UNITS[1:10])

_CORE = re.compile(
    r"(?P<half>一半|半数|(?<![A-Za-z])half(?= of))"
    rf"|(?P<pp>百分之)\s?(?P<ppv>[0-9]+(?:\.[0-9]+)?|[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?)"
    r"|(?P<neg>(?<![0-9A-Za-z%.)\]])[-−]\s?|负)?"
    r"(?:(?P<ar>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+)"
    rf"|(?P<cn>[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+[万亿]?)?))"
    rf"|(?<![A-Za-z])(?P<en>(?:{_EN_ALT})(?:-(?:{_EN_ONES}))?)(?![A-Za-z])",
    re.IGNORECASE,
)
_PCT = re.compile(
    r"\s?(?:%|‰|percentage points?(?![A-Za-z])|percent(?![A-Za-z])|per cent(?![A-Za-z])|pct(?![A-Za-z])"
    r"|个百分点|百分点|个点)",
    re.IGNORECASE,
)
_RATIO_SEP = re.compile(rf"\s?[:比]\s?(?=[0-9]|\.[0-9]|[{_CN_NUM}])")
_RATIO_SUFFIX = re.compile(r"\s?(?:倍|x|×|times)(?![A-Za-z])", re.IGNORECASE)
_CN_SCALE = re.compile(r"\s?(万亿|千万|百万|十万|万|亿|千|百)(?!分)")
_LATIN_SCALE = re.compile(r"\s?(thousand|million|billion|grand|mil|mln|mn|bn|k|m)(?![A-Za-z])", re.IGNORECASE)
_SCALE_TAIL = re.compile(rf"[0-9一二三四五六七八九](?![0-9.．%{_CN_NUM}])")  # 1万8 = 18,000, 3千5 = 3,500
_W_SCALE = re.compile(r"(w)(?![A-Za-z])", re.IGNORECASE)
# "52w" is 520,000 in Chinese text, and in English only right after money words ("GMV hit 52w"); else weeks.
_W_MONEY_BEFORE = re.compile(
    r"(?:gmv|sales|revenue|turnover|spend|spent|budget|fees?|cost|rmb|cny|yuan|¥)[^.;!?\n]{0,20}$",
    re.IGNORECASE,
)
_SCALES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_SCALES |= {
    "thousand": 1e3,
    "grand": 1e3,
    "k": 1e3,
    "mil": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "w": 1e4,
}
_MONEY_SUFFIX = re.compile(
    r"\s?(?:元|块钱|块|人民币|rmb(?![A-Za-z])|yuan(?![A-Za-z])|cny(?![A-Za-z])|usd(?![A-Za-z])"
    r"|dollars?(?![A-Za-z])|bucks(?![A-Za-z]))",
    re.IGNORECASE,
)
_MONEY_PREFIX = re.compile(r"(?:[¥$]|rmb|cny|usd|us\$)\s?$", re.IGNORECASE)
_COUNT_SUFFIX = re.compile(
    r"\s?(?:个(?!月|点|百分点|小时|星期|礼拜|季度|钟头|工作日)|条|家|位|名|次|份|单|笔|款|场|人|项|件|例)|粉丝|粉|用户|会员"
)
_EN_COUNT = re.compile(
    r"\s(?:(?:verified|verifiable|successful|success|proven|solid|real|documented|past|qualified|new|sales)\s)?"
    r"(?:cases?|case studies|stories|wins|leads|partners?|outlets?|stores?|shops?|dealers?|channels?|"
    r"examples?|references?|clients?|customers?|people|users?|followers?|fans)(?![A-Za-z])",
    re.IGNORECASE,
)
_CHENG = re.compile(r"成(?![功本交长员为熟立果绩就型效])")
_CHENG_TAIL = re.compile(r"[一二三四五六七八九1-9]")  # 两成五 = 25%
_TIME = re.compile(
    r"\s?(?:个多|个半|个)?\s?(?P<zh>月|星期|礼拜|周|天|日|年|小时|钟头|分钟|秒|季度|工作日)"
    r"|\s?(?P<en>weeks?|wks?|months?|days?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?|quarters?)(?![A-Za-z])",
    re.IGNORECASE,
)
_TIME_NAMES = {
    "月": "month",
    "星期": "week",
    "礼拜": "week",
    "周": "week",
    "天": "day",
    "日": "day",
    "年": "year",
}
_TIME_NAMES |= {
    "小时": "hour",
    "钟头": "hour",
    "分钟": "minute",
    "秒": "second",
    "季度": "quarter",
    "工作日": "day",
}
_TIME_SHORT = {"wk": "week", "yr": "year", "hr": "hour", "min": "minute"}
_MONTHS = (
    r"(?i:January|February|April|June|July|August|September|October|November|December)"
    r"|(?:May|March|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s?(?:of\s)?(?:{_MONTHS})(?![A-Za-z])")  # 3 November, 4th of Dec
_MONTH_BEFORE = re.compile(rf"(?<![A-Za-z])(?:{_MONTHS})\s?$")  # November 3, Nov. 3
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.|#)\s?$|(?<![A-Za-z])(?:week|wk|month|Q)\s?$", re.IGNORECASE)
# "last week 66", "this month 200k": a period named by its place in time, then its figure, not "week 66"
_PERIOD_DEICTIC = re.compile(
    r"(?<![A-Za-z])(?:last|this|next|past|previous|prior|current)\s(?:week|wk|month)\s?$", re.IGNORECASE
)
# Invisible format characters (Unicode category Cf: zero-width spaces and joiners, the word joiner, the byte
# order mark, soft hyphens, bidirectional marks); tests/test_numbers.py checks the list against unicodedata.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Digits that are no quantity for a tool: links, dotted addresses and versions (127.0.0.1:9, 1.2.3, 2024.01.05)
# and clock times (18:30, 9:45, 1:30:00, 1:30 pm; "1:30" alone is left to be the ratio it usually is).
_URL = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
_NOT_NUMBERS = re.compile(
    rf"(?:https?|ftp|file)://{_URL}|www\.{_URL}"
    r"|(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}(?::[0-9]+)?"
    r"|(?<![0-9.:])(?P<hour>[0-9]{1,2}):[0-5][0-9](?P<seconds>:[0-5][0-9])?"
    r"(?P<ampm>\s?[ap]\.?m\.?(?![A-Za-z]))?(?![0-9]|[.:][0-9])",
    re.IGNORECASE,
)
_DECIMAL_COMMA = re.compile(r",([0-9]{1,2})(?![0-9]|,[0-9])")
# Words whose numerals are not quantities: 一起, 一些, 统一, 万一, 十分重要, 百度, 千万不要, 两者...
_YI_AFTER = set("起些下定直般样致边旦切向面律概共味时再并道会番体站键带同手齐揽流刻生路")
_YI_BEFORE = set("统唯同万逐进某每")
_LIANG_AFTER = set("者边难全样")
_VAGUE_BEFORE = set("几数上成好")


def normalize(text: str) -> str:
    """Full-width forms to ASCII (65％ → 65%, １：３ → 1:3) without changing the text's length."""
    out = []
    for ch in text:
        if ch in "−－–":
            out.append("-" if ch != "–" else ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _cn_int(s: str) -> int | None:
    """Integer value of a Chinese numeral run (十二, 二十, 一百零五, 三千五, 五十万, 二〇二一)."""
    if not s:
        return None
    if all(c in CN_DIGITS for c in s):
        if len(s) == 2 and CN_DIGITS[s[1]] == CN_DIGITS[s[0]] + 1:
            return CN_DIGITS[s[0]]  # 三四个: "three or four", keep the lower
        return int("".join(str(CN_DIGITS[c]) for c in s))
    if s[0] in "百千万亿":
        return None
    total, section, num, last_unit, prev_is_unit = 0, 0, 0, 0, False
    for c in s:
        if c in CN_DIGITS:
            num = CN_DIGITS[c]
            prev_is_unit = False
            if c in "零〇":
                last_unit = 0
        elif c in _CN_SMALL:
            section += (num or (1 if not section and not total else num)) * _CN_SMALL[c]
            if num == 0 and (section or total) and c != "十":
                return None
            num, last_unit, prev_is_unit = 0, _CN_SMALL[c], True
        else:
            amount = section + num
            if amount == 0 and c == "万" and total == 0:
                return None
            if c == "亿":
                total = (total + amount) * _CN_BIG[c]
            else:
                total += amount * _CN_BIG[c]
            section, num, last_unit, prev_is_unit = 0, 0, _CN_BIG[c], True
    if num and last_unit and not prev_is_unit and s[-2] in "十百千万亿":
        num *= last_unit // 10 if last_unit >= 10 else 1  # 三千五 = 3500, 两万五 = 25000
    return total + section + num


def parse_cn_number(s: str) -> float | None:
    """Value of a Chinese numeral, with an optional decimal part and scale (三点五万 = 35000)."""
    scale = 1
    if len(s) > 1 and s[-1] in "万亿" and "点" in s:
        scale, s = _CN_BIG[s[-1]], s[:-1]
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = _cn_int(whole) if whole else 0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{w}.{''.join(str(CN_DIGITS[c]) for c in frac)}") * scale
    v = _cn_int(s)
    return None if v is None else float(v) * scale


def _cn_is_word(text: str, start: int, end: int) -> bool:
    """True when a Chinese numeral run is part of an ordinary word (一起, 十分, 两者), not a quantity."""
    run = text[start:end]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in _VAGUE_BEFORE or before == "第":
        return True
    if run == "一" and (after in _YI_AFTER or before in _YI_BEFORE or after == "点" or after == "一"):
        return True
    if run == "两" and after in _LIANG_AFTER:
        return True
    if run == "十" and (after == "足" or (after == "分" and text[end + 1 : end + 2] not in ("钟", "之"))):
        return True
    return before == "之" and text[start - 2 : start] != "分之"


def _core_value(m: re.Match[str], text: str) -> float | None:
    if m.group("ar"):
        return float(m.group("ar").replace(",", ""))
    if m.group("cn"):
        if _cn_is_word(text, m.start("cn"), m.end("cn")):
            return None
        return parse_cn_number(m.group("cn"))
    word = m.group("en").lower()
    head, _, tail = word.partition("-")
    return float(_EN_WORDS[head] + (_EN_WORDS[tail] if tail else 0))


def _scale(text: str, pos: int, is_cn: bool, has_cjk: bool, start: int = 0) -> tuple[float, int] | None:
    money_words = has_cjk or bool(_W_MONEY_BEFORE.search(text, max(0, start - 40), start))
    for rx, ok in ((_CN_SCALE, not is_cn), (_LATIN_SCALE, True), (_W_SCALE, money_words)):
        if not ok:
            continue
        sm = rx.match(text, pos)
        if sm:
            return _SCALES[sm.group(1).lower()], sm.end()
    return None


def _decimal_comma(text: str, m: re.Match[str]) -> tuple[float, int] | None:
    """The value and end of a decimal comma ("2,5 %" is 2.5%), read only where it cannot be a list or a
    thousands separator (one comma, one or two digits after it, a percentage right after, no number chain
    before); else None, and the digits are read as before."""
    whole, start = m.group("ar"), m.start("ar")
    if not whole or not whole.isdigit() or len(whole) > 3 or (start > 0 and text[start - 1] in ".,:"):
        return None
    dm = _DECIMAL_COMMA.match(text, m.end())
    if dm is None or not _PCT.match(text, dm.end()):
        return None
    return float(f"{whole}.{dm.group(1)}"), dm.end()


def _one(text: str, m: re.Match[str], has_cjk: bool) -> tuple[NumberMatch | None, int]:
    """Read one number starting at a core match, with its suffixes; returns the match and where to go on."""
    start, pos = m.start(), m.end()
    if m.group("half"):
        return NumberMatch(50.0, "pct", (start, pos), text[start:pos]), pos
    if m.group("pp"):
        ppv = m.group("ppv")
        v = float(ppv) if ppv[0].isdigit() else parse_cn_number(ppv)
        if v is None:
            return None, pos
        return NumberMatch(v, "pct", (start, pos), text[start:pos]), pos
    value = _core_value(m, text)
    if value is None:
        return None, pos
    if decimal := _decimal_comma(text, m):
        value, pos = decimal
    cn_big = bool(m.group("cn")) and any(c in "万亿" for c in m.group("cn"))
    if (
        m.group("cn")
        and len(run := m.group("cn")) > 1
        and run[-1] == "一"
        and text[pos : pos + 1] in _YI_AFTER
    ):
        trimmed = parse_cn_number(run[:-1])  # 七十八一路跌到四十: 78, then the word 一路
        if trimmed is not None:
            value, pos = trimmed, pos - 1
    ordinal = _ORDINAL_BEFORE.search(text, 0, start) and not _PERIOD_DEICTIC.search(text, 0, start)
    if ordinal and not _PCT.match(text, pos):
        return None, pos  # 第3周, week 2, Q3
    if m.group("neg"):
        value = -value
    unit: str | None = None
    time_unit: str | None = None
    if pm := _PCT.match(text, pos):
        unit, pos = "pct", pm.end()
        if pm.group().strip() == "‰":
            value /= 10
    elif (rs := _RATIO_SEP.match(text, pos)) and (m2 := _CORE.match(text, rs.end())) and not m2.group("pp"):
        right = _core_value(m2, text)
        if right is not None and value != 0:
            unit, pos = "ratio", m2.end()
            value = value if (right == 1 and value > 1) else right / value
    if unit is None:
        if cn_big:
            unit = "money"
        if sc := _scale(text, pos, bool(m.group("cn")), has_cjk, start):
            value *= sc[0]
            unit, pos = "money", sc[1]
            if text[pos - 1] in "千万亿" and (tail := _SCALE_TAIL.match(text, pos)):
                digit = tail.group()
                value += (int(digit) if digit.isdigit() else CN_DIGITS[digit]) * sc[0] / 10
                pos = tail.end()
        if mm := _MONEY_SUFFIX.match(text, pos):
            unit, pos = "money", mm.end()
        elif _MONEY_PREFIX.search(text, 0, start):
            unit = "money"
        if unit is None and (rm := _RATIO_SUFFIX.match(text, pos)):
            unit, pos = "ratio", rm.end()
        if unit in (None, "money") and (cm := _COUNT_SUFFIX.match(text, pos)):
            unit, pos = "count", cm.end()
        elif unit in (None, "money") and _EN_COUNT.match(text, pos):
            unit = "count"
        if unit is None and value <= 10 and (ch := _CHENG.match(text, pos)):
            value, unit, pos = value * 10, "pct", ch.end()
            if text[pos : pos + 1] == "半":  # 两成半 = 25%
                value, pos = value + 5, pos + 1
            elif (tail := _CHENG_TAIL.match(text, pos)) and not _CORE.match(text, tail.end()):
                digit = tail.group()
                value += int(digit) if digit.isdigit() else CN_DIGITS[digit]
                pos = tail.end()
        day = unit is None and float(value).is_integer() and 1 <= value <= 31 and "." not in text[start:pos]
        if day and (dm := _MONTH_AFTER.match(text, pos)):
            time_unit, pos = "date", dm.end()
        elif day and _MONTH_BEFORE.search(text, max(0, start - 12), start):
            time_unit = "date"
            if om := re.match(r"(?:st|nd|rd|th)(?![A-Za-z])", text[pos:]):
                pos += om.end()
        if unit is None and time_unit is None and (tm := _TIME.match(text, pos)):
            name = tm.group("zh") or tm.group("en").lower().rstrip("s")
            time_unit = _TIME_NAMES.get(name) or _TIME_SHORT.get(name, name)
            pos = tm.end()
    return NumberMatch(value, unit, (start, pos), text[start:pos], time_unit), pos


def _visible(text: str) -> tuple[str, list[int] | None]:
    """The text without its invisible characters, and where each character left stands in `text` (None when
    there was none to take out)."""
    if not INVISIBLE.search(text):
        return text, None
    where = [i for i, c in enumerate(text) if not INVISIBLE.match(c)]
    return "".join(text[i] for i in where), where


def _is_clock(m: re.Match[str]) -> bool:
    """A clock time (9:45, 18:30), not a ratio: a real hour, and for hour 1 seconds or am/pm ("1:30" is ROI)."""
    hour = int(m.group("hour"))
    return hour <= 23 and (hour != 1 or bool(m.group("seconds") or m.group("ampm")))


def _blank_not_numbers(text: str) -> str:
    """The text with its links, addresses, versions and clock times blanked (same length)."""
    spans = [m.span() for m in _NOT_NUMBERS.finditer(text) if m.group("hour") is None or _is_clock(m)]
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, left to right, with unit and span (spans index the given text, and a match's
    text is the given text's, invisible characters included)."""
    visible, where = _visible(text)
    norm = _blank_not_numbers(normalize(visible))
    has_cjk = any("\u4e00" <= c <= "\u9fff" for c in norm)
    found: list[NumberMatch] = []
    pos = 0
    while m := _CORE.search(norm, pos):
        match, nxt = _one(norm, m, has_cjk)
        if match is not None:
            a, b = match.span if where is None else (where[match.span[0]], where[match.span[1] - 1] + 1)
            found.append(NumberMatch(match.value, match.unit, (a, b), text[a:b], match.time_unit))
        pos = max(nxt, m.start() + 1)
    return found


def parse_number(s: str) -> float | None:
    """The value of a string holding one number in any supported notation ("65%", "1:3", "50万"), else None."""
    if not isinstance(s, str) or not s.strip():
        return None
    found = find_numbers(s.strip())
    return found[0].value if len(found) == 1 else None
