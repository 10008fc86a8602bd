"""The dashboard's charts: the report's own charts (:mod:`cpmonitor.report.charts`), served as
SVG data URIs (no JavaScript, CSP-safe). Every chart sits beside a table holding the same
figures and has a text alternative in its template.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cpmonitor.report import charts


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def trend(labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    """The report's Diagram 1 chart: the council (first series) against its comparators."""
    return _data_uri(charts.trend_chart(labels, series, fmt="svg", key="trend"))


def rolling(labels: Sequence[str], values: Sequence[float | None]) -> str:
    """The report's rolling 12-month chart, a tick every third month."""
    return _data_uri(charts.rolling_chart(labels, values, fmt="svg", key="rolling", every=3))


def from_report(chart) -> str:
    """A chart block of a report section (:class:`cpmonitor.report.model.Chart`), as is."""
    return _data_uri(chart.svg)
