"""The view's evidence over time: a bar per week or month, stacked by relation family, above the tables.

Drawn with Altair (Vega-Lite, which Streamlit ships inside its own page: nothing is fetched). The bars
count the evidence of the view's edges under every filter but its dates (graph.query.timeline), so the
whole span stays visible; the view's own date range is shaded. Dragging across the bars (a brush) sets
`since` and `until` in the URL, snapped to whole weeks or months, like the sidebar's dates.
"""
from __future__ import annotations

import calendar
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from graph import View

from . import loaders, state

KEY = "timeline"          # the chart's widget key
BRUSH = "dates"           # its interval selection
HEIGHT = 150              # pixels of the plot


def _start(day: dt.date, period: str) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if period == "week" else day.replace(day=1)


def _end(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return _start(day, period) + dt.timedelta(days=6)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _day(ms: float) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date()


def brushed_range(values, period: str) -> tuple[str, str] | None:
    """The dates a brush over the bars covers (two epoch-millisecond ends), as whole periods: the first
    day of the period it starts in, the last day of the period it ends in (an end on a bar's edge does
    not take the next bar)."""
    if not values or len(values) < 2:
        return None
    lo, hi = sorted(float(v) for v in values[:2])
    first = _day(lo)
    last = _day(hi - 1 if hi > lo else hi)
    return _start(first, period).isoformat(), _end(last, period).isoformat()


def _on_brush(period: str) -> None:
    picked = st.session_state.get(KEY)
    selection = (picked or {}).get("selection") or {}
    dates = brushed_range((selection.get(BRUSH) or {}).get("start"), period)
    if dates:   # an emptied brush leaves the dates as they are ("All dates" clears them)
        current, _ = state.read_view()
        state.go(current.with_(since=dates[0], until=dates[1]), nav=False)


def _all_dates() -> None:
    current, _ = state.read_view()
    state.go(current.with_(since=None, until=None), nav=False)


def frame(data: dict, families: list[dict]) -> pd.DataFrame:
    """One row per bar segment (period and relation), with its end, family order and a label."""
    order = {f["name"]: i for i, f in enumerate(families)}
    period = data["period"]
    rows = []
    for r in data["rows"]:
        day = dt.date.fromisoformat(r["start"])
        end = _end(day, period) + dt.timedelta(days=1)
        label = f"week of {day.day} {day:%b %Y}" if period == "week" else f"{day:%B %Y}"
        rows.append({**r, "start": pd.Timestamp(day), "end": pd.Timestamp(end), "order": order.get(r["family"], 99),
                     "period": label, "relation": r["relation"].replace("_", " ")})
    return pd.DataFrame(rows)


def figure(df: pd.DataFrame, families: list[dict], view: View) -> alt.LayerChart:
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    families = [f for f in families if f["name"] in set(df["family"])]   # the legend lists what is drawn
    names = [f["name"] for f in families]
    bars = alt.Chart(df).mark_bar(stroke="white", strokeWidth=0.3).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=True, grid=False)),
        x2="end:T",
        y=alt.Y("sum(evidence):Q", title="evidence", stack="zero", axis=alt.Axis(tickMinStep=1, grid=True)),
        color=alt.Color("family:N", scale=alt.Scale(domain=names, range=[f["colour"] for f in families]),
                        legend=alt.Legend(orient="top", title=None, symbolType="square", columns=len(names),
                                          labelLimit=220)),
        order=alt.Order("order:Q", sort="ascending"),
        tooltip=[alt.Tooltip("period:N", title="when"), alt.Tooltip("relation:N"), alt.Tooltip("family:N"),
                 alt.Tooltip("evidence:Q", title="evidence sentences")],
    ).add_params(brush)
    layers = [bars]
    if view.since or view.until:   # the view's own dates, shaded behind the bars
        lo = pd.Timestamp(view.since or df["start"].min())
        hi = pd.Timestamp(view.until) + pd.Timedelta(days=1) if view.until else df["end"].max()
        shade = alt.Chart(pd.DataFrame({"a": [lo], "b": [hi]})).mark_rect(color="#1f5fa8", opacity=0.10).encode(
            x="a:T", x2="b:T")
        layers = [shade, bars]
    return alt.layer(*layers).properties(height=HEIGHT).configure_view(strokeWidth=0)


def chart(path: str, view: View) -> None:
    """The timeline of the view, with the brush that sets its dates."""
    data = loaders.timeline(path, view)
    if not data["rows"]:
        if data["undated"]:
            st.caption(f"None of this view's {data['undated']:,} evidence sentences is dated: no timeline.")
        return
    families = loaders.families()
    df = frame(data, families)
    note = (f"**Evidence over time** · by {data['period']}, coloured by relation family · drag across the bars "
            f"to show those dates")
    if data["undated"]:
        note += f" · {data['undated']:,} undated evidence sentence{'s' if data['undated'] != 1 else ''} not shown"
    if view.since or view.until:   # the button first: the chart's own toolbar shows at its top right
        button, head = st.columns([1, 6], vertical_alignment="center")
        button.button("All dates", key="timeline_all", on_click=_all_dates, icon=":material/date_range:",
                      help="Clear the date range (the shaded part of the timeline)")
        head.caption(note)
    else:
        st.caption(note)
    st.altair_chart(figure(df, families, view), key=KEY, on_select=lambda: _on_brush(data["period"]),
                    selection_mode=BRUSH, width="stretch", height=HEIGHT + 60)
