"""Deal-page helpers: problem tables in the user's language, tables read row by row (bad rows reported, good
rows kept), changes through assistant.kb.deal_store with what undo will do, index refresh with progress."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.export import safe_inline
from assistant.i18n import message_text
from assistant.index.ingest import IngestBusy, ingest
from assistant.kb import deal_store
from assistant.kb.deals import label as enum_label
from assistant.kb.sheets import SheetError, read_rows
from assistant.kb.tables import PARTNER_COLUMNS, TableError
from ui import resources
from ui.i18n import lang, tr

_WHOLE_FILE = ("missing column", "the table has a header", "the file")


def problem_rows(
    rows: list[dict[str, Any]],
    column_label: Callable[[str], str] | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """Problems {row, column, reason} as a table in the page's (or the given) language: a row number or '—',
    the column's label, the reason in words."""
    language = language or lang()
    naming = column_label or _column
    value_label = _option_label(language)
    head = [tr("row", language), tr("column", language), tr("reason", language)]
    data = [
        {
            head[0]: "—" if r.get("row") in (None, "") else str(r["row"]),
            head[1]: naming(str(r.get("column") or "")) or "—",
            head[2]: message_text(str(r.get("reason") or ""), language, value_label),
        }
        for r in rows
    ]
    return pd.DataFrame(data, columns=head)


# The columns of a table attached in the chat, by the names the scorecard and calculator pages give them.
ATTACHMENT_COLUMNS = {
    **{d: f"dim_{d}" for d in PARTNER_COLUMNS if d != "name"},
    "name": "name",
    "conversion_pct": "conversion_pct",
    "rating": "rating",
    "weekly_rue_pct": "rue_series",
    "sentiment": "sentiment_series",
    "monthly_roi": "roi_series",
}


def attachment_problems(rows: list[dict[str, Any]], language: str | None = None) -> pd.DataFrame:
    """The problems of a table attached in the chat, per row and column, as the import page lists them."""

    def naming(column: str) -> str:
        key = ATTACHMENT_COLUMNS.get(column)
        return tr(key, language) if key else column

    return problem_rows(rows, naming, language)


def errors_frame(rows: list[dict[str, Any]], column_label: Callable[[str], str] | None = None) -> None:
    """Problems {row, column, reason} as a table with translated headers and reasons."""
    st.dataframe(problem_rows(rows, column_label), hide_index=True, width="stretch")


def _option_label(language: str) -> Callable[[str], str]:
    def word(value: str) -> str:
        try:
            return enum_label(value, language, resources.benchmarks())
        except Exception:  # not an option of a deal field: shown as written
            return value

    return word


def _column(field: str) -> str:
    """A deal field by its label, e.g. '画像匹配度（%）' (the field's name only when it has no label)."""
    label = tr(f"d_{field}") if field else ""
    return label if label and label != f"d_{field}" else field


def read_good_rows(
    source: bytes, filename: str, reader: Callable[[bytes, str], list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A table read row by row: (the rows that can be used, the problems of the others). A problem of the
    whole file (unreadable, a missing column, no rows) keeps every row out."""
    try:
        return reader(source, filename), []
    except TableError as exc:
        problems = exc.problems
    bad = {p.get("row") for p in problems}
    whole = None in bad or any(str(p.get("reason", "")).startswith(_WHOLE_FILE) for p in problems)
    if whole:
        return [], problems
    try:
        rows = read_rows(source, filename)
    except SheetError:
        return [], problems
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, cells in rows:
        if number not in bad:
            writer.writerow(["" if c is None else c for c in cells])
    try:
        kept = reader(buffer.getvalue().encode("utf-8"), "kept.csv")
    except TableError:
        return [], problems
    return kept, problems


def _ingest_summary(report: Any) -> str:
    """What an index update did, in words: '索引已更新到第 3 版：手册卡片新增 1、更新 2；合作记录新增 5。'"""
    if getattr(report, "unchanged", False):
        return tr("index_unchanged", version=report.version)
    parts = []
    for kind in ("playbook", "deal"):
        counts = [
            tr(f"n_{what}", n=n)
            for what, n in (
                ("added", report.added.get(kind, 0)),
                ("updated", report.updated.get(kind, 0)),
                ("removed", report.removed.get(kind, 0)),
            )
            if n
        ]
        if counts:
            parts.append(tr(f"kind_{kind}") + " " + tr("list_sep").join(counts))
    changes = tr("clause_sep").join(parts) if parts else tr("no_changes")
    return tr("index_built", version=report.version, changes=changes)


def refresh_index(rebuild: bool = False) -> str | None:
    """Bring the index up to date (incremental unless rebuild) with a progress bar; returns what the
    ingest did in words, or None when another ingest is running (said on the page)."""
    settings = resources.settings()
    bar = st.progress(0.0, text=tr("indexing"))

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{tr('indexing')} {done}/{total}")

    try:
        with st.spinner(tr("indexing")):
            report = ingest(settings, rebuild=rebuild, progress=progress)
    except IngestBusy:
        bar.empty()
        st.info(tr("ingest_busy"))
        return None
    bar.progress(1.0, text=tr("indexed"))
    resources.refresh_engine()
    return _ingest_summary(report)


def undo_preview(settings: Settings) -> str | None:
    """What undoing the last change would do, in words (None when there is nothing to undo)."""
    names = deal_store.versions(settings)
    if not names:
        return None
    snapshot = deal_store.versions_dir(settings) / names[0]
    before: dict[str, Any] = {}
    if snapshot.suffix != ".absent":
        try:
            from assistant.kb.deals import read_deal_file

            report = read_deal_file(snapshot.read_bytes(), "snapshot.csv", benchmarks=resources.benchmarks())
            before = {d.deal_id: d for d in report.deals}
        except Exception:  # an unreadable snapshot: say only that the last change is taken back
            return tr("undo_unknown")
    now = {d.deal_id: d for d in deal_store.user_deals(settings)}
    removed = sorted(set(now) - set(before))
    restored = sorted(set(before) - set(now))
    changed = sorted(i for i in set(now) & set(before) if now[i] != before[i])
    parts = [
        tr(key, ids=tr("list_sep").join(ids[:8]) + (" …" if len(ids) > 8 else ""), n=len(ids))
        for key, ids in (("undo_removes", removed), ("undo_restores", restored), ("undo_reverts", changed))
        if ids
    ]
    return tr("undo_will") + tr("clause_sep").join(parts) if parts else tr("undo_unknown")


def apply_change(change: Callable[[Settings], Any], done_message: str) -> None:
    """Run a deal_store change (upsert, delete, undo), refresh the index, then rerun the page so it shows
    the new table; the outcome is kept as a flash message and the upload box is cleared."""
    try:
        result = change(resources.settings())
    except deal_store.DealStoreError as exc:
        st.error(safe_inline(message_text(str(exc), lang())))
        return
    flash = [("success", done_message)]
    if hasattr(result, "added") and hasattr(result, "updated"):
        flash = [
            (
                "success",
                f"{done_message} {tr('change_counts', added=len(result.added), updated=len(result.updated))}",
            )
        ]
    indexed = refresh_index()
    flash.append(("success", indexed) if indexed else ("info", tr("ingest_busy")))
    st.session_state["dh_flash"] = flash
    st.session_state["dh_gen"] = st.session_state.get("dh_gen", 0) + 1
    st.rerun()


def show_flash(key: str = "dh_flash") -> None:
    """The messages a change left for the page after its rerun."""
    for kind, text in st.session_state.pop(key, []):
        (st.success if kind == "success" else st.info)(text)
