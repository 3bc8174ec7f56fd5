"""The one zh/en picker and the one number and money formatter, shared by every text catalog."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Text = tuple[str, str]
"""A text in Chinese and English: (zh, en)."""


def is_zh(lang: str | None) -> bool:
    """True for Chinese ('zh', 'zh-CN' …); everything else is English."""
    return bool(lang) and str(lang).lower().startswith("zh")


def pick(text: Text | Mapping[str, Text], lang: str | None, key: str | None = None, **fields: Any) -> str:
    """The Chinese or English side of a text (or of `text[key]` in a catalog), formatted with `fields`."""
    pair = text[key] if key is not None and isinstance(text, Mapping) else text
    if not isinstance(pair, tuple):
        raise TypeError(f"not a (zh, en) text: {pair!r}")
    chosen = pair[0] if is_zh(lang) else pair[1]
    return chosen.format(**fields) if fields else chosen


def fmt_num(value: float, avoid: float | None = None) -> str:
    """A number with at most 2 decimals (more when needed to tell it apart from `avoid`)."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    for digits in range(2, 7):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        if text != "0" and (avoid is None or value == avoid or text != fmt_num(avoid)):
            return text
    return f"{value:.6g}"


def fmt_money(value: float, lang: str | None) -> str:
    """Money: '50万' in Chinese for amounts from ten thousand up, else '500,000'."""
    if is_zh(lang) and abs(value) >= 10_000:
        return fmt_num(value / 10_000) + "万"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fmt_pct(value: float | None) -> str:
    """A percentage, '—' when unknown."""
    return "—" if value is None else f"{fmt_num(value)}%"


# --- validation problems in words ---------------------------------------------------------------------
# The tools, the deal import and the table readers report problems in English (pydantic's messages and a few
# of their own); every page shows them through `problem_text`, which reads the English sentence back into a
# code and its values and words it in the user's language. One catalog, so a message never reaches a page raw.

