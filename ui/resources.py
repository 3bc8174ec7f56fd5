"""Process-wide resources for the Streamlit pages (created once, never mutated by a page)."""

from __future__ import annotations

import streamlit as st

from assistant.config import Settings, get_settings
from assistant.retrieval import IndexReader


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return get_settings()


@st.cache_resource(show_spinner=False)
def index_reader() -> IndexReader:
    return IndexReader(settings())
