"""A person's flows in real Chromium (ask, reload, language, scorecard, import, export) with screenshots."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.kb.deals import load_deals
from tests.support.browser import ask, open_page, shot
from tests.support.knowledge import BENCH

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUESTION = "合作方有4个可验证成功案例，用户画像匹配度65%，ROI 1:3.5，值得长期投入吗？"
TALL = {"width": 1440, "height": 2200}


def ask_in_chat(page: Any, question: str) -> Any:
    """Ask and wait for the complete answer (its last line is the wait the user had): an answer without
    chart data has no chart to wait for."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").last
    reply.get_by_text(re.compile(r"^用时 [\d.]+ 秒$")).wait_for(
        timeout=150_000
    )  # the server builds its engine
    return reply


def test_ask_see_the_verdict_reload_and_find_the_history(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url)
    page.get_by_role("button", name=re.compile("ROI 1:3.5")).wait_for()  # example questions on an empty chat
    shot(page, "01-chat-empty")
    reply = ask_in_chat(page, QUESTION)
    reply.get_by_text("结论：建议长期合作").wait_for()
    reply.get_by_text("建议长期合作", exact=True).wait_for()  # the badge of the verdict card
    page.set_viewport_size(TALL)
    shot(page, "02-chat-answer")
    page.set_viewport_size({"width": 1440, "height": 900})
    assert re.search(r"[?&]uid=[0-9a-f]{32}", page.url) and "c=" in page.url

    page.reload()  # a new session: the conversation comes back from the store
    page.get_by_test_id("stChatMessage").nth(1).get_by_text("结论：建议长期合作").wait_for()
    uid = re.search(r"uid=([0-9a-f]{32})", page.url).group(1)

    open_page(page, url, uid=uid)  # same user, no conversation open: it is listed in the sidebar
    listed = page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("合作方有4个"))
    listed.click()
    page.get_by_test_id("stChatMessage").nth(1).get_by_text("结论：建议长期合作").wait_for()
    shot(page, "03-chat-history")


def test_correct_an_input_under_the_verdict(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url)
    reply = ask_in_chat(page, QUESTION)
    reply.get_by_text("结论：建议长期合作").wait_for()
    messages = page.get_by_test_id("stChatMessage").count()
    reply.get_by_text("输入与来源（可修改后重新计算）").click()
    roi = reply.get_by_role("spinbutton", name="投入产出比（ROI）")
    roi.fill("2")
    roi.press("Tab")  # commit the value to the form before submitting it (a click alone can race the commit)
    page.wait_for_timeout(300)
    reply.get_by_role("button", name="重新计算").click()
    answer = page.get_by_test_id("stChatMessage").last
    try:
        answer.get_by_text("你修改过").first.wait_for(timeout=150_000)  # the rerun with the edited input
        answer.get_by_text("结论：不建议长期或深度合作").wait_for()
    finally:
        page.set_viewport_size(TALL)
        shot(page, "02b-chat-corrected-input")
    assert page.get_by_test_id("stChatMessage").count() == messages, "the verdict changed in place"


def test_attach_a_partner_table_to_a_chat_message(
    page: Any, served: tuple[str, Settings], tmp_path: Path
) -> None:
    url, _ = served
    table = tmp_path / "partners.csv"
    table.write_text(
        "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n"
        "甲,90,85,80,88,70,92,75\n乙,60,55,70,50,65,60,58\n丙,75,80,72,70,68,74,70\n",
        encoding="utf-8",
    )
    open_page(page, url)
    page.get_by_test_id("stChatInput").locator("input[type=file]").set_input_files(str(table))
    page.get_by_test_id("stChatInput").get_by_text("partners.csv").wait_for()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("帮我把这几家合作方排个序")
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").last
    reply.get_by_text("已完成排序", exact=True).wait_for(timeout=150_000)  # the ranking's verdict badge
    reply.get_by_test_id("stPlotlyChart").wait_for()
    page.set_viewport_size(TALL)
    shot(page, "02c-chat-attached-table")


