#!/usr/bin/env bash
# Entrypoint of the pardw Airflow containers: refuse missing or placeholder secrets
# (pardw.secrets_check), then hand over to the official Airflow image's entrypoint.
set -euo pipefail
python -m pardw.secrets_check >/dev/null
exec /usr/bin/dumb-init -- /entrypoint "$@"
