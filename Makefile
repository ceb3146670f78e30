# Quick start: `make demo` then `make test`. Each target sets up .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The oldest DuckDB the README says opens lineage.duckdb, apart from the project's own: a test opens the file with it.
OLD_DUCKDB       := .venv-duckdb-old
OLD_DUCKDB_STAMP := $(OLD_DUCKDB)/.installed

export PROVENANCE_HOME ?= $(CURDIR)/var
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: demo test quality ui demo-ui bench clean-demo

# The product with its dev tools, and beside it the demo generator, its own distribution (demo/pyproject.toml).
$(STAMP): pyproject.toml demo/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./demo
	@touch $@

demo: $(STAMP)
	$(BIN)/provenance demo

$(OLD_DUCKDB_STAMP): tests/lineage/oldest-duckdb.txt
	$(PYTHON) -m venv $(OLD_DUCKDB)
	$(OLD_DUCKDB)/bin/python -m pip install --quiet -r tests/lineage/oldest-duckdb.txt
	@touch $@

test: $(STAMP) $(OLD_DUCKDB_STAMP)
	$(BIN)/pytest -q -n 2 --dist loadgroup

# Format, lint and types: what .ci/run checks before the tests.
quality: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy provenance dagster_defs

# The UI on $(PROVENANCE_HOME) with the settings `provenance run` uses (PROVENANCE_CONTRACTS, the keys).
ui: $(STAMP)
	$(BIN)/provenance ui

# The UI on the demo's own workspace, with its contracts and keys; an empty $(PROVENANCE_HOME) gets the demo first.
demo-ui: $(STAMP)
	$(BIN)/provenance ui --demo

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean-demo:
	rm -rf "$(PROVENANCE_HOME)"
