# `make run` and `make test` work on a fresh clone: they create .venv and install what is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench db seed clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
	$(BIN)/python -c "import flask, playwright" 
	touch $@

db: $(VENV)/.installed
	$(FLASK) db upgrade

seed: db
	$(FLASK) seed-demo

run: seed
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Figures for the events issue's targets, written to bench/results.json.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --out bench/results.json

clean:
	rm -rf $(VENV) instance .pytest_cache
