"""The report as one self-contained, accessible HTML file (GOV.UK Frontend styles inlined).

Built with plain Python string building rather than a template engine: the report is a tree
of a few typed blocks (:mod:`.model`), each with one small function below, and every piece of
text passes through :func:`esc` — the one place escaping happens — so nothing needs
Django settings or a new dependency. Accessibility: ``lang``, a skip link, one ``h1`` and
numbered ``h2`` sections, tables with captions and ``scope``d headers, charts as inline SVG
with ``role="img"``, a title and a description (the same text as the alternative in Word),
each next to the table holding its figures.
"""

from __future__ import annotations

import re
from html import escape

from ..disclosure import SUPPRESSED
from . import words as w
from .css import govuk_css, report_css
from .model import (
    Bullets,
    Chart,
    Definitions,
    Heading,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Section,
    Table,
)

KEEP_TOGETHER = 24  # tables with at most this many rows are not split across printed pages
WIDE = 9  # tables with this many columns or more are printed smaller, to fit the page


def esc(text: object) -> str:
    """Escape text for HTML (quotes too, so it is safe in attributes)."""
    return escape(str(text), quote=True)


def _inline(text: str) -> str:
    """Escaped text with `code` spans."""
    parts = re.split(r"`([^`]+)`", text)
    return "".join(esc(p) if i % 2 == 0 else f"<code>{esc(p)}</code>" for i, p in enumerate(parts))


def _table(table: Table) -> str:
    head = "".join(
        f'<th scope="col" class="govuk-table__header'
        f'{"" if c.kind == "text" or i == 0 else " govuk-table__header--numeric"}">{esc(c.label)}</th>'
        for i, c in enumerate(table.columns)
    )
    body = []
    short = all(len(w.cell(row[0], table.columns[0])) <= 14 for row in table.rows)
    row_header = "govuk-table__header cpm-nowrap" if short else "govuk-table__header"
    for r, row in enumerate(table.rows):
        total = table.total_row and r == len(table.rows) - 1
        cells = []
        for i, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            text = esc(w.cell(value, column))
            if value == SUPPRESSED:
                text = f'<span class="cpm-suppressed" title="suppressed">{text}</span>'
            numeric = "" if column.kind == "text" else " govuk-table__cell--numeric"
            if i == 0:
                cells.append(f'<th scope="row" class="{row_header}">{text}</th>')
            else:
                cells.append(f'<td class="govuk-table__cell{numeric}">{text}</td>')
        cls = "govuk-table__row govuk-table__row--total" if total else "govuk-table__row"
        body.append(f'<tr class="{cls}">{"".join(cells)}</tr>')
    keep = " cpm-keep" if len(table.rows) <= KEEP_TOGETHER else ""
    wide = len(table.columns) >= WIDE
    caption_id = f"table-{esc(table.key)}-caption"
    html = (
        f'<table class="govuk-table{keep}{" cpm-wide" if wide else ""}" id="table-{esc(table.key)}">'
        f'<caption class="govuk-table__caption govuk-table__caption--m" id="{caption_id}">'
        f"{esc(table.title)}</caption>"
        f'<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{"".join(body)}</tbody></table>'
    )
    # on a narrow screen the table scrolls inside its own box (reachable by keyboard), not the page
    html = (
        f'<div class="cpm-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">'
        f"{html}</div>"
    )
    notes = "".join(f'<p class="govuk-body cpm-note">{_inline(n)}</p>' for n in table.notes)
    if table.detail:
        return (
            '<details class="govuk-details cpm-detail"><summary class="govuk-details__summary">'
            f'<span class="govuk-details__summary-text">{esc(table.title)}</span></summary>'
            f'<div class="govuk-details__text">{html}{notes}</div></details>'
        )
    return html + notes


def _chart(chart: Chart, detail: frozenset[str] = frozenset(), printed: bool = False) -> str:
    svg = _chart_image(chart) if printed else _inline_svg(chart)
    caption = f"{esc(chart.title)}."
    link = f'<a class="govuk-link" href="#table-{esc(chart.table)}">The figures are in a table</a>.'
    if chart.table in detail:  # a table the printed paper leaves out: say where it is instead
        caption += (
            f' <span class="cpm-screen">{link}</span>'
            '<span class="cpm-print"> The figures are in the Excel version of this report.</span>'
        )
    elif chart.table:
        caption += f" {link}"
    intro = f'<p class="govuk-body">{_inline(chart.intro)}</p>' if chart.intro else ""
    return f'<figure class="cpm-chart">{intro}{svg}<figcaption>{caption}</figcaption></figure>'


def _inline_svg(chart: Chart) -> str:
    """The chart as inline SVG: a screen reader reads its title and description."""
    title_id, desc_id = f"{chart.key}-title", f"{chart.key}-desc"
    svg = chart.svg
    opening = svg[: svg.index(">") + 1]
    accessible = opening.replace(
        "<svg", f'<svg role="img" aria-labelledby="{title_id} {desc_id}" focusable="false"', 1
    )
    return (
        accessible
        + f'<title id="{title_id}">{esc(chart.title)}</title><desc id="{desc_id}">{esc(chart.alt)}</desc>'
        + svg[len(opening) :]
    )


#: How the document the PDF prints names a chart (``cpmonitor-chart:<key>``): WeasyPrint
#: asks the PDF's fetcher for it (:mod:`.pdf`) only when it builds the page's boxes, after
#: parsing the page and matching its styles, so a chart still being drawn elsewhere
#: (:mod:`.drawing`) is drawn meanwhile.
CHART_ADDRESS = "cpmonitor-chart:"


