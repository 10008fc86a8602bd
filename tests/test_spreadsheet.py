"""No text the project writes into a CSV or Excel file is read back as a formula (OWASP CSV
injection): the helper (which the command line's ``--format csv`` writes through), and the
report's workbook.

The web app's CSV and XLSX downloads: ``tests/web/site/test_exports.py``.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from openpyxl import load_workbook

from builders import make_data, plan
from cpmonitor.spreadsheet import neutralise, neutralise_frame

LINK = '=HYPERLINK("http://example.org/x","Click")'


@pytest.mark.parametrize("text", [LINK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_is_written_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["TL0001", "2015-16", "", " =1", -5, 2.5, None, date(2016, 1, 1)])
def test_other_values_are_left_as_they_are(value):
    assert neutralise(value) == value


def test_every_text_column_of_a_table_is_neutralised_and_numbers_stay_numbers():
    frame = pl.DataFrame({"la": ["335", "=1+1"], "period": ["-x", "2015-16"], "repeat": [-1, 2]})
    out = neutralise_frame(frame)
    assert out.to_dicts() == [
        {"la": "335", "period": "'-x", "repeat": -1},
        {"la": "'=1+1", "period": "2015-16", "repeat": 2},
    ]
    assert out.schema == frame.schema


def test_an_lachildid_formula_is_text_in_the_restricted_reports_workbook(tmp_path):
    from cpmonitor.benchmarks import BenchmarkStore
    from cpmonitor.report import build_report, write_report

    data = make_data(
        [
            plan(LINK, "2015-05-01", "2015-09-01", prev=0, year=2016),
            plan(LINK, "2016-01-10", None, prev=1, year=2016),
            plan("TL0002", "2015-06-01", None, prev=1, year=2016),
        ]
    )
    report = build_report(
        data, "335", publish=False, store=BenchmarkStore(tmp_path / "b.sqlite3"),
        compare_published=False, today=date(2016, 4, 30),
    )  # fmt: skip
    path = write_report(report, tmp_path / "report.xlsx")
    book = load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + LINK for c in cells)
