"""Every SQL statement of the dashboards and exports, reading ONLY the published schema ``marts``.

The connection is a read-only session (``default_transaction_read_only``) of a login that is a
member of ``pardw_reader``; nothing here writes. Functions return pandas DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import psycopg

from pardw.dashboard.formatting import vi_sort_key

URL_ENV = "PARDW_DASHBOARD_URL"
TEMPLATE_CHANGE_DATE = date(2025, 7, 2)  # Công văn 4625/BNV-CCHC replaces 581/BNV-CCHC
GENERATIONS = {"before": "63 tỉnh, thành phố (trước 1/7/2025)", "after": "34 tỉnh, thành phố (từ 1/7/2025)"}


@dataclass(frozen=True)
class Kpi:
    domain_key: str
    indicator_key: str
    label_vi: str
    help_en: str


# headline KPIs per domain (keys of dim_indicator, Công văn 581/BNV-CCHC Biểu mẫu 1-7)
HEADLINE_KPIS: tuple[Kpi, ...] = (
    Kpi("I", "i.2", "Tỷ lệ hoàn thành Kế hoạch CCHC", "Plan completion rate (domain I)"),
    Kpi("II", "ii.1", "Số VBQPPL ban hành", "Legal normative documents issued (domain II)"),
    Kpi("III", "iii.1.4", "Tổng số TTHC", "Administrative procedures under local authority (domain III)"),
    Kpi("III", "iii.3.1", "Hồ sơ đúng hạn – cấp tỉnh", "Dossiers resolved on time, provincial departments"),
    Kpi("III", "iii.3.2", "Hồ sơ đúng hạn – cấp huyện", "Dossiers resolved on time, district level"),
    Kpi("III", "iii.3.3", "Hồ sơ đúng hạn – cấp xã", "Dossiers resolved on time, commune level"),
    Kpi("IV", "iv.2.2", "Biên chế có mặt", "Civil-servant staff present (domain IV)"),
    Kpi("V", "v.2.1", "Công chức được tuyển dụng", "Civil servants recruited (domain V)"),
    Kpi("VI", "vi.1", "Tỷ lệ giải ngân vốn đầu tư công", "Public investment disbursement rate (domain VI)"),
    Kpi("VII", "vii.6.3", "Hồ sơ trực tuyến toàn trình", "Online dossier rate, fully online services (domain VII)"),
    Kpi("VII", "vii.6.4", "Hồ sơ trực tuyến một phần", "Online dossier rate, partly online services (domain VII)"),
)


class DashboardConfigError(RuntimeError):
    pass


def dashboard_url(url: str | None = None, default_login: bool = False) -> str:
    """The reader login's URL: the argument, else PARDW_DASHBOARD_URL; with ``default_login`` (the CLI
    and the export DAG), else the reader login of ``pardw.db.logins`` (PARDW_READER_URL, or the
    embedded server's pardw_reader_login). The app itself only reads PARDW_DASHBOARD_URL."""
    from pardw.config import settings

    url = url or settings().dashboard_url
    if not url and default_login:
        from pardw.db.logins import login_url

        try:
            url = login_url(None, "reader")
        except Exception as exc:  # no warehouse reachable: say what to configure
            raise DashboardConfigError(
                f"no reader login for the dashboard ({exc}); pass --url or set {URL_ENV}"
            ) from exc
    if not url:
        raise DashboardConfigError(
            f"no database URL for the dashboard: pass --url or set {URL_ENV} to a login that is a member of "
            "pardw_reader (read-only on the published schema marts), never the superuser"
        )
    return url


def check_reader_login(url: str) -> str:
    """The login's name, after checking it is a member of pardw_reader and not a superuser."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            name, is_super, is_reader = conn.execute(
                "select current_user, rolsuper, pg_has_role(current_user, 'pardw_reader', 'member')"
                " from pg_roles where rolname = current_user"
            ).fetchone()
    except psycopg.Error as exc:
        raise DashboardConfigError(f"cannot connect with the dashboard URL: {exc}") from exc
    if is_super:
        raise DashboardConfigError(
            f"login {name} is a superuser: the dashboards connect only through a read-only login, a member of "
            "pardw_reader (e.g. create role dash login password '...' in role pardw_reader)"
        )
    if not is_reader:
        raise DashboardConfigError(f"login {name} is not a member of pardw_reader: it cannot read the marts")
    return name


def _frame(url: str, sql: str, params: tuple | dict = ()) -> pd.DataFrame:
    with psycopg.connect(url, options="-c default_transaction_read_only=on", application_name="pardw-dashboard") as c:
        cur = c.execute(sql, params)
        cols = [d.name for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=cols)


def _vi_sorted(df: pd.DataFrame, name: str, first: list[str] | None = None, ascending: list[bool] | None = None):
    """Rows ordered by ``first`` columns, then by ``name`` in Vietnamese alphabetical order."""
    keys = [*(first or []), name]
    order = [*(ascending or [True] * len(first or [])), True]
    return df.sort_values(
        keys, ascending=order, na_position="last", kind="stable",
        key=lambda col: col.map(vi_sort_key) if col.name == name else col,
    ).reset_index(drop=True)  # fmt: skip


# -- the publication being read -------------------------------------------------------------


def latest_publication(url: str) -> pd.DataFrame:
    """The latest publication of the marts (marts.latest_publication, migration 140): its id (which keys the
    dashboard's cache), when, whether forced; no row before the first publication."""
    return _frame(
        url,
        "select publication_id, published_at, forced, force_reason, validation_status from marts.latest_publication",
    )


def publication_exceptions(url: str) -> pd.DataFrame:
    """Whether the latest publication went out with exceptions ("công bố có ngoại lệ", migration 120): forced
    past the gate (and why), and the blocking findings stewards accepted (which, who, why)."""
    return _frame(url, "select forced, force_reason, exceptions from marts.latest_publication_exceptions")


# -- province scorecard ---------------------------------------------------------------


def scorecard_choices(url: str) -> pd.DataFrame:
    """Province × period pairs with a published scorecard (current provincial reports), newest first."""
    df = _frame(
        url,
        """select s.province_key, s.province_code, s.province_name, s.generation, s.period_key,
                  d.label_vi as period_label, d.end_date, d.after_merger_2025
           from marts.mart_province_scorecard as s join marts.dim_period as d using (period_key)
           order by s.province_name, d.end_date desc""",
    )
    return _vi_sorted(df.sort_values("end_date", ascending=False, kind="stable"), "province_name")


def scorecard_kpis(url: str, province_key: str, period_key: str) -> pd.DataFrame:
    """The headline KPIs of one province and period: value (fact_indicator: the current version's value printed
    in the appendix forms), unit (the catalog's), source file and line, DQ flags, and the value of the previous
    period of the same type (latest earlier one with a value); ``ended_2025``: a row the 2025 template dropped
    (district level, abolished on 1/7/2025)."""
    keys = [k.indicator_key for k in HEADLINE_KPIS]
    return _frame(
        url,
        """with current_facts as (
               select f.*, d.end_date, d.period_type
               from marts.fact_indicator as f
               join marts.dim_period as d on d.period_key = f.period_key
               where f.source = 'appendix' and f.issuer_level = 'province'
                 and f.province_key = %(province)s and f.indicator_key = any(%(keys)s)
           ),
           this as (select * from current_facts where period_key = %(period)s)
           select i.domain_key, i.indicator_key, i.name_vi, i.name_en, coalesce(i.unit, t.unit) as unit,
                  coalesce(i.ended_2025, false) as ended_2025,
                  t.value, t.raw_value, t.file_name, t.line, t.dq_flags, t.report_key,
                  p.period_key as previous_period_key, p.value as previous_value
           from marts.dim_indicator as i
           left join this as t on t.indicator_key = i.indicator_key
           left join lateral (
               select c.period_key, c.value from current_facts as c
               where c.indicator_key = i.indicator_key and c.value is not null
                 and c.period_type = (select period_type from marts.dim_period where period_key = %(period)s)
                 and c.end_date < (select end_date from marts.dim_period where period_key = %(period)s)
               order by c.end_date desc limit 1
           ) as p on true
           where i.indicator_key = any(%(keys)s)""",
        {"province": province_key, "period": period_key, "keys": keys},
    )


def report_findings(url: str, province_key: str, period_key: str) -> pd.DataFrame:
    """Data-quality findings of the reports of one province and period."""
    return _frame(
        url,
        """select f.severity, f.rule, f.indicator_key, f.location, f.observed, f.expected, f.message, f.file_name,
                  f.line
           from marts.mart_dq_findings as f
           where f.province_code = (select province_code from marts.dim_province where province_key = %s)
             and f.period_key = %s
           order by f.severity, f.file_name, f.line""",
        (province_key, period_key),
    )


# -- rankings -------------------------------------------------------------------------

GENERATION_CODE = {"before": "63", "after": "34"}
MIN_UNITS_FOR_MEDIAN = 3  # a "national median" of one or two units is not a median worth showing


def ranking_periods(url: str, generation: str) -> pd.DataFrame:
    """Periods with ranked values, of one generation of provinces (before / after 1/7/2025)."""
    return _frame(
        url,
        """select distinct d.period_key, d.label_vi as period_label, d.end_date
           from marts.mart_indicator_ranking as m join marts.dim_period as d using (period_key)
           where m.generation = %s order by d.end_date desc""",
        (GENERATION_CODE[generation],),
    )


def ranking_indicators(url: str, generation: str, period_key: str) -> pd.DataFrame:
    """Indicators ranked in a period; from 1/7/2025 not the rows the 2025 template dropped (district level)."""
    return _frame(
        url,
        """select distinct i.indicator_key, i.domain_key, i.name_vi, i.name_en, coalesce(i.unit, m.unit) as unit,
                  i.kind
           from marts.mart_indicator_ranking as m join marts.dim_indicator as i using (indicator_key)
           where m.period_key = %s and m.generation = %s and m.value is not null
             and not (m.generation = '34' and coalesce(i.ended_2025, false))
           order by i.domain_key, i.indicator_key""",
        (period_key, GENERATION_CODE[generation]),
    )


def ranking(url: str, generation: str, period_key: str, indicator_key: str) -> pd.DataFrame:
    """Every unit of the generation (63 or 34), its value (null: did not report) and rank; the units that
    reported first."""
    sql = """select p.province_key, p.province_code as unit_code, p.province_name as unit_name, r.value,
                    r.rank_desc as rank, r.file_name, r.line
             from marts.dim_province as p
             left join marts.mart_indicator_ranking as r
               on r.province_key = p.province_key and r.period_key = %s and r.indicator_key = %s
             where p.generation = %s"""
    df = _frame(url, sql, (period_key, indicator_key, GENERATION_CODE[generation]))
    return _vi_sorted(df, "unit_name", ["value"], [False])


def national_median(values: pd.Series) -> float | None:
    """The median of the units that reported, or None when fewer than MIN_UNITS_FOR_MEDIAN did."""
    reported = values.dropna().astype(float)
    return float(reported.median()) if len(reported) >= MIN_UNITS_FOR_MEDIAN else None


def map_values(url: str, generation: str, period_key: str, indicator_key: str) -> pd.DataFrame:
    """The value of every unit of the generation for the map (the ranking mart's values)."""
    return ranking(url, generation, period_key, indicator_key)


# -- trends across the merger -----------------------------------------------------------


def trend_units(url: str) -> pd.DataFrame:
    """The 34 units in force from 1/7/2025 that have a series, with the former provinces merged into each."""
    df = _frame(
        url,
        """select s.successor_code, max(s.successor_name) as successor_name,
                  (select string_agg(p.province_name, ', ' order by p.province_name) from marts.dim_province as p
                   where p.successor_code = s.successor_code and p.generation = '63') as former_provinces
           from marts.mart_successor_timeseries as s group by s.successor_code order by 2""",
    )
    return _vi_sorted(df, "successor_name")


def trend_indicators(url: str, successor_code: str) -> pd.DataFrame:
    return _frame(
        url,
        """select distinct i.indicator_key, i.domain_key, i.name_vi, i.name_en, coalesce(i.unit, s.unit) as unit,
                  i.kind
           from marts.mart_successor_timeseries as s join marts.dim_indicator as i using (indicator_key)
           where s.successor_code = %s and s.value is not null order by i.domain_key, i.indicator_key""",
        (successor_code,),
    )


def trend(url: str, successor_code: str, indicator_key: str) -> pd.DataFrame:
    """The successor unit's series (value: printed when the unit reported it itself, else summed or recomputed;
    value_recomputed beside it) and each former province's own series (as printed)."""
    return _frame(
        url,
        """select s.successor_name as series, 'successor' as series_kind, s.period_key, d.label_vi as period_label,
                  d.period_type, d.end_date, s.value, s.value_printed, s.value_recomputed, s.value_origin,
                  s.provinces_reporting, array_to_string(s.provinces, ', ') as provinces
           from marts.mart_successor_timeseries as s join marts.dim_period as d using (period_key)
           where s.successor_code = %(unit)s and s.indicator_key = %(ind)s
           union all
           select t.province_name || ' (cũ)', 'former', t.period_key, d.label_vi, d.period_type, d.end_date,
                  t.value, t.value, null, 'printed', 1, t.province_name
           from marts.mart_province_timeseries as t join marts.dim_period as d using (period_key)
           where t.successor_code = %(unit)s and t.indicator_key = %(ind)s and t.issuer_level = 'province'
             and not d.after_merger_2025
           order by end_date, series""",
        {"unit": successor_code, "ind": indicator_key},
    )


# -- data quality ---------------------------------------------------------------------


def dq_findings(url: str) -> pd.DataFrame:
    return _frame(
        url,
        """select severity, rule, province_name, period_key, file_name, line, location, report_number,
                  indicator_key, indicator_name_vi, observed, expected, message, validated_at
           from marts.mart_dq_findings order by severity, province_name, file_name, line""",
    )


def ocr_review(url: str) -> pd.DataFrame:
    """Values read by OCR from scans, least sure first (marts.mart_ocr_review)."""
    return _frame(
        url,
        """select file_name, page, box, code_as_printed, name_as_printed, raw_value, ocr_confidence, ocr_check, line
           from marts.mart_ocr_review order by ocr_check = 'accused' desc, ocr_confidence, file_name, line""",
    )


def dq_report_summary(url: str) -> pd.DataFrame:
    return _frame(
        url,
        """select file_name, report_number, province_name, period_key, issuer, is_superseded, blocking_findings,
                  warning_findings, rules_broken, parser_warnings, valued_appendix_rows, matched_appendix_rows,
                  matched_pct
           from marts.mart_dq_report_summary order by province_name, period_key, file_name""",
    )


def unpublished_reports(url: str) -> pd.DataFrame:
    """Files not in the published marts yet, and why (marts.publication_status, migration 095)."""
    return _frame(
        url,
        """select file_name, report_number, province, period_type, period_year, received_at, status, reason
           from marts.publication_status where status <> 'published' order by received_at desc, file_name""",
    )


# -- coverage -------------------------------------------------------------------------


def coverage(url: str) -> pd.DataFrame:
    """One row per published report: its province (and successor), period and issuer level."""
    return _frame(
        url,
        """select p.province_code, p.province_name, p.successor_code, p.successor_name, r.period_key,
                  d.label_vi as period_label, d.end_date, d.after_merger_2025, r.issuer_level, r.issuer,
                  r.file_name, r.report_number
           from marts.dim_report as r
           join marts.dim_province as p on p.province_key = r.province_key
           join marts.dim_period as d on d.period_key = r.period_key
           where not r.is_superseded order by d.end_date, p.province_name""",
    )


def provinces(url: str) -> pd.DataFrame:
    df = _frame(
        url,
        "select province_code, province_name, successor_code, successor_name from marts.dim_province"
        " where generation = '63' order by 2",
    )
    return _vi_sorted(df, "province_name")


def scorecard_table(url: str) -> pd.DataFrame:
    """Every published scorecard row (for the exports)."""
    return _frame(
        url,
        """select s.province_name, s.successor_name, s.period_key, d.label_vi as period_label, s.tthc_total,
                  s.on_time_rate_department, s.on_time_rate_district, s.on_time_rate_commune,
                  s.online_dossier_rate_full, s.online_dossier_rate_partial, s.plan_completion_rate,
                  s.disbursement_rate, s.pakn_resolution_rate
           from marts.mart_province_scorecard as s join marts.dim_period as d using (period_key)
           order by s.province_name, d.end_date""",
    )


def sources_table(url: str) -> pd.DataFrame:
    """Headline KPI values with their file and line (for the exports): the scorecard page's values."""
    return _frame(
        url,
        """select p.province_name, f.period_key, i.domain_key, f.indicator_key, i.name_vi, f.value,
                  coalesce(i.unit, f.unit) as unit, f.file_name, f.line, array_to_string(f.dq_flags, ', ') as dq_flags
           from marts.fact_indicator as f
           join marts.dim_indicator as i on i.indicator_key = f.indicator_key
           join marts.dim_province as p on p.province_key = f.province_key
           where f.source = 'appendix' and f.issuer_level = 'province' and f.indicator_key = any(%s)
             and f.value is not null
           order by p.province_name, f.period_key, i.domain_key, f.indicator_key""",
        ([k.indicator_key for k in HEADLINE_KPIS],),
    )
