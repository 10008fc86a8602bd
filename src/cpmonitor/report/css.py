"""The report's stylesheet: the GOV.UK Frontend rules the page uses, plus print layout.

GOV.UK Frontend's compiled CSS is vendored with the web app
(``cpmonitor/web/static/govuk/govuk-frontend.min.css``, MIT licence). A report is one file, so
only the rules whose selectors use the classes on the page are inlined (with the
``@media`` blocks around them). The GDS Transport typeface is for GOV.UK only: its
``@font-face`` rules are dropped and Arial is used, as GOV.UK Frontend advises services
outside GOV.UK (metric-compatible Liberation Sans where Arial is not installed).

Print (the PDF is WeasyPrint printing the same HTML): A4, page numbers, the council and
period in the footer, and the protective marking at the top and bottom of every page of a
restricted report.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

GOVUK_CSS = (
    Path(__file__).resolve().parents[1] / "web" / "static" / "govuk" / "govuk-frontend.min.css"
)
FONT_STACK = 'arial, "Liberation Sans", helvetica, sans-serif'
_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level ``(prelude, body)`` pairs of a stylesheet (comments removed)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, depth, start, prelude = [], 0, 0, ""
    i = 0
    while i < len(css):
        ch = css[i]
        if ch in "\"'":  # skip strings, which may hold braces
            end = css.index(ch, i + 1)
            i = end + 1
            continue
        if ch == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:i]))
                start = i + 1
        elif ch == ";" and depth == 0:  # @charset, @import
            start = i + 1
        i += 1
    return out


def _selector_used(selector: str, used: set[str]) -> bool:
    if selector.strip() in (":root",):
        return True
    classes = _CLASS.findall(selector)
    return bool(classes) and all(c in used for c in classes)


def subset(css: str, used: set[str]) -> str:
    """The rules of ``css`` that style elements with the classes in ``used``."""
    out = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@font-face"):
            continue
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = subset(body, used)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
            continue
        if prelude.startswith("@"):
            continue
        selectors = [s for s in prelude.split(",") if _selector_used(s, used)]
        if selectors:
            out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


@cache
def _govuk() -> str:
    return GOVUK_CSS.read_text(encoding="utf-8")


def govuk_css(used: set[str]) -> str:
    """GOV.UK Frontend's rules for ``used`` classes, in Arial."""
    text = subset(_govuk(), used)
    return re.sub(
        r"font-family:(GDS Transport,arial,sans-serif|sans-serif)",
        f"font-family:{FONT_STACK}",
        text,
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def report_css(footer: str, marking: str | None) -> str:
    """The report's own rules: screen layout, key figures, charts, and the printed page."""
    stamp = ""
    if marking:
        stamp = f"""
  @top-center {{ content: {_quote(marking)}; font: bold 11pt {FONT_STACK}; color: #ca3535; }}
  @bottom-center {{ content: {_quote(marking)}; font: bold 11pt {FONT_STACK}; color: #ca3535; }}"""
    return f"""
html, body {{ background: #fff; }}
body {{ margin: 0; font-family: {FONT_STACK}; color: #0b0c0c; }}
.cpm-marking {{ background: #ca3535; color: #fff; font: bold 1.2rem {FONT_STACK};
  text-align: center; padding: 8px; letter-spacing: .05em; }}
.cpm-masthead {{ background: #1d70b8; color: #fff; padding: 14px 0; }}
.cpm-masthead p {{ margin: 0 auto; max-width: 960px; padding: 0 15px; font: bold 1.1rem {FONT_STACK}; }}
.cpm-key-figures {{ display: flex; flex-wrap: wrap; gap: 15px; margin: 0 0 30px; padding: 0; list-style: none; }}
.cpm-key-figures li {{ flex: 1 1 180px; border-left: 5px solid #1d70b8; background: #f4f8fb; padding: 10px 15px; }}
.cpm-key-figures .cpm-key-figures__label {{ display: block; font-size: 1rem; }}
.cpm-key-figures .cpm-key-figures__value {{ display: block; font-size: 2.25rem; font-weight: 700; line-height: 1.2; }}
.cpm-key-figures .cpm-key-figures__detail {{ display: block; font-size: 1rem; color: #484949; }}
.cpm-chart {{ margin: 0 0 30px; }}
.cpm-chart svg, .cpm-chart img {{ width: 100%; max-width: 720px; height: auto; }}
.cpm-chart figcaption {{ font-size: 1rem; color: #484949; margin-top: 5px; }}
.cpm-chart p {{ margin-bottom: 10px; }}
.cpm-note {{ font-size: 1rem; color: #484949; margin-top: -15px; margin-bottom: 25px; }}
.govuk-table__row--total th, .govuk-table__row--total td {{ font-weight: 700; border-top: 2px solid #0b0c0c; }}
.cpm-contents {{ margin-bottom: 30px; }}
code {{ font-family: monospace; background: #f3f2f1; padding: 0 3px; }}
.cpm-suppressed {{ color: #484949; }}
.cpm-nowrap, .govuk-table__cell--numeric {{ white-space: nowrap; }}
.cpm-scroll {{ overflow-x: auto; margin-bottom: 20px; }}
.cpm-print {{ display: none; }}
.cpm-scroll:focus {{ outline: 3px solid #fd0; }}
.cpm-wide .govuk-table__header {{ min-width: 4.5em; }}

@page {{
  size: A4;
  margin: 22mm 16mm 20mm 16mm;
  @bottom-left {{ content: {_quote(footer)}; font: 8pt {FONT_STACK}; color: #484949; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt {FONT_STACK}; color: #484949; }}{stamp}
}}
@media print {{
  html {{ font-size: 9.5pt; }}
  body {{ font-size: 10pt; }}
  .cpm-marking, .govuk-skip-link, .cpm-detail, .cpm-contents {{ display: none; }}
  .cpm-masthead {{ background: none; color: #1d70b8; padding: 0 0 4mm; border-bottom: 2pt solid #1d70b8; margin-bottom: 6mm; }}
  .cpm-masthead p {{ padding: 0; max-width: none; font-size: 10pt; }}
  .govuk-width-container {{ margin: 0; max-width: none; }}
  .govuk-main-wrapper {{ padding: 0; }}
  .govuk-heading-xl {{ font-size: 20pt; margin-bottom: 4mm; }}
  .govuk-heading-l {{ font-size: 15pt; margin: 0 0 3mm; break-after: avoid; }}
  .govuk-heading-m, .govuk-table__caption--m {{ font-size: 11pt; break-after: avoid; }}
  .govuk-caption-l {{ font-size: 11pt; }}
  .govuk-body, .govuk-body-l, .govuk-list, .govuk-inset-text, .govuk-warning-text__text,
  .govuk-summary-list {{ font-size: 10pt; line-height: 1.35; }}
  .govuk-body-l {{ font-size: 11.5pt; }}
  .govuk-table {{ font-size: 8.5pt; line-height: 1.25; margin-bottom: 4mm; }}
  .govuk-table__header, .govuk-table__cell {{ padding: 1.6mm 2mm 1.6mm 0; }}
  .govuk-table__caption {{ font-size: 10.5pt; padding-bottom: 1.5mm; }}
  .govuk-table tr {{ break-inside: avoid; }}
  .cpm-keep {{ break-inside: avoid; }}
  .govuk-heading-l + .govuk-body, .govuk-heading-l + .govuk-body-l {{ break-after: avoid; }}
  .govuk-heading-l + .govuk-body + .cpm-chart {{ break-before: avoid; }}
  .cpm-section {{ margin-top: 8mm; }}
  .govuk-summary-list {{ display: table; width: 100%; margin-bottom: 6mm; }}
  .govuk-summary-list__row {{ display: table-row; }}
  .govuk-summary-list__key, .govuk-summary-list__value {{ display: table-cell;
    border-bottom: 0.5pt solid #cecece; padding: 1.2mm 3mm 1.2mm 0; }}
  .govuk-summary-list__key {{ width: 28%; }}
  .govuk-inset-text {{ margin: 3mm 0; padding: 2mm 4mm; }}
  .govuk-warning-text {{ margin: 3mm 0; }}
  .cpm-chart {{ break-inside: avoid; margin-bottom: 5mm; }}
  .cpm-chart svg, .cpm-chart img {{ width: 100%; }}
  .cpm-key-figures {{ gap: 3mm; margin-bottom: 5mm; }}
  .cpm-key-figures li {{ flex: 1 1 0; padding: 2mm 3mm; }}
  .cpm-key-figures .cpm-key-figures__label, .cpm-key-figures .cpm-key-figures__detail {{ font-size: 8.5pt; }}
  .cpm-key-figures .cpm-key-figures__value {{ font-size: 18pt; }}
  .cpm-note {{ font-size: 8.5pt; margin-top: -2mm; margin-bottom: 5mm; }}
  .cpm-scroll {{ overflow: visible; }}
  .cpm-screen {{ display: none; }}
  .cpm-print {{ display: inline; }}
  .govuk-table.cpm-wide {{ font-size: 7pt; table-layout: fixed; width: 100%; }}
  .cpm-wide .govuk-table__header, .cpm-wide .govuk-table__cell {{ padding: 1.2mm 1mm 1.2mm 0;
    min-width: 0; white-space: normal; overflow-wrap: break-word; hyphens: auto; }}
  .cpm-wide .govuk-table__header:first-child {{ width: 12%; }}
}}
"""
