"""Helpers shared by the dashboard pages: the reader URL, cached queries, the widgets and tables several
pages show, labels, charts.

Freshness: every page opens with ``header()``, which reads the latest publication of the marts (a one-row
view, uncached) and says when the data were published ("Số liệu công bố lúc …", Vietnam's time). Query
results are cached per publication: the cache key holds the publication's id, so the first page load after a
publication reads the new marts, and nothing older than the latest publication is ever shown."""

from __future__ import annotations

import altair as alt
import pandas as pd
import psycopg
import streamlit as st

from pardw.dashboard import queries
from pardw.dashboard.formatting import fmt_exceptions, fmt_published, fmt_value, period_label
from pardw.parse.provinces import MERGER_DATE  # Nghị quyết 202/2025/QH15: 63 provincial units -> 34

# Vega expression turning d3's "1,993.5" into the Vietnamese "1.993,5"
VI_NUMBER_EXPR = (
    "replace(replace(replace(format(datum.value, ',.2~f'), regexp(',', 'g'), '_'), "
    "regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')"
)


def url() -> str:
    """The reader URL, or stop the page with a clear message."""
    try:
        return queries.dashboard_url()
    except queries.DashboardConfigError as exc:
        st.error(str(exc))
        st.stop()


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, db_url: str, publication_id: str, *args) -> pd.DataFrame:
    """``queries.<name>`` once per publication (``publication_id`` is part of the cache key, unused here)."""
    return getattr(queries, name)(db_url, *args)


def publication() -> dict:
    """The latest publication (id, time, forced), read once per page run (``header`` reads it)."""
    current = st.session_state.get("_pardw_publication")
    if current is None:
        current = _read_publication()
    return current


def _read_publication() -> dict:
    try:
        df = queries.latest_publication(url())
    except psycopg.Error as exc:
        st.error(f"Không đọc được kho dữ liệu (the warehouse could not be read): {exc}")
        st.stop()
    row = df.iloc[0].to_dict() if len(df) else {"publication_id": "none", "published_at": None, "forced": False}
    st.session_state["_pardw_publication"] = row
    return row


def load(name: str, *args) -> pd.DataFrame:
    """Run ``queries.<name>`` through the cache of the current publication; a database error stops the page
    with its message."""
    try:
        return _cached(name, url(), str(publication()["publication_id"]), *args)
    except psycopg.Error as exc:
        st.error(f"Không đọc được kho dữ liệu (the warehouse could not be read): {exc}")
        st.stop()


def load_or_stop(name: str, *args, empty: str) -> pd.DataFrame:
    """``load``; a result without rows stops the page with ``empty`` as a note."""
    df = load(name, *args)
    if df.empty:
        st.info(empty)
        st.stop()
    return df


def header(title_vi: str, help_en: str) -> None:
    """The page's title and, under it, when the data it shows were published (read fresh on every run)."""
    st.title(title_vi, help=help_en)
    current = _read_publication()
    st.caption(fmt_published(current.get("published_at")),
               help="The time of the latest publication of the marts; every table below is from it.")  # fmt: skip
    for line in publication_exception_lines(url()):
        st.warning(line, icon="⚠️")


def publication_exception_lines(db_url: str) -> list[str]:
    """The latest publication's exceptions (override, accepted blocking findings), read fresh on every page."""
    try:
        df = queries.publication_exceptions(db_url)
    except psycopg.Error:
        return []  # a warehouse without migration 120: no exceptions recorded
    if df.empty:
        return []
    row = df.iloc[0]
    return fmt_exceptions(bool(row["forced"]), row["force_reason"], row["exceptions"])


def generation_radio() -> str:
    """The generation of provincial units a page shows: "before" (63) or "after" (34) the 2025 merger."""
    return st.radio(
        "Thế hệ đơn vị hành chính", list(queries.GENERATIONS), format_func=queries.GENERATIONS.get, key="generation",
        horizontal=True, help="Generation of provincial units: 63 before 1/7/2025, 34 from 1/7/2025",
    )  # fmt: skip


def pick_indicator(container, indicators: pd.DataFrame, default: str, help_en: str) -> tuple[str, pd.Series]:
    """An indicator select box in ``container`` (``default`` first chosen when listed); returns the chosen
    key and its row of ``indicators``."""
    keys = list(indicators["indicator_key"])
    labels = {r.indicator_key: f"{r.indicator_key} · {r.name_vi}" for r in indicators.itertuples()}
    indicator = container.selectbox(
        "Chỉ tiêu", keys, index=keys.index(default) if default in keys else 0, key="indicator",
        format_func=labels.get, help=help_en,
    )  # fmt: skip
    return indicator, indicators.set_index("indicator_key").loc[indicator]


def table(columns: pd.DataFrame | dict, **kwargs) -> None:
    """A table without the index, as wide as the page."""
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch", **kwargs)


def with_values(df: pd.DataFrame, unit: str | None, column: str = "value") -> pd.DataFrame:
    out = df.copy()
    out["value_vi"] = [fmt_value(v, unit) for v in out[column]]
    return out


