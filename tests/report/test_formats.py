"""The rendered report, read back from each format: the figures, no identifiers, the marking."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import polars as pl
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cpmonitor.disclosure import SUPPRESSED, is_small
from cpmonitor.history import build_history
from cpmonitor.measures.repeat import repeat_cohort, repeat_plan_table
from cpmonitor.report.words import period_name
from cpmonitor.stats import round_half_up

LA = "335"


def expected_trend(census, report) -> list[dict]:
    """The trend rows as the core computes them, for the periods the report shows."""
    from cpmonitor.report.inputs import gather

    inputs = gather(census, LA, publish=False, compare_published=False)
    plans = build_history(census).plans.filter(pl.col("la") == LA)
    table = repeat_plan_table(plans, inputs.trend_periods, by=())
    rows = []
    for period, row in zip(inputs.trend_periods, table.iter_rows(named=True), strict=True):
        rows.append({"label": period_name(period), **row})
    assert [r["label"] for r in rows] == report.table("trend").column("Year")
    return rows


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{round_half_up(value, 1):.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "–" if value is None else str(value)


def docx_table(path: Path, first_header: str, contains: str) -> list[list[str]]:
    doc = Document(str(path))
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[0] == first_header and any(contains in h for h in header):
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table headed {first_header!r} with {contains!r} in {path.name}")


def xlsx_rows(path: Path, sheet: str) -> tuple[list[str], list[list]]:
    ws = load_workbook(path)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Year")
    body = []
    for r in rows[start + 1 :]:
        if r[0] is None:
            break
        body.append(r)
    return rows[start], body


# ----------------------------------------------------------------------- the trend table


def test_restricted_docx_trend_table_has_the_measures(census, restricted):
    expected = expected_trend(census, restricted.report)
    rows = docx_table(restricted.docx, "Year", "Statistical neighbours")
    assert rows[0][:4] == [
        "Year",
        "Plans started",
        "Repeat plans",
        f"{restricted.report.council} %",
    ]
    assert len(rows) - 1 == len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        assert got[0] == want["label"]
        assert got[1] == fmt(want["plans_started"])
        assert got[2] == fmt(want["repeat"])
        assert got[3] == fmt(want["percent"])


def test_restricted_xlsx_trend_sheet_has_the_measures_as_numbers(census, restricted, bench_store):
    expected = expected_trend(census, restricted.report)
    header, body = xlsx_rows(restricted.xlsx, "trend")
    council = restricted.report.council
    assert list(header[:4]) == ["Year", "Plans started", "Repeat plans", f"{council} %"]
    england = {r.label: r.england_value for r in bench_store.series(LA).rows}
    sn = {r.label: r.neighbours_mean for r in bench_store.series(LA).rows}
    col = {name: i for i, name in enumerate(header)}
    for got, want in zip(body, expected, strict=True):
        assert got[0] == want["label"]
        assert got[1] == want["plans_started"] and isinstance(got[1], int)
        assert got[2] == want["repeat"]
        assert got[3] == want["percent"]
        assert got[col["England %"]] == england.get(want["label"])
        want_sn = sn.get(want["label"])
        got_sn = got[col["Statistical neighbours' mean %"]]
        assert (got_sn is None and want_sn is None) or got_sn == round_half_up(want_sn, 1)
        low, high = got[col["95% interval: lower"]], got[col["95% interval: upper"]]
        assert low <= want["percent"] <= high


def test_published_trend_suppresses_only_small_numbers(census, published):
    expected = expected_trend(census, published.report)
    header, body = xlsx_rows(published.xlsx, "trend")
    docx = docx_table(published.docx, "Year", "Statistical neighbours")[1:]
    suppressed_rows = 0
    for got, text, want in zip(body, docx, expected, strict=True):
        started, repeat = want["plans_started"], want["repeat"]
        hide_repeat = repeat > 0 and (is_small(repeat) or is_small(started - repeat))
        if hide_repeat:
            suppressed_rows += 1
            assert got[2] == SUPPRESSED and got[3] == SUPPRESSED and text[3] == SUPPRESSED
        else:
            assert got[2] == repeat and got[3] == want["percent"]
            assert text[3] == fmt(want["percent"])
        assert got[1] == (SUPPRESSED if is_small(started) else started)
    assert suppressed_rows < len(expected)


# ------------------------------------------------------------------ no child identified


def _xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return meta + "\n".join(page.extract_text() for page in reader.pages)


def _ids_in(text: str, ids: set[str]) -> set[str]:
    found = set(re.findall(r"SYN\d+", text))
    return found & ids


def test_no_child_identifier_in_any_published_format(published, restricted, child_ids):
    cohort_ids = set(restricted.report.table("cohort").column("LAchildID"))
    assert cohort_ids and cohort_ids <= child_ids
    texts = {
        "html": published.html.read_text(encoding="utf-8"),
        "pdf": _pdf_text(published.pdf),
        "docx": _xml_text(published.docx),
        "xlsx": _xml_text(published.xlsx),
    }
    for fmt_name, text in texts.items():
        assert _ids_in(text, child_ids) == set(), fmt_name
    # the same search finds them in the restricted report (so the test can fail)
    assert cohort_ids <= _ids_in(restricted.html.read_text(encoding="utf-8"), child_ids)
    assert cohort_ids <= _ids_in(_pdf_text(restricted.pdf), child_ids)
    assert cohort_ids <= _ids_in(_xml_text(restricted.docx), child_ids)
    assert cohort_ids <= _ids_in(_xml_text(restricted.xlsx), child_ids)


def test_published_report_has_no_cohort_list(published):
    keys = [t.key for t in published.report.tables()]
    assert "cohort" not in keys and "quality_records" not in keys
    assert published.report.classification is None
    assert "OFFICIAL-SENSITIVE" not in published.html.read_text(encoding="utf-8")


# ------------------------------------------------------------- restricted: cohort, marking


def test_restricted_cohort_is_the_core_cohort(census, restricted):
    from cpmonitor.report.inputs import gather

    inputs = gather(census, LA, publish=False, compare_published=False)
    cohort = repeat_cohort(inputs.plans, inputs.period)
    table = restricted.report.table("cohort")
    assert table.column("LAchildID") == cohort["child_id"].to_list()
    assert table.column("Plan start") == cohort["start_date"].to_list()
    assert table.column("Gap (days)") == cohort["gap_days"].to_list()


def test_restricted_marking_on_every_page_and_sheet(restricted):
    marking = "OFFICIAL-SENSITIVE"
    html = restricted.html.read_text(encoding="utf-8")
    assert html.count(f'class="cpm-marking" role="note">{restricted.report.marking}<') == 2
    assert marking in restricted.report.marking  # top and bottom of the page
    pages = PdfReader(str(restricted.pdf)).pages
    assert len(pages) > 3
    for page in pages:
        assert page.extract_text().count(marking) >= 2  # top and bottom of the page
    doc = Document(str(restricted.docx))
    for section in doc.sections:
        assert marking in section.header.paragraphs[0].text
        assert marking in section.footer.paragraphs[0].text
    wb = load_workbook(restricted.xlsx)
    for ws in wb.worksheets:
        assert ws["A1"].value == restricted.report.marking, ws.title
        assert ws.oddHeader.center.text == restricted.report.marking, ws.title


def test_synthetic_data_is_marked_on_every_page_and_sheet(published):
    """Returns written by ``synth`` carry its mark, and every page made from them says so."""
    marking = "SYNTHETIC DATA"
    assert published.report.synthetic
    html = published.html.read_text(encoding="utf-8")
    assert html.count(f'class="cpm-marking" role="note">{published.report.marking}<') == 2
    for page in PdfReader(str(published.pdf)).pages:
        assert marking in page.extract_text()
    doc = Document(str(published.docx))
    for section in doc.sections:
        assert marking in section.header.paragraphs[0].text
    for ws in load_workbook(published.xlsx).worksheets:
        assert marking in ws["A1"].value, ws.title


def test_docx_has_real_headings_and_chart_alt_text(published):
    doc = Document(str(published.docx))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["1. Summary", "2. Trend against statistical neighbours and England"]
    assert any(p.style.name == "Title" for p in doc.paragraphs)
    xml = _xml_text(published.docx)
    assert 'descr="Line chart by year' in xml
    assert doc.core_properties.author == "cpmonitor"


def test_xlsx_has_one_sheet_per_table(published):
    wb = load_workbook(published.xlsx)
    keys = [t.key for t in published.report.tables()]
    assert wb.sheetnames[0] == "Report"
    assert set(keys) <= set(wb.sheetnames)
    assert wb.properties.creator == "cpmonitor"


def test_html_is_self_contained_and_accessible(published):
    html = published.html.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert not re.search(r'(src|href)="(https?:|//)', html)  # nothing fetched
    assert "@font-face" not in html and "GDS Transport" not in html
    assert html.count("<h1") == 1
    svgs = re.findall(r"<svg[^>]*>", html)
    assert svgs and all('role="img"' in s and "aria-labelledby" in s for s in svgs)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert html.count("<caption") == len(published.report.tables())
