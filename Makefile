# pardw — two commands do all set-up on a fresh machine:
#   make run    whole pipeline (Airflow DAG par_reports) on the bundled samples, embedded PostgreSQL
#   make test   the test suite (includes real `airflow dags test` runs)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pardw-installed

.PHONY: install run test lint bench docs clean stop fuzz

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip uv >/dev/null 2>&1 || true
	@$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -e '.[dev]' \
		|| $(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/pardw run

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/pardw bench --sizes 100,1000

# 10,000 hostile variants of the samples through the parser: zero unexpected exceptions expected
# (result in docs/fuzz.md; tests/parse/test_hostile_input.py runs a 1,500-input slice in CI)
fuzz: install
	$(BIN)/python -m pardw.bench.fuzz --n 10000 --slow 5

docs: install
	$(BIN)/pardw docs

stop:
	-$(BIN)/pardw db stop

clean: stop
	rm -rf .pardw .pardw-test dbt_project/target
