"""Bilingual UI labels (Chinese default, English) and the current language of the session."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from assistant.i18n import pick
from assistant.understanding.lexicon import detect_language
from ui.labels_pages import PAGE_TEXT

LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("超级节点 · 合作谈判助手", "Supernode · partnership negotiation assistant"),
    "language": ("语言", "Language"),
    "page_chat": ("对话", "Chat"),
    "page_scorecard": ("合作方评分", "Partner scorecard"),
    "page_calculators": ("谈判计算器", "Negotiation calculators"),
    "page_deals": ("合作历史", "Deal history"),
    "page_playbook": ("新人手册", "Playbook"),
    "page_admin": ("索引管理", "Index admin"),
    "page_failed": (
        "这个页面出错了（{error}），已记录到日志。你的数据没有改动：刷新页面重试，或换到其他页面继续。",
        "This page failed ({error}) and the details were logged. Nothing you saved was changed: reload the "
        "page to try again, or go on from another page.",
    ),
    "store_notice": ("历史记录库已重建：", "The history store was reset: "),
    "auth_config": ("登录配置有误，已拒绝访问：", "The sign-in configuration is wrong, access is closed: "),
    "login_oidc": ("登录", "Log in"),
    "user_name": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "sign_in": ("登录", "Sign in"),
    "sign_in_failed": ("用户名或密码不对。", "Wrong user name or password."),
    # chat
    "chat_caption": (
        "用中文或英文提问：结论、数字、打法和相似案例一起给出。",
        "Ask in Chinese or English: a verdict with numbers, the playbook step and similar deals.",
    ),
    "chat_placeholder": ("输入你的问题……", "Ask a question…"),
    "new_chat": ("新对话", "New chat"),
    "history": ("历史对话", "Conversations"),
    "no_history": ("还没有历史对话", "No conversations yet"),
    "examples": ("试试这些问题", "Try one of these"),
    "thinking": ("正在分析……", "Thinking…"),
    "answered_by": ("回答来自", "Answered by"),
    "notes": ("说明", "Notes"),
    "citations": ("依据", "Sources"),
    "similar_deals": ("相似的历史合作", "Similar past deals"),
    "terms": ("条款", "Terms"),
    "feedback_saved": ("已记录反馈，谢谢！", "Feedback saved, thank you!"),
    "feedback_comment": ("补充说明（可选，回车保存）", "Comment (optional, Enter saves)"),
    "engine_error": ("回答时出错：", "The answer failed: "),
    "index_missing": (
        "索引还没建好：请在“索引管理”页构建，或运行 `python -m assistant ingest`。",
        "The index is not built yet: build it on the Index admin page or run `python -m assistant ingest`.",
    ),
    "playbook_card": ("手册卡片", "playbook card"),
    "deal": ("合作记录", "deal"),
    # verdict card
    "verdict": ("结论", "Verdict"),
    "failed": ("未通过的标准", "Failed criteria"),
    "reasons": ("依据", "Reasons"),
    "invalid_input": ("输入无效", "Invalid input"),
    "criterion": ("标准", "Criterion"),
    "value": ("数值", "Value"),
    "threshold": ("门槛", "Threshold"),
    "result": ("结果", "Result"),
    "gap": ("差距", "Gap"),
    "pass": ("通过", "pass"),
    "fail": ("未通过", "fail"),
    "skipped": ("跳过", "skipped"),
    "missing": ("缺少", "missing"),
    "crit_cases": ("可验证成功案例", "Verified cases"),
    "crit_audience": ("用户画像匹配度", "Audience match"),
    "crit_roi": ("投入产出比 ROI", "ROI"),
    "crit_radar": ("雷达图得分", "Radar score"),
    "n_demanded": ("对方要价", "Demanded"),
    "n_industry": ("行业平均", "Industry average"),
    "n_base": ("建议基础佣金", "Base rate to offer"),
    "n_ceiling": ("上限", "Ceiling"),
    "n_compensation": ("补偿金额（元）", "Compensation (CNY)"),
    "n_match": ("画像重合度", "Profile overlap"),
    "n_reached": ("已解锁", "Reached"),
    "n_next": ("下一档", "Next tier"),
    "n_gap_next": ("距下一档 GMV", "GMV to next tier"),
    "n_alerts": ("预警数", "Alerts"),
    "n_partners": ("合作方数", "Partners"),
    "n_shortlist": ("深度合作名单", "Shortlist"),
    "n_prune": ("建议淘汰", "Prune"),
    "n_total_leads": ("线索总数", "Total leads"),
    "none": ("无", "none"),
    # scorecard
    "sc_caption": (
        "按三条硬标准加雷达图评估一家合作方；也可以批量上传合作方表格排序。",
        "Assess one partner by the three hard criteria and the radar, or rank a whole table of partners.",
    ),
    "tab_single": ("单个评估", "One partner"),
    "tab_audience": ("画像匹配", "Audience match"),
    "tab_batch": ("批量排序", "Batch ranking"),
    "cases": ("可验证成功案例数", "Verified success cases"),
    "audience_pct": ("用户画像匹配度（%）", "Audience match (%)"),
    "roi": ("投入产出比 ROI（1:2.5 填 2.5）", "ROI (1:2.5 means 2.5)"),
    "radar_mode": ("雷达图", "Radar"),
    "radar_none": ("不评分", "not scored"),
    "radar_six": ("六项评分", "six scores"),
    "radar_total": ("只有总分", "total only"),
    "radar_total_value": ("雷达图总分", "Radar total"),
    "unknown_hint": ("不知道就留空", "leave empty when unknown"),
    "not_rated": ("未评分", "not rated"),
    "rate_all_six": (
        "六项都要打分，缺一项就无法算雷达得分",
        "Score all six: with one left out the radar cannot be scored",
    ),
    "assess": ("评估", "Assess"),
    "gaps_title": ("与各项门槛的差距", "Gaps to each threshold"),
    "aud_caption": (
        "填入双方各分组的用户占比（%），计算画像重合度（直方图交集）。",
        "Enter both sides' user shares per bucket (%); the overlap is the histogram intersection.",
    ),
    "bucket": ("分组", "Bucket"),
    "ours": ("我方 %", "Ours %"),
    "theirs": ("对方 %", "Theirs %"),
    "compute_match": ("计算匹配度", "Compute the match"),
    "use_match": ("用于评估表单", "Use it in the assessment"),
    "batch_caption": (
        "上传合作方表格（CSV 或 XLSX，中英文列名均可）：名称和七项 0–100 评分。",
        "Upload a partner table (CSV or XLSX, Chinese or English headers): name and seven 0–100 scores.",
    ),
    "upload_partners": ("合作方表格", "Partner table"),
    "template": ("下载模板", "Download a template"),
    "top_n": ("深度合作名单人数", "Shortlist size"),
    "prune_pct": ("每年淘汰比例（%）", "Yearly prune (%)"),
    "rank": ("排序", "Rank"),
    "download_result": ("下载结果（CSV）", "Download the result (CSV)"),
    "table_problems": (
        "表格有问题，请修改后重新上传：",
        "The table has problems; fix them and upload again:",
    ),
    "group": ("分组", "Group"),
    "score": ("得分", "Score"),
    "name": ("名称", "Name"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "reason": ("原因", "Reason"),
    "whole_file": ("整个文件", "whole file"),
    "rows_skipped": (
        "下面这些行有问题，已跳过；其余各行照常排序。改好后可以重新上传。",
        "These rows have problems and were left out; the other rows are ranked. Fix them and upload again.",
    ),
    "dim_traffic_quality": ("流量质量", "Traffic quality"),
    "dim_audience_match": ("用户匹配度", "Audience match"),
    "dim_brand_fit": ("品牌调性", "Brand fit"),
    "dim_conversion": ("转化能力", "Conversion"),
    "dim_cost_efficiency": ("成本效率", "Cost efficiency"),
    "dim_stability": ("合作稳定性", "Stability"),
    "dim_content": ("内容能力", "Content"),
    "upload_button": ("选择文件", "Choose a file"),
    "upload_limit": ("CSV 或 XLSX，单个文件不超过 {mb}MB", "CSV or XLSX, up to {mb}MB per file"),
}

# Streamlit writes a few words of its own into widgets (the upload button and its size line, the "Press Enter"
# hint of a form field). They cannot be set from Python, so they are hidden and our words are drawn in their
# place; the words stay in this catalog.
_WIDGET_CSS = """<style>
[data-testid="InputInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 0.875rem; }}
</style>"""


def lang() -> str:
    """The language of this session: what the sidebar switch says, Chinese by default."""
    value = st.session_state.get("lang")
    return value if value in LANGS else "zh"


_WORDS = re.compile(r"[A-Za-z]{2,}|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def question_language(text: str, page_language: str | None = None) -> str:
    """The language to answer a typed question in: the question's own (users ask in Chinese or English
    whatever the switch says), or the page's when the text has no words to tell by (numbers, symbols)."""
    return detect_language(text) if _WORDS.search(text or "") else (page_language or lang())


def localize_widgets(language: str | None = None) -> None:
    """Put the page's language into the words Streamlit's own widgets show (call once per page)."""
    mb = st.get_option("server.maxUploadSize")
    css = _WIDGET_CSS.format(button=tr("upload_button", language), limit=tr("upload_limit", language, mb=mb))
    st.html(css)


def tr(key: str, language: str | None = None, **kw: Any) -> str:
    """A UI label in the session's (or the given) language."""
    pair = TEXT.get(key) or PAGE_TEXT.get(key) or (key, key)
    return pick(pair, language or lang(), **kw)


def tool_failure(exc: Any, language: str | None = None) -> dict[str, Any]:
    """A refused tool input (ToolInputError) as a verdict card shows it: each field by its label, what is wrong
    and what is allowed, in the page's language."""
    from assistant.answering.reasons import tool_problems

    problems = tool_problems(getattr(exc, "problems", []) or [], language or lang())
    return {"error": tr("invalid_input", language), "problems": problems}
