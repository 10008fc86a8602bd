"""Hand-worked conference and review timeliness (Working Together; LAIT CP_conf_15days)."""

from __future__ import annotations

from datetime import date

from builders import make_data, plan, review, s47
from cpmonitor.history import build_history
from cpmonitor.measures.timeliness import conference_timeliness, review_timeliness
from cpmonitor.periods import financial_year
from cpmonitor.workdays import add_working_days, working_days_between


def test_working_days_skip_weekends_and_bank_holidays():
    # Christmas 2016: 26 and 27 December and 2 January 2017 were bank holidays.
    assert working_days_between(date(2016, 12, 20), date(2017, 1, 10)) == 12
    assert add_working_days(date(2016, 12, 20), 15) == date(2017, 1, 13)
    assert add_working_days(date(2016, 12, 24), 1) == date(2016, 12, 28)  # a Saturday start
    assert working_days_between(date(2016, 1, 4), date(2016, 1, 4)) == 0


def test_conference_within_15_working_days_of_the_s47_start():
    rows = [
        s47("A", "2016-12-20", "2017-01-13", year=2017),  # the 15th working day: in time
        s47("B", "2016-12-20", "2017-01-16", year=2017),  # the 16th: late
        s47("C", "2016-12-20", None, year=2017),  # no conference: not counted
        s47("D", None, "2017-01-05", year=2017),  # no S47 start: counted apart
        s47("E", "2016-03-01", "2016-03-21", year=2016),  # held in the previous year
    ]
    history = build_history(make_data([], section47=rows))
    row = conference_timeliness(history.section47, [financial_year(2017)]).row(0, named=True)
    assert row["conferences"] == 2
    assert row["within_15_working_days"] == 1
    assert row["percent"] == 50.0
    assert row["conferences_without_s47_start"] == 1


def reviews_on_time(plans, reviews, year=2016):
    history = build_history(make_data(plans, reviews=reviews))
    return review_timeliness(history.plans, history.reviews, [financial_year(year)]).row(
        0, named=True
    )


def test_reviews_first_within_three_months_then_every_six():
    plans = [
        plan("A", "2015-01-10", None, prev=0),
        plan("B", "2015-01-10", None, prev=0),
        plan("C", "2015-01-10", None, prev=0),
        plan("D", "2016-01-10", None, prev=0),  # under three months at 31 March: out of scope
    ]
    reviews = [
        review("A", "2015-01-10", "2015-04-10"),  # exactly three months: on time
        review("A", "2015-01-10", "2015-10-10"),
        review("A", "2015-01-10", "2016-03-31"),
        review("B", "2015-01-10", "2015-04-11"),  # a day late
        review("B", "2015-01-10", "2015-10-01"),
        review("B", "2015-01-10", "2016-03-01"),
        review("C", "2015-01-10", "2015-04-01"),
        review("C", "2015-01-10", "2015-09-01"),  # next due 2016-03-01, none by 31 March: late
    ]
    row = reviews_on_time(plans, reviews)
    assert row["plans_reviewable"] == 3
    assert row["reviewed_on_time"] == 1
    assert row["percent"] == 33.3


def test_a_plan_that_ended_before_its_next_review_was_due_is_on_time():
    plans = [plan("A", "2015-06-01", "2015-12-15", prev=0)]
    reviews = [review("A", "2015-06-01", "2015-08-20")]  # next due 2016-02-20, after the end
    row = reviews_on_time(plans, reviews)
    assert (row["plans_reviewable"], row["reviewed_on_time"]) == (1, 1)


def test_a_plan_with_no_review_after_three_months_is_late():
    plans = [plan("A", "2015-06-01", "2015-12-15", prev=0)]
    row = reviews_on_time(plans, [])
    assert (row["plans_reviewable"], row["reviewed_on_time"]) == (1, 0)
