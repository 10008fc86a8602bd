"""The report with an Annex A workbook: Diagram 1's year-to-date column, the performance
dataset, and the children whose visit is overdue (restricted only)."""

from __future__ import annotations

from annexa_workbooks import LIST7, list7_row, write_workbook

from builders import make_data, plan
from cpmonitor.annexa.join import with_annex_a
from cpmonitor.annexa.reader import read_annex_a
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.report import build_report


def _council(tmp_path):
    """The 2016 report's year to date: 22 of 259 plans starting 1 April to 31 August 2016
    were repeats (8.5%), 9 of them within two years of the previous plan ending.

    The census (2015-16) holds the repeat children's earlier plans: 9 ended on 1 January
    2015, 13 on 1 June 2013. The workbook, extracted on 31 August 2016, holds the starts.
    """
    earlier = [plan(f"R{i}", "2014-06-01", "2015-01-01", year=2016) for i in range(9)]
    earlier += [plan(f"R{i}", "2012-06-01", "2013-06-01", year=2016) for i in range(9, 22)]
    earlier += [plan("OPEN", "2016-01-10", None, year=2016)]
    rows = [
        list7_row(f"R{i}", "02/05/2016", prev=1, visit="30/08/2016", team="North")
        for i in range(22)
    ]
    rows += [
        list7_row(f"F{i}", "01/06/2016", prev=0, visit="01/08/2016", alone="N", team="South")
        for i in range(237)
    ]
    book = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx", {"List 7": [["List 7"], LIST7, *rows]}
    )
    return with_annex_a(make_data(earlier), [read_annex_a(book)])


def test_diagram_1_gains_the_year_to_date_column_from_annex_a(tmp_path, empty_store):
    rep = build_report(_council(tmp_path), "335", store=empty_store, compare_published=False)
    trend = rep.table("trend")
    assert trend.rows[-1][:4] == ["2016-17 to 31 Aug 2016", 259, 22, 8.5]
    assert any("Annex A workbook (List 7" in n for n in trend.notes)
    assert dict(rep.meta)["Data"].startswith(
        "CIN census returns to 31 March 2016; Ofsted Annex A extracted 31 August 2016 ("
    )


def test_the_performance_dataset_shows_visits_at_the_extract_day(tmp_path, empty_store):
    rep = build_report(_council(tmp_path), "335", store=empty_store, compare_published=False)
    rows = {r[0]: r[1:] for r in rep.table("performance").rows}
    # the 22 North children were visited the day before; the 237 South ones 21 working days
    # before (1 August to 31 August 2016, the 29th a bank holiday). The census's open plan
    # (OPEN) is not in the workbook: the workbook alone says who was on a plan that day.
    assert rows["Children on a plan on the last day (Annex A)"][-1] == 259
    assert rows["of which visited within 10 working days"][-1] == 22
    assert rows["Visited within 10 working days (local standard), %"][-1] == 8.5
    assert rows["Seen alone at their last visit"][-1] == 22
    teams = {r[0]: r[1:] for r in rep.table("visits_by_team").rows}
    assert teams["North"] == [22, 22, 100.0, 22]
    assert "visits_overdue" not in [
        b.key for s in rep.sections for b in s.blocks if hasattr(b, "key")
    ]


def test_the_restricted_report_lists_the_children_whose_visit_is_overdue(tmp_path, empty_store):
    rep = build_report(
        _council(tmp_path), "335", store=empty_store, compare_published=False, publish=False
    )
    overdue = rep.table("visits_overdue")
    assert len(overdue.rows) == 237
    assert overdue.rows[0][:2] == ["South", "F0"] and overdue.rows[0][4] == 21
    assert C not in [v for r in rep.table("performance").rows for v in r]


def test_a_report_from_an_annex_a_workbook_alone_says_what_was_read(tmp_path, empty_store):
    from cpmonitor.census.dataset import CensusData
    from cpmonitor.report.model import Paragraph

    book = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {"List 7": [LIST7, *(list7_row(f"C{i}", "01/06/2016", prev=i % 2) for i in range(20))]},
    )
    data = with_annex_a(CensusData(), [read_annex_a(book)])
    rep = build_report(data, "335", store=empty_store, compare_published=False)
    assert rep.table("trend").rows[-1][:4] == ["2016-17 to 31 Aug 2016", 20, 10, 50.0]
    quality = next(s for s in rep.sections if s.key == "quality")
    assert quality.blocks[0] == Paragraph(
        "No census return was read. Ofsted Annex A annex_a_335_2016-08-31.xlsx read (List 7), "
        "extracted on 31 August 2016."
    )
    assert dict(rep.meta)["Data"].startswith("Ofsted Annex A extracted 31 August 2016 (")
