"""What the tests share: helpers and fixtures, imported by test modules and re-exported by the conftest files.

No test module imports another test module or a conftest; whatever two of them need lives here:
`network` (the no-network guard), `folders` (temporary data folders, the real index), `cards` (writing small
playbook cards), `models` (a scripted chat model), `app` (AppTest helpers), `browser` (Chromium and
`streamlit run`), `fakes` (an engine's dependencies without the real embedder or Chroma)."""
