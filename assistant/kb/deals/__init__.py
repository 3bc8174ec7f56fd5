"""The deal history: vocabularies (enums), cell coercion (cells), the Deal model (model), file headers
(headers), import and export (files) with their problem reports (report), titles and texts for
retrieval (text), partner search (partners) and the app's table helpers (edit). Every public name is importable from `assistant.kb.deals`."""

from __future__ import annotations

from assistant.kb.deals.edit import accepted_deals, errors_table, filter_deals, validate_deal
from assistant.kb.deals.enums import BrandSize, DealSource, DealType, Outcome, PartnerType, label
from assistant.kb.deals.files import (
    MAX_IMPORT_ROWS,
    deals_frame,
    deals_to_csv,
    load_deals,
    read_deal_file,
    save_deals,
)
from assistant.kb.deals.model import DEAL_COLUMNS, Deal
from assistant.kb.deals.partners import PartnerIndex, find_partner
from assistant.kb.deals.report import DealDataError, ImportReport, RowError
from assistant.kb.deals.text import deal_text, deal_title, shown_deal_text
from assistant.kb.market import Category

__all__ = [
    "DEAL_COLUMNS",
    "MAX_IMPORT_ROWS",
    "BrandSize",
    "Category",
    "Deal",
    "DealDataError",
    "DealSource",
    "DealType",
    "ImportReport",
    "Outcome",
    "PartnerIndex",
    "PartnerType",
    "RowError",
    "accepted_deals",
    "deal_text",
    "deal_title",
    "deals_frame",
    "deals_to_csv",
    "errors_table",
    "filter_deals",
    "find_partner",
    "label",
    "load_deals",
    "read_deal_file",
    "save_deals",
    "shown_deal_text",
    "validate_deal",
]
