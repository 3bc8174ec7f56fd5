"""The shipped knowledge base: valid, complete (every figure of the source in both languages), own words."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from assistant.config import PROJECT_ROOT
from assistant.kb.cards import load_cards
from assistant.kb.validate import validate_knowledge

KNOWLEDGE = PROJECT_ROOT / "knowledge"
SEED_DIR = PROJECT_ROOT.parent / "shared" / "seed"  # the methodology source, beside the project if at all
FINGERPRINT = PROJECT_ROOT / "tests" / "data" / "seed_runs.txt"  # its runs' digests, shipped in the repo

# Every figure the methodology source gives: (Chinese forms, English forms); one form of each must appear.
SOURCE_FIGURES = [
    (["300+"], ["300+"]), (["35%"], ["35%"]), (["90%"], ["90%"]), (["8%"], ["8%"]),
    (["2015"], ["2015"]), (["0.7%"], ["0.7%"]), (["3.2%"], ["3.2%"]), (["2018"], ["2018"]),
    (["5倍"], ["5 times", "5x", "×5", "fivefold"]), (["2021"], ["2021"]), (["20万"], ["200,000"]),
    (["70%"], ["70%"]), (["3000", "3,000"], ["3,000"]), (["48小时"], ["48 hours", "48 h"]),
    (["3小时"], ["3 hours", "3 h"]), (["1.2"], ["1.2"]), (["4.8"], ["4.8"]), (["百万"], ["million"]),
    (["65%"], ["65%"]), (["300家"], ["300"]), (["230%"], ["230%"]), (["12个维度"], ["12 dimensions"]),
    (["50万"], ["500,000"]), (["41%"], ["41%"]), (["78%"], ["78%"]), (["320万"], ["3.2 million"]),
    (["200+", "200多"], ["200+"]), (["7个维度"], ["7 dimensions", "seven dimensions"]), (["TOP30", "TOP 30", "前30"], ["TOP 30", "top 30"]),
    (["3倍"], ["3 times", "3x", "×3", "threefold", "three times"]), (["25%"], ["25%"]), (["18%"], ["18%"]),
    (["60%"], ["60%"]), (["18个维度"], ["18 dimensions"]), (["21.7%"], ["21.7%"]), (["4.3倍"], ["4.3"]),
    (["30分钟"], ["30 minutes"]), (["24小时"], ["24 hours"]), (["40%"], ["40%"]), (["92%"], ["92%"]),
    (["3–6个月"], ["3–6 months"]), (["1–3个月"], ["1–3 months"]), (["6–12个月"], ["6–12 months"]),
    (["7天"], ["7 days"]), (["21天"], ["21 days"]), (["50+"], ["50+"]), (["30%"], ["30%"]), (["20%"], ["20%"]),
    (["1:3"], ["1:3"]), (["70分"], ["70 points", "70"]), (["200%"], ["200%"]), (["15%"], ["15%"]),
    (["50%"], ["50%"]), (["6个维度", "6个维度"], ["6 dimensions", "six dimensions"]), (["3个"], ["3 "]),
    (["★★★☆☆"], ["★★★☆☆"]), (["★★☆☆☆"], ["★★☆☆☆"]), (["★★★★☆"], ["★★★★☆"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> Iterator[ModuleType]:
    """scripts/seed_fingerprint.py, which writes the fingerprint and defines how runs are cut and hashed."""
    spec = importlib.util.spec_from_file_location(
        "seed_fingerprint", PROJECT_ROOT / "scripts" / "seed_fingerprint.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    cards = load_cards(KNOWLEDGE / "playbook")
    return {lang: "\n".join(c.body.get(lang, "") for c in cards) for lang in ("zh", "en")}


def test_validate_passes_on_the_shipped_knowledge() -> None:
    report = validate_knowledge(KNOWLEDGE)
    assert report.ok, report.problems
    assert report.counts["cards"] >= 25 and report.counts["deals"] >= 319


@pytest.mark.parametrize(("zh", "en"), SOURCE_FIGURES, ids=[z[0] for z, _ in SOURCE_FIGURES])
def test_every_source_figure_is_in_both_languages(
    bodies: dict[str, str], zh: list[str], en: list[str]
) -> None:
    assert any(f in bodies["zh"] for f in zh), f"no Chinese card carries {zh}"
    assert any(f in bodies["en"] for f in en), f"no English card carries {en}"


def test_ranges_keep_their_dash(bodies: dict[str, str]) -> None:
    for wrong in ("36个月", "13个月", "612个月", "36 months", "612 months"):
        assert wrong not in bodies["zh"] + bodies["en"]


def test_no_run_of_16_chinese_characters_is_copied_from_the_source(seed: ModuleType) -> None:
    """knowledge/ against the source's fingerprint (tests/data/seed_runs.txt), so the check runs without the
    source; when the source is beside the project, the fingerprint must also be current."""
    runs = seed.read_fingerprint(FINGERPRINT)
    if any(SEED_DIR.glob("*.txt")):
        assert runs == set(seed.fingerprint(seed.read_seed(SEED_DIR))), (
            f"{FINGERPRINT.relative_to(PROJECT_ROOT)} no longer matches {SEED_DIR}: "
            "refresh it with `python scripts/seed_fingerprint.py`"
        )
    assert len(runs) >= 50, f"{FINGERPRINT} holds only {len(runs)} digests: run scripts/seed_fingerprint.py"
    copied = {}
    for path in sorted(KNOWLEDGE.rglob("*")):
        if path.is_file() and path.suffix in {".md", ".txt", ".yaml", ".yml", ".json", ".csv", ".toml"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            n = sum(1 for run in seed.text_runs(text) if seed.digest(run) in runs)
            if n:
                copied[str(path.relative_to(KNOWLEDGE))] = n
    assert not copied, f"16-character runs copied from the source, by file: {copied}"


def test_the_fingerprint_finds_a_copied_run(seed: ModuleType) -> None:
    """The check itself: a source run is found in a text across punctuation and markup; 15 characters are not."""
    text = "前言：某品牌与某平台在本季度开展了一次联合营销活动并取得了预期的效果。"
    runs = {seed.digest(r) for r in seed.source_runs(text)}
    marked = "**某品牌与某平台**在本季度开展了\n一次联合营销活动，并取得了"
    assert any(seed.digest(r) in runs for r in seed.text_runs(marked))
    assert not any(seed.digest(r) in runs for r in seed.text_runs("某品牌与某平台在本季度开展了一"))


def test_a_card_refers_to_another_by_its_title_not_its_id() -> None:
    """Authors write a card's id; a reader sees its title: no card id is left in any body shown."""
    cards = load_cards(PROJECT_ROOT / "knowledge" / "playbook")
    ids = {c.id for c in cards}
    by_id = {c.id: c for c in cards}
    for card in cards:
        for lang, body in card.body.items():
            left = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body)]
            assert not left, (card.id, lang, left)
    opening = by_id["opening-problem"].body
    assert f"（见「{by_id['three-stage-model'].title['zh']}」）" in opening["zh"]
    assert f"(“{by_id['three-stage-model'].title['en']}”)" in opening["en"]


def test_an_unknown_id_stays_as_written(tmp_path: Path) -> None:
    src = PROJECT_ROOT / "knowledge" / "playbook" / "01-opening-problem.md"
    (tmp_path / "01.md").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (card,) = load_cards(tmp_path)  # alone: the cards it names are not there
    assert "three-stage-model" in card.body["en"]
