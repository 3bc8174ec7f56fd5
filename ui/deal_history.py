"""Deal history page: browse, filter and export deals; add or edit one; import a file after a row report."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.export import frame_to_csv
from assistant.i18n import fmt_num, message_text
from assistant.kb import deal_store
from assistant.kb.deals import (
    BrandSize,
    Category,
    DealDataError,
    DealSource,
    DealType,
    Outcome,
    PartnerType,
    accepted_deals,
    deals_frame,
    errors_table,
    filter_deals,
    label,
    read_deal_file,
    validate_deal,
)
from ui import resources
from ui.deal_io import apply_change, errors_frame, show_flash, undo_preview
from ui.i18n import lang, localize_widgets, tr

language = lang()
localize_widgets(language)
ENUMS = {
    "partner_type": PartnerType,
    "category": Category,
    "brand_size": BrandSize,
    "deal_type": DealType,
    "outcome": Outcome,
}
REQUIRED = ("deal_id", "partner", "partner_type", "category", "deal_type", "outcome")
NUMBER_FIELDS = ("commission_pct", "investment", "gmv", "roi", "audience_match_pct")


def field_label(field: str) -> str:
    """A form field's label, marked when it is required."""
    text = tr(f"f_{field}" if field == "source" else f"d_{field}", language)
    return f"{text} {tr('required_mark', language)}" if field in REQUIRED else text


def header(field: str) -> str:
    """A table column's short name (no form hint in a header)."""
    key = f"h_{field}"
    text = tr(key, language)
    return text if text != key else tr("f_source" if field == "source" else f"d_{field}", language)


def option(value: Any) -> str:
    return label(value, language, resources.benchmarks())


def _cell(value: Any) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) or str(value).strip() == "":
        return "—"  # None, NaN, pandas' NA and NaT alike
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()  # a deal's dates are days: no '00:00:00'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt_num(value)
    return str(value)


OTHER_LANGUAGE = {
    "zh": ("partner_en", "resources_en", "lessons_en"),
    "en": ("partner", "resources_zh", "lessons_zh"),
}


