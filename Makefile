# Supernode: `make run` serves the app, `make test` runs lint and every test. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n 2 --dist loadfile
SRC    := assistant tests ui app.py scripts benchmarks

.PHONY: run test lint fmt typecheck index rebuild venv bench loadtest clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required (found $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "could not create $(VENV): on Debian install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

index: venv
	$(BIN)/python -m assistant ingest

rebuild: venv
	$(BIN)/python -m assistant ingest --rebuild

run: index
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port 8501

lint: venv
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)

fmt: venv
	$(BIN)/ruff format $(SRC)
	$(BIN)/ruff check --fix $(SRC)

typecheck: venv
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

loadtest: venv
	$(BIN)/python -m pytest -q -s -m loadtest tests/reliability/test_load.py

bench: venv
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