_GOT = re.compile(r"(?:,\s*got|\s*\(got)\s+(?P<got>.+?)\)?$")
_V = r"'?(?P<v>-?[\d.,]+(?:e[+-]?\d+)?)'?"
_QUOTED = r"'(?P<q>.*)'"
_MESSAGES: list[tuple[re.Pattern[str], Text]] = [
    (re.compile(p, re.I), t)
    for p, t in (
        (r"^(?:field required|is required|required value is empty)$", ("必填，不能留空", "is required")),
        (r"^required column is missing$", ("缺少这一列（必填）", "this required column is missing")),
        (rf"^input should be less than or equal to {_V}$", ("不能大于 {v}", "must be at most {v}")),
        (rf"^input should be less than {_V}$", ("必须小于 {v}", "must be below {v}")),
        (rf"^input should be greater than or equal to {_V}$", ("不能小于 {v}", "must be at least {v}")),
        (rf"^input should be greater than {_V}$", ("必须大于 {v}", "must be above {v}")),
        (r"^input should be a finite number$", ("必须是有限的数字", "must be a finite number")),
        (
            r"^input should be a valid integer(?:, got a number with a fractional part)?$",
            ("必须是整数", "must be a whole number"),
        ),
        (r"^input should be a valid integer, unable to parse .*$", ("必须是整数", "must be a whole number")),
        (r"^input should be a valid number.*$", ("必须是数字", "must be a number")),
        (rf"^{_QUOTED} is not a number$", ("“{q}”不是数字", "“{q}” is not a number")),
        (r"^not a number: (?P<q>.*)$", ("“{q}”不是数字", "“{q}” is not a number")),
        (rf"^{_QUOTED} is not a whole number of cases$", ("“{q}”不是整数", "“{q}” is not a whole number")),
        (rf"^{_QUOTED} is negative zero: write 0$", ("请写 0", "write 0")),
        (r"^string should have at least 1 characters?$", ("不能为空", "cannot be empty")),
        (
            r"^string should have at least (?P<n>\d+) characters?$",
            ("至少 {n} 个字", "needs at least {n} characters"),
        ),
        (
            r"^string should have at most (?P<n>\d+) characters?$",
            ("最多 {n} 个字", "takes at most {n} characters"),
        ),
        (
            r"^(?:list|value) should have at least (?P<n>\d+) items?.*$",
            ("至少要有 {n} 项", "needs at least {n} items"),
        ),
        (
            r"^(?:list|value) should have at most (?P<n>\d+) items?.*$",
            ("最多 {n} 项", "takes at most {n} items"),
        ),
        (r"^input should be a valid list$", ("应为一组数值", "must be a list of values")),
        (
            r"^input should be a valid dictionary.*$",
            ("应为“名称 → 数值”的表", "must be a table of name → value"),
        ),
        (r"^input should be a valid string$", ("应为文字", "must be text")),
        (r"^input should be a valid boolean.*$", ("应为“是”或“否”", "must be yes or no")),
        (
            r"^input should be a valid date.*$",
            ("不是有效日期，请写成 2024-03-01", "is not a date; write it as 2024-03-01"),
        ),
        (
            rf"^{_QUOTED} is not a (?:valid calendar )?date.*$",
            ("“{q}”不是有效日期，请写成 2024-03-01", "“{q}” is not a date; write it as 2024-03-01"),
        ),
        (
            rf"^{_QUOTED} has an impossible time of day.*$",
            (
                "“{q}”的时间不对，只写日期，如 2024-03-01",
                "“{q}” has an impossible time; write only the date, e.g. 2024-03-01",
            ),
        ),
        (
            r"^(?P<q>\S+) is not a date of a deal; give a year from (?P<a>\d+) to (?P<b>\d+)$",
            (
                "{q} 不像合作日期：年份应在 {a}–{b} 之间",
                "{q} is not a deal date: give a year from {a} to {b}",
            ),
        ),
        (
            r"^end date (?P<a>\S+) is before start date (?P<b>\S+)$",
            ("结束日期 {a} 早于开始日期 {b}", "the end date {a} is before the start date {b}"),
        ),
        (r"^input should be (?P<opts>'.*)$", ("只能是以下之一：{opts}", "must be one of: {opts}")),
        (
            r"^unknown \w+ '(?P<q>.*)'; use one of: (?P<opts>.*)$",
            ("“{q}”不是可选值；可选：{opts}", "“{q}” is not an option; use one of: {opts}"),
        ),
        (
            r"^\w+ is required; use one of: (?P<opts>.*)$",
            ("必填；可选：{opts}", "is required; use one of: {opts}"),
        ),
        (
            r"^(?:extra inputs are not permitted|is not a field of this tool)$",
            ("不是这里的输入项", "is not an input here"),
        ),
        (
            r"^duplicate deal_id '(?P<q>.*)' \(also on row (?P<n>\d+)\)$",
            ("编号 {q} 重复（第 {n} 行也有）", "deal id {q} is repeated (also on row {n})"),
        ),
        (
            r"^duplicate deal_id '(?P<q>.*)' \(first in (?P<f>.*) row (?P<n>\d+)\)$",
            ("编号 {q} 重复（{f} 第 {n} 行已有）", "deal id {q} is repeated (first in {f} row {n})"),
        ),
        (
            r"^deal_id '(?P<q>.*)' is used by (?P<f>.*); pick a new id$",
            ("编号 {q} 已被 {f} 使用，请换一个编号", "the deal id {q} is used by {f}; pick a new id"),
        ),
        (r"^duplicate deal_id '(?P<q>.*)'.*$", ("编号 {q} 重复", "deal id {q} is repeated")),
        (
            r"^deal_id '(?P<q>.*)' must not contain spaces.*$",
            ("编号“{q}”不能含空格或换行", "the deal id “{q}” must not contain spaces or line breaks"),
        ),
        (
            r"^deal_id '(?P<q>.*)' may use only .*$",
            (
                "编号“{q}”只能用字母、数字、- 和 _，并以字母开头",
                "the deal id “{q}” may use only letters, digits, - and _, starting with a letter",
            ),
        ),
        (r"^partner name is blank.*$", ("合作方名称是空的", "the partner name is blank")),
        (r"^duplicate of row (?P<n>\d+)$", ("与第 {n} 行重复", "repeats row {n}")),
        (r"^duplicate name '(?P<q>.*)'$", ("名称“{q}”重复", "the name “{q}” is repeated")),
        (
            r"^empty cell \(allowed: (?P<a>[^–]+)–(?P<b>[^)]+)\)$",
            ("空白（应填 {a}–{b}）", "empty (give {a}–{b})"),
        ),
        (
            r"^(?P<q>\S+) is out of range (?P<a>[^–]+)–(?P<b>.+)$",
            ("{q} 超出范围 {a}–{b}", "{q} is outside {a}–{b}"),
        ),
        (r"^the file is empty$", ("文件是空的", "the file is empty")),
        (
            r"^the file is (?P<n>[\d.]+) MB; attach at most (?P<m>\d+) MB$",
            ("文件有 {n} MB，附件最多 {m} MB", "the file is {n} MB; attach at most {m} MB"),
        ),
        (
            r"^no known column; use: (?P<q>.*)$",
            ("没有能识别的列，请用这些列名：{q}", "no known column; use: {q}"),
        ),
        (
            r"^no numbers under the series columns$",
            ("数据列下面没有数字", "no numbers under the series columns"),
        ),
        (
            r"^missing column \(accepted: (?P<q>.*)\)$",
            ("缺少这一列（可用列名：{q}）", "this column is missing (accepted: {q})"),
        ),
        (
            r"^the table has a header but no rows$",
            ("表格只有表头，没有数据行", "the table has a header but no rows"),
        ),
        (
            r"^only the active sheet '(?P<q>.*)' was read; other sheets were ignored: (?P<f>.*)$",
            (
                "只读取了当前工作表“{q}”，其他工作表已忽略：{f}",
                "only the active sheet “{q}” was read; other sheets were ignored: {f}",
            ),
        ),
        (
            r"^column (?P<q>.*) is not a known column(?: \(did you mean (?P<f>.*)\?\))?; it was ignored$",
            ("列 {q} 无法识别，已忽略", "the column {q} is not known and was ignored"),
        ),
        (r"^empty name$", ("名称是空的", "the name is empty")),
        (
            r"^the file has a header but no data rows$",
            ("文件只有表头，没有数据行", "the file has a header but no data rows"),
        ),
        (
            r"^the file has no header row and no data$",
            ("文件没有表头也没有数据", "the file has no header row and no data"),
        ),
        (
            r"^(?P<n>\d+) cells but the header has (?P<m>\d+) columns.*$",
            (
                "这一行有 {n} 格，表头只有 {m} 列（含逗号的值请加引号）",
                "{n} cells but the header has {m} columns (quote values with commas)",
            ),
        ),
        (
            r"^formula without a saved value.*$",
            (
                "公式没有保存结果：请在 Excel 中打开并保存，或粘贴为数值",
                "a formula without a saved value: open the file in Excel and save it, or paste values",
            ),
        ),
        (
            r"^columns (?P<q>.*) all give \w+; keep one of them.*$",
            ("{q} 几列表示同一项，请只保留一列", "the columns {q} all give the same field; keep one"),
        ),
        (r"^needs at least one (?:bucket|partner)$", ("至少填一项", "needs at least one entry")),
        (r"^shares sum to 0$", ("占比合计为 0", "the shares add up to 0")),
        (r"^shares add up to more than 100$", ("占比合计超过 100", "the shares add up to more than 100")),
        (
            r"^the first value must be above 0 to measure a drop$",
            ("第一个值必须大于 0 才能计算降幅", "the first value must be above 0 to measure a drop"),
        ),
        (
            r"^is required when monthly_roi is given$",
            ("填写了月度 ROI 时必填", "is required with the monthly ROI"),
        ),
        (
            r"^is needed to turn the fixed fee into a rate$",
            ("有坑位费时必填，用来把费用折算成比例", "is needed to turn the fixed fee into a rate"),
        ),
        (r"^give at least one of .*$", ("至少填一组数据", "give at least one series")),
    )
]
_GENERIC: Text = ("这一项的值不符合要求", "this value cannot be used")


