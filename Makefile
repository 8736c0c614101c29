# pardw — two commands do all set-up on a fresh machine:
#   make run    whole pipeline (Airflow DAG par_reports) on the bundled samples, embedded PostgreSQL
#   make test   the test suite (includes real `airflow dags test` runs)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pardw-installed

.PHONY: install run test lint bench docs dashboard export clean stop

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip uv >/dev/null 2>&1 || true
	@$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -e '.[dev]' \
		|| $(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Debian's chromium drives the browser test of the dashboards (Playwright, no browser download);
# installed when root, otherwise that test is skipped with the reason
install: $(STAMP)
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && apt-get install -y -q chromium >/dev/null 2>&1; } \
		|| echo "note: /usr/bin/chromium missing (apt-get install chromium); the dashboard browser test will skip"

run: install
	$(BIN)/pardw run

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/pardw bench --sizes 100,1000

docs: install
	$(BIN)/pardw docs

# dashboards on http://127.0.0.1:8501 through a read-only login: PARDW_DASHBOARD_URL=postgresql://<reader>...
dashboard: install
	$(BIN)/pardw dashboard

export: install
	$(BIN)/pardw export exports

stop:
	-$(BIN)/pardw db stop

clean: stop
	rm -rf .pardw .pardw-test dbt_project/target
