"""AppTest of the deal page: a bad row is reported and nothing written; a confirmed import is indexed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from assistant.config import Settings
from assistant.index.retrieval import IndexReader
from assistant.index.store import client_for, read_active
from assistant.kb.deals import load_deals
from tests.support.app import copy_app_folders, new_app, page, point_app_at
from tests.support.knowledge import BENCH

pytestmark = pytest.mark.slow
HEADER = [
    "deal_id",
    "partner",
    "partner_type",
    "category",
    "deal_type",
    "outcome",
    "roi",
    "audience_match_pct",
]


FORM_CHOICES = ("partner_type", "category", "deal_type", "outcome")


@pytest.fixture
def own(app_folders: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private copy of the folders: these tests write deals and re-index."""
    settings = copy_app_folders(app_folders, tmp_path / "own")
    point_app_at(settings, monkeypatch)
    return settings


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def user_file(s: Settings) -> Path:
    return s.deals_dir / "user_deals.csv"


def test_import_with_a_bad_row_reports_it_and_writes_nothing(own: Settings) -> None:
    version = read_active(client_for(own), own).version
    data = xlsx(
        [
            HEADER,
            ["U-100", "晨光文具", "brand", "education", "co_marketing", "renewed", 3.4, 66],
            ["U-101", "坏数据", "kol", "beauty", "live_stream", "renewed", 2.0, 130],
            ["S-0001", "撞号", "kol", "beauty", "live_stream", "renewed", 2.0, 50],
        ]
    )
    at = page(new_app(own), "ui/deal_history.py")
    at.file_uploader(key="dh_upload_0").set_value(("deals.xlsx", data, "application/octet-stream")).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {"有效记录": "1", "有问题的行": "2"}
    report = at.dataframe[-2].value
    assert list(report.columns) == ["行", "列", "原因"]
    rows = report.set_index("行")
    assert (
        rows.loc["3", "列"] == "画像匹配度（%）" and rows.loc["3", "原因"] == "不能大于 100（你填的是 130）"
    )
    assert rows.loc["4", "列"] == "编号" and "sample_deals.csv" in rows.loc["4", "原因"]
    assert any(b.label == "确认导入 1 条有效记录" for b in at.button)
    preview = at.dataframe[-1].value
    cells = {str(v) for v in preview.to_numpy().ravel()}
    assert "—" in cells and not cells & {"<NA>", "NaT", "nan", "None"}, "a missing value reads —"
    assert not user_file(own).exists(), "nothing is written before the user confirms"
    assert read_active(client_for(own), own).version == version


def test_confirmed_gbk_import_is_saved_as_user_deals_and_indexed(own: Settings) -> None:
    text = ",".join(["编号", "合作方", "合作方类型", "品类", "合作类型", "结果", "投入产出比"]) + "\n"
    text += "U-200,青禾书店,零售商,教育,联合营销,续约,3.6\nU-201,,kol,美妆,直播,续约,2\n"
    at = page(new_app(own, lang="en"), "ui/deal_history.py")
    at.file_uploader(key="dh_upload_0").set_value(("deals.csv", text.encode("gbk"), "text/csv")).run()
    assert {m.label: m.value for m in at.metric} == {"Valid rows": "1", "Rows with problems": "1"}
    at.button(key="dh_confirm").click().run()
    assert not at.exception
    assert any(s.value.startswith("Imported 1 deals.") for s in at.success)
    saved = {d.deal_id: d for d in load_deals(own.deals_dir, BENCH)}
    assert saved["U-200"].partner == "青禾书店" and saved["U-200"].source.value == "user"
    assert "U-201" not in saved
    hits = IndexReader(own).search("青禾书店", k=3, kind="deal")
    assert hits and hits[0].id == "U-200", "the new deal is in the index"
    assert at.session_state["dh_gen"] == 1, "the upload box was cleared"


def test_form_validates_through_the_deal_model(own: Settings) -> None:
    at = page(new_app(own), "ui/deal_history.py")
    boxes = [at.selectbox(key=f"d_{f}_new") for f in FORM_CHOICES]
    assert all(b.value is None for b in boxes), "a new deal starts with no choice made for it"
    assert at.text_input[1].label == "编号 （必填）"
    at.text_input[1].set_value("U 300")  # an id with a space, and no partner name
    at.form_submit_button[0].click().run()
    assert at.error[0].value.startswith("有字段不符合要求")
    said = " ".join(m.value for m in at.markdown)
    assert "**编号**：编号“U 300”不能含空格或换行" in said and "**合作方类型**：必填" in said
    assert "deal_id" not in said and "partner_type" not in said, "no field name of the code on the page"
    assert not user_file(own).exists()

    at.text_input[1].set_value("U-300")
    at.text_input[2].set_value("<b>星火</b> 社群")
    for field, value in zip(FORM_CHOICES, ("community", "education", "co_marketing", "renewed"), strict=True):
        at.selectbox(key=f"d_{field}_new").set_value(value)
    at.form_submit_button[0].click().run()
    assert not at.exception
    deals = {d.deal_id: d for d in load_deals(own.deals_dir, BENCH)}
    assert deals["U-300"].partner == "<b>星火</b> 社群"
    at.text_input(key="dh_search").set_value("星火").run()
    shown = at.dataframe[0].value
    assert list(shown["deal_id"]) == ["U-300"]
    assert shown["commission_pct"].iloc[0] == "—" and "partner_en" not in shown, "a dash, one language"
    assert "撤销后：删除 1 条（U-300）" in [m.value for m in at.markdown], "undo says what it will do"
    at.text_input(key="dh_search").set_value("zzzqqq").run()
    assert at.info[0].value.startswith("没有符合条件的合作记录") and not at.dataframe
    assert at.get("download_button")[0].proto.disabled, "nothing to export"
