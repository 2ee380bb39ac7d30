# Crossdock: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bundle bundle-smoke screenshots clean

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

# Every test, both databases, plus the import boundary, lint and types. pytest runs as
# on a fresh machine (tests/fresh_machine.py): no Poppler programs on PATH, and
# fontconfig sees no system font, so the suite proves nothing needs them.
# PYTEST_ARGS picks tests, e.g. `make test PYTEST_ARGS="tests/printing -x"`.
PYTEST_ARGS ?=
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.fresh_machine $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm build.spec

# The bundled program checks itself: migrates a new SQLite file, prints a label in
# Arabic and Chinese to PDF with every glyph, exits 0.
SMOKE_PDF := build/self-test-label.pdf
bundle-smoke:
	rm -f $(SMOKE_PDF)
	mkdir -p build
	QT_QPA_PLATFORM=offscreen dist/crossdock/crossdock self-test -o $(SMOKE_PDF)
	test -s $(SMOKE_PDF)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/crossdock screenshot screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
