"""The web app's CSV and XLSX downloads write formula-like text as text (OWASP CSV injection):
the writers, and the cohort export of a child whose LAchildID is a formula."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from openpyxl import load_workbook
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