def _chart_image(chart: Chart) -> str:
    """The chart as an image named by its address (:data:`CHART_ADDRESS`), with its title as
    the text alternative (the PDF's Figure ``/Alt``). WeasyPrint draws the SVG it is given
    the same; as an image its thousand-odd elements are not part of the page's HTML, which
    WeasyPrint would otherwise parse, match against every style rule and walk (a quarter of
    the PDF's time)."""
    return f'<img alt="{esc(chart.title)}" src="{CHART_ADDRESS}{esc(chart.key)}">'


def _block(block, detail: frozenset[str] = frozenset(), printed: bool = False) -> str:
    if isinstance(block, Paragraph):
        cls = "govuk-body-l" if block.lead else "govuk-body"
        return f'<p class="{cls}">{_inline(block.text)}</p>'
    if isinstance(block, Heading):
        return f'<h3 class="govuk-heading-m">{esc(block.text)}</h3>'
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_inline(i)}</li>" for i in block.items)
        if block.numbered:
            return f'<ol class="govuk-list govuk-list--number">{items}</ol>'
        return f'<ul class="govuk-list govuk-list--bullet">{items}</ul>'
    if isinstance(block, Notice):
        if block.kind == "warning":
            return (
                '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" '
                'aria-hidden="true">!</span><strong class="govuk-warning-text__text">'
                f'<span class="govuk-visually-hidden">Warning</span>{_inline(block.text)}'
                "</strong></div>"
            )
        return f'<div class="govuk-inset-text">{_inline(block.text)}</div>'
    if isinstance(block, KeyFigures):
        items = "".join(
            f'<li><span class="cpm-key-figures__label">{esc(f.label)}</span>'
            f'<span class="cpm-key-figures__value">{esc(f.value)}</span>'
            + (f'<span class="cpm-key-figures__detail">{esc(f.detail)}</span>' if f.detail else "")
            + "</li>"
            for f in block.items
        )
        return f'<ul class="cpm-key-figures">{items}</ul>'
    if isinstance(block, Definitions):
        rows = "".join(
            f'<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{esc(t)}</dt>'
            f'<dd class="govuk-summary-list__value">{_inline(d)}</dd></div>'
            for t, d in block.items
        )
        return (
            f'<h3 class="govuk-heading-m" id="{esc(block.key)}">{esc(block.title)}</h3>'
            f'<dl class="govuk-summary-list">{rows}</dl>'
        )
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block, detail, printed)
    raise TypeError(f"no HTML for {type(block).__name__}")


def _section(
    number: int, heading: str, section: Section, detail: frozenset[str], printed: bool
) -> str:
    cls = "cpm-section cpm-section--first" if number == 1 else "cpm-section"
    body = "".join(_block(b, detail, printed) for b in section.blocks)
    return (
        f'<section class="{cls}" id="{esc(section.key)}" aria-labelledby="{esc(section.key)}-h">'
        f'<h2 class="govuk-heading-l" id="{esc(section.key)}-h">{esc(heading)}</h2>'
        f"{body}</section>"
    )


def _body(report: Report, printed: bool = False) -> str:
    marking = ""
    if report.marking:
        marking = f'<div class="cpm-marking" role="note">{esc(report.marking)}</div>'
    meta = "".join(
        f'<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{esc(k)}</dt>'
        f'<dd class="govuk-summary-list__value">{esc(v)}</dd></div>'
        for k, v in report.meta
    )
    contents = "".join(
        f'<li><a class="govuk-link" href="#{esc(s.key)}">{esc(heading)}</a></li>'
        for heading, s in report.headings()
    )
    nav = (
        '<nav class="cpm-contents" aria-label="Contents"><h2 class="govuk-heading-m">Contents</h2>'
        f'<ol class="govuk-list">{contents}</ol></nav>'
    )
    detail = frozenset(t.key for t in report.tables() if t.detail)
    sections = "".join(
        _section(i, h, s, detail, printed) for i, (h, s) in enumerate(report.headings(), 1)
    )
    return (
        f'<a href="#main" class="govuk-skip-link">Skip to main content</a><header>{marking}'
        f'<div class="cpm-masthead"><p>{esc(report.council)} · Children\'s services performance report</p></div></header>'
        '<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main">'
        f'<span class="govuk-caption-l">{esc(report.subtitle)}</span>'
        f'<h1 class="govuk-heading-xl">{esc(report.title)}</h1>'
        f'<dl class="govuk-summary-list">{meta}</dl>'
        f"{'' if printed else nav}{sections}</main></div><footer>{marking}</footer>"
    )


def render_html(report: Report, printed: bool = False) -> str:
    """The whole report as one HTML document (no external resources but the printed one's
    charts, which the PDF's own fetcher gives).

    ``printed``: the document WeasyPrint prints (:mod:`.pdf`): the contents list, which the
    print stylesheet hides, is left out, and each chart is an ``<img>`` with its title as the
    text alternative, naming the chart (:data:`CHART_ADDRESS`) for the PDF's fetcher to give.
    (The tables kept for Excel stay, hidden: GOV.UK's sibling rules such as
    ``.govuk-body + .govuk-heading-m`` count them, so leaving them out would move what
    follows.)
    """
    body = _body(report, printed)
    used = set(re.findall(r'class="([^"]+)"', body))
    classes = {c for group in used for c in group.split()}
    footer = f"{report.council} · {report.period_label}"
    style = govuk_css(classes) + report_css(footer, report.marking)
    title = f"{report.title}: {report.subtitle}"
    if report.marking:
        title = f"{report.marking}: {title}"
    return (
        '<!DOCTYPE html><html lang="en-GB">'
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<meta name="generator" content="cpmonitor">'
        f"<style>{style}</style></head>"
        f"<body>{body}</body></html>"
    )
