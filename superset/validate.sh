#!/usr/bin/env bash
# Validate the Superset bundle in a separate virtualenv (Superset needs SQLAlchemy 1.4, Airflow 3 needs 2.0):
# import it into a fresh Superset (SQLite metadata in a temp folder), point it at the reader login, add
# row-level security, and run every chart's query against the marts. Any failing query fails the script.
#   superset/validate.sh READER_URL      (a login that is a member of pardw_reader, on a published warehouse)
# PARDW_SUPERSET_VENV: the virtualenv (created with the pins of superset/requirements.txt when missing).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
READER_URL="${1:-${PARDW_SUPERSET_READER_URL:?pass the reader login URL}}"
VENV="${PARDW_SUPERSET_VENV:-$ROOT/.superset-venv}"
UV="$ROOT/.venv/bin/uv"
if [ ! -x "$VENV/bin/superset" ]; then
    "$UV" venv -q --python python3.11 "$VENV"
    "$UV" pip install -q --python "$VENV/bin/python" -r "$HERE/requirements.txt"
fi
WORK="${PARDW_SUPERSET_WORK:-}"  # reuse a metadata folder between runs (debugging); default: a fresh one
if [ -z "$WORK" ]; then WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK"
export SUPERSET_CONFIG_PATH="$HERE/superset_config.py"
[ -f "$WORK/secret" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$WORK/secret"
SUPERSET_SECRET_KEY="$(cat "$WORK/secret")"
export SUPERSET_SECRET_KEY
export SUPERSET_METADATA_URI="sqlite:///$WORK/superset.db"
export PARDW_SUPERSET_VALIDATING=1 SCARF_ANALYTICS=false DO_NOT_TRACK=1 FLASK_APP=superset
[ -f "$WORK/admin" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(16))' >"$WORK/admin"
ADMIN_PASSWORD="$(cat "$WORK/admin")"
cd "$WORK"
"$ROOT/.venv/bin/python" "$HERE/build_bundle.py" --zip "$WORK/pardw_dashboards.zip" >/dev/null
if [ ! -f "$WORK/initialised" ]; then
    "$VENV/bin/superset" db upgrade >"$WORK/upgrade.log" 2>&1 || { tail -40 "$WORK/upgrade.log"; exit 1; }
    "$VENV/bin/superset" fab create-admin --username admin --firstname pardw --lastname admin \
        --email admin@localhost --password "$ADMIN_PASSWORD" >/dev/null 2>&1
    "$VENV/bin/superset" init >"$WORK/init.log" 2>&1 || { tail -40 "$WORK/init.log"; exit 1; }
    touch "$WORK/initialised"
fi
"$VENV/bin/python" "$HERE/provision.py" --bundle "$WORK/pardw_dashboards.zip" --reader-url "$READER_URL" \
    --validate --admin-password "$ADMIN_PASSWORD"
echo "superset bundle: OK"
