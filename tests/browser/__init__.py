"""End-to-end tests: a real Chromium driving `streamlit run app.py`."""
