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

# The demo workspace is self-contained: its contracts and demo keys live under $(PROVENANCE_HOME).
DEMO_ENV = PROVENANCE_CONTRACTS=$${PROVENANCE_CONTRACTS:-$(PROVENANCE_HOME)/contracts} \
           PROVENANCE_PII_KEY=$${PROVENANCE_PII_KEY:-$(PROVENANCE_HOME)/keys/pii_hmac.key} \
           PROVENANCE_SIGNING_KEY=$${PROVENANCE_SIGNING_KEY:-$(PROVENANCE_HOME)/keys/signing_key.pem} \
           DAGSTER_HOME=$${DAGSTER_HOME:-$(PROVENANCE_HOME)/dagster}

.PHONY: demo test ui bench clean-demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(STAMP)
	$(BIN)/provenance demo

$(OLD_DUCKDB_STAMP): tests/lineage/oldest-duckdb.txt
	$(PYTHON) -m venv $(OLD_DUCKDB)
	$(OLD_DUCKDB)/bin/python -m pip install --quiet -r tests/lineage/oldest-duckdb.txt
	@touch $@

test: $(STAMP) $(OLD_DUCKDB_STAMP)
	$(BIN)/pytest -q -n 2 --dist loadgroup

ui: $(STAMP)
	@[ -e "$(PROVENANCE_HOME)/ground_truth.json" ] || $(BIN)/provenance demo
	@mkdir -p $(PROVENANCE_HOME)/dagster
	@[ -e $(PROVENANCE_HOME)/dagster/dagster.yaml ] || printf 'telemetry:\n  enabled: false\n' > $(PROVENANCE_HOME)/dagster/dagster.yaml
	$(DEMO_ENV) $(BIN)/dagster dev

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean-demo:
	rm -rf "$(PROVENANCE_HOME)"
