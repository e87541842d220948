"""Plotly figures from the aggregates in :mod:`rectify.figures.aggregates`.

The builders take plain rows and already-translated labels, so they need no request.
Empty data gives a figure that says so (no axes), never a broken chart.

Figures are plain ``{"data": [...], "layout": {...}}`` dicts in Plotly's JSON schema rather
than ``plotly.graph_objects.Figure`` objects: building and validating graph objects cost
more than the SQL behind the overview (about 20 ms a figure), and their serialised form
carries Plotly's default template (about 7 KB a figure) that the browser does not need.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

Figure = dict[str, Any]

FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
COLORS = {
    "closed": "#1a7f37",
    "on_time": "#1d4ed8",
    "overdue": "#b3261e",
    "open": "#b45309",
    "in_progress": "#1d4ed8",
    "submitted": "#6b21a8",
    "raised": "#1f2328",
}
PALETTE = ["#1d4ed8", "#b45309", "#1a7f37", "#6b21a8", "#b3261e", "#0e7490", "#4b5563"]
UNIT_ROW_PX = 26
GRID = "#e5e7eb"


def figure(traces: list[dict[str, Any]], height: int = 360, large: bool = False,
           xaxis: dict[str, Any] | None = None, yaxis: dict[str, Any] | None = None,
           legend_y: float = 1.0, **layout: Any) -> Figure:
    """A figure with the dashboards' common layout; ``layout`` adds or replaces keys.
    The legend runs along the top, its bottom at ``legend_y`` (1 = the plot's top edge)."""
    size = 20 if large else 13
    base = dict(
        height=height, margin=dict(l=10, r=20, t=30, b=10),
        font=dict(family=FONT, size=size, color="#111"),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#fff",
        legend=dict(orientation="h", yanchor="bottom", y=legend_y, x=0, font=dict(size=size),
                    traceorder="normal"),
        hoverlabel=dict(font=dict(family=FONT)),
        xaxis=dict(gridcolor=GRID, zerolinecolor="#9ca3af", automargin=True, **(xaxis or {})),
        yaxis=dict(gridcolor=GRID, automargin=True, **(yaxis or {})),
    )
    return {"data": traces, "layout": {**base, **layout}}


def count_axis(values: Sequence[int]) -> dict[str, Any]:
    """Axis settings for counts: whole-number ticks a round step apart (1, 2, 5, 10, 20,
    50, ...), eight of them at most, with thousands separated (",d")."""
    top = max(values, default=0)
    return dict(rangemode="tozero", tickformat=",d", tick0=0, dtick=round_step(top / 8))


def round_step(least: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``least``."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= least:
                return step * scale
        scale *= 10


def empty_figure(message: str, height: int = 220, large: bool = False) -> Figure:
    """A blank figure with ``message`` in the middle and no axes."""
    note = dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                font=dict(size=28 if large else 16, color="#6b7280"))
    return figure([], height, large, xaxis=dict(visible=False), yaxis=dict(visible=False),
                  plot_bgcolor="rgba(0,0,0,0)", annotations=[note])


def unit_bars(units: Sequence[Any], names: Sequence[str], series: dict[str, str],
              large: bool = False, caption: str = "") -> Figure:
    """Horizontal stacked bars of overdue / open on time / closed per unit.

    ``units`` are :class:`rectify.figures.aggregates.UnitCounts` in display order (the first shown
    at the top); ``series`` maps ``overdue``, ``on_time`` and ``closed`` to legend
    labels. The height grows with the number of units so every name stays readable.
    """
    ids = [u.unit_id for u in units]
    traces = [dict(type="bar", y=list(names), x=[getattr(u, key) for u in units],
                   name=series[key], orientation="h", marker=dict(color=COLORS[key]),
                   customdata=ids,
                   hovertemplate="%{y}<br>" + series[key] + ": %{x}<extra></extra>")
              for key in ("overdue", "on_time", "closed")]
    height = max(260, (UNIT_ROW_PX + (10 if large else 0)) * len(units) + 90)
    top = 110 if caption else 60
    # The count axis is on top (the chart is tall), so the legend sits above its labels.
    legend_y = 1 + (30 if large else 24) / max(height - top - 10, 1)
    extra: dict[str, Any] = {}
    if caption:  # the chart shows part of the units: say so above it
        extra = dict(title=dict(text=caption, font=dict(size=13), x=0, xanchor="left",
                                yref="container", y=1, yanchor="top", pad=dict(t=10)))
    return figure(traces, height, large, barmode="stack", bargap=0.25, clickmode="event",
                  legend_y=legend_y, margin=dict(l=10, r=20, t=top, b=10),
                  xaxis=dict(side="top", **count_axis([u.open + u.closed for u in units])),
                  yaxis=dict(autorange="reversed", tickfont=dict(size=22 if large else 13),
                             dtick=1, type="category"),
                  **extra)


def open_closed_bars(labels: Sequence[str], open_counts: Sequence[int],
                     closed_counts: Sequence[int], series: dict[str, str],
                     large: bool = False) -> Figure:
    """Vertical stacked open / closed bars per category or source."""
    traces = [dict(type="bar", x=list(labels), y=list(counts), name=series[key],
                   marker=dict(color=COLORS[key]))
              for key, counts in (("open", open_counts), ("closed", closed_counts))]
    totals = [o + c for o, c in zip(open_counts, closed_counts, strict=True)]
    return figure(traces, 320, large, barmode="stack", yaxis=count_axis(totals))


def cumulative_lines(points: Sequence[tuple[date, int, int]], series: dict[str, str],
                     today: date, large: bool = False) -> Figure:
    """Cumulative raised versus closed items, as steps over calendar days up to today."""
    points = list(points)
    if points and points[-1][0] < today:
        points.append((today, points[-1][1], points[-1][2]))
    days = [p[0].isoformat() for p in points]
    mode = "lines" if len(points) > 1 else "lines+markers"  # one day: a line has no length
    raised = dict(type="scatter", x=days, y=[p[1] for p in points], name=series["raised"],
                  mode=mode, line=dict(color=COLORS["raised"], width=3, shape="hv"))
    closed = dict(type="scatter", x=days, y=[p[2] for p in points], name=series["closed"],
                  mode=mode, line=dict(color=COLORS["closed"], width=3, shape="hv"),
                  fill="tozeroy", fillcolor="rgba(26,127,55,0.12)")
    first, last = points[0][0], points[-1][0]
    pad = timedelta(days=3) if last - first < timedelta(days=7) else timedelta(0)
    return figure([raised, closed], 320, large,
                  xaxis=dict(type="date", tickformat="%Y-%m-%d",
                             range=[(first - pad).isoformat(), (last + pad).isoformat()]),
                  yaxis=count_axis([p[1] for p in points]))


def status_bars(labels: Sequence[str], counts: Sequence[int], keys: Sequence[str],
                large: bool = False) -> Figure:
    trace = dict(type="bar", x=list(labels), y=list(counts),
                 marker=dict(color=[COLORS[k] for k in keys]), text=list(counts),
                 textposition="auto")
    return figure([trace], 300, large, yaxis=count_axis(counts))


def count_bars(labels: Sequence[str], counts: Sequence[int], name: str,
               ids: Sequence[int] | None = None, large: bool = False) -> Figure:
    """Horizontal bars of one count per label (e.g. overdue items per unit)."""
    trace = dict(type="bar", y=list(labels), x=list(counts), orientation="h", name=name,
                 marker=dict(color=COLORS["overdue"]), customdata=list(ids or []),
                 text=list(counts), textposition="auto")
    return figure([trace], max(220, UNIT_ROW_PX * len(labels) + 80), large,
                  yaxis=dict(autorange="reversed", type="category", dtick=1),
                  xaxis=count_axis(counts))


# Plugin panels --------------------------------------------------------------------------

def plugin_figure(data: dict[str, Any], locale: str, empty: str,
                  large: bool = False) -> Figure | None:
    """A Plotly figure from a plugin panel's figure data (kinds ``bar`` and ``line``);
    ``None`` for kinds that are not charts (``number``, ``table``)."""
    kind = data.get("kind")
    if kind not in ("bar", "line"):
        return None
    x = _localised(data, "labels", locale) or list(data.get("x") or [])
    series = data.get("series") or ({"": data["y"]} if data.get("y") is not None else {})
    if not x or not any(any(values) for values in series.values()):
        return empty_figure(empty, large=large)
    names = data.get(f"series_labels_{'en' if locale.startswith('en') else 'zh'}") or {}
    traces = []
    for index, (key, values) in enumerate(series.items()):
        color = PALETTE[index % len(PALETTE)]
        trace = dict(x=x, y=list(values), name=names.get(key, key))
        if kind == "bar":
            trace.update(type="bar", marker=dict(color=color))
        else:
            trace.update(type="scatter", mode="lines+markers", line=dict(color=color, width=3))
        traces.append(trace)
    shapes = []
    if data.get("ceiling") is not None:
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y",
                           y0=data["ceiling"], y1=data["ceiling"],
                           line=dict(dash="dash", color=COLORS["overdue"])))
    return figure(traces, 320, large, showlegend=len(series) > 1, shapes=shapes,
                  xaxis=dict(type="category"),  # labels exactly as the plugin gave them
                  yaxis=dict(rangemode="tozero"))


def _localised(data: dict[str, Any], key: str, locale: str) -> list | None:
    suffix = "en" if locale.startswith("en") else "zh"
    return data.get(f"{key}_{suffix}")
