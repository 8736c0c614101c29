"""par_exports: each publication of the marts refreshes the Excel workbook and the HTML report.

Scheduled on the Asset that ``par_reports.publish`` emits (``pardw://marts/fact_indicator``).
Reads the published marts through PARDW_DASHBOARD_URL (a login that is a member of pardw_reader)
when set, else through the reader login (PARDW_READER_URL, or the embedded server's pardw_reader_login); writes to PARDW_EXPORT_DIR
(default ``$PARDW_HOME/exports``).
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from pardw.orchestration import PUBLISHED_MARTS  # the outlet of par_reports.publish


def _reader_url() -> str:
    from pardw.dashboard.queries import dashboard_url

    return dashboard_url(default_login=True)  # PARDW_DASHBOARD_URL, else the reader login (PARDW_READER_URL / embedded)


@dag(
    dag_id="par_exports",
    schedule=[PUBLISHED_MARTS],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0},
    tags=["pardw", "cchc", "exports"],
    doc_md=__doc__,
)
def par_exports():
    @task
    def refresh_exports() -> dict:
        """Write pardw_cchc.xlsx (one sheet per dashboard view) and pardw_cchc.html (self-contained)."""

        from pardw.config import settings
        from pardw.export import write_exports

        out = settings().export_dir
        result = write_exports(_reader_url(), out)
        print(f"exports written: {result.workbook} ({len(result.sheets)} sheets), {result.html}")
        return {"workbook": str(result.workbook), "html": str(result.html), "sheets": list(result.sheets)}

    refresh_exports()


par_exports()