def _plain(value: str) -> str:
    """A quoted or repr'd input as the user typed it: '150.0' -> 150, 'abc' -> abc."""
    text = value.strip().strip("'\"")
    try:
        return fmt_num(float(text)) if re.fullmatch(r"-?[\d.]+(?:e[+-]?\d+)?", text) else text
    except (ValueError, OverflowError):
        return text


def message_text(message: str, lang: str | None, value_label: Any = None) -> str:
    """One English problem message (pydantic's or one of ours) in words of the user's language; the value
    the user gave is shown back ("你填的是 150"). `value_label` words an option code (enum value)."""
    text = str(message or "").strip().removeprefix("Value error, ")
    got = None
    match = _GOT.search(text)
    if match and not text.lower().startswith("duplicate"):
        got, text = _plain(match.group("got")), text[: match.start()].strip()
    for pattern, template in _MESSAGES:
        m = pattern.match(text)
        if m:
            fields = {
                k: _plain(v) if k in ("v", "q") else v for k, v in m.groupdict().items() if v is not None
            }
            if "opts" in fields:
                options = [
                    o.strip().strip("'") for o in re.split(r",\s*|\s+or\s+", fields["opts"]) if o.strip()
                ]
                words = [value_label(o) if value_label else o for o in options]
                fields["opts"] = ("、" if is_zh(lang) else ", ").join(words)
            out = pick(template, lang, **fields)
            break
    else:
        out = pick(_GENERIC, lang) if is_zh(lang) or not text else text
    if got is not None and got != "":
        out += f"（你填的是 {got}）" if is_zh(lang) else f" (you gave {got})"
    return out


