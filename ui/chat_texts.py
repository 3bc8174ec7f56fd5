"""The chat page's own labels (conversation list, answer layout, waiting time), in Chinese and English."""

from __future__ import annotations

from typing import Any

from assistant.i18n import pick
from ui.i18n import lang

TEXT: dict[str, tuple[str, str]] = {
    "today": ("今天", "Today"),
    "yesterday": ("昨天", "Yesterday"),
    "week": ("近 7 天", "Previous 7 days"),
    "earlier_day": ("{month}月{day}日", "{day} {month_name}"),
    "earlier_year": ("{year}年{month}月{day}日", "{day} {month_name} {year}"),
    "manage": ("重命名或删除", "Rename or delete"),
    "rename": ("新名称", "New name"),
    "rename_save": ("保存名称", "Save name"),
    "renamed": ("已重命名", "Renamed"),
    "delete": ("删除这个对话", "Delete this conversation"),
    "delete_confirm": ("确认删除（无法恢复）", "Confirm: delete for good"),
    "deleted": ("已删除对话", "Conversation deleted"),
    "started": ("开始于 {when}", "Started {when}"),
    "playbook_steps": ("打法步骤 · {title}", "Playbook steps · {title}"),
    "citations_n": ("依据（{n}）", "Sources ({n})"),
    "deals_n": ("相似的历史合作（{n}）", "Similar past deals ({n})"),
    "chart": ("图表", "Chart"),
    "waited": ("用时 {seconds} 秒", "Answered in {seconds} s"),
    "part_n": ("第 {n} 问", "Question {n}"),
    "not_answered": ("未回答", "not answered"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def ct(key: str, language: str | None = None, **kw: Any) -> str:
    """A chat label in the session's (or the given) language."""
    return pick(TEXT[key], language or lang(), **kw)


def day_label(kind: str, day: Any, this_year: int, language: str | None = None) -> str:
    """The heading of a group of conversations: today, yesterday, the past week, or the day itself."""
    if kind != "earlier":
        return ct(kind, language)
    key = "earlier_day" if day.year == this_year else "earlier_year"
    return ct(key, language, year=day.year, month=day.month, day=day.day, month_name=MONTHS[day.month - 1])
