"""Annex A rows in the history: one plan across sources, the later source wins, blanks never."""

from __future__ import annotations

from datetime import date

from annexa_workbooks import LIST7, list7_row, write_workbook
from cin_returns import child, episode, header, message, plan

from cpmonitor.census.load import load
from cpmonitor.history import build_history
from cpmonitor.measures import summary
from cpmonitor.periods import Period


def _return_2015_16(tmp_path):
    """LA 201, 2015-16: C1's plan open at 31 March 2016; C2's plan ended 1 June 2015."""
    children = child(
        "C1", episodes=episode(plan("2015-07-01", None, previous="0"), referral="2015-06-20")
    ) + child("C2", episodes=episode(plan("2014-05-01", "2015-06-01"), referral="2014-04-20"))
    path = tmp_path / "cin_2015-16.xml"
    path.write_text(message(children, head=header(2016, "201")), encoding="utf-8")
    return path


def test_a_plan_in_both_sources_is_one_plan_and_the_later_workbook_ends_it(tmp_path):
    xml = _return_2015_16(tmp_path)
    book = write_workbook(
        tmp_path / "annex_a_2016-08-31.xlsx",
        {
            "List 7": [
                ["Annex A, List 7"],
                LIST7,
                # C1: the same plan, ended in the workbook after the census; its number of
                # previous plans left blank, which must not blank the return's 0
                list7_row("C1", "01/07/2015", end="15/07/2016", prev=None, cat="NEG", latest="PHY"),
                # C2: a new plan in the year to date, 11 months after the last one ended
                list7_row("C2", "10/05/2016", prev=1),
            ]
        },
    )
    data = load([xml, book])
    assert [a.la for a in data.annex_a] == ["201"]  # from the return beside it
    assert data.annex_a[0].la_source == "census returns"
    history = build_history(data)
    plans = history.plans.sort("child_id", "start_date")
    c1 = plans.filter(child_id="C1").row(0, named=True)
    assert plans.filter(child_id="C1").height == 1 and c1["returns"] == 2
    assert c1["end_date"] == date(2016, 7, 15)  # the later source's recorded end date
    assert c1["latest_category"] == "PHY"
    assert c1["previous_plans"] == 0  # blank in the workbook: the return's value kept
    assert c1["referral_date"] == date(2015, 6, 20)  # Annex A has none: the return's kept
    c2 = plans.filter(child_id="C2", start_date=date(2016, 5, 10)).row(0, named=True)
    assert c2["previous_end"] == date(2015, 6, 1) and c2["within_two_years"] is True
    # a child's characteristics: the latest recorded, here the workbook's (the return says
    # 1 May 2010)
    assert c2["birth_date"] == date(2010, 6, 15)

    ytd = summary(history, Period(date(2016, 4, 1), date(2016, 8, 31)), la="201")
    measures = ytd["repeat_plans"]
    assert (measures["plans_started"], measures["repeat"], measures["percent"]) == (1, 1, 100.0)
    assert measures["within_two_years"] == 1
    assert measures["plans_ended"] == 1 and measures["open_at_end"] == 1


def test_a_return_dated_after_the_extract_is_the_later_source(tmp_path):
    xml = _return_2015_16(tmp_path)  # reference date 31 March 2016: C1 still open
    book = write_workbook(
        tmp_path / "annex_a_201_2016-02-29.xlsx",
        {"List 7": [LIST7, list7_row("C1", "01/07/2015", end="01/01/2016", prev=2)]},
    )
    history = build_history(load([book, xml]))  # order given does not matter
    c1 = history.plans.filter(child_id="C1").row(0, named=True)
    # the return, at 31 March, is later than 29 February: its recorded values win, but its
    # blank end date never overwrites the end the workbook recorded (validate reports it)
    assert c1["previous_plans"] == 0
    assert c1["end_date"] == date(2016, 1, 1)


def test_of_two_workbooks_the_later_extract_wins(tmp_path):
    early = write_workbook(
        tmp_path / "annex_a_201_2016-07-31.xlsx",
        {"L7": [LIST7, list7_row("C1", "01/05/2016", end=None, prev=0)]},
    )
    late = write_workbook(
        tmp_path / "annex_a_201_2016-08-31.xlsx",
        {"L7": [LIST7, list7_row("C1", "01/05/2016", end="20/08/2016", prev=None)]},
    )
    history = build_history(load([late, early]))
    c1 = history.plans.row(0, named=True)
    assert (c1["end_date"], c1["previous_plans"], c1["returns"]) == (date(2016, 8, 20), 0, 2)


def test_folders_hold_returns_and_workbooks_and_excel_lock_files_are_skipped(tmp_path):
    _return_2015_16(tmp_path)
    write_workbook(
        tmp_path / "annex_a_2016-08-31.xlsx", {"L7": [LIST7, list7_row("C3", "01/05/2016")]}
    )
    (tmp_path / "~$annex_a_2016-08-31.xlsx").write_bytes(b"lock")
    data = load([tmp_path])
    assert len(data.returns) == 1 and len(data.annex_a) == 1 and not data.rejected
    assert any(i.code == "not-xml-file" and "~$" in i.file for i in data.issues)
    assert "C3" in build_history(data).plans.get_column("child_id").to_list()
