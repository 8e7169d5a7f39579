# Two commands on a fresh machine:  `make demo` (set up + redact the bundled samples)  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: setup demo test test-all eval bench lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Redact the bundled sample applications into $(OUT)/ (exit 4 = some need review, which is expected).
demo: setup
	rm -rf $(OUT)/outbox
	$(BIN)/redactor batch samples/inbox -o $(OUT)/outbox --keys $(OUT)/keys.json --no-progress; \
	  rc=$$?; if [ $$rc -ne 0 ] && [ $$rc -ne 4 ] && [ $$rc -ne 2 ]; then exit $$rc; fi
	@echo "Committee folder: $(OUT)/outbox (summary.html); key file: $(OUT)/keys.json"

## The test suite CI runs (slow tests excluded; `make test-all` includes them).
test: setup
	$(BIN)/pytest -q

test-all: setup
	$(BIN)/pytest -q -m ""

eval: setup
	$(BIN)/redactor eval samples --ratchet tests/eval_ratchet.json

bench: setup
	$(BIN)/python benchmarks/run.py

lint: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy src

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
