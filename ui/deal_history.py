"""Deal history page: browse, filter and export deals; add or edit one; import a file after a row report."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.export import frame_to_csv
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
from ui.deal_io import apply_change, errors_frame, show_flash
from ui.i18n import lang, tr

language = lang()
ENUMS = {
    "partner_type": PartnerType,
    "category": Category,
    "brand_size": BrandSize,
    "deal_type": DealType,
    "outcome": Outcome,
}
NUMBER_FIELDS = ("commission_pct", "investment", "gmv", "roi", "audience_match_pct")

st.title(tr("page_deals"))
st.caption(tr("deals_caption"))
show_flash()
settings = resources.settings()
# Undo comes first: whatever the deals or a tab below fail to show, the last change can still be taken back.
if deal_store.versions(settings) and st.button(tr("undo"), key="dh_undo", icon=":material/undo:"):
    apply_change(deal_store.undo, tr("undone"))
try:
    deals = resources.deals()
except DealDataError as exc:
    st.error(tr("deals_unreadable"))
    st.code(str(exc), language=None)
    st.stop()
user_deals = [d for d in deals if d.source == DealSource.USER]
browse, edit, upload = st.tabs([tr("tab_browse"), tr("tab_edit"), tr("tab_import")])

with browse:
    frame = deals_frame(deals)
    c1, c2, c3 = st.columns([2, 1, 1])
    text = c1.text_input(tr("search"), placeholder=tr("search_hint"), key="dh_search")
    sort_by = c2.selectbox(
        tr("sort_by"),
        list(frame.columns),
        index=list(frame.columns).index("start_date"),
        format_func=lambda c: tr(f"d_{c}" if c != "source" else "f_source", language),
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
            format_func=lambda v: label(v, language, resources.benchmarks()),
            placeholder=tr("all"),
            key=f"dh_{field}",
        )
    view = filter_deals(frame, text, filters, sort_by, descending)
    st.caption(tr("shown", n=len(view), total=len(frame)))
    shown = view.assign(
        **{
            c: view[c].map(lambda v: label(v, language, resources.benchmarks()), na_action="ignore")
            for c in ENUMS
        }
    )
    headers = {
        c: st.column_config.Column(tr(f"d_{c}" if c != "source" else "f_source")) for c in view.columns
    }
    st.dataframe(shown, hide_index=True, width="stretch", height=420, column_config=headers)
    st.download_button(
        tr("export_csv"), frame_to_csv(view), "deals.csv", "text/csv", icon=":material/download:", key="dh_dl"
    )

with edit:
    choice = st.selectbox(
        tr("edit_which"),
        [None, *[d.deal_id for d in user_deals]],
        format_func=lambda v: tr("new_deal", language) if v is None else v,
        key="dh_choice",
    )
    st.caption(tr("edit_hint"))
    current = next((d for d in user_deals if d.deal_id == choice), None)
    base: dict[str, Any] = current.model_dump() if current else {}
    k = choice or "new"
    with st.form(f"deal-{k}"):
        c1, c2, c3 = st.columns(3)
        values: dict[str, Any] = {
            "deal_id": c1.text_input(tr("d_deal_id"), base.get("deal_id", ""), disabled=current is not None),
            "partner": c2.text_input(tr("d_partner"), base.get("partner", "")),
            "partner_en": c3.text_input(tr("d_partner_en"), base.get("partner_en", "")),
        }
        cols = st.columns(5)
        for col, (field, enum) in zip(cols, ENUMS.items(), strict=True):
            options = ([None] if field == "brand_size" else []) + [m.value for m in enum]
            now = base.get(field)
            now = now.value if hasattr(now, "value") else now
            values[field] = col.selectbox(
                tr(f"d_{field}"),
                options,
                index=options.index(now) if now in options else 0,
                format_func=lambda v: "—" if v is None else label(v, language, resources.benchmarks()),
                key=f"d_{field}_{k}",
            )
        cols = st.columns(6)
        for col, field in zip(cols, NUMBER_FIELDS, strict=False):
            values[field] = col.number_input(
                tr(f"d_{field}"), min_value=0.0, value=base.get(field), key=f"d_{field}_{k}"
            )
        values["verified_cases"] = cols[5].number_input(
            tr("d_verified_cases"), min_value=0, step=1, value=base.get("verified_cases"), key=f"d_cases_{k}"
        )
        c1, c2 = st.columns(2)
        values["start_date"] = c1.date_input(tr("d_start_date"), base.get("start_date"), key=f"d_start_{k}")
        values["end_date"] = c2.date_input(tr("d_end_date"), base.get("end_date"), key=f"d_end_{k}")
        c1, c2 = st.columns(2)
        for col, suffix in ((c1, "zh"), (c2, "en")):
            values[f"resources_{suffix}"] = col.text_input(
                tr(f"d_resources_{suffix}"), base.get(f"resources_{suffix}", "")
            )
            values[f"lessons_{suffix}"] = col.text_area(
                tr(f"d_lessons_{suffix}"), base.get(f"lessons_{suffix}", "")
            )
        submitted = st.form_submit_button(tr("save_deal"), type="primary")
    if submitted:
        values["source"] = DealSource.USER.value
        if current is not None:
            values["deal_id"] = current.deal_id
        deal, problems = validate_deal(values, resources.benchmarks())
        if deal is None:
            st.error(tr("deal_invalid"))
            errors_frame(errors_table(problems))
        else:
            apply_change(lambda s: deal_store.upsert(s, [deal]), tr("deal_saved", id=deal.deal_id))
    if current is not None and st.button(tr("delete_deal"), key=f"dh_del_{k}", icon=":material/delete:"):
        apply_change(lambda s: deal_store.delete(s, current.deal_id), tr("deal_deleted", id=current.deal_id))

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
            st.caption(tr("ignored_columns") + ", ".join(report.ignored_columns))
        for warning in report.warnings:  # the rest of what was left out (other sheets), never in silence
            if not any(f"column {c} " in warning for c in report.ignored_columns):
                st.caption(warning)
        if errors:
            st.warning(tr("import_errors"))
            errors_frame(errors)
        if accepted:
            plan = deal_store.plan_upsert(settings, accepted)
            st.caption(tr("import_plan", added=len(plan.added), updated=len(plan.updated)))
            st.dataframe(deals_frame(accepted), hide_index=True, width="stretch")
            if st.button(tr("import_confirm", n=len(accepted)), type="primary", key="dh_confirm"):
                apply_change(lambda s: deal_store.upsert(s, accepted), tr("imported", n=len(accepted)))
        else:
            st.info(tr("nothing_to_import"))
