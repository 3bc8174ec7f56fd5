"""Every page behind one error boundary: a failure is one clear line (the details in the log), and the deal
history's Undo stays reachable whatever the deals below it fail to show."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.kb import deal_store
from assistant.kb.deals import DealDataError, read_deal_file
from assistant.kb.market import knowledge_benchmarks
from tests.support.app import copy_app_folders, new_app, page, point_app_at

pytestmark = pytest.mark.slow
PAGES = (
    "ui/chat.py",
    "ui/scorecard.py",
    "ui/calculators.py",
    "ui/deal_history.py",
    "ui/playbook.py",
    "ui/admin.py",
)


@pytest.fixture
def app(app_folders: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    settings = copy_app_folders(app_folders, tmp_path)
    point_app_at(settings, monkeypatch)
    return settings


def _count(at: object, tally: Counter[str]) -> None:
    tally["inputs tried"] += 1
    tally["pages crashed"] += bool(at.exception)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failing_page_shows_one_clear_line(
    app: Settings, lang: str, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    from ui import resources

    def broken(*_args: object) -> object:
        raise RuntimeError("the deal store vanished")

    working = resources.deals
    monkeypatch.setattr(resources, "deals", broken)
    at = page(new_app(app, lang=lang), "ui/deal_history.py")
    _count(at, tally)
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert ("这个页面出错了" if lang == "zh" else "This page failed") in shown
    assert "RuntimeError" in shown and "Traceback" not in shown
    monkeypatch.setattr(resources, "deals", working)
    at = page(at, "ui/playbook.py")  # the app goes on working once the cause is gone
    assert not at.exception and not at.error


def test_every_page_opens_without_an_exception(app: Settings, tally: Counter[str]) -> None:
    at = new_app(app)
    for path in PAGES:
        at = page(at, path)
        _count(at, tally)
        assert not at.exception, path
        assert not [e.value for e in at.error if "出错了" in e.value], path


def test_undo_stays_reachable_when_the_deals_cannot_be_shown(
    app: Settings, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    from ui import resources

    with open(app.deals_dir / "sample_deals.csv", encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))  # a shipped deal, under a new id
    row["deal_id"], row["source"] = "U-HOSTILE-1", "user"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    benchmarks = knowledge_benchmarks(app.knowledge_dir)
    report = read_deal_file(out.getvalue().encode("utf-8"), "deal.csv", benchmarks=benchmarks)
    assert report.valid and not report.errors, report.errors
    deal_store.upsert(app, report.valid)
    assert deal_store.versions(app)

    def unreadable(*_args: object) -> object:
        raise DealDataError([("user_deals.csv", 2, "verified_cases", "1e+20 is above 9,999")])

    monkeypatch.setattr(resources, "deals", unreadable)
    at = page(new_app(app), "ui/deal_history.py")
    _count(at, tally)
    assert not at.exception
    at.button(key="dh_undo").click().run()
    assert not at.exception
    assert not deal_store.versions(app)
