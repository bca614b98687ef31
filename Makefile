# The README's commands. `make serve` and `make test` work on a fresh clone.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: setup serve test lint bench browser attack clean

setup: $(STAMP)

# Re-install only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: setup
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy core loaders graph queries api cli

test: setup lint
	$(BIN)/python -m pytest -q

# Debian's Chromium and a CJK font for the browser tests (as root; skipped without them).
browser:
	apt-get install -y chromium fonts-wqy-microhei

bench: setup
	$(BIN)/python -m bench

# Hostile input against a live `kg serve` (a few minutes; bounded, see bench/attack.py).
attack: setup
	$(BIN)/python -m bench.attack

clean:
	rm -rf $(VENV) .kg build *.egg-info
