"""Every printed page and every screen of the report, rendered and checked as a reader sees it.

PDF pages are rendered to PNG with poppler's ``pdftoppm`` (CI installs poppler-utils; skipped
without it unless ``CPMONITOR_REQUIRE_BROWSER`` is set, as for Chromium) and their margins must
be blank: a table or chart that runs off the page leaves ink there. The HTML report, in
Chromium at a desktop and a phone width, must not be wider than the window. The PNGs are kept
in the test's temporary folder (``--basetemp`` to keep them) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from builders import skip_without_chromium
from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.report import build_report, write_report
from cpmonitor.report.model import Chart, Notice

MARGIN_MM = 16  # the @page side margins (report/css.py)
DPI = 40


def pdf_pages(pdf: Path, folder: Path) -> list[Image.Image]:
    """Every page of ``pdf`` as a greyscale PNG in ``folder``."""
    if not shutil.which("pdftoppm"):
        if os.environ.get("CPMONITOR_REQUIRE_BROWSER"):
            pytest.fail("pdftoppm (poppler-utils) is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / pdf.stem)],
        check=True,
    )
    files = sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    return [Image.open(f).convert("L") for f in files]


def ink_in_side_margins(page: Image.Image) -> bool:
    """Anything printed in the outer 3/4 of either side margin (the footer sits inside)."""
    strip = round(MARGIN_MM * 0.75 / 25.4 * DPI)
    width, height = page.size
    for box in ((0, 0, strip, height), (width - strip, 0, width, height)):
        if page.crop(box).getextrema()[0] < 200:
            return True
    return False


@pytest.fixture(scope="module")
def authorised(tmp_path_factory) -> Path:
    """A restricted report with the Group Manager section and its 12-column monthly table."""
    from report.test_authorisation_section import PERIOD, TODAY, data, records

    folder = tmp_path_factory.mktemp("authorised")
    report = build_report(
        data(),
        "335",
        period=PERIOD,
        store=BenchmarkStore(folder / "b.sqlite3"),
        today=TODAY,
        authorisations=records(),
        publish=False,
    )
    return write_report(report, folder / "authorised.pdf")


@pytest.mark.parametrize("mode", ["published", "restricted"])
def test_every_printed_page_keeps_inside_its_margins(request, mode, tmp_path):
    rendered = request.getfixturevalue(mode)
    pages = pdf_pages(rendered.pdf, tmp_path)
    assert len(pages) == len(PdfReader(rendered.pdf).pages) > 3
    assert [i for i, page in enumerate(pages, 1) if ink_in_side_margins(page)] == []


def test_the_monthly_conference_table_fits_the_printed_page(authorised, tmp_path):
    pages = pdf_pages(authorised, tmp_path)
    text = " ".join(p.extract_text() for p in PdfReader(authorised).pages)
    assert "Conference requests and Group Manager decisions, by month" in text
    assert [i for i, page in enumerate(pages, 1) if ink_in_side_margins(page)] == []


def test_the_pdf_is_tagged_for_screen_readers(published):
    """PDF/UA-1: marked content, a structure tree with headings, tables and figures that carry
    their text alternative, the language and the title (Accessibility Regulations 2018)."""
    reader = PdfReader(published.pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    marking = published.report.marking  # synthetic data are marked in the title too
    assert reader.metadata.title.startswith(f"{marking}: {published.report.title}")
    kinds, alternatives = set(), []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            kinds.add(node.get("/S"))
            if node.get("/S") == "/Figure":
                alternatives.append(node.get("/Alt"))
            if node.get("/K") is not None:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P", "/L", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    charts = published.report.charts()
    assert sorted(alternatives) == sorted(c.title for c in charts)


def test_every_chart_caption_in_the_pdf_points_to_a_table_that_is_printed(published):
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(published.pdf).pages))
    tables = {t.key: t for t in published.report.tables()}
    charts = published.report.charts()
    printed = [c for c in charts if c.table and not tables[c.table].detail]
    kept_out = [c for c in charts if c.table and tables[c.table].detail]
    assert kept_out, "the rolling chart's table is an Excel-only one"
    assert text.count("The figures are in a table") == len(printed)
    assert text.count("The figures are in the Excel version of this report") == len(kept_out)


def test_a_chart_whose_every_figure_is_suppressed_is_a_sentence_not_empty_axes(published):
    gaps = published.report.table("gaps")
    assert all(v in ("c", 0) for v in gaps.column("Repeat plans")[:-1])  # the fixture's case
    blocks = [b for s in published.report.sections for b in s.blocks]
    assert "gaps-chart" not in [b.key for b in blocks if isinstance(b, Chart)]
    assert (
        Notice(
            "Repeat plans by time since the previous plan ended: no chart, because every figure "
            "in it is suppressed (c: a number from 1 to 5, or one that would reveal it) or nought."
        )
        in blocks
    )


def test_a_chart_is_suppressed_only_when_no_figure_would_be_drawn():
    def chart(values, labels):
        data = {"labels": ["a", "b"], "series": {"Repeat plans": values}}
        data["value_labels"] = {"Repeat plans": labels}
        return Chart("k", "T", "alt", "bar_chart", data)

    assert chart([None, 0], ["c", "0"]).suppressed
    assert not chart([None, 7], ["c", "7"]).suppressed
    assert not chart([0, 0], ["0", "0"]).suppressed  # noughts are figures, not suppression
    assert chart([None, 0], ["c", "0"]).empty is False  # a nought is a figure to draw
    assert chart([], []).empty and not chart([], []).suppressed


def test_a_chart_with_nothing_to_draw_is_a_sentence():
    from cpmonitor.report.build import _unless_suppressed

    data = {"labels": [], "series": {"First plans": [], "Repeat plans": []}}
    empty = Chart("factors-chart", "Factors at assessment", "alt", "bar_chart", data)
    assert _unless_suppressed(empty) == Notice(
        "Factors at assessment: no chart, because there is no figure to draw."
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_html_report_is_never_wider_than_the_window(browser, published, width, tmp_path):
    skip_without_chromium()
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="en-GB")
    page.goto(published.html.as_uri())
    page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
