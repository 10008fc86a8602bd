"""The web app's CSV and XLSX downloads write formula-like text as text (OWASP CSV injection):
the writers, and the cohort export of a child whose LAchildID is a formula."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from openpyxl import load_workbook
from web_downloads import rows_of
from web_returns import KIDS_2016, cin_xml

from cpmonitor.web.exports import csv_response, xlsx_response

LINK = '=HYPERLINK("http://x.org","Go")'  # within the 40 characters stored


def test_the_csv_writer_writes_formulas_as_text():
    r = csv_response("t", ["=head", "n"], [[LINK, -3], ["@SUM(1)", None], ["TL0001", 2]])
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows == [["'=head", "n"], ["'" + LINK, "-3"], ["'@SUM(1)", ""], ["TL0001", "2"]]


def test_the_xlsx_writer_writes_formulas_as_text():
    r = xlsx_response("t", [("Sheet", ["+h"], [[LINK], ["\t=1"], [-3]])])
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert [c.value for c in cells] == ["'+h", "'" + LINK, "'\t=1", -3]
    assert not [c for c in cells if c.data_type == "f"]


@pytest.mark.django_db
def test_a_childs_formula_id_is_text_in_the_cohort_export(client_as, tmp_path):
    from cpmonitor.census.reader import read_return
    from cpmonitor.web.store.services import file_sha256, import_census

    in_xml = LINK.replace('"', "&quot;")
    kids = [
        dataclasses.replace(k, child_id=in_xml) if k.child_id == "TL0002" else k for k in KIDS_2016
    ]
    path = tmp_path / "cin_999_2016.xml"
    path.write_text(cin_xml("999", 2016, kids))
    import_census(read_return(path), hashes={str(path): file_sha256(path)})
    c = client_as("manager")
    text = c.get("/repeat-plans/export/?period=2015-16&format=csv").content.decode()
    assert "'" + LINK in text.replace('""', '"')
    book = load_workbook(
        io.BytesIO(c.get("/repeat-plans/export/?period=2015-16&format=xlsx").content)
    )
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert "'" + LINK in [cell.value for cell in cells]
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_a_download_shows_each_code_in_words_with_the_code_beside_it():
    from cpmonitor.codes import with_words

    fields = [("child_id", "LAchildID"), ("initial_category", "Category"), ("sex", "Sex")]
    rows = [
        {"child_id": "A1", "initial_category": "EMO", "sex": "F"},
        {"child_id": "A2", "initial_category": None, "sex": "X"},
    ]
    headers, worded = with_words(fields, rows)
    assert headers == ["LAchildID", "Category", "Category code", "Sex", "Sex code"]
    assert list(worded) == [
        ["A1", "Emotional abuse", "EMO", "Female", "F"],
        ["A2", "Not recorded", None, "X (not a CIN census code)", "X"],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_cohort_export_has_words_and_codes_side_by_side(client_as, loaded, fmt):
    r = client_as("manager").get(f"/repeat-plans/export/?period=2015-16&format={fmt}")
    rows = rows_of(r, fmt)
    header = rows[0]
    at = header.index("Category of abuse")
    assert header[at + 1] == "Category of abuse code"
    assert header[header.index("Sex") + 1] == "Sex code"
    assert {(row[at], row[at + 1]) for row in rows[1:]} == {
        ("Neglect", "NEG"),
        ("Emotional abuse", "EMO"),
    }
    codes = {"NEG", "EMO", "PHY", "SAB", "MUL", "M", "F"}
    for name in ("Category of abuse", "Latest category", "Previous plan's category", "Sex"):
        shown = {row[header.index(name)] for row in rows[1:]}
        assert not shown & codes, f"{name} shows a code alone: {shown}"
