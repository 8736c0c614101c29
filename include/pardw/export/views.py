"""The dashboard views as tables for export: one ``Table`` per workbook sheet / HTML section."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from pardw.dashboard import queries
from pardw.dashboard.coverage import coverage_grid
from pardw.dashboard.findings import findings_table
from pardw.dashboard.formatting import fmt_exceptions, period_label
from pardw.dashboard.queries import GENERATIONS, HEADLINE_KPIS

RANKED_INDICATORS = ("iii.3.3", "iii.1.4", "i.2", "vi.1", "vii.6.3")
TREND_INDICATORS = ("iii.1.4", "iii.3.3")


@dataclass(frozen=True)
class Table:
    sheet: str  # workbook sheet name (≤ 31 characters)
    title_vi: str
    help_en: str
    frame: pd.DataFrame
    units: dict[str, str | None] = field(default_factory=dict)  # numeric column -> unit ('%' for rates)
    unit_column: str | None = None  # a column holding each row's unit (mixed-unit tables)


@dataclass(frozen=True)
class Chart:
    kind: str  # 'bar' (ranking) or 'line' (trend)
    title: str
    unit: str | None
    data: pd.DataFrame  # bar: label, value; line: series, end_date, period_label, value
    median: float | None = None


@dataclass(frozen=True)
class MapView:
    title: str
    generation: str  # 'before' (63 units) or 'after' (34)
    unit: str | None
    values: dict[str, float | None]  # unit code -> value


@dataclass(frozen=True)
class Views:
    generated_at: datetime
    tables: list[Table]
    charts: list[Chart]
    published_at: datetime | None = None  # the publication the marts hold (marts.latest_publication)
    scorecards: list[tuple[str, pd.DataFrame]] = field(default_factory=list)  # (province · period, its KPIs)
    maps: list[MapView] = field(default_factory=list)
    exceptions: tuple[str, ...] = ()  # "Công bố có ngoại lệ" lines of the publication (override, accepted findings)


def _ranking_views(url: str) -> tuple[pd.DataFrame, list[Chart], list[MapView]]:
    rows, charts, maps = [], [], []
    for generation in GENERATIONS:
        for n, period in enumerate(queries.ranking_periods(url, generation).itertuples()):
            indicators = queries.ranking_indicators(url, generation, period.period_key).set_index("indicator_key")
            for key in RANKED_INDICATORS:
                if key not in indicators.index:
                    continue
                info = indicators.loc[key]
                df = queries.ranking(url, generation, period.period_key, key)
                reported = df.dropna(subset=["value"])
                median = queries.national_median(df["value"])
                for r in df.itertuples():
                    rows.append(
                        {"Thế hệ": GENERATIONS[generation], "Kỳ": period_label(period.period_key),
                         "Chỉ tiêu": f"{key} · {info['name_vi']}", "Tỉnh, thành phố": r.unit_name,
                         "Giá trị": None if pd.isna(r.value) else float(r.value),
                         "Hạng": None if pd.isna(r.rank) else int(r.rank),
                         "Trung vị toàn quốc": median, "Đơn vị tính": info["unit"],
                         "Đơn vị có số liệu": f"{len(reported)}/{len(df)}"}
                    )  # fmt: skip
                title = f"{info['name_vi']} — {period_label(period.period_key)} ({GENERATIONS[generation]})"
                charts.append(
                    Chart("bar", f"{title}: {len(reported)}/{len(df)} đơn vị có số liệu", info["unit"],
                          pd.DataFrame({"label": reported["unit_name"], "value": reported["value"].astype(float)}),
                          median)
                )  # fmt: skip
                if n == 0 and not [m for m in maps if m.generation == generation]:  # the latest period's map
                    values = {r.unit_code: (None if pd.isna(r.value) else float(r.value)) for r in df.itertuples()}
                    maps.append(MapView(title, generation, info["unit"], values))
    return pd.DataFrame(rows), charts, maps


def _trend_views(url: str) -> tuple[pd.DataFrame, list[Chart]]:
    rows, charts = [], []
    for unit in queries.trend_units(url).itertuples():
        available = queries.trend_indicators(url, unit.successor_code).set_index("indicator_key")
        for key in TREND_INDICATORS:
            if key not in available.index:
                continue
            df = queries.trend(url, unit.successor_code, key)
            name = next(k.label_vi for k in HEADLINE_KPIS if k.indicator_key == key)
            unit_of = available.loc[key, "unit"]
            for r in df.itertuples():
                rows.append(
                    {"Tỉnh (từ 1/7/2025)": unit.successor_name, "Chỉ tiêu": f"{key} · {name}", "Đơn vị": r.series,
                     "Kỳ": period_label(r.period_key), "Cuối kỳ": r.end_date,
                     "Giá trị": None if pd.isna(r.value) else float(r.value),
                     "Tính lại từ số liệu thành phần": None if pd.isna(r.value_recomputed) else float(r.value_recomputed),
                     "Đơn vị tính": unit_of}
                )  # fmt: skip
            charts.append(
                Chart("line", f"{name} — {unit.successor_name} (gồm {unit.former_provinces})", unit_of,
                      df[["series", "end_date", "period_key", "period_type", "value"]].assign(
                          value=df["value"].astype(float)))
            )  # fmt: skip
    return pd.DataFrame(rows), charts


def _scorecards(url: str) -> list[tuple[str, pd.DataFrame]]:
    """Each province and period's headline KPIs that have a value (the scorecard page's query)."""
    out = []
    for choice in queries.scorecard_choices(url).itertuples():
        kpis = queries.scorecard_kpis(url, choice.province_key, choice.period_key)
        kpis = kpis[kpis["value"].notna()].sort_values(["domain_key", "indicator_key"])
        if len(kpis):
            out.append((f"{choice.province_name} · {period_label(choice.period_key)}", kpis))
    return out


def collect_views(url: str) -> Views:
    """Every view of the dashboards, read from the published marts."""
    score = queries.scorecard_table(url)
    score = score.assign(period_label=[period_label(p) for p in score["period_key"]]).drop(columns=["period_key"])
    score_cols = {
        "province_name": "Tỉnh, thành phố", "successor_name": "Tỉnh từ 1/7/2025", "period_label": "Kỳ báo cáo",
        "tthc_total": "Tổng số TTHC", "on_time_rate_department": "Đúng hạn cấp tỉnh (%)",
        "on_time_rate_district": "Đúng hạn cấp huyện (%)", "on_time_rate_commune": "Đúng hạn cấp xã (%)",
        "online_dossier_rate_full": "Hồ sơ trực tuyến toàn trình (%)",
        "online_dossier_rate_partial": "Hồ sơ trực tuyến một phần (%)",
        "plan_completion_rate": "Hoàn thành kế hoạch CCHC (%)", "disbursement_rate": "Giải ngân vốn đầu tư công (%)",
        "pakn_resolution_rate": "Giải quyết PAKN (%)",
    }  # fmt: skip
    score = score[list(score_cols)].rename(columns=score_cols)
    score_units = {c: ("%" if c.endswith("(%)") else "Thủ tục") for c in list(score_cols.values())[3:]}

    sources = queries.sources_table(url)
    sources = pd.DataFrame(
        {"Tỉnh, thành phố": sources["province_name"], "Kỳ": [period_label(p) for p in sources["period_key"]],
         "Lĩnh vực": sources["domain_key"], "Mã chỉ tiêu": sources["indicator_key"], "Chỉ tiêu": sources["name_vi"],
         "Giá trị": sources["value"].astype(float), "Đơn vị tính": sources["unit"], "Tệp": sources["file_name"],
         "Dòng": sources["line"], "Cờ DQ": sources["dq_flags"]}
    )  # fmt: skip
    ranking, ranking_charts, maps = _ranking_views(url)
    trends, trend_charts = _trend_views(url)

    findings = findings_table(queries.dq_findings(url))
    pending = queries.unpublished_reports(url)[["file_name", "province", "status", "reason"]]
    pending = pending.rename(columns={"file_name": "Tệp", "province": "Tỉnh", "status": "Trạng thái",
                                      "reason": "Lý do (English)"})  # fmt: skip
    reports, units = queries.coverage(url), queries.provinces(url)
    tables = [
        Table("Bảng điểm", "Bảng điểm tỉnh", "Province scorecard: headline KPIs per province and period",
              score, score_units),
        Table("Nguồn số liệu", "Chỉ tiêu chính và nguồn", "Headline values with their source file and line",
              sources, {"Giá trị": None}, unit_column="Đơn vị tính"),
        Table("Xếp hạng", "Xếp hạng tỉnh, thành phố", "Rankings per generation, period and indicator, national median",
              ranking, {"Giá trị": None, "Hạng": "Hạng", "Trung vị toàn quốc": None}, unit_column="Đơn vị tính"),
        Table("Xu hướng", "Xu hướng qua sáp nhập", "Trends: post-2025 units with their former provinces",
              trends, {"Giá trị": None, "Tính lại từ số liệu thành phần": None}, unit_column="Đơn vị tính"),
        Table("Chất lượng dữ liệu", "Phát hiện chất lượng dữ liệu", "Data-quality findings (latest validation run)",
              findings),
        Table("Chưa công bố", "Báo cáo chưa được công bố", "Reports not yet published, and why", pending),
        Table("Độ phủ (63 tỉnh)", "Độ phủ báo cáo — 63 tỉnh", "Coverage before 1/7/2025 (✔ province, ◐ agency only)",
              coverage_grid(reports, units, "before")),
        Table("Độ phủ (34 tỉnh)", "Độ phủ báo cáo — 34 tỉnh", "Coverage from 1/7/2025",
              coverage_grid(reports, units, "after")),
    ]  # fmt: skip
    latest = queries.latest_publication(url)
    published_at = latest["published_at"].iloc[0] if len(latest) else None
    exceptions = queries.publication_exceptions(url)
    lines = (
        fmt_exceptions(bool(exceptions["forced"].iloc[0]), exceptions["force_reason"].iloc[0],
                       exceptions["exceptions"].iloc[0])
        if len(exceptions) else []
    )  # fmt: skip
    return Views(generated_at=datetime.now(UTC), tables=tables, charts=ranking_charts + trend_charts,
                 published_at=published_at, scorecards=_scorecards(url), maps=maps,
                 exceptions=tuple(lines))  # fmt: skip
