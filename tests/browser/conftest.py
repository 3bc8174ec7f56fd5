"""Browser fixtures (defined in tests/support/browser.py): Chromium, `streamlit run app.py`, a fresh page."""

from tests.support.browser import browser, chromium, page, served

__all__ = ["browser", "chromium", "page", "served"]
