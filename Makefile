# unionpipe: `make run` loads the bundled sample county and publishes; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: setup run test ui sample benchmark clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

## The nightly load on the sample files in raw/, then the package and the county report of the latest complete month.
run: setup
	$(BIN)/unionpipe load; status=$$?; [ $$status -le 1 ] || exit $$status
	$(BIN)/unionpipe publish
	$(BIN)/unionpipe report

## Every test: unit, Dagster materializations, the province stand-in, the example county.
test: setup
	$(BIN)/python -m pytest -q

## The Dagster UI on the same instance the CLI records into (http://127.0.0.1:3000).
ui: setup
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/python -c "from pipelines.instance import ensure_dagster_home; ensure_dagster_home()"
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## Regenerate the bundled sample county in raw/ (deterministic).
sample: setup
	rm -f raw/*/*.csv raw/*/*.xlsx
	$(BIN)/unionpipe sample --out raw
	$(BIN)/python -c "from pipelines.keys import write_manifest; write_manifest('raw')"  # the files the demonstration key may load

## Province-scale benchmark (long; not part of the tests).
benchmark: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf warehouse/*.duckdb warehouse/*.duckdb.raw warehouse/*.lock warehouse/published warehouse/data_docs warehouse/reports .dagster_home
