"""Charts: one drawing, SVG (text kept as text, unique ids) and PNG, from plain data."""

from __future__ import annotations

import re

from cpmonitor import charts

LABELS = ["2013-14", "2014-15", "2015-16", "2016-17 to 31 Aug 2016"]
SERIES = {"Council": [10.4, 13.8, 17.2, 8.5], "England": [15.8, 16.6, 17.9, None]}


def test_trend_chart_svg_keeps_text_and_prefixes_ids():
    svg = charts.trend_chart(LABELS, SERIES, part_year="year to date", key="trend")
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert "2015-16" in svg and "Council, year to date" in svg  # text, not glyph paths
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("trend-") for i in ids)
    refs = re.findall(r'(?:href="#|url\(#)([^")]+)', svg)
    assert refs and set(refs) <= set(ids)


def test_two_charts_share_no_ids():
    a = charts.trend_chart(LABELS, SERIES, key="a")
    b = charts.trend_chart(LABELS, SERIES, key="b")
    assert not set(re.findall(r'id="([^"]+)"', a)) & set(re.findall(r'id="([^"]+)"', b))


def test_png_and_missing_values():
    png = charts.bar_chart(
        ["Under 6 months", "6 months to under 1 year"],
        {"Repeat plans": [None, 7]},
        value_labels={"Repeat plans": ["c", "7"]},
        integer=True,
        fmt="png",
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    rolling = charts.rolling_chart([f"m{i}" for i in range(30)], [None] * 3 + [12.5] * 27)
    assert rolling.startswith("<svg")


def test_unknown_format_is_an_error():
    try:
        charts.rolling_chart(["a", "b"], [1.0, 2.0], fmt="gif")
    except ValueError as exc:
        assert "svg or png" in str(exc)
    else:
        raise AssertionError("gif accepted")


def test_replan_chart_steps_and_points_with_their_legend_as_text():
    series = {"Ended 2014-15": [(0, 0.0), (3.0, 4.6), (12.0, 7.3)], "Ended 2015-16": []}
    svg = charts.replan_chart(series, key="replan")
    assert "Ended 2014-15" in svg and "Months since the plan ended" in svg
    assert all(i.startswith("replan-") for i in re.findall(r'id="([^"]+)"', svg))
    png = charts.replan_chart({"Ended 2014-15": [(0, 0.0), (6, 4.6)]}, steps=False, fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
