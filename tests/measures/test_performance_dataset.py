"""Statutory visits (Annex A List 7) and assessments within 45 working days (census).

Hand-worked around the August bank holiday of 2016 (Monday 29 August), with the as-at day
Monday 5 September 2016.
"""

from __future__ import annotations

from datetime import date

from annexa_workbooks import LIST7, list7_row, write_workbook

from builders import assessment, make_data
from cpmonitor.annexa.reader import read_annex_a
from cpmonitor.history import build_history
from cpmonitor.measures.summary import assessments_summary, conferences_summary
from cpmonitor.measures.visits import overdue, visits
from cpmonitor.periods import Period

AS_AT = date(2016, 9, 5)


def _workbook(tmp_path, name="annex_a_335_2016-09-05.xlsx"):
    rows = [
        # visited on the as-at day itself: 0 working days before it
        list7_row("V0", "01/06/2016", visit="05/09/2016", alone="Y", team="North"),
        # Friday 19 August: 10 working days before (29 August is a bank holiday), within
        list7_row("V10", "01/06/2016", visit="19/08/2016", alone="N", team="North"),
        # Thursday 18 August: 11 working days before, just outside the standard
        list7_row("V11", "01/06/2016", visit="18/08/2016", alone="Y", team="South"),
        list7_row("NOVISIT", "01/06/2016", visit=None, alone=None, team="South"),
        # started on the as-at day, not visited yet: on a plan, not within
        list7_row("NEW", "05/09/2016", visit=None, alone=None, team=None),
        # a visit recorded after the as-at day is not a visit on or before it
        list7_row("LATER", "01/06/2016", visit="06/09/2016", alone="Y", team="South"),
        # ended on the as-at day: not on a plan then
        list7_row("ENDED", "01/06/2016", end="05/09/2016", visit="05/09/2016", alone="Y"),
        # starts after the as-at day
        list7_row("FUTURE", "06/09/2016", visit="06/09/2016", alone="Y"),
    ]
    return read_annex_a(write_workbook(tmp_path / name, {"List 7": [LIST7, *rows]}))


def test_visits_count_children_on_a_plan_visited_within_ten_working_days_across_a_bank_holiday(
    tmp_path,
):
    result = visits([_workbook(tmp_path)], AS_AT, la="335")
    assert result["children_on_plan"] == 6
    assert result["visited_within_standard"] == 2  # V0 and V10
    assert result["percent"] == 33.3  # 2/6 = 33.33…
    assert result["seen_alone"] == 2  # V0 and V11 (LATER's visit is after the day)
    assert result["standard_working_days"] == 10 and result["standard"] == "local"
    assert result["as_at"] == "2016-09-05"
    teams = {
        t["team"]: (t["children_on_plan"], t["visited_within_standard"]) for t in result["by_team"]
    }
    assert teams == {"North": (2, 2), "South": (3, 0), "Not recorded": (1, 0)}
    assert "by_worker" not in result


def test_a_council_standard_of_eleven_working_days_takes_in_the_visit_just_outside_ten(tmp_path):
    result = visits([_workbook(tmp_path)], AS_AT, standard=11)
    assert (result["visited_within_standard"], result["standard_working_days"]) == (3, 11)


def test_visits_need_a_workbook_extracted_on_the_day(tmp_path):
    annex = _workbook(tmp_path)
    assert visits([annex], date(2016, 9, 4)) is None
    assert visits([annex], AS_AT, la="201") is None


def test_overdue_visits_list_the_children_by_team(tmp_path):
    late = overdue([_workbook(tmp_path)], AS_AT)
    assert late.select("team", "child_id").rows() == [
        ("Not recorded", "NEW"),
        ("South", "LATER"),
        ("South", "NOVISIT"),
        ("South", "V11"),
    ]
    assert late.filter(child_id="V11").get_column("working_days_since").item() == 11


def _authorised(child_id, start, authorised):
    row = assessment(child_id, "2016-06-20", start, [])
    row["authorisation_date"] = date.fromisoformat(authorised)
    row["start_date"] = date.fromisoformat(start) if start else None
    return row


def test_assessments_within_45_working_days_of_their_start_counted_over_those_authorised():
    data = make_data(
        [],
        assessments=[
            # Friday 1 July 2016 + 45 working days = Monday 5 September (29 August a holiday)
            _authorised("A45", "2016-07-01", "2016-09-05"),
            _authorised("A46", "2016-07-01", "2016-09-06"),
            _authorised("QUICK", "2016-09-01", "2016-09-02"),
            _authorised("NEXT", "2016-08-01", "2016-10-01"),  # authorised after the period
            _authorised("NOSTART", None, "2016-09-01"),  # cannot be timed
        ],
    )
    result = assessments_summary(build_history(data), Period(date(2016, 4, 1), date(2016, 9, 30)))
    assert result == {
        "completed": 3,
        "within_45_working_days": 2,
        "percent": 66.7,
        "source": "CIN census",
    }


def test_the_year_to_date_takes_assessments_from_annex_a_list_4_beyond_the_census(tmp_path):
    from builders import plan
    from cpmonitor.annexa.join import with_annex_a

    book = write_workbook(
        tmp_path / "annex_a_335_2016-09-05.xlsx",
        {
            "List 4": [
                ["Child Unique ID", "Continuous Assessment Start Date", "Date of Authorisation"],
                ["A45", "01/07/2016", "05/09/2016"],
                ["A46", "01/07/2016", "06/09/2016"],  # authorised after the extract: a typo
                ["OPEN", "01/08/2016", None],
            ],
            "List 5": [
                ["Child Unique ID", "S47 start date", "Date of ICPC"],
                # Friday 12 August + 15 working days = Monday 5 September (29 August a holiday)
                ["C1", "12/08/2016", "05/09/2016"],
                ["C2", "11/08/2016", "05/09/2016"],  # 16 working days
            ],
            "List 7": [LIST7, list7_row("C1", "01/06/2016")],
        },
    )
    data = with_annex_a(make_data([plan("C1", "2016-01-01", year=2016)]), [read_annex_a(book)])
    history = build_history(data)
    result = assessments_summary(history, Period(date(2016, 4, 1), AS_AT), la="335")
    assert (result["completed"], result["within_45_working_days"]) == (1, 1)
    assert result["source"].startswith("Annex A List 4")
    held = conferences_summary(history, Period(date(2016, 4, 1), AS_AT), la="335")
    assert (held["conferences"], held["within_15_working_days"], held["percent"]) == (2, 1, 50.0)
    assert held["source"].startswith("Annex A List 5")
    # the census reaches 31 March 2016: for 2015-16 the census is the source
    census = assessments_summary(history, Period(date(2015, 4, 1), date(2016, 3, 31)), la="335")
    assert census["source"] == "CIN census"