_ALLOWED = [
    (re.compile(p), t)
    for p, t in (
        (
            r"^an integer (?P<a>[-\d.e+]+)–(?P<b>[-\d.e+]+)$",
            ("{a}–{b} 之间的整数", "a whole number from {a} to {b}"),
        ),
        (r"^a number (?P<a>[-\d.e+]+)–(?P<b>[-\d.e+]+)$", ("{a}–{b} 之间的数", "a number from {a} to {b}")),
        (r"^(?P<k>an integer|a number) (?P<rest>[≥≤<>].*)$", ("{rest} 的{k}", "{k} {rest}")),
        (r"^(?P<k>an integer|a number)$", ("{k}", "{k}")),
        (
            r"^a list of at least (?P<n>\d+) item\(s\), each (?P<each>.+)$",
            ("至少 {n} 个值，每个为 {each}", "at least {n} value(s), each {each}"),
        ),
        (r"^a list, each (?P<each>.+)$", ("一组值，每个为 {each}", "a list of values, each {each}")),
        (r"^a list.*$", ("一组值", "a list of values")),
        (
            r"^a map of name -> (?P<each>.+)$",
            ("“名称 → 数值”表，数值为 {each}", "a table of name → value, each {each}"),
        ),
        (r"^one of (?P<opts>.+)$", ("以下之一：{opts}", "one of {opts}")),
        (r"^a non-empty text$", ("非空文字", "some text")),
        (r"^a text$", ("文字", "text")),
        (r"^an object.*$", ("一组字段", "a set of fields")),
        (r"^a GMV in yuan, above 0$", ("大于 0 的 GMV（元）", "a GMV in yuan, above 0")),
        (r"^unique names$", ("名称不能重复", "unique names")),
        (r"^first value > 0$", ("第一个值大于 0", "a first value above 0")),
        (r"^shares totalling <= 100$", ("合计不超过 100", "shares adding up to 100 at most")),
        (r"^.*-> 0-100.*$|^shares 0-100.*$", ("每项 0–100", "each 0–100")),
    )
]


def allowed_words(allowed: str, lang: str | None, value_label: Any = None) -> str:
    """What a field accepts (errors.allowed_text's English) in the user's language; '' stays ''."""
    text = str(allowed or "").strip()
    if not text:
        return ""
    for pattern, template in _ALLOWED:
        m = pattern.match(text)
        if not m:
            continue
        fields = dict(m.groupdict())
        if "each" in fields:
            fields["each"] = allowed_words(fields["each"], lang, value_label)
        if "k" in fields:
            fields["k"] = ("整数" if "integer" in fields["k"] else "数") if is_zh(lang) else fields["k"]
            fields["k"] = fields["k"].replace("an integer", "a whole number")
        if "rest" in fields:
            fields["rest"] = fields["rest"].replace(" and ", " 且 " if is_zh(lang) else " and ")
        if "opts" in fields:
            words = [value_label(o.strip()) if value_label else o.strip() for o in fields["opts"].split(",")]
            fields["opts"] = ("、" if is_zh(lang) else ", ").join(words)
        return pick(template, lang, **fields)
    return "" if is_zh(lang) else text


def problem_text(label: str, message: str, allowed: str, lang: str | None, value_label: Any = None) -> str:
    """One problem as the user reads it: '{field label}：{what is wrong}（允许：{what is allowed}）'."""
    what = message_text(message, lang, value_label)
    ok = allowed_words(allowed, lang, value_label)
    if is_zh(lang):
        head = f"{label}：" if label else ""
        return head + what + (f"；允许：{ok}" if ok else "")
    head = f"{label}: " if label else ""
    return head + what + (f"; allowed: {ok}" if ok else "")


def field_path_label(path: str, lang: str | None, labels: Mapping[str, Text]) -> str:
    """A field path of a problem ('outlets[1].rating') in words: '门店表 第 2 项 · 评分'; a name without a label is
    shown as it is (it came from the user's own table)."""
    if not path:
        return ""
    words = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            n = int(index) + 1
            words.append(f"第 {n} 项" if is_zh(lang) else f"item {n}")
        else:
            words.append(pick(labels[name], lang) if name in labels else name)
    return " · ".join(words)
