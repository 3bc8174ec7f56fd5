"""Deal-page helpers: problem tables, changes through assistant.kb.deal_store, index refresh with progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.export import safe_inline
from assistant.index.ingest import IngestBusy, ingest
from assistant.kb import deal_store
from ui import resources
from ui.i18n import tr


def errors_frame(rows: list[dict[str, Any]]) -> None:
    """Problems {row, column, reason} as a table with translated headers."""
    named = [r | {"column": _column(str(r.get("column") or ""))} for r in rows]
    frame = pd.DataFrame(named, columns=["row", "column", "reason"])
    frame = frame.rename(columns={"row": tr("row"), "column": tr("column"), "reason": tr("reason")})
    st.dataframe(frame, hide_index=True, width="stretch")


def _column(field: str) -> str:
    """A deal field with its label, e.g. '用户画像匹配度（%） · audience_match_pct'."""
    label = tr(f"d_{field}") if field else ""
    return f"{label} · {field}" if label and label != f"d_{field}" else field


def refresh_index(rebuild: bool = False) -> str | None:
    """Bring the index up to date (incremental unless rebuild) with a progress bar; returns what the
    ingest did, or None when another ingest is running (said on the page)."""
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
    return report.summary()


def apply_change(change: Callable[[Settings], Any], done_message: str) -> None:
    """Run a deal_store change (upsert, delete, undo), refresh the index, then rerun the page so it shows
    the new table; the outcome is kept as a flash message and the upload box is cleared."""
    try:
        result = change(resources.settings())
    except deal_store.DealStoreError as exc:
        st.error(safe_inline(str(exc)))
        return
    summary = result.summary() if hasattr(result, "summary") else ""
    flash = [("success", f"{done_message} {summary}".strip())]
    indexed = refresh_index()
    flash.append(("success", f"{tr('indexed')} {indexed}") if indexed else ("info", tr("ingest_busy")))
    st.session_state["dh_flash"] = flash
    st.session_state["dh_gen"] = st.session_state.get("dh_gen", 0) + 1
    st.rerun()


def show_flash(key: str = "dh_flash") -> None:
    """The messages a change left for the page after its rerun."""
    for kind, text in st.session_state.pop(key, []):
        (st.success if kind == "success" else st.info)(text)