def for_display(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A deals table as the page shows it: the columns of the page's language only (an English page shows the
    English partner name, or the name as given when there is none), option labels (the source too), dates as
    days, '—' for a missing value, short headers."""
    table = table.copy()
    if language != "zh":
        named = table["partner_en"].fillna("").astype(str).str.strip() != ""
        table["partner_en"] = table["partner_en"].where(named, table["partner"])
    table = table.drop(columns=[c for c in OTHER_LANGUAGE["zh" if language == "zh" else "en"] if c in table])
    labelled = (*ENUMS, "source")  # the option texts of the filters: '示例数据', not 'sample'
    table = table.assign(**{c: table[c].map(option, na_action="ignore") for c in labelled if c in table})
    table = table.astype(object).map(_cell)  # text cells: '—' for a missing value, never None
    names = {"partner_en": "h_partner", "resources_zh": "h_resources", "resources_en": "h_resources"}
    names |= {"lessons_zh": "h_lessons", "lessons_en": "h_lessons"}
    config = {c: st.column_config.Column(tr(names[c]) if c in names else header(c)) for c in table.columns}
    return table, config


st.title(tr("page_deals"))
st.caption(tr("deals_caption"))
show_flash()
settings = resources.settings()
# Undo comes first: whatever the deals or a tab below fail to show, the last change can still be taken back.
undo_text = undo_preview(settings)
if undo_text:
    with st.popover(tr("undo"), icon=":material/undo:"):
        st.markdown(undo_text)
        if st.button(tr("undo_confirm"), key="dh_undo", type="primary"):
            apply_change(deal_store.undo, tr("undone"))
try:
    deals = resources.deals()
except DealDataError as exc:
    st.error(tr("deals_unreadable"))
    errors_frame(
        [{"row": row, "column": column, "reason": reason} for _, row, column, reason in exc.problems]
    )
    st.stop()
user_deals = [d for d in deals if d.source == DealSource.USER]
browse, edit, upload = st.tabs([tr("tab_browse"), tr("tab_edit"), tr("tab_import")])

with browse:
    frame = deals_frame(deals)
    c1, c2, c3 = st.columns([2, 1, 1])
    text = c1.text_input(tr("search"), placeholder=tr("search_hint"), key="dh_search")
    sortable = [c for c in frame.columns if c not in OTHER_LANGUAGE["zh" if language == "zh" else "en"]]
    sort_by = c2.selectbox(
        tr("sort_by"),
        sortable,
        index=sortable.index("start_date"),
        format_func=header,
        key="dh_sort",
    )
    descending = c3.toggle(tr("descending"), value=True, key="dh_desc")
    cols = st.columns(4)
    filters: dict[str, list[Any]] = {}
    for col, field in zip(cols, ("category", "deal_type", "outcome", "source"), strict=True):
        options = sorted(frame[field].dropna().unique())
        filters[field] = col.multiselect(
            tr(f"f_{field}"),
            options,
            format_func=option,
            placeholder=tr("all"),
            key=f"dh_{field}",
            select_all=False,
        )
    view = filter_deals(frame, text, filters, sort_by, descending)
    if view.empty:
        st.info(tr("no_match"), icon=":material/search_off:")
    else:
        st.caption(tr("shown", n=len(view), total=len(frame)))
        shown, headers = for_display(view)
        st.dataframe(shown, hide_index=True, width="stretch", height=420, column_config=headers)
    st.download_button(
        tr("export_csv"),
        frame_to_csv(view),
        "deals.csv",
        "text/csv",
        icon=":material/download:",
        key="dh_dl",
        disabled=view.empty,
    )

with edit:
    choice = st.selectbox(
        tr("edit_which"),
        [None, *[d.deal_id for d in user_deals]],
        format_func=lambda v: tr("new_deal", language) if v is None else v,
        placeholder=tr("new_deal", language),  # shown when Streamlit reads the None choice as no choice
        key="dh_choice",
    )
    st.caption(tr("edit_hint") + " " + tr("required_hint"))
    current = next((d for d in user_deals if d.deal_id == choice), None)
    base: dict[str, Any] = current.model_dump() if current else {}
    k = choice or "new"
    with st.form(f"deal-{k}"):
        c1, c2, c3 = st.columns(3)
        values: dict[str, Any] = {
            "deal_id": c1.text_input(
                field_label("deal_id"),
                base.get("deal_id", ""),
                disabled=current is not None,
                placeholder=tr("deal_id_example"),
                help=tr("deal_id_help"),
            ),
            "partner": c2.text_input(field_label("partner"), base.get("partner", "")),
            "partner_en": c3.text_input(field_label("partner_en"), base.get("partner_en", "")),
        }
        cols = st.columns(5)
        for col, (field, enum) in zip(cols, ENUMS.items(), strict=True):
            options = [m.value for m in enum]
            now = base.get(field)
            now = now.value if hasattr(now, "value") else now
            values[field] = col.selectbox(
                field_label(field),
                options,
                index=options.index(now) if now in options else None,  # a new deal starts with no choice
                format_func=option,
                placeholder=tr("choose"),
                key=f"d_{field}_{k}",
            )
        cols = st.columns(6)
        for col, field in zip(cols, NUMBER_FIELDS, strict=False):
            values[field] = col.number_input(
                field_label(field),
                min_value=0.0,
                value=base.get(field),
                key=f"d_{field}_{k}",
                help=tr(f"help_{field}") if field == "roi" else None,
            )
        values["verified_cases"] = cols[5].number_input(
            field_label("verified_cases"),
            min_value=0,
            step=1,
            value=base.get("verified_cases"),
            key=f"d_cases_{k}",
        )
        c1, c2 = st.columns(2)
        for col, field in ((c1, "start_date"), (c2, "end_date")):
            day = base.get(field)
            values[field] = (
                col.text_input(
                    field_label(field),
                    day.isoformat() if day else "",
                    placeholder=tr("date_example"),
                    key=f"d_{field}_{k}",
                ).strip()
                or None
            )
        c1, c2 = st.columns(2)
        for col, suffix in ((c1, "zh"), (c2, "en")):
            values[f"resources_{suffix}"] = col.text_input(
                field_label(f"resources_{suffix}"), base.get(f"resources_{suffix}", "")
            )
            values[f"lessons_{suffix}"] = col.text_area(
                field_label(f"lessons_{suffix}"), base.get(f"lessons_{suffix}", "")
            )
        submitted = st.form_submit_button(tr("save_deal"), type="primary")
    if submitted:
        values["source"] = DealSource.USER.value
        if current is not None:
            values["deal_id"] = current.deal_id
        deal, problems = validate_deal(values, resources.benchmarks())
        if deal is None:
            st.error(tr("deal_invalid"))
            for p in errors_table(problems):
                name = header(p["column"]) if p["column"] else ""
                reason = message_text(p["reason"], language, option)
                st.markdown(f"- **{name}**{tr('colon')}{reason}" if name else f"- {reason}")
        else:
            apply_change(lambda s: deal_store.upsert(s, [deal]), tr("deal_saved", id=deal.deal_id))
    if current is not None:
        with st.popover(tr("delete_deal"), icon=":material/delete:"):
            st.markdown(tr("delete_will", id=current.deal_id))
            if st.button(tr("delete_confirm"), key=f"dh_del_{k}", type="primary"):
                apply_change(
                    lambda s: deal_store.delete(s, current.deal_id), tr("deal_deleted", id=current.deal_id)
                )

with upload:
    st.caption(tr("import_hint"))
    generation = st.session_state.get("dh_gen", 0)
    file = st.file_uploader(tr("import_file"), type=["csv", "xlsx"], key=f"dh_upload_{generation}")
    if file is not None:
        report = read_deal_file(file.getvalue(), file.name, benchmarks=resources.benchmarks())
        refused = deal_store.check_import(settings, report)
        accepted = accepted_deals(report, refused)
        errors = errors_table([*report.errors, *refused])
        c1, c2 = st.columns(2)
        c1.metric(tr("valid_rows"), len(accepted))
        c2.metric(tr("error_rows"), len({e["row"] for e in errors}))
        if report.ignored_columns:
            st.caption(tr("ignored_columns") + tr("list_sep").join(report.ignored_columns))
        for warning in report.warnings:  # the rest of what was left out (other sheets), never in silence
            if not any(f"column {c} " in warning for c in report.ignored_columns):
                st.caption(message_text(warning, language))
        if errors:
            st.warning(tr("import_errors"))
            errors_frame(errors)
        if accepted:
            plan = deal_store.plan_upsert(settings, accepted)
            st.caption(tr("import_plan", added=len(plan.added), updated=len(plan.updated)))
            preview, headers = for_display(deals_frame(accepted))
            st.dataframe(preview, hide_index=True, width="stretch", column_config=headers)
            if st.button(tr("import_confirm", n=len(accepted)), type="primary", key="dh_confirm"):
                apply_change(lambda s: deal_store.upsert(s, accepted), tr("imported", n=len(accepted)))
        else:
            st.info(tr("nothing_to_import"))
