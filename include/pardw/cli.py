"""The ``pardw`` command line: the warehouse without Airflow, and ``pardw run`` for the whole DAG."""

from __future__ import annotations

import dataclasses
import json
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pardw.config import settings

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


class _OneLineErrors(typer.Typer):
    """``pardw``: an operator's mistake is one line, not a traceback - a PARDW_* value pardw cannot use (exit 2,
    as a usage error) or a warehouse it cannot reach (exit 1); any other error keeps its traceback (a bug)."""

    def __call__(self, *args, **kwargs):
        import psycopg

        from pardw.config import ConfigError

        try:
            return super().__call__(*args, **kwargs)
        except ConfigError as exc:
            err_console.print(f"[red]pardw: {exc}[/red]", soft_wrap=True, highlight=False)
            sys.exit(2)
        except psycopg.OperationalError as exc:
            reason = " ".join(str(exc).split())
            err_console.print(
                f"[red]pardw: cannot reach the warehouse ({reason}); start it with `pardw db start` or check "
                "PARDW_WAREHOUSE_URL and the job logins' PARDW_*_URL[/red]", soft_wrap=True, highlight=False,
            )  # fmt: skip
            sys.exit(1)


app = _OneLineErrors(help="pardw: the CCHC (public administration reform) report warehouse.", no_args_is_help=True)
db_app = typer.Typer(help="The embedded PostgreSQL warehouse (ignored when PARDW_WAREHOUSE_URL is set).")
app.add_typer(db_app, name="db")
findings_app = typer.Typer(
    help="Data-quality findings: check report files for contradictions, score them against known ones,"
    " and record a data steward's decisions (accept / reject / reopen) that later runs keep.",
    no_args_is_help=True,
)
app.add_typer(findings_app, name="findings")
console = Console()
err_console = Console(stderr=True)


def _url() -> str:
    from pardw.db import warehouse_url

    return warehouse_url()


def _role_url(role: str) -> str:
    """The URL of a job's least-privilege login (see pardw.db.logins)."""
    from pardw.db.logins import login_url

    return login_url(settings(), role)


def _stage_url(role: str) -> str:
    """The preamble of every command that works on the warehouse: the role's URL, with the schema
    migrated (as the owner, on the embedded server or with PARDW_WAREHOUSE_URL); a job's own login
    on a schema that is behind stops here with what to run instead."""
    from pardw.db.migrate import PendingMigrations
    from pardw.pipeline import stage_migrate

    url = _url() if role == "admin" else _role_url(role)
    try:
        stage_migrate(url)
    except PendingMigrations as exc:
        err_console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    return url


def _reader_hint() -> str:
    from pardw.db.logins import redact

    return f"reader (dashboards, BI): {redact(_role_url('reader'))}  (with password: pardw db url --role reader)"


# -- db -------------------------------------------------------------------------------


@db_app.command("start")
def db_start() -> None:
    """Start the embedded PostgreSQL (initialising it on first use) and apply migrations."""
    from pardw.db.embedded import EmbeddedPostgres
    from pardw.pipeline import stage_migrate

    cfg = settings()
    if not cfg.embedded:
        from pardw.db.logins import redact

        console.print(f"PARDW_WAREHOUSE_URL is set; nothing to start. Warehouse: {redact(cfg.warehouse_url or '')}")
        return
    server = EmbeddedPostgres(cfg)
    server.start()
    stage_migrate(server.url())
    console.print(f"Embedded PostgreSQL {server.status()}")
    console.print(_reader_hint(), soft_wrap=True)


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL."""
    from pardw.db.embedded import EmbeddedPostgres

    server = EmbeddedPostgres(settings())
    server.stop()
    console.print(f"Embedded PostgreSQL {server.status()}")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded PostgreSQL runs, and where."""
    from pardw.db.embedded import EmbeddedPostgres

    cfg = settings()
    if not cfg.embedded:
        from pardw.db.logins import redact

        console.print(f"external warehouse (PARDW_WAREHOUSE_URL): {redact(cfg.warehouse_url or '')}")
        return
    server = EmbeddedPostgres(cfg)
    console.print(server.status())
    if server.is_running():
        console.print(_reader_hint(), soft_wrap=True)


