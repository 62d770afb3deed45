# Alchemi Studio Console. `make run` starts it; `make test` tests it. Both set up on first use.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-fast bench-smoke bench doctor schema clean-data help
help:
	@echo "make run    - set up if needed, then start the console on :4000"
	@echo "make test   - set up if needed, then run the whole test suite"
	@echo "make setup  - set-up alone (venv, bridge, Prisma client, embedded database)"
	@echo "make doctor - check the installation"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP)
	$(BIN)/alchemi setup

run: setup
	$(BIN)/alchemi serve

test: $(STAMP)
	$(BIN)/alchemi setup --skip-database
	$(BIN)/python -m pytest

doctor: $(STAMP)
	$(BIN)/alchemi doctor

schema: $(STAMP)
	$(BIN)/python scripts/generate_schema.py

bench-smoke: $(STAMP)
	$(BIN)/python -m bench.run --smoke

bench: $(STAMP)
	$(BIN)/python -m bench.run
