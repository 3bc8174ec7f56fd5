"""AppTest of the scorecard, calculator, playbook and admin pages (real index, bundled embedder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.history import HistoryStore
from assistant.index.store import client_for, read_active
from assistant.tools.defaults import RADAR_AXES
from tests.support.app import APP, TIMEOUT, copy_app_folders, new_app, page, point_app_at

pytestmark = pytest.mark.slow
PARTNERS = (
    "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n"
    "甲,80,75,70,85,60,90,70\n乙,55,62,58,40,70,45,50\n丙,20,30,40,50,60,70,80\n"
)


@pytest.fixture
def app(app_folders: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    point_app_at(app_folders, monkeypatch)
    return app_folders


def metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_scorecard_form_gives_the_verdict_gaps_and_radar(app: Settings) -> None:
    at = page(new_app(app), "ui/scorecard.py")
    at.number_input(key="sc_cases").set_value(2)
    at.number_input(key="sc_audience").set_value(55)
    at.number_input(key="sc_roi").set_value(2.4)
    at.form_submit_button[0].click().run()
    assert not at.exception
    assert ":red-badge[不建议长期或深度合作]" in [m.value for m in at.markdown]
    assert metrics(at)["投入产出比 ROI"] == "1:2.4"
    gaps = at.dataframe[0].value.set_index("标准")
    assert gaps.loc["投入产出比 ROI", "差距"] == "0.6"
    assert gaps.loc["用户画像匹配度", "差距"] == "5"
    assert gaps.loc["雷达图得分", "结果"].endswith("跳过")
    assert not at.get("plotly_chart"), "no radar scores: no empty radar"

    at.radio(key="sc_mode").set_value("six").run()
    axes = [at.number_input(key=f"sc_{axis}") for axis in RADAR_AXES]
    assert [a.value for a in axes] == [None] * 6, "no score until the user gives one"
    assert {a.placeholder for a in axes} == {"未评分"}
    at.number_input(key="sc_cases").set_value(5)
    at.number_input(key="sc_audience").set_value(70)
    at.number_input(key="sc_roi").set_value(3.5)
    at.form_submit_button[0].click().run()
    assert metrics(at)["雷达图得分"] == "—" and not at.get("plotly_chart"), "six left unrated: skipped"
    for axis in RADAR_AXES[:5]:
        at.number_input(key=f"sc_{axis}").set_value(80)
    at.form_submit_button[0].click().run()
    said = " ".join(m.value for m in at.markdown)
    assert "输入无效" in said and "合作口碑: 必填" in said, "the one left out, by name"
    at.number_input(key=f"sc_{RADAR_AXES[5]}").set_value(20)
    at.form_submit_button[0].click().run()
    assert ":green-badge[建议长期合作]" in [m.value for m in at.markdown]
    assert metrics(at)["雷达图得分"] == "70"
    assert at.get("plotly_chart"), "radar chart of the six scores"


def test_scorecard_batch_ranks_an_uploaded_table_and_reports_a_bad_one(app: Settings) -> None:
    at = page(new_app(app, lang="en"), "ui/scorecard.py")
    at.file_uploader(key="sc_upload").set_value(("partners.csv", PARTNERS.encode("gbk"), "text/csv")).run()
    assert not at.exception
    ranking = at.dataframe[-1].value
    assert list(ranking["Name"]) == ["甲", "乙", "丙"] and list(ranking["Group"]) == [
        "Shortlist",
        "Shortlist",
        "Prune",
    ]
    assert "Download the result (CSV)" in [d.label for d in at.get("download_button")]

    at.file_uploader(key="sc_upload").set_value(("p.csv", b"name,traffic_quality\nA,80\n", "text/csv")).run()
    assert at.error[0].value.startswith("The table has problems")
    problems = at.dataframe[-1].value
    assert list(problems.columns) == ["Row", "Column", "Reason"]
    assert "Content" in set(problems["Column"]) and "this column is missing" in problems["Reason"].iloc[-1]


def test_a_bad_row_of_a_batch_is_reported_and_the_other_rows_ranked(app: Settings) -> None:
    at = page(new_app(app), "ui/scorecard.py")
    bad = PARTNERS.replace("乙,55,62", "乙,55,162")
    at.file_uploader(key="sc_upload").set_value(("partners.csv", bad.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    assert at.warning[0].value.startswith("下面这些行有问题，已跳过")
    problems = at.dataframe[-2].value
    assert problems.to_dict("records") == [{"行": "3", "列": "用户匹配度", "原因": "162 超出范围 0–100"}]
    assert list(at.dataframe[-1].value["名称"]) == ["甲", "丙"], "the good rows are still ranked"


def test_calculators_start_empty_with_examples_as_placeholders(app: Settings) -> None:
    at = page(new_app(app), "ui/calculators.py")
    for key in ("co_demand", "pb_promised", "pb_actual", "pb_spend", "it_gmv", "al_total"):
        field = at.number_input(key=key)
        assert field.value is None and field.placeholder.startswith("例如 "), key
    for key in ("rk_rue", "rk_sent", "rk_roi"):
        assert at.text_area(key=key).value == "" and at.text_area(key=key).placeholder.startswith("例如 ")
    at.form_submit_button[0].click().run()
    said = " ".join(m.value for m in at.markdown)
    assert "输入无效" in said and "对方要求的佣金比例（%）: 必填" in said, "an empty demand, not 50%"
    at.button(key="rk_go").click().run()
    assert "至少填一组数据" in " ".join(m.value for m in at.markdown), "no example series checked as data"


def test_the_risk_tab_takes_the_benchmark_roi_the_chat_takes(app: Settings) -> None:
    at = page(new_app(app), "ui/calculators.py")
    assert at.number_input(key="rk_bench").value == 3.0
    assert any(c.value.startswith("示例值：跨品类的行业基准 ROI 按 3 计") for c in at.caption)
    at.text_area(key="rk_roi").set_value("2.0, 1.9, 1.8")
    at.button(key="rk_go").click().run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "输入无效" not in said and "行业基准 3 的 70%" in said, said
    assert ":red-badge[触发预警]" in [m.value for m in at.markdown]


def test_calculators_counter_offer_bet_incentive_leads_and_risk(app: Settings) -> None:
    at = page(new_app(app), "ui/calculators.py")
    at.number_input(key="co_demand").set_value(50)
    at.number_input(key="co_margin").set_value(60)
    at.number_input(key="co_gmv").set_value(1_000_000)
    at.form_submit_button[0].click().run()
    assert not at.exception
    assert metrics(at)["行业平均"] == "20%", "no category: the cross-category sample value, as in the chat"
    assert any(c.value.startswith("示例值：跨品类的行业平均佣金按 20% 计") for c in at.caption)
    assert metrics(at)["建议基础佣金"] == "20%"
    said = [m.value for m in at.markdown]
    assert any(s.startswith("基础佣金 20%；GMV 达到门槛后逐档提高到 25% → 30% → 35%") for s in said), said
    assert not any("封顶" in s for s in said), "the partner's ask is not called our ceiling"
    assert at.get("plotly_chart"), "ladder chart"

    at.number_input(key="pb_promised").set_value(3)
    at.number_input(key="pb_actual").set_value(2.4)
    at.number_input(key="pb_spend").set_value(200_000)
    at.form_submit_button[1].click().run()  # ROI guarantee: 3 promised, 2.4 delivered on 200,000
    assert metrics(at)["补偿金额（元）"] == "4万"
    at.number_input(key="it_gmv").set_value(320_000)
    at.form_submit_button[2].click().run()  # incentive tier at GMV 320,000
    assert metrics(at)["距下一档 GMV"] == "18万"
    at.number_input(key="al_total").set_value(100)
    outlets = b"outlet,conversion_pct,rating\nNorth,12,4.8\nSouth,8,4.2\nEast,5,3.9\n"
    at.file_uploader(key="al_upload").set_value(("outlets.csv", outlets, "text/csv")).run()
    at.button(key="al_go").click().run()
    assert metrics(at)["线索总数"] == "100"
    at.text_area(key="rk_rue").set_value("45, 38, 35")
    at.text_area(key="rk_sent").set_value("100, 85, 68")
    at.button(key="rk_go").click().run()
    lines = [m.value for m in at.markdown]
    assert any("连续低于 40%" in line for line in lines) and any("下降 32%" in line for line in lines)
    assert ":red-badge[触发预警]" in lines
    assert not any("单点依赖" in line for line in lines), "no share table given: no sample partners checked"
    assert len(at.get("plotly_chart")) == 2, "ladder and alert timeline"


def test_language_switch_changes_labels(app: Settings) -> None:
    at = new_app(app)
    assert at.title[0].value.startswith("超级节点")
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value.startswith("Supernode")
    assert page(at, "ui/calculators.py").title[0].value == "Negotiation calculators"
    assert at.tabs[0].label == "Counter offer"


def test_the_deals_table_shows_sources_and_dates_in_the_pages_words(app: Settings) -> None:
    at = page(new_app(app), "ui/deal_history.py")
    shown = at.dataframe[0].value
    assert set(shown["source"]) <= {"示例数据", "方法论案例", "用户数据"} and "示例数据" in set(
        shown["source"]
    )
    dates = [d for d in shown["start_date"] if d != "—"]
    assert dates and all(len(d) == 10 and d[4] == "-" for d in dates), dates[:3]  # 2025-12-31, no 00:00:00
    at.segmented_control(key="lang").set_value("en").run()
    assert {"sample data", "playbook case"} <= set(at.dataframe[0].value["source"])


def test_a_quiz_with_blanks_is_graded_with_a_warning(app: Settings) -> None:
    at = page(new_app(app), "ui/playbook.py")
    questions = at.session_state["quiz_questions"][2]
    at.radio[0].set_value(questions[0].right)
    at.form_submit_button[0].click().run()
    assert at.warning[0].value.startswith("有 4 题没有作答")
    assert "得分：1 / 5" in [h.value for h in at.subheader]
    done = at.get("progress")[0]
    assert done.proto.text.endswith(" / 28 张卡片"), "every card listed can be quizzed"


def test_playbook_reading_order_quiz_score_and_progress(app: Settings) -> None:
    at = page(new_app(app), "ui/playbook.py")
    assert not at.exception
    assert at.expander[0].label.startswith("01 · ")
    assert [t.label for t in at.tabs] == ["章节", "案例", "关键数字", "测验"]
    questions = at.session_state["quiz_questions"][2]
    assert len(questions) == 5
    wrong = next(o for o in questions[0].options if o != questions[0].right)
    at.radio[0].set_value(wrong)
    for radio, q in zip(at.radio[1:], questions[1:], strict=True):
        radio.set_value(q.right)
    at.form_submit_button[0].click().run()
    assert "得分：4 / 5" in [h.value for h in at.subheader]
    assert not at.warning, "every question answered: no warning"
    texts = [m.value for m in at.markdown]
    assert any(t.startswith(f"正确答案：{questions[0].right}。") for t in texts), "explained"
    progress = HistoryStore(app.data_dir / "app.db").quiz_progress(f"anon:{at.query_params['uid']}")
    assert sum(progress.values()) == 4 and len(progress) == 5


def test_admin_shows_the_index_and_tests_retrieval(app: Settings) -> None:
    at = page(new_app(app), "ui/admin.py")
    assert not at.exception
    shown, active = metrics(at), read_active(client_for(app), app)
    assert active is not None
    assert shown["手册卡片"] == "28" == str(active.counts["playbook"])
    assert shown["合作记录"] == str(active.counts["deal"])
    assert shown["索引版本"] == f"第 {active.version} 版"
    at.text_input[0].set_value("对方要50%的佣金，太高了怎么谈")
    at.form_submit_button[0].click().run()
    assert "qa-unreasonable-demand" in at.expander[0].label and "关键词和向量都命中" in at.expander[0].label
    assert at.caption[-1].value.startswith("得分是向量检索和关键词检索按名次融合的分数")
    at.text_input[0].set_value("qwxz blorp")
    at.form_submit_button[0].click().run()
    assert at.warning[0].value.startswith("没有一个关键词命中"), "gibberish is said to match nothing"
    at.text_input[0].set_value("流萤文化的合作")
    at.selectbox[0].set_value("deal")
    at.form_submit_button[0].click().run()
    said = [m.value for m in at.markdown]
    assert any("流萤文化（" in t for t in said), "a deal of theirs is found"
    assert not any("Liuying" in t for t in said), "a Chinese page shows no English partner name"
    at.button(key="ad_refresh").click().run()  # nothing changed: the incremental refresh says so
    assert not at.exception
    assert at.success[0].value == f"索引（第 {active.version} 版）已是最新，没有变化。"


def test_a_corrupt_history_database_is_moved_aside_with_a_message(
    app_folders: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = copy_app_folders(app_folders, tmp_path / "own")
    (own.data_dir / "app.db").write_bytes(b"\x00garbage" * 500)
    point_app_at(own, monkeypatch)
    at = new_app(own)
    assert not at.exception
    assert "app.db.corrupt-" in at.warning[0].value
    assert list(own.data_dir.glob("app.db.corrupt-*"))
    fresh = HistoryStore(own.data_dir / "app.db")
    assert fresh.notice is None and fresh.conversations(f"anon:{at.query_params['uid']}") == []


def test_password_gate_of_a_shared_deployment(app: Settings) -> None:
    from streamlit.testing.v1 import AppTest

    from assistant.auth import hash_password

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["SUPERNODE_DATA_DIR"] = str(app.data_dir)
    at.secrets["supernode_auth"] = {"mode": "password", "users": {"alice": hash_password("s3cret!")}}
    at.run()
    assert not at.chat_input, "nothing but the sign-in form before signing in"
    at.text_input[0].set_value("alice")
    at.text_input[1].set_value("wrong")
    at.form_submit_button[0].click().run()
    assert at.error[0].value == "用户名或密码不对。" and not at.chat_input
    at.text_input[1].set_value("s3cret!")
    at.form_submit_button[0].click().run()
    assert at.chat_input and at.session_state["auth_user"] == "alice"
    assert "uid" not in at.query_params, "a signed-in user's history is keyed by the name, not the URL"

    broken = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    broken.secrets["supernode_auth"] = {"mode": "password", "users": {"bob": "plain-text"}}
    broken.run()
    assert broken.error[0].value.startswith("登录配置有误") and not broken.chat_input