@db_app.command("url")
def db_url(
    role: Annotated[
        str,
        typer.Option(help="whose URL: reader (the default), loader (ingest), transformer (dbt, GX, publish), admin"),
    ] = "reader",
) -> None:
    """Print a libpq URL, password included, for psql or a BI tool (starts the embedded server if needed).
    Without --role, the read-only reader's: the owner's (superuser) password only with --role admin."""
    from pardw.db.logins import ROLES

    if role not in ROLES:
        err_console.print(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        raise typer.Exit(2)
    print(_url() if role == "admin" else _role_url(role))


@db_app.command("create-logins")
def db_create_logins() -> None:
    """Create the jobs' logins named by PARDW_LOADER_URL / PARDW_TRANSFORMER_URL / PARDW_READER_URL
    (docker-compose's init; needs CREATEROLE). The embedded server creates its own logins."""
    from pardw.db.logins import JOB_ROLES, configured_credentials, create_logins, ensure_logins, login_name

    cfg = settings()
    credentials = configured_credentials()
    if credentials:
        names = create_logins(_url(), credentials)
    elif cfg.embedded:
        ensure_logins(_url(), cfg)
        names = [login_name(role) for role in JOB_ROLES]
    else:
        err_console.print("set PARDW_LOADER_URL, PARDW_TRANSFORMER_URL and PARDW_READER_URL (login and password)")
        raise typer.Exit(2)
    console.print(f"logins ready: {', '.join(names)}")


@db_app.command("check-roles")
def db_check_roles() -> None:
    """Verify each job login's grants (what it needs, and what it must not have) on the warehouse."""
    from pardw.db.logins import check_roles

    checks = check_roles(_url(), settings())
    table = Table(title="pardw roles")
    for col in ("role", "login / role", "privilege", "expected", "actual", ""):
        table.add_column(col)
    for c in checks:
        actual = "n/a (missing)" if c.actual is None else str(c.actual)
        table.add_row(c.role, c.subject, c.what, str(c.expected), actual, "ok" if c.ok else "[red]WRONG[/red]")
    console.print(table)
    wrong = [c for c in checks if not c.ok]
    if wrong:
        err_console.print(
            f"{len(wrong)} grant(s) differ from what the jobs need; see README (Running on your own PostgreSQL)"
        )
        raise typer.Exit(1)
    console.print(f"all {len(checks)} checks passed")


# -- stages ---------------------------------------------------------------------------


@app.command()
def migrate() -> None:
    """Apply pending schema migrations (raw, dq, roles)."""
    from pardw.pipeline import stage_migrate

    applied = stage_migrate(_url())
    console.print(f"applied: {', '.join(applied)}" if applied else "schema is up to date")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="report files or folders")],
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl (records) or text (the canonical rendering, numbered)")
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")] = None,
) -> None:
    """Parse report files and print their records (document, indicator, breakdown, narrative, task) as JSON lines."""
    from pardw.load.extract import run_extract

    if output:
        with output.open("w", encoding="utf-8") as out:
            code = run_extract(files, fmt, out, sys.stderr)
    else:
        code = run_extract(files, fmt, sys.stdout, sys.stderr)
    raise typer.Exit(code)


INGEST_EXIT_CODES = """Exit status: 0 every file loaded (or already loaded); 3 the run finished but at least one
path was quarantined or skipped (each recorded in raw.ingestion_error with its reason); 1 the run
itself failed (e.g. the warehouse is unreachable); 2 a usage error."""
EXIT_QUARANTINED = 3