def test_switch_to_english_and_ask(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url)
    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    page.get_by_role("heading", name="Supernode · partnership negotiation assistant").wait_for()
    page.get_by_test_id("stSidebarNav").get_by_text("Partner scorecard").wait_for()
    page.reload()  # the choice is kept in the URL
    page.get_by_role("heading", name="Supernode · partnership negotiation assistant").wait_for()
    reply = ask(page, "The partner wants 50% commission while the market rate is 25%. What do we counter?")
    reply.get_by_text("Verdict: Unreasonable demand: counter it").wait_for()
    page.set_viewport_size(TALL)
    shot(page, "04-chat-english")


def test_fill_the_scorecard(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url, "scorecard")
    page.get_by_text("六项评分").click()
    page.get_by_role("spinbutton", name="可验证成功案例数").fill("2")
    page.get_by_role("spinbutton", name="用户画像匹配度（%）").fill("55")
    page.get_by_role("spinbutton", name="投入产出比 ROI（1:2.5 填 2.5）").fill("2.4")
    scores = {"品牌势能": 75, "用户质量": 80, "渠道能力": 70, "内容能力": 65, "履约能力": 60, "合作口碑": 90}
    for axis, score in scores.items():  # the six start unrated: a chart only from scores the user gives
        page.get_by_role("spinbutton", name=axis, exact=True).fill(str(score))
    page.get_by_role("button", name="评估").click()
    main = page.get_by_test_id("stMainBlockContainer")
    main.get_by_text("不建议长期或深度合作", exact=True).wait_for()
    main.get_by_test_id("stPlotlyChart").wait_for()
    page.set_viewport_size(TALL)
    shot(page, "05-scorecard")


def test_calculators_counter_offer(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url, "calculators")
    page.get_by_role("spinbutton", name="对方要求的佣金（%）").fill("50")  # starts empty: the user gives it
    page.get_by_role("spinbutton", name="我方毛利率（%）").fill("60")
    page.get_by_role("button", name="计算").first.click()
    page.get_by_text("要求不合理，建议还价", exact=True).wait_for()
    page.get_by_test_id("stPlotlyChart").wait_for()
    page.set_viewport_size(TALL)
    shot(page, "06-calculators")


def test_import_a_deal_file_then_export(page: Any, served: tuple[str, Settings], tmp_path: Path) -> None:
    url, settings = served
    upload = tmp_path / "deals.csv"
    upload.write_bytes(
        (
            "编号,合作方,合作方类型,品类,合作类型,结果,投入产出比,用户匹配度\n"
            "U-900,=SUM(1;2) 公式店,零售商,快消,联合营销,续约,3.3,66\n"
            "U-901,坏行,kol,美妆,直播,续约,2,160\n"
        ).encode("gbk")
    )
    open_page(page, url, "deals")
    page.get_by_role("tab", name="导入").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_text("以下行有问题，不会导入").wait_for()
    page.get_by_role("button", name="确认导入 1 条有效记录").wait_for()
    shot(page, "07-deals-import-report")
    assert not (settings.deals_dir / "user_deals.csv").exists(), "nothing written before confirming"

    page.get_by_role("button", name="确认导入 1 条有效记录").click()
    page.get_by_text("已导入 1 条。").wait_for(timeout=120_000)
    assert {d.deal_id for d in load_deals(settings.deals_dir, BENCH)} >= {"U-900"}

    page.get_by_role("tab", name="浏览").click()
    page.get_by_label("搜索").fill("公式店")
    page.get_by_label("搜索").press("Enter")
    page.get_by_text("显示 1 / ").wait_for()
    shot(page, "08-deals-browse")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 CSV").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["partner"] for r in rows] == ["'=SUM(1;2) 公式店"], "a formula is exported as text"


def test_playbook_and_admin_pages(page: Any, served: tuple[str, Settings]) -> None:
    url, _ = served
    open_page(page, url, "playbook")
    page.get_by_text("01 · 开篇之问").wait_for()
    page.get_by_role("tab", name="测验").click()
    page.get_by_role("button", name="交卷").wait_for()
    shot(page, "09-playbook-quiz")
    page.get_by_role("button", name="交卷").click()
    page.get_by_text("得分：0 / 5").wait_for()
    open_page(page, url, "admin")
    page.get_by_text("索引版本").wait_for()
    page.get_by_label("查询").fill("对方要50%的佣金，太高了怎么谈")
    page.get_by_role("button", name="检索").click()
    page.get_by_text("qa-unreasonable-demand").first.wait_for()
    page.set_viewport_size(TALL)
    shot(page, "10-admin")
