# 网格通 gridbot — `make run` runs the bot, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
AREAS  ?= deploy/areas.example.yaml

.PHONY: install install-test run test lint typecheck pytest bench clean

# The shared prerequisite: a virtualenv with the project installed (re-installed when
# pyproject.toml changes).
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: install
	$(BIN)/gridbot db upgrade
	$(BIN)/gridbot areas import --if-empty $(AREAS)
	$(BIN)/gridbot web & console=$$!; trap 'kill $$console 2>/dev/null' EXIT; $(BIN)/gridbot run

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-test
	$(BIN)/mypy

pytest: install-test
	$(BIN)/pytest -q -rs -n auto $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install-test
	$(BIN)/python benchmarks/classify.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache .grimp_cache *.egg-info
