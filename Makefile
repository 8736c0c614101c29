# pardw — two commands do all set-up on a fresh machine:
#   make run    whole pipeline (Airflow DAG par_reports) on the bundled samples, embedded PostgreSQL
#   make test   the test suite (includes real `airflow dags test` runs)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pardw-installed

.PHONY: install postgresql-15 redis-server run test test-scheduler lint bench docs dashboard export clean stop fuzz

$(STAMP): pyproject.toml setup.py include/pardw/parse/readers/_pdfchars.c constraints.txt scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip uv >/dev/null 2>&1 || true
	@$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -e '.[dev,celery]' \
		|| $(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,celery]'
	@touch $(STAMP)

install: $(STAMP) postgresql-15 redis-server

# Debian's PostgreSQL 15 for tests/db/test_postgres15.py (the oldest major version tested; the embedded one is 16).
# Installed when root and apt-get are available (without its default cluster); otherwise the test skips.
postgresql-15:
	@test -x /usr/lib/postgresql/15/bin/pg_ctl || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    mkdir -p /etc/postgresql-common; \
	    test -f /etc/postgresql-common/createcluster.conf || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >/dev/null; } \
	      || echo "could not install postgresql-15: tests/db/test_postgres15.py will skip"; \
	  else echo "PostgreSQL 15 missing (/usr/lib/postgresql/15/bin): tests/db/test_postgres15.py will skip; as root: apt-get install -y postgresql-15"; fi; }

# Debian's redis-server for the Celery worker test (tests/dags/test_scheduler.py); skipped without it.
redis-server:
	@command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; } \
	      || echo "could not install redis-server: the Celery worker test will skip"; \
	  else echo "redis-server missing: the Celery worker test will skip; as root: apt-get install -y redis-server"; fi; }

run: install
	$(BIN)/pardw run

# pytest-xdist workers: one per core, at most 4 (each has its own embedded server, dbt target folder, temp folder)
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n $(TEST_WORKERS) --durations=25

# the production services (scheduler, api-server, dag-processor, a Celery worker on redis-server)
# running par_reports end to end; 5-25 minutes, so not part of `make test`
test-scheduler: install
	PARDW_TEST_SCHEDULER=1 $(BIN)/pytest -q tests/dags/test_scheduler.py

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/pardw bench --sizes 100,1000

# 10,000 hostile variants of the samples through the parser (5 % as damaged .docx): zero unexpected
# exceptions and zero silent losses expected; then 20 kill -9 runs of the ingest (its worker,
# LibreOffice, its session, the server): every next ingest completes, nothing lost, no process left
# (results in docs/fuzz.md; CI runs a 1,500-input slice and a 5-kill campaign)
fuzz: install
	$(BIN)/python -m pardw.bench.fuzz --n 10000 --slow 5 --docx 0.05
	$(BIN)/python -m pardw.bench.kill --runs 20 --seed 26

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
