"""Plotly figures from the aggregates in :mod:`dashboards.queries`.

The builders take plain rows and already-translated labels, so they need no request.
Empty data gives a figure that says so (no axes), never a broken chart.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Sequence

import plotly.graph_objects as go

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


def base_layout(fig: go.Figure, height: int = 360, large: bool = False) -> go.Figure:
    size = 20 if large else 13
    fig.update_layout(
        height=height, margin=dict(l=10, r=20, t=30, b=10),
        font=dict(family=FONT, size=size, color="#111"),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#fff",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=size),
                    traceorder="normal"),
        hoverlabel=dict(font=dict(family=FONT)),
    )
    fig.update_xaxes(gridcolor="#e5e7eb", zerolinecolor="#9ca3af", automargin=True)
    fig.update_yaxes(gridcolor="#e5e7eb", automargin=True)
    return fig


def count_axis(values: Sequence[int]) -> dict[str, Any]:
    """Axis settings for counts: whole-number ticks, about eight of them at most."""
    top = max(values, default=0)
    return dict(rangemode="tozero", tickformat="d", tick0=0, dtick=max(1, -(-top // 8)))


def empty_figure(message: str, height: int = 220, large: bool = False) -> go.Figure:
    """A blank figure with ``message`` in the middle and no axes."""
    fig = go.Figure()
    base_layout(fig, height, large)
    fig.update_layout(plot_bgcolor="rgba(0,0,0,0)")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=28 if large else 16, color="#6b7280"))
    return fig


def unit_bars(units: Sequence[Any], names: Sequence[str], series: dict[str, str],
              large: bool = False, caption: str = "") -> go.Figure:
    """Horizontal stacked bars of overdue / open on time / closed per unit.

    ``units`` are :class:`dashboards.queries.UnitCounts` in display order (most open first,
    shown at the top); ``series`` maps ``overdue``, ``on_time`` and ``closed`` to legend
    labels. The height grows with the number of units so every name stays readable.
    """
    fig = go.Figure()
    ids = [u.unit_id for u in units]
    totals = [u.open + u.closed for u in units]
    for key in ("overdue", "on_time", "closed"):
        values = [getattr(u, key) for u in units]
        fig.add_bar(y=list(names), x=values, name=series[key], orientation="h",
                    marker_color=COLORS[key], customdata=ids,
                    hovertemplate="%{y}<br>" + series[key] + ": %{x}<extra></extra>")
    row = UNIT_ROW_PX + (10 if large else 0)
    height = max(260, row * len(units) + 90)
    base_layout(fig, height, large)
    fig.update_layout(barmode="stack", bargap=0.25, clickmode="event")
    if caption:  # the chart shows part of the units: say so above it
        fig.update_layout(title=dict(text=caption, font=dict(size=13), x=0, xanchor="left"),
                          margin=dict(t=90))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=22 if large else 13),
                     dtick=1, type="category")
    fig.update_xaxes(side="top", **count_axis(totals))
    return fig


def open_closed_bars(labels: Sequence[str], open_counts: Sequence[int],
                     closed_counts: Sequence[int], series: dict[str, str],
                     large: bool = False) -> go.Figure:
    """Vertical stacked open / closed bars per category or source."""
    fig = go.Figure()
    fig.add_bar(x=list(labels), y=list(open_counts), name=series["open"],
                marker_color=COLORS["open"])
    fig.add_bar(x=list(labels), y=list(closed_counts), name=series["closed"],
                marker_color=COLORS["closed"])
    base_layout(fig, 320, large)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(**count_axis([o + c for o, c in zip(open_counts, closed_counts)]))
    return fig


def cumulative_lines(points: Sequence[tuple[date, int, int]], series: dict[str, str],
                     today: date, large: bool = False) -> go.Figure:
    """Cumulative raised versus closed items, as steps over calendar days up to today."""
    points = list(points)
    if points and points[-1][0] < today:
        points.append((today, points[-1][1], points[-1][2]))
    days = [p[0].isoformat() for p in points]
    mode = "lines" if len(points) > 1 else "lines+markers"  # one day: a line has no length
    fig = go.Figure()
    fig.add_scatter(x=days, y=[p[1] for p in points], name=series["raised"], mode=mode,
                    line=dict(color=COLORS["raised"], width=3, shape="hv"))
    fig.add_scatter(x=days, y=[p[2] for p in points], name=series["closed"], mode=mode,
                    line=dict(color=COLORS["closed"], width=3, shape="hv"), fill="tozeroy",
                    fillcolor="rgba(26,127,55,0.12)")
    base_layout(fig, 320, large)
    first, last = points[0][0], points[-1][0]
    pad = timedelta(days=3) if last - first < timedelta(days=7) else timedelta(0)
    fig.update_xaxes(type="date", tickformat="%Y-%m-%d",
                     range=[(first - pad).isoformat(), (last + pad).isoformat()])
    fig.update_yaxes(**count_axis([p[1] for p in points]))
    return fig


def status_bars(labels: Sequence[str], counts: Sequence[int], keys: Sequence[str],
                large: bool = False) -> go.Figure:
    fig = go.Figure()
    fig.add_bar(x=list(labels), y=list(counts), marker_color=[COLORS[k] for k in keys],
                text=list(counts), textposition="auto")
    base_layout(fig, 300, large)
    fig.update_yaxes(**count_axis(counts))
    return fig


def count_bars(labels: Sequence[str], counts: Sequence[int], name: str,
               ids: Sequence[int] | None = None, large: bool = False) -> go.Figure:
    """Horizontal bars of one count per label (e.g. overdue items per unit)."""
    fig = go.Figure()
    fig.add_bar(y=list(labels), x=list(counts), orientation="h", name=name,
                marker_color=COLORS["overdue"], customdata=list(ids or []),
                text=list(counts), textposition="auto")
    base_layout(fig, max(220, UNIT_ROW_PX * len(labels) + 80), large)
    fig.update_yaxes(autorange="reversed", type="category", dtick=1)
    fig.update_xaxes(**count_axis(counts))
    return fig


# Plugin panels --------------------------------------------------------------------------

def plugin_figure(data: dict[str, Any], locale: str, empty: str,
                  large: bool = False) -> go.Figure | None:
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
    fig = go.Figure()
    for index, (key, values) in enumerate(series.items()):
        color = PALETTE[index % len(PALETTE)]
        if kind == "bar":
            fig.add_bar(x=x, y=list(values), name=names.get(key, key), marker_color=color)
        else:
            fig.add_scatter(x=x, y=list(values), name=names.get(key, key), mode="lines+markers",
                            line=dict(color=color, width=3))
    if data.get("ceiling") is not None:
        fig.add_hline(y=data["ceiling"], line_dash="dash", line_color=COLORS["overdue"])
    base_layout(fig, 320, large)
    fig.update_layout(showlegend=len(series) > 1)
    fig.update_xaxes(type="category")  # labels exactly as the plugin gave them
    fig.update_yaxes(rangemode="tozero")
    return fig


def _localised(data: dict[str, Any], key: str, locale: str) -> list | None:
    suffix = "en" if locale.startswith("en") else "zh"
    return data.get(f"{key}_{suffix}")
