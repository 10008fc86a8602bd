"""The dashboard's charts: the report's own charts (:mod:`cpmonitor.charts`), served as
SVG data URIs (no JavaScript, CSP-safe). Every chart sits beside a table holding the same
figures and has a text alternative in its template. Each is drawn once for its figures and
shared by every worker process (:func:`cpmonitor.web.shared_cache.by_content`), so matplotlib
is imported only by the process that draws one (a worker serving charts from the cache never
loads it).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from ..shared_cache import by_content


def _charts():
    from cpmonitor import charts

    return charts


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def trend(labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    """The report's Diagram 1 chart: the council (first series) against its comparators."""
    labels, series = list(labels), {k: list(v) for k, v in series.items()}
    return by_content(
        "trend-chart",
        (labels, series),
        lambda: _data_uri(_charts().trend_chart(labels, series, fmt="svg", key="trend")),
    )


def rolling(labels: Sequence[str], values: Sequence[float | None]) -> str:
    """The report's rolling 12-month chart, a tick every third month."""
    labels, values = list(labels), list(values)
    return by_content(
        "rolling-chart",
        (labels, values),
        lambda: _data_uri(
            _charts().rolling_chart(labels, values, fmt="svg", key="rolling", every=3)
        ),
    )


def from_report(chart) -> str:
    """A chart block of a report section (:class:`cpmonitor.report.model.Chart`), as is."""
    return _data_uri(chart.svg)
