"""Provision Superset for pardw, and check it: run with Superset's own Python (not the project's).

    SUPERSET_CONFIG_PATH=superset/superset_config.py python superset/provision.py --bundle B.zip \
        --reader-url "$PARDW_SUPERSET_READER_URL" [--validate]

1. imports the dashboard bundle (``build_bundle.py --zip``) as ``superset import-dashboards`` does;
2. points the database "pardw marts" at the reader login (a member of pardw_reader; the bundle has no password);
3. row-level security: one role per province ("Sở Nội vụ <tỉnh>") that sees only rows of its province_code
   in the province-level datasets;
4. ``--validate``: every chart's query runs through Superset's chart-data API against the marts (a failing
   query fails the check), the scorecard shows Kiên Giang H1 2023 commune on-time 96.91, and a province
   login sees only its own province.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_bundle import CHARTS, DATABASE_NAME, DATASETS, RLS_DATASETS  # noqa: E402


def _app():
    from superset.app import create_app

    return create_app()


def import_bundle(path: Path) -> None:
    from flask import g
    from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
    from superset.commands.importers.v1.utils import get_contents_from_bundle
    from superset.extensions import db

    from superset import security_manager

    g.user = security_manager.find_user(username="admin")
    with zipfile.ZipFile(path) as bundle:
        contents = get_contents_from_bundle(bundle)
    ImportDashboardsCommand(contents, overwrite=True).run()
    db.session.commit()


def set_reader_uri(uri: str) -> None:
    from superset.extensions import db
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one()
    database.set_sqlalchemy_uri(uri.replace("postgresql://", "postgresql+psycopg2://", 1))
    db.session.commit()


def check_reader_login() -> str:
    """The login Superset's database uses must be a member of pardw_reader and not a superuser."""
    import sqlalchemy as sa
    from superset.extensions import db
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one()
    with database.get_sqla_engine() as engine, engine.connect() as conn:
        name, is_super, is_reader = conn.execute(
            sa.text(
                "select current_user, rolsuper, pg_has_role(current_user, 'pardw_reader', 'member')"
                " from pg_roles where rolname = current_user"
            )
        ).one()
    if is_super or not is_reader:
        raise SystemExit(f"database {DATABASE_NAME!r} must use a pardw_reader login, not {name!r}")
    return name


def _datasets() -> dict:
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db

    return {t.table_name: t for t in db.session.query(SqlaTable).filter(SqlaTable.table_name.in_(list(DATASETS)))}


