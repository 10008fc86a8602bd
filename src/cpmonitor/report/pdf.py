"""The report as PDF: WeasyPrint prints the same HTML with its print stylesheet.

Page size, numbering, footer and the OFFICIAL-SENSITIVE marking of restricted reports are CSS
``@page`` rules (:mod:`.css`); long tables repeat their header row on each page. Tables kept
for Excel only (``detail``) and the HTML contents list are not printed.

The PDF is tagged (PDF/UA-1: a structure tree of headings, paragraphs, lists, tables and
figures with their text alternatives, the document's language and title), as the Public Sector
Bodies Accessibility Regulations 2018 ask of a published council document.

The printed page names each chart (:data:`.html.CHART_ADDRESS`), and WeasyPrint asks the
report's fetcher (:func:`chart_fetcher`) for it when it builds the page's boxes, after parsing
the page and matching its styles: a chart still being drawn in the drawing process
(:mod:`.drawing`) is finished meanwhile. The fetcher gives the report's charts and nothing
else: the PDF reads no file and no network address, whatever the report's text holds.
"""

from __future__ import annotations

import logging

from .formats import ReportError
from .html import CHART_ADDRESS, render_html
from .model import Report


def chart_fetcher(report: Report):
    """A WeasyPrint URL fetcher that gives ``report``'s charts (as SVG) and refuses every
    other address."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    charts = {c.key: c for c in report.charts()}

    class ChartFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            chart = charts.get(url[len(CHART_ADDRESS) :]) if url.startswith(CHART_ADDRESS) else None
            if chart is None:
                raise ValueError(f"the report's PDF fetches only its own charts, not {url[:80]}")
            svg = chart.svg.encode("utf-8")
            return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})

    # a chart that cannot be drawn stops the PDF (WeasyPrint would leave the picture out)
    return ChartFetcher(fail_on_errors=True)


def render_pdf(report: Report) -> bytes:
    """PDF bytes of ``report`` (A4)."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS rule it does not support (GOV.UK's screen-only rules) as a
    # warning; they are expected, so keep them out of the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint.urls import FatalURLFetchingError

    page = render_html(report, printed=True)
    try:
        return HTML(string=page, url_fetcher=chart_fetcher(report)).write_pdf(
            pdf_variant="pdf/ua-1"
        )
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        if isinstance(cause, ReportError):  # e.g. a chart that cannot be drawn
            raise cause from None
        raise ReportError(f"the PDF cannot be printed: {cause or exc}") from None
