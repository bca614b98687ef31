# The README's commands. `make serve` and `make test` work on a fresh clone.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: setup compiled serve test suite test-fast lint bench browser attack clean

# The tests compile to cached bytecode (the many interpreters of a run share it).
unexport PYTHONDONTWRITEBYTECODE

setup: $(STAMP)

# Re-install only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m loaders.compile || true
	touch $(STAMP)

# The reader compiled with mypyc (about two minutes; loaders/compile.py). Used only while it
# matches the sources: after an edit the reader is pure Python until this runs again.
compiled: setup
	$(BIN)/python -m loaders.compile

serve: setup
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy core loaders graph queries api cli

# Everything: the linters and the suite at once (the suite leaves a core idle while it waits
# on servers and child processes; mypy fills it). Fails if either fails.
test: setup
	@$(MAKE) --no-print-directory -j2 lint suite

# The whole suite on every core (pytest-xdist; tests of one Bolt server stay in one worker;
# groups are handed out in the order tests/fixtures/stores.py gives them, longest first).
suite: setup
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadgroup --no-loadscope-reorder

# The inner loop: unit tests and doctests only (no server, browser or child process), on the
# Python sources (every doctest is collected from them, compiled reader or not).
test-fast: setup
	KG_PURE_PYTHON=1 $(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadgroup --no-loadscope-reorder \
	  tests/unit core loaders graph queries api cli

# Debian's Chromium and a CJK font for the browser tests (as root; skipped without them).
browser:
	apt-get install -y chromium fonts-wqy-microhei

# The API rows need wrk (Debian's; a C load generator outside the API's interpreter).
bench: setup
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1) || \
	  echo "wrk could not be installed (apt-get install wrk, as root): the API rows are skipped"
	-$(BIN)/python -m loaders.compile
	$(BIN)/python -m bench

# Hostile input against a live `kg serve` (a few minutes; bounded, see bench/attack.py).
attack: setup
	$(BIN)/python -m bench.attack

clean:
	rm -rf $(VENV) .kg build *.egg-info