def province_roles(reader_uri: str) -> dict[str, str]:
    """One Superset role per province with a row-level security filter on its province_code."""
    import sqlalchemy as sa
    from superset.connectors.sqla.models import RowLevelSecurityFilter
    from superset.extensions import db

    from superset import security_manager

    engine = sa.create_engine(reader_uri.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.connect() as conn:
        provinces = conn.execute(sa.text("select province_code, province_name from marts.dim_province")).fetchall()
    engine.dispose()
    tables = [t for name, t in _datasets().items() if name in RLS_DATASETS]
    roles = {}
    for code, name in provinces:
        role_name = f"Sở Nội vụ {name}"
        role = security_manager.find_role(role_name) or security_manager.add_role(role_name)
        for table in _datasets().values():
            pv = security_manager.add_permission_view_menu("datasource_access", table.perm)
            security_manager.add_permission_role(role, pv)
        flt_name = f"pardw province {code}"
        flt = db.session.query(RowLevelSecurityFilter).filter_by(name=flt_name).one_or_none()
        if flt is None:
            flt = RowLevelSecurityFilter(name=flt_name, filter_type="Regular", group_key="province")
            db.session.add(flt)
        flt.clause = f"province_code = '{code}'"
        flt.description = f"{name}: only rows of province code {code}"
        flt.tables = tables
        flt.roles = [role]
        roles[code] = role_name
    db.session.commit()
    return roles


def _query(chart: dict, dataset_id: int) -> dict:
    params = chart["params"]
    where = " AND ".join(f"({f['sqlExpression']})" for f in params.get("adhoc_filters", []))
    columns = list(params.get("all_columns") or [])
    if params.get("x_axis"):
        columns.append(params["x_axis"])
    columns += list(params.get("groupby") or []) + list(params.get("groupbyRows") or [])
    columns += list(params.get("groupbyColumns") or [])
    query = {"columns": columns, "metrics": params.get("metrics") or [], "row_limit": params.get("row_limit", 1000),
             "filters": [], "extras": {"where": where}, "orderby": []}  # fmt: skip
    return {"datasource": {"id": dataset_id, "type": "table"}, "force": True, "queries": [query],
            "result_format": "json", "result_type": "full"}  # fmt: skip


def _login(client, username: str, password: str) -> dict:
    resp = client.post("/api/v1/security/login",
                       json={"username": username, "password": password, "provider": "db", "refresh": False})  # fmt: skip
    assert resp.status_code == 200, f"login {username} failed: {resp.status_code} {resp.get_data(as_text=True)[:300]}"
    return {"Authorization": f"Bearer {resp.get_json()['access_token']}"}


def _chart_data(client, headers: dict, name: str, dataset_id: int) -> list[dict]:
    resp = client.post("/api/v1/chart/data", json=_query(CHARTS[name], dataset_id), headers=headers)
    body = resp.get_json(silent=True) or {}
    if resp.status_code != 200:
        raise AssertionError(f"chart {name!r}: HTTP {resp.status_code}: {json.dumps(body, ensure_ascii=False)[:800]}")
    result = body["result"][0]
    if result.get("error"):
        raise AssertionError(f"chart {name!r}: query failed: {result['error']}")
    return result["data"]


def province_user(username: str, role_name: str) -> str:
    """A login of one province's Sở Nội vụ (roles Gamma + the province role); returns a fresh password."""
    from superset.extensions import db

    from superset import security_manager

    password = secrets.token_urlsafe(12)
    user = security_manager.find_user(username=username)
    if user is not None:
        db.session.delete(user)
        db.session.commit()
    security_manager.add_user(username, "Sở Nội vụ", role_name, f"{username}@localhost",
                              [security_manager.find_role("Gamma"), security_manager.find_role(role_name)],
                              password=password)  # fmt: skip
    db.session.commit()
    return password


def validate(app, datasets: dict[str, int], admin_password: str, province_password: str) -> list[str]:
    """Chart queries through Superset's HTTP API (each request in its own context, as in production)."""
    lines = []
    with app.test_client() as client:
        admin = _login(client, "admin", admin_password)
        for name, chart in CHARTS.items():
            rows = _chart_data(client, admin, name, datasets[chart["dataset"]])
            lines.append(f"ok  {name}: {len(rows)} rows")
        scorecard = _chart_data(client, admin, "Bảng điểm tỉnh", datasets["mart_province_scorecard"])
        kg = next(r for r in scorecard if r["province_name"] == "Kiên Giang" and r["period_key"] == "H1-2023")
        assert abs(kg["on_time_rate_commune"] - 96.91) < 1e-9, kg
        ca_mau = next(r for r in scorecard if r["province_name"] == "Cà Mau")
        assert ca_mau["tthc_total"] == 1984, ca_mau
        lines.append("ok  scorecard: Kiên Giang H1-2023 commune on-time 96.91, Cà Mau 1984 TTHC")
    with app.test_client() as client:  # a province's login sees only its own rows
        province = _login(client, PROVINCE_USER, province_password)
        own = _chart_data(client, province, "Bảng điểm tỉnh", datasets["mart_province_scorecard"])
        assert {r["province_name"] for r in own} == {"Kiên Giang"}, own
        findings = _chart_data(client, province, "Phát hiện chất lượng dữ liệu", datasets["mart_dq_findings"])
        assert findings and {r["province_name"] for r in findings} == {"Kiên Giang"}, findings
        lines.append(f"ok  row-level security: {PROVINCE_USER} sees {len(own)} scorecard row(s) and "
                     f"{len(findings)} finding(s), Kiên Giang only")  # fmt: skip
    return lines


PROVINCE_USER = "sonv_kien_giang"


def main() -> int:
    parser = argparse.ArgumentParser(description="import the pardw bundle into Superset, RLS, and check it")
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--reader-url", required=True, help="login that is a member of pardw_reader")
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--admin-password", default=None, help="admin password (for --validate)")
    args = parser.parse_args()
    app = _app()
    with app.app_context(), app.test_request_context():
        import_bundle(args.bundle)
        set_reader_uri(args.reader_url)
        login = check_reader_login()
        roles = province_roles(args.reader_url)
        datasets = {name: t.id for name, t in _datasets().items()}
        province_password = province_user(PROVINCE_USER, roles["91"]) if args.validate else ""
    print(
        f"imported {args.bundle.name}; database {DATABASE_NAME!r} -> login {login} (pardw_reader); {len(roles)} province roles"
    )
    if args.validate:
        for line in validate(app, datasets, args.admin_password, province_password):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