def bar_chart(df: pd.DataFrame, median: float | None, unit: str | None) -> alt.LayerChart:
    """Sorted horizontal bars of the units that reported, with the national median as a rule when there is one
    (queries.national_median: not for one or two units)."""
    data = with_values(df.dropna(subset=["value"]), unit)
    data["value"] = data["value"].astype(float)
    bars = (
        alt.Chart(data)
        .mark_bar(color="#1f6fb2")
        .encode(
            x=alt.X("value:Q", title="Giá trị", axis=alt.Axis(labelExpr=VI_NUMBER_EXPR)),
            y=alt.Y("unit_name:N", sort="-x", title=None),
            tooltip=[alt.Tooltip("unit_name:N", title="Tỉnh"), alt.Tooltip("value_vi:N", title="Giá trị")],
        )
    )
    layers = [bars]
    if median is not None:
        rule = pd.DataFrame({"median": [float(median)], "label": [f"Trung vị: {fmt_value(median, unit)}"]})
        layers.append(alt.Chart(rule).mark_rule(color="#c0392b", strokeDash=[6, 3]).encode(x="median:Q"))
        layers.append(
            alt.Chart(rule).mark_text(align="left", dx=4, dy=-6, color="#c0392b").encode(x="median:Q", text="label:N")
        )
    return alt.layer(*layers).properties(height=max(60, 26 * len(data)))


PERIOD_KIND_VI = {"FY": "Năm", "H1": "6 tháng", "9M": "9 tháng", "Q1": "Quý", "Q2": "Quý", "Q3": "Quý", "Q4": "Quý"}


def _fitted(values: pd.Series, pad: float = 0.08) -> list[float]:
    lo, hi = float(values.min()), float(values.max())
    margin = (hi - lo) * pad or max(abs(hi) * pad, 1.0)
    return [lo - margin, hi + margin]


def trend_chart(df: pd.DataFrame, unit: str | None) -> alt.LayerChart:
    """Points and lines per series over the period end date. A line joins periods of one kind only (years with
    years, quarters with quarters: a 9-month figure is not the next point of a quarterly series); both axes are
    fitted to the data; dashed rules mark the merger and the template change when they fall within the data."""
    data = with_values(df.dropna(subset=["value"]), unit)
    data["value"] = data["value"].astype(float)
    data["period_label"] = [period_label(p) for p in data["period_key"]]
    data["period_kind"] = [PERIOD_KIND_VI.get(t, t) for t in data["period_type"]]
    data["end_date"] = pd.to_datetime(data["end_date"])
    if data.empty:
        return alt.layer(alt.Chart(data).mark_point()).properties(height=360)
    start, end = data["end_date"].min(), data["end_date"].max()
    pad = max((end - start) * 0.08, pd.Timedelta(days=45))
    x = alt.X("end_date:T", title="Cuối kỳ báo cáo", axis=alt.Axis(format="%m/%Y"),
              scale=alt.Scale(domain=[(start - pad).isoformat(), (end + pad).isoformat()]))  # fmt: skip
    y = alt.Y("value:Q", title="Giá trị", axis=alt.Axis(labelExpr=VI_NUMBER_EXPR),
              scale=alt.Scale(domain=_fitted(data["value"]), zero=False))  # fmt: skip
    tooltip = [alt.Tooltip("series:N", title="Đơn vị"), alt.Tooltip("period_label:N", title="Kỳ"),
               alt.Tooltip("value_vi:N", title="Giá trị")]  # fmt: skip
    base = alt.Chart(data).encode(x=x, y=y, color=alt.Color("series:N", title="Đơn vị"), tooltip=tooltip)
    lines = base.mark_line().encode(detail="period_kind:N", strokeDash=alt.StrokeDash("period_kind:N", title="Kỳ"))
    points = base.mark_point(size=80, filled=True).encode(shape=alt.Shape("period_kind:N", title="Kỳ"))
    markers = pd.DataFrame(
        {
            "date": [pd.Timestamp(MERGER_DATE), pd.Timestamp(queries.TEMPLATE_CHANGE_DATE)],
            "label": ["Sáp nhập tỉnh 1/7/2025", "Mẫu 4625/BNV-CCHC 2/7/2025"],
            "dy": [-8, 8],
        }
    )
    markers = markers[(markers["date"] >= start - pad) & (markers["date"] <= end + pad)]
    layers = [lines, points]
    if len(markers):
        layers.append(alt.Chart(markers).mark_rule(strokeDash=[4, 4], color="#888").encode(x="date:T"))
        texts = alt.Chart(markers).mark_text(align="right", dx=-4, baseline="top", color="#555")
        layers.append(texts.encode(x="date:T", y=alt.value(4), text="label:N").transform_filter("datum.dy < 0"))
        layers.append(texts.encode(x="date:T", y=alt.value(20), text="label:N").transform_filter("datum.dy > 0"))
    return alt.layer(*layers).properties(height=360)
