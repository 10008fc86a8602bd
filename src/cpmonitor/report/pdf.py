"""The report as PDF: WeasyPrint prints the same HTML with its print stylesheet.

Page size, numbering, footer and the OFFICIAL-SENSITIVE marking of restricted reports are CSS
``@page`` rules (:mod:`.css`); long tables repeat their header row on each page. Tables kept
for Excel only (``detail``) and the HTML contents list are not printed.

The PDF is tagged (PDF/UA-1: a structure tree of headings, paragraphs, lists, tables and
figures with their text alternatives, the document's language and title), as the Public Sector
Bodies Accessibility Regulations 2018 ask of a published council document.
"""

from __future__ import annotations

import logging

from .html import render_html
from .model import Report


def render_pdf(report: Report) -> bytes:
    """PDF bytes of ``report`` (A4)."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS rule it does not support (GOV.UK's screen-only rules) as a
    # warning; they are expected, so keep them out of the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=render_html(report, printed=True)).write_pdf(pdf_variant="pdf/ua-1")