@app.command(epilog=INGEST_EXIT_CODES)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="report files or folders")],
    move: Annotated[bool, typer.Option(help="move files to processed/ or quarantine/ after loading")] = False,
) -> None:
    """Parse and load report files into the raw schema: idempotent, bad files quarantined with a reason."""
    from pardw.load.ingest import discover, ingest_paths

    url = _stage_url("loader")
    files = discover(paths)
    with Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err_console, transient=False,
    ) as progress:  # fmt: skip
        task = progress.add_task("", total=len(files))

        def tick(outcome) -> None:
            progress.update(task, advance=1, description=outcome.path.name)

        def page(name: str, number: int, pages: int) -> None:  # a scan being OCR'd, page by page
            progress.update(task, description=f"{name}: OCR page {number} ({pages} scanned)")

        summary = ingest_paths(files, url, move=move, on_file=tick, on_page=page)
    console.print(
        f"loaded {summary.loaded}, skipped as duplicate {summary.duplicates}, quarantined {summary.quarantined},"
        f" skipped {summary.skipped} ({summary.rows:,} rows)"
    )
    for o in summary.outcomes:
        if o.status in ("quarantined", "skipped"):
            console.print(f"  [red]{o.status}[/red] {o.path}: {o.reason}: {o.message}", soft_wrap=True)
    if summary.quarantined:
        console.print(f"quarantine folder: {settings().quarantine_dir}")
    if summary.quarantined or summary.skipped:
        raise typer.Exit(EXIT_QUARANTINED)


@app.command()
def transform(
    select: Annotated[
        str | None, typer.Option(help="dbt --select (default: the selector `warehouse`; `tag:dq` the DQ marts)")
    ] = None,
    full_refresh: Annotated[bool, typer.Option(help="rebuild incremental models")] = False,
) -> None:
    """Run the dbt build (staging -> intermediate -> warehouse) without Airflow."""
    from pardw.transform.dbt import build

    build(_stage_url("transformer"), select=select, full_refresh=full_refresh)  # selector `warehouse` by default
    console.print("dbt build finished")


VALIDATE_EXIT_CODES = """Exit status: 0 passed (or warnings only); 1 blocking findings; 4 the validation itself
could not run completely (an expectation's SQL failed: an error of the run, not a data finding)."""


