# Crossdock: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bundle screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bundle]'
	touch $(STAMP)

# Migrate, load the demo warehouse into an empty database, open the station window.
run: $(STAMP)
	$(BIN)/crossdock db upgrade
	$(BIN)/crossdock demo --if-empty
	$(BIN)/crossdock

# Every test, both databases, plus the import boundary, lint and types.
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm build.spec

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/crossdock screenshot screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
