"""The PDF's charts: named in the printed page and given to WeasyPrint by the report's own
fetcher (:func:`cpmonitor.report.pdf.chart_fetcher`), which gives nothing else; a chart that
cannot be drawn stops the PDF with its name, never leaves a blank."""

from __future__ import annotations

import dataclasses
import re

import pytest
from pypdf import PdfReader

from cpmonitor.report import ReportError
from cpmonitor.report.html import CHART_ADDRESS, render_html
from cpmonitor.report.pdf import chart_fetcher, render_pdf

from .conftest import unprintable_chart


def test_the_printed_page_names_each_chart_and_the_pdf_draws_it(published):
    charts = published.report.charts()
    page = render_html(published.report, printed=True)
    named = re.findall(rf'src="{CHART_ADDRESS}([^"]+)"', page)
    assert named == [c.key for c in charts]
    assert "data:image" not in page
    # the trend chart's axis title is text in the SVG, so it is text in the PDF once drawn
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(published.pdf).pages)
    assert "% of plans starting that were a repeat plan" in text


def test_the_pdf_fetches_its_own_charts_and_nothing_else(published):
    fetch = chart_fetcher(published.report)
    chart = published.report.charts()[0]
    response = fetch(CHART_ADDRESS + chart.key)
    assert response.read() == chart.svg.encode("utf-8")
    assert response.headers.get_content_type() == "image/svg+xml"
    response.close()
    for address in (
        "file:///etc/passwd",
        "https://example.org/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
        CHART_ADDRESS + "no-such-chart",
    ):
        with pytest.raises(ValueError, match="fetches only its own charts"):
            fetch(address)


def test_a_chart_that_cannot_be_drawn_stops_the_pdf_with_its_name(published):
    bad = unprintable_chart()
    first = published.report.sections[0]
    report = dataclasses.replace(
        published.report, sections=[dataclasses.replace(first, blocks=[*first.blocks, bad])]
    )
    with pytest.raises(ReportError, match="The chart “Plans by year” could not be drawn"):
        render_pdf(report)
