"""The text catalogs: every text in both languages, and no threshold restated as digits in a template."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from assistant.answering import reasons, texts
from assistant.intents import INTENTS, next_steps
from assistant.tools import ToolDefaults
from assistant.tools.registry import TOOLS
from ui.i18n import TEXT
from ui.labels_pages import PAGE_TEXT

CJK = re.compile(r"[\u4e00-\u9fff]")
DIGIT = re.compile(r"\d")


def _fields_removed(template: str) -> str:
    """The template's literal text: every {field} replaced by a blank."""
    return "".join(lit for lit, *_ in string.Formatter().parse(template))


def _assistant_templates() -> Iterator[tuple[str, str]]:
    """(where, template) for every text the assistant's layers format: tools, intents, answering."""
    for name, spec in TOOLS.items():
        yield f"{name}.title", spec.title[0]
        yield f"{name}.title", spec.title[1]
        for code, pair in spec.reason_texts.items():
            yield from ((f"{name}.reason.{code}", t) for t in pair)
        for verdict, pair in spec.verdict_texts.items():
            yield from ((f"{name}.verdict.{verdict}", t) for t in pair)
        for f in spec.fields:
            yield from ((f"{name}.{f.name}.label", t) for t in f.label)
            yield from ((f"{name}.{f.name}.ask", t) for t in f.ask)
        for m in spec.metrics:
            yield from ((f"{name}.metric.{m.key}", t) for t in m.label)
    for intent in INTENTS.values():
        yield from ((f"{intent.name}.title", t) for t in intent.title)
        for verdict, (zh, en) in intent.next_steps.items():
            yield from ((f"{intent.name}.next.{verdict}", t) for t in [*zh, *en])
    for table in (reasons.ACTIONS, reasons._WORDS):
        for key, pair in table.items():
            yield from ((f"reasons.{key}", t) for t in pair)
    for name in dir(texts):
        value = getattr(texts, name)
        if name == "EXAMPLE_QUESTION" or name.startswith("_"):
            continue  # an example question is data shown to the user, not a template
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            yield from ((f"texts.{name}", t) for t in value)
        elif isinstance(value, dict):
            for key, pair in value.items():
                if isinstance(pair, tuple):
                    yield from ((f"texts.{name}.{key}", t) for t in pair)


TEMPLATES = list(_assistant_templates())


def test_the_catalogs_are_not_empty() -> None:
    assert len(TEMPLATES) > 250


@pytest.mark.parametrize(("where", "template"), TEMPLATES, ids=[w for w, _ in TEMPLATES])
def test_every_digit_of_a_template_comes_from_a_field(where: str, template: str) -> None:
    literal = _fields_removed(template)
    assert not DIGIT.search(literal), f"{where}: a figure is written into the text: {template!r}"


def test_a_figure_written_into_a_template_would_be_caught() -> None:
    assert DIGIT.search(_fields_removed("低于 70 分不深度合作"))
    assert not DIGIT.search(_fields_removed("低于 {radar_min} 分不深度合作"))


def test_next_steps_take_their_figures_from_the_settings() -> None:
    defaults = ToolDefaults.model_validate({"risk_check": {"single_point_share_pct": 25}})
    zh = " ".join(next_steps("partner_exit", None, "zh", defaults))
    en = " ".join(next_steps("partner_exit", None, "en", defaults))
    assert "不超过 25%" in zh and "above a 25% share" in en
    assert "30 分钟" in zh and "30 minutes" in en  # from the method's constants


def test_each_pair_is_chinese_then_english() -> None:
    pairs: list[tuple[str, tuple[str, str]]] = []
    for name, spec in TOOLS.items():
        pairs += [(f"{name}.reason.{c}", p) for c, p in spec.reason_texts.items()]
        pairs += [(f"{name}.{f.name}.ask", f.ask) for f in spec.fields]
    pairs += [(f"{i.name}.title", i.title) for i in INTENTS.values()]
    pairs += [(k, v) for k, v in {**TEXT, **PAGE_TEXT}.items() if k != "language"]  # the switch shows both
    for where, (zh, en) in pairs:
        assert CJK.search(zh) or not CJK.search(en), where
        assert not CJK.search(en.replace("品牌专场资源包", "")), where


# UI texts that hold digits that are no threshold: formulas, scales, chapter numbers, file formats, examples of
# how to write a value.
UI_LITERAL_DIGITS = {
    "roi",
    "batch_caption",
    "bet_formula",
    "rating",
    "import_hint",
    "hit_caption",
    "date_example",
    "deal_id_example",
    "query_example",
}


def test_ui_texts_restate_no_threshold() -> None:
    offenders = {
        key
        for key, pair in {**TEXT, **PAGE_TEXT}.items()
        if not re.fullmatch(r"ch\d", key) and any(DIGIT.search(_fields_removed(t)) for t in pair)
    }
    assert offenders <= UI_LITERAL_DIGITS, offenders - UI_LITERAL_DIGITS