@app.command(epilog=VALIDATE_EXIT_CODES)
def validate(
    file: Annotated[str | None, typer.Option(help="only findings of this report file")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table (for people), json or tsv (for scripts)")] = "table",
) -> None:
    """Run the Great Expectations gates and reconciliation rules; print findings per report with file:line."""
    from pardw.quality.report import FORMATS, render_findings
    from pardw.quality.validate import run_validation

    if fmt not in FORMATS:
        err_console.print(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    summary = run_validation(_stage_url("transformer"))
    render_findings(summary, console, file=file, fmt=fmt)
    if summary.status == "error":
        raise typer.Exit(4)
    if summary.blocking:
        raise typer.Exit(1)


@app.command()
def publish(
    force: Annotated[bool, typer.Option(help="publish although the gate is closed (needs --reason)")] = False,
    reason: Annotated[str | None, typer.Option(help="why --force: recorded in pardw_meta.publication")] = None,
) -> None:
    """Copy the warehouse's dim_/fact_/mart_ tables into the published schema `marts`, if the latest
    validation of this build is neither blocked nor errored (exit 1 and nothing changed otherwise)."""
    from pardw.pipeline import BlockingFindings, stage_publish

    try:
        tables = stage_publish(_stage_url("transformer"), force=force, reason=reason)
    except BlockingFindings as exc:
        err_console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    console.print(f"published {len(tables)} tables to schema marts" + (f" (forced: {reason})" if force else ""))


def _print_gate(url: str) -> None:
    """The gate's decision and its reasons, at the end of a run (not only in the log)."""
    import psycopg

    from pardw.quality.gate import explain

    try:
        with psycopg.connect(url) as conn:
            lines = explain(conn)
    except psycopg.Error as exc:
        err_console.print(f"gate: could not be read ({type(exc).__name__}: {exc})", soft_wrap=True)
        return
    for line in lines:
        console.print(line, soft_wrap=True, highlight=False, markup=False)


@findings_app.command("check")
def findings_check(
    files: Annotated[list[Path], typer.Argument(help="report files (no database needed)")],
    keys: Annotated[Path | None, typer.Option(help="known contradictions (JSON) to score the findings against")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """The contradictions each report holds (its own arithmetic: totals, rates, units, notes, prose), with the
    arithmetic written out; with --keys, how many known contradictions are located and the false alarms per file."""
    from pardw.bench.contradictions import check_file, load_keys, located, score

    found = []
    for path in files:
        for c in check_file(path):
            found.append((path.name, c))
    if fmt == "json":
        print(json.dumps([{"file": f, "rule": c.rule, "severity": c.severity, "line": c.line,
                           "places": [dataclasses.asdict(p) for p in c.places], "observed": c.observed,
                           "expected": c.expected, "arithmetic": c.arithmetic, "message_vi": c.message_vi,
                           "message_en": c.message_en, "notes": list(c.notes), "key": c.key(f)}
                          for f, c in found], ensure_ascii=False, indent=1))  # fmt: skip
    else:
        for f, c in found:
            console.print(f"{f}:{c.line} [{c.severity}] {c.rule} {c.key(f)}: {c.message()}",
                          soft_wrap=True, highlight=False, markup=False)  # fmt: skip
    if keys is not None:
        result = score(load_keys(keys), [x for f, c in found for x in located(f, [c])])
        _print_score(result, [p.name for p in files])


def _print_score(result, files: list[str]) -> None:
    names = set(files)
    got, total = result.found_in(names)
    console.print(f"located {got} of {total} known contradictions in these files", highlight=False)
    for k in result.missed():
        if k.file in names:
            console.print(f"  missed: {k.file} lines {sorted(k.lines)} ({k.category}): {k.what}",
                          soft_wrap=True, highlight=False, markup=False)  # fmt: skip
    for f in files:
        alarms = result.false_alarms.get(f, [])
        console.print(f"  {f}: {len(alarms)} finding(s) at places no key lists", highlight=False)
        for a in alarms:
            console.print(f"    {a.rule} line {a.places[0].line}", highlight=False, markup=False)


@findings_app.command("score")
def findings_score(
    keys: Annotated[Path, typer.Argument(help="known contradictions (JSON)")],
    run_id: Annotated[str | None, typer.Option(help="a validation run (default: the latest)")] = None,
) -> None:
    """Score the findings of a validation run (every suite: catalog rules and report arithmetic) against
    known contradictions: located ones, missed ones, and findings at places no key lists per file."""
    import psycopg

    from pardw.bench.contradictions import load_keys, located_findings, score

    with psycopg.connect(_stage_url("transformer")) as conn:
        run, found = located_findings(conn, run_id)
    console.print(f"validation run {run}", highlight=False)
    known = load_keys(keys)
    files = sorted({f.file for f in found} | {k.file for k in known} & {f.file for f in found})
    _print_score(score(known, found), files)


@findings_app.command("list")
def findings_list(
    status: Annotated[str | None, typer.Option(help="only open, reopened, accepted or rejected findings")] = None,
    run_id: Annotated[str | None, typer.Option(help="a validation run (default: the latest)")] = None,
) -> None:
    """The findings of the latest validation, open and decided: key, status, who decided, when and why."""
    import psycopg

    from pardw.quality.decisions import list_findings

    with psycopg.connect(_stage_url("transformer")) as conn:
        run, rows = list_findings(conn, run_id)
    console.print(f"validation run {run or '(none)'}: {len(rows)} finding(s)", highlight=False)
    for r in rows:
        if status and r.status != status:
            continue
        decided = f" — {r.status} by {r.decided_by} {r.decided_at:%Y-%m-%d %H:%M}: {r.reason}" if r.decided_by else ""
        console.print(f"{r.finding_key} {r.status:<8} {r.severity:<8} {r.file_name or '-'}:{r.line or '-'} {r.rule}:"
                      f" {r.message}{decided}", soft_wrap=True, highlight=False, markup=False)  # fmt: skip


def _decide(key: str, decision: str, reason: str, by: str) -> None:
    import psycopg

    from pardw.quality.decisions import DecisionError, decide

    try:
        with psycopg.connect(_stage_url("transformer")) as conn:
            done = decide(conn, key, decision, reason, by)
    except DecisionError as exc:
        err_console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(f"{decision}: {key} {done['file_name']}:{done['line']} {done['rule']} ({done['severity']}) by {by}:"
                  f" {reason}", soft_wrap=True, highlight=False, markup=False)  # fmt: skip
    if done["severity"] == "blocking" and decision != "reopened":
        console.print("it no longer blocks publication of this version of the file; validate again"
                      " (`pardw validate`, `pardw run`) for the gate to see it", highlight=False)  # fmt: skip


@findings_app.command("accept")
def findings_accept(
    key: Annotated[str, typer.Argument(help="the finding's key (pardw findings list)")],
    reason: Annotated[str, typer.Option(help="why: shown with every publication it lets through")],
    by: Annotated[str, typer.Option(help="the data steward's name")],
) -> None:
    """Accept a finding: a known error of the source, published with it and named as an exception."""
    _decide(key, "accepted", reason, by)


@findings_app.command("reject")
def findings_reject(
    key: Annotated[str, typer.Argument(help="the finding's key (pardw findings list)")],
    reason: Annotated[str, typer.Option(help="why the finding is not an error")],
    by: Annotated[str, typer.Option(help="the data steward's name")],
) -> None:
    """Reject a finding: not an error (a false alarm); it no longer blocks this version of the file."""
    _decide(key, "rejected", reason, by)


@findings_app.command("reopen")
def findings_reopen(
    key: Annotated[str, typer.Argument(help="the finding's key (pardw findings list)")],
    reason: Annotated[str, typer.Option(help="why the decision is undone")],
    by: Annotated[str, typer.Option(help="the data steward's name")],
) -> None:
    """Undo the last decision on a finding: it is open (and blocking, if it is) again."""
    _decide(key, "reopened", reason, by)


@app.command()
def summary(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of what the warehouse holds."""
    from pardw.pipeline import warehouse_summary

    result = warehouse_summary(_stage_url("admin"))
    if as_json:
        print(json.dumps(dataclasses.asdict(result)))
        return
    for line in result.lines():
        console.print(line)


@app.command()
def run(
    direct: Annotated[bool, typer.Option(help="run the stages in this process instead of `airflow dags test`")] = False,
    samples: Annotated[bool, typer.Option(help="copy the bundled sample reports into the landing folder")] = True,
) -> None:
    """The whole pipeline over the landing folder (by default seeded with the bundled samples)."""
    from pardw.pipeline import run_direct, stage_land_samples, warehouse_summary

    cfg = settings()
    from pardw.db.logins import redact

    url = _url()
    console.print(f"warehouse: {redact(url)}")
    if direct:
        from pardw.pipeline import BlockingFindings

        try:
            run_direct(url, cfg, land_samples=samples)
        except BlockingFindings as exc:
            err_console.print(f"[red]{exc}[/red]", soft_wrap=True)
            _print_gate(url)
            raise typer.Exit(1) from None
    else:
        from pardw.airflow_runner import dags_test

        if samples:
            stage_land_samples(cfg.landing_dir)
        with console.status("airflow dags test par_reports ..."):
            proc = dags_test(url, cfg)
        log = cfg.home / "last_dag_run.log"
        log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
        failed = proc.returncode != 0 or "failed" in _final_state(proc.stdout + proc.stderr)
        if failed:
            err_console.print(f"[red]DAG par_reports failed[/red]; full log: {log}")
            err_console.print("\n".join((proc.stdout + proc.stderr).splitlines()[-30:]))
            _print_gate(url)
            raise typer.Exit(1)
        console.print(f"DAG par_reports succeeded (log: {log})")
    result = warehouse_summary(url)
    table = Table(title="pardw warehouse", show_header=False)
    for line in result.lines():
        table.add_row(line)
    console.print(table)
    _print_gate(url)
    console.print(f"published marts in schema [bold]marts[/bold]; {_reader_hint()}", soft_wrap=True)


@app.command()
def corpus(
    out: Annotated[Path, typer.Argument(help="folder to write the reports into")],
    n: Annotated[int, typer.Option(help="number of reports")] = 100,
    seed: Annotated[int, typer.Option(help="seed (same seed, same bytes)")] = 42,
    broken_share: Annotated[float, typer.Option(help="share of deliberately broken files")] = 0.02,
    docx_share: Annotated[float, typer.Option(help="share of reports written as Word .docx")] = 0.0,
    pdf_share: Annotated[float, typer.Option(help="share of reports written as PDF (LibreOffice)")] = 0.0,
) -> None:
    """Generate a synthetic corpus of realistic report files (and manifest.json) from the samples."""
    from pardw.bench.corpus import generate_corpus

    manifest = generate_corpus(out, n, seed=seed, broken_share=broken_share, docx_share=docx_share,
                               pdf_share=pdf_share)  # fmt: skip
    console.print(f"{len(manifest.files)} files in {out} ({sum(1 for f in manifest.files if f.broken)} broken)")


@app.command()
def bench(
    sizes: Annotated[str, typer.Option(help="comma-separated corpus sizes")] = "100,1000",
    out: Annotated[Path, typer.Option(help="results folder")] = Path("bench_results"),
    e2e_max: Annotated[int, typer.Option(help="run the DAG end to end only up to this N")] = 1000,
    seed: Annotated[int, typer.Option(help="corpus seed")] = 42,
    docx_share: Annotated[float, typer.Option(help="share of each corpus written as Word .docx")] = 0.05,
    formats_only: Annotated[bool, typer.Option(help="only the per-format and per-PDF-producer parse rates")] = False,
) -> None:
    """Benchmarks: parse per format (txt, docx, pdf next to their floors) and the PDF reader per producer
    (next to pypdfium2's own text extraction), then on a synthetic corpus parse, load, transform, end to
    end (see docs/benchmarks.md)."""
    from pardw.bench.run import run_benchmarks

    run_benchmarks([int(s) for s in sizes.split(",") if s.strip()], out, None, e2e_max=e2e_max, seed=seed,
                   docx_share=docx_share, formats_only=formats_only)  # fmt: skip
    console.print(f"results: {out / 'results.json'}")


@app.command()
def docs() -> None:
    """Generate the dbt docs (<dbt project>/target/index.html) for `dbt docs serve`."""
    from pardw.transform.dbt import docs_generate, target_dir

    docs_generate(_stage_url("transformer"))
    console.print(
        f"dbt docs: {target_dir() / 'index.html'} (serve: dbt docs serve --project-dir {settings().dbt_project_dir})"
    )


@app.command()
def manifest() -> None:
    """Write <dbt project>/target/manifest.json, from which the DAG renders its dbt tasks (cosmos)."""
    from pardw.transform.dbt import parse, target_dir

    parse(_role_url("transformer"))  # dbt parse opens no connection: nothing to migrate
    console.print(f"dbt manifest: {target_dir() / 'manifest.json'}")


@app.command()
def dashboard(
    url: Annotated[
        str | None, typer.Option(help="reader login URL; default: $PARDW_DASHBOARD_URL, else the reader login")
    ] = None,
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8501,
) -> None:
    """Serve the ministry dashboards (Streamlit) on 127.0.0.1, reading the published marts as a read-only login."""
    from pardw.dashboard.queries import DashboardConfigError, check_reader_login, dashboard_url
    from pardw.dashboard.serve import serve

    try:
        url = dashboard_url(url, default_login=True)
        login = check_reader_login(url)
    except DashboardConfigError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"dashboards: http://127.0.0.1:{port}  as login {login} (Ctrl+C to stop)")
    raise typer.Exit(serve(url, port))


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(help="folder for pardw_cchc.xlsx and pardw_cchc.html")],
    url: Annotated[
        str | None, typer.Option(help="reader login URL; default: $PARDW_DASHBOARD_URL, else the reader login")
    ] = None,
) -> None:
    """Export the dashboard views: an Excel workbook and a self-contained HTML report, from the published marts."""
    from pardw.dashboard.queries import DashboardConfigError, check_reader_login, dashboard_url
    from pardw.export import write_exports

    try:
        url = dashboard_url(url, default_login=True)
        check_reader_login(url)
    except DashboardConfigError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    result = write_exports(url, out_dir)
    console.print(f"workbook: {result.workbook} ({len(result.sheets)} sheets)\nHTML report: {result.html}")


def _final_state(output: str) -> str:
    for line in reversed(output.splitlines()):
        if "state=" in line and "DagRun" in line:
            return line
    return ""


if __name__ == "__main__":  # pragma: no cover
    app()
