# Production image: Airflow 3.3.2 with the pardw package, the DAGs and the dbt project.
FROM apache/airflow:3.3.2-python3.11

USER root
# gcc builds the PDF reader's character loop (setup.py, include/pardw/parse/readers/_pdfchars.c); without it the
# build goes on and the reader makes the same calls through ctypes, a fifth to a third slower
RUN mkdir -p /data/landing /data/processed /data/quarantine && chown -R airflow: /data \
    && apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
USER airflow

WORKDIR /opt/airflow/pardw
COPY --chown=airflow: pyproject.toml setup.py constraints.txt README.md ./
COPY --chown=airflow: include/ include/
# [deploy]: the FAB auth manager, the Celery provider and celery 5.6.3 (docker-compose profile "celery")
# the PDF reader's C loop must have built; a copy stays outside include/, which docker-compose mounts from the host
RUN pip install --no-cache-dir -c constraints.txt -e '.[deploy]' \
    && python -c "import pardw.parse.readers._pdfchars" \
    && mkdir -p /opt/airflow/pardw-ext && cp include/pardw/parse/readers/_pdfchars*.so /opt/airflow/pardw-ext/ \
    && rm -rf ~/.cache/pip
ENV PYTHONPATH=/opt/airflow/pardw-ext${PYTHONPATH:+:$PYTHONPATH}

COPY --chown=airflow: dags/ /opt/airflow/dags/
COPY --chown=airflow: dbt_project/ /opt/airflow/pardw/dbt_project/
COPY --chown=airflow: plugins/ /opt/airflow/plugins/
COPY --chown=airflow: --chmod=0755 docker/entrypoint.sh /opt/airflow/pardw/docker/entrypoint.sh

ENV PARDW_DBT_PROJECT_DIR=/opt/airflow/pardw/dbt_project \
    AIRFLOW__COSMOS__ENABLE_TELEMETRY=False \
    DO_NOT_TRACK=1 \
    SCARF_ANALYTICS=false
