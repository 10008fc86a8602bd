"""Every page of the report's Word and Excel versions, printed as a reader would print them.

LibreOffice (``soffice --headless --convert-to pdf``) prints the DOCX and the XLSX to PDF, and
poppler's ``pdftoppm`` renders each page to PNG (kept in the test's temporary folder for a
person to look at; ``--basetemp`` keeps them). Each page must be A4 with ink on it, nothing
may print in the outer half of a side margin (a table cut off the page leaves ink there), and
every word in the workbook's text cells and the document's tables must be in the printed text
(``pdftotext``): nothing dropped off a page. The fixture's reports are the session's demo-profile
council (:mod:`report.conftest`), in both modes. Skipped without LibreOffice, unless ``CI`` or
``CPMONITOR_REQUIRE_BROWSER`` is set (CI installs it: ``.ci/run``).
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

DPI = 40
A4_POINTS = (595, 842)
WORD_MARGIN_MM = 20  # report/word.py: 2 cm each side
EXCEL_MARGIN_MM = 19  # openpyxl's default: 0.75 inch each side


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        why = f"{tool} is not installed: the Word and Excel pages cannot be printed and checked"
        if os.environ.get("CI") or os.environ.get("CPMONITOR_REQUIRE_BROWSER"):
            pytest.fail(why)
        pytest.skip(f"{why} (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    return found


@pytest.fixture(scope="module")
def printed(published, restricted, tmp_path_factory) -> dict[str, Path]:
    """The published and restricted DOCX and XLSX printed to PDF by LibreOffice, in one run."""
    soffice = _require("soffice")
    _require("pdftoppm")
    folder = tmp_path_factory.mktemp("office")
    sources = []
    for name, rendered in (("published", published), ("restricted", restricted)):
        for ext in ("docx", "xlsx"):
            source = folder / f"{name}-{ext}.{ext}"  # one PDF name per file
            shutil.copy(getattr(rendered, ext), source)
            sources.append(source)
    profile = (folder / "profile").as_uri()  # its own profile: no clash with a running one
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdfs = {s.stem: s.with_suffix(".pdf") for s in sources}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice printed no PDF for {missing}"
    return pdfs


def _pages(pdf: Path) -> list[Image.Image]:
    out = pdf.parent / pdf.stem
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "page")], check=True
    )
    files = sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    return [Image.open(f).convert("L") for f in files]


class _Printed:
    """The printed words of a PDF: a word is found whole, or wrapped at a dash or a hyphen
    (a word broken elsewhere, or cut off the page, is not found)."""

    def __init__(self, pdf: Path):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        self.words = set(text.split())
        self.joined = re.sub(r"\s+", "", text)

    def __contains__(self, word: str) -> bool:
        if word in self.words:
            return True
        # pdftotext drops a hyphen that ends a line: "2025-05-" + "16" reads "2025-0516"
        return bool(re.search(r"[-–]", word)) and re.sub(r"-", "", word) in self.joined.replace(
            "-", ""
        )


def _ink_in_outer_margin(page: Image.Image, margin_mm: float) -> bool:
    strip = max(1, round(margin_mm / 2 / 25.4 * DPI))
    width, height = page.size
    return any(
        page.crop(box).getextrema()[0] < 200
        for box in ((0, 0, strip, height), (width - strip, 0, width, height))
    )


def _has_body(page: Image.Image) -> bool:
    """Ink between the running header and footer (a page that is not blank)."""
    width, height = page.size
    return page.crop((0, round(height * 0.08), width, round(height * 0.9))).getextrema()[0] < 128


@pytest.mark.parametrize("name", ["published-docx", "restricted-docx"])
def test_every_printed_word_page_is_a4_with_its_tables_inside_the_margins(printed, name):
    pdf = printed[name]
    reader = PdfReader(pdf)
    sizes = {tuple(round(float(x)) for x in p.mediabox[2:]) for p in reader.pages}
    assert sizes == {A4_POINTS}  # portrait A4 throughout
    pages = _pages(pdf)
    assert len(pages) == len(reader.pages)
    assert 5 <= len(pages) <= 40
    assert [i for i, page in enumerate(pages, 1) if not _has_body(page)] == []
    assert [
        i for i, page in enumerate(pages, 1) if _ink_in_outer_margin(page, WORD_MARGIN_MM)
    ] == []


@pytest.mark.parametrize("name", ["published-xlsx", "restricted-xlsx"])
def test_every_printed_excel_page_is_a4_with_nothing_cut_off(printed, name):
    pdf = printed[name]
    reader = PdfReader(pdf)
    sizes = {tuple(sorted(round(float(x)) for x in p.mediabox[2:])) for p in reader.pages}
    assert sizes == {A4_POINTS}  # A4, portrait or landscape
    pages = _pages(pdf)
    assert len(pages) == len(reader.pages)
    assert len(pages) <= 60  # one page wide: a sheet is never split into strips
    assert [i for i, page in enumerate(pages, 1) if not _has_body(page)] == []
    margin = [i for i, page in enumerate(pages, 1) if _ink_in_outer_margin(page, EXCEL_MARGIN_MM)]
    assert margin == []


@pytest.mark.parametrize("mode", ["published", "restricted"])
def test_every_word_of_every_sheet_is_printed(request, printed, mode):
    from openpyxl import load_workbook

    book = load_workbook(getattr(request.getfixturevalue(mode), "xlsx"))
    printed_words = _Printed(printed[f"{mode}-xlsx"])
    missing = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    lost = [word for word in value.split() if word not in printed_words]
                    if lost:
                        missing.setdefault(sheet.title, []).append(" ".join(lost))
    assert missing == {}


@pytest.mark.parametrize("mode", ["published", "restricted"])
def test_every_word_of_every_word_table_is_printed(request, printed, mode):
    from docx import Document

    document = Document(str(getattr(request.getfixturevalue(mode), "docx")))
    printed_words = _Printed(printed[f"{mode}-docx"])
    words = {
        word for table in document.tables for cell in table._cells for word in cell.text.split()
    }
    assert words and sorted(w for w in words if w not in printed_words) == []


def test_the_restricted_workbook_shows_codes_in_words_with_the_code_beside_them(restricted):
    from openpyxl import load_workbook

    sheet = load_workbook(restricted.xlsx)["cohort"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "LAchildID")
    names = list(rows[header])
    first = dict(zip(names, rows[header + 1], strict=True))
    assert names.index("Category code") == names.index("Category") + 1
    assert names.index("Sex code") == names.index("Sex") + 1
    words = {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse"}
    words |= {"EMO": "Emotional abuse", "MUL": "Multiple"}
    assert first["Category"] == words[first["Category code"]]
    assert first["Sex"] == {"M": "Male", "F": "Female", "U": "Unknown"}[first["Sex code"]]
    assert re.fullmatch(r"\d+", str(first["Previous plans recorded"]))


def test_a_coded_column_reads_in_words_in_every_format(restricted):
    from cpmonitor.report import words as w
    from cpmonitor.report.model import Column

    assert w.cell("EMO", Column("Category", "text", codes="category")) == "Emotional abuse"
    assert w.cell("XX", Column("Sex", "text", codes="sex")) == "XX (not a CIN census code)"
    assert w.cell(None, Column("Sex", "text", codes="sex")) == "–"
    html = restricted.html.read_text(encoding="utf-8")
    cohort = html.split('id="table-cohort"')[1].split("</table>")[0]
    assert "Neglect" in cohort or "Emotional abuse" in cohort
    assert ">NEG<" not in cohort and ">M<" not in cohort and ">F<" not in cohort
