"""Hand-worked examples for the repeat-plan measures (DfE table D3, LAIT PrevRegCPR, D5, D7)."""

from __future__ import annotations

import polars as pl

from builders import make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.repeat import repeat_cohort, repeat_plan_table
from cpmonitor.periods import financial_year, parse_period


def measures(plans, period="2015-16", **kw):
    history = build_history(make_data(plans, **kw))
    table = repeat_plan_table(history.plans, [parse_period(period)])
    assert table.height == 1
    return table.row(0, named=True)


def test_plans_starting_on_the_first_and_last_day_of_the_year_are_counted():
    plans = [
        plan("A", "2015-04-01", prev=0),
        plan("B", "2016-03-31", prev=1),
        plan("C", "2015-03-31", "2015-06-01", prev=0),  # the day before: previous year
        plan("D", "2016-04-01", prev=0, year=2017),  # the day after: next year
    ]
    row = measures(plans)
    assert (row["plans_started"], row["repeat"], row["percent"]) == (2, 1, 50.0)
    assert measures(plans, "2014-15")["plans_started"] == 1
    assert measures(plans, "2016-17")["plans_started"] == 1


def test_a_plan_reported_in_two_returns_is_one_plan_and_the_latest_return_wins():
    plans = [
        plan("A", "2015-10-01", None, prev=1, cat="NEG", year=2016),
        plan("A", "2015-10-01", "2016-07-01", prev=1, cat="NEG", latest="EMO", year=2017),
    ]
    history = build_history(make_data(plans))
    assert history.plans.height == 1
    only = history.plans.row(0, named=True)
    assert str(only["end_date"]) == "2016-07-01"
    assert only["latest_category"] == "EMO"
    assert only["returns"] == 2 and only["first_census_year"] == 2016
    assert measures(plans)["plans_started"] == 1
    assert measures(plans)["open_at_end"] == 1  # open on 31 March 2016
    assert measures(plans, "2016-17")["plans_ended"] == 1
    assert measures(plans, "2016-17")["open_at_end"] == 0


def test_two_starts_in_one_year_count_twice_but_the_child_once():
    plans = [
        plan("A", "2015-05-01", "2015-08-01", prev=0),
        plan("A", "2016-01-15", prev=1),
    ]
    row = measures(plans)
    assert row["plans_started"] == 2
    assert row["children_started"] == 1
    assert row["repeat"] == 1
    assert row["within_two_years"] == 1  # 167 days after the first plan ended


def test_previous_plan_ended_exactly_two_years_before_is_over_two_years():
    plans = [
        plan("A", "2013-01-01", "2014-01-10", prev=0),
        plan("A", "2016-01-10", prev=1),  # the second anniversary itself: not before it
        plan("B", "2013-01-01", "2014-01-10", prev=0),
        plan("B", "2016-01-09", prev=1),  # the day before the anniversary
    ]
    row = measures(plans)
    assert (row["within_two_years"], row["over_two_years"], row["gap_unknown"]) == (1, 1, 0)
    cohort = repeat_cohort(build_history(make_data(plans)).plans, financial_year(2016))
    gaps = dict(zip(cohort["child_id"], cohort["gap_days"], strict=True))
    assert gaps == {"A": 730, "B": 729}


def test_leap_day_anniversary_is_28_february():
    plans = [
        plan("A", "2015-01-01", "2016-02-29", prev=0),
        plan("A", "2018-02-27", prev=1),
        plan("B", "2015-01-01", "2016-02-29", prev=0),
        plan("B", "2018-02-28", prev=1),
    ]
    row = measures(plans, "2017-18")
    assert (row["within_two_years"], row["over_two_years"]) == (1, 1)


def test_previous_plans_recorded_with_no_history_is_a_repeat_with_unknown_gap():
    """A child who moved in: NumberOfPreviousCPP = 2, no plan here before."""
    row = measures([plan("A", "2015-06-01", prev=2)])
    assert row["repeat"] == 1
    assert row["gap_unknown"] == 1
    assert row["repeat_by_record_or_history"] == 1


def test_zero_previous_plans_with_history_is_not_a_dfe_repeat_but_is_by_history():
    plans = [
        plan("A", "2012-06-01", "2013-01-01", prev=0),
        plan("A", "2015-06-01", prev=0),
    ]
    row = measures(plans)
    assert row["repeat"] == 0
    assert row["percent"] == 0.0
    assert row["repeat_by_record_or_history"] == 1
    assert row["within_two_years"] + row["over_two_years"] + row["gap_unknown"] == 0


def test_gap_groups_partition_the_dfe_repeats():
    plans = [
        plan("A", "2014-01-01", "2015-01-01", prev=0),
        plan("A", "2015-06-01", prev=1),  # within
        plan("B", "2010-01-01", "2012-01-01", prev=0, year=2012),
        plan("B", "2015-06-01", prev=1),  # over
        plan("C", "2015-06-01", prev=3),  # unknown
        plan("D", "2015-06-01", prev=0),  # first
    ]
    row = measures(plans)
    assert row["repeat"] == 3
    assert (row["within_two_years"], row["over_two_years"], row["gap_unknown"]) == (1, 1, 1)
    assert row["percent"] == 75.0


def test_previous_end_is_the_latest_end_among_earlier_plans():
    """An earlier plan with no end date on record does not hide an older one that has one."""
    plans = [
        plan("A", "2011-01-01", "2012-01-01", prev=0, year=2012),
        plan("A", "2013-01-01", None, prev=1, year=2013),  # never closed (a data error)
        plan("A", "2015-06-01", prev=2),
    ]
    cohort = repeat_cohort(build_history(make_data(plans)).plans, financial_year(2016))
    row = cohort.row(0, named=True)
    assert str(row["previous_end"]) == "2012-01-01"
    assert str(row["previous_start"]) == "2013-01-01"
    assert row["gap_group"] == "over two years"


def test_plans_lasting_two_years_count_both_days():
    """DfE D7: "more than 729 calendar days including days of cessation"."""
    plans = [
        plan("A", "2014-04-02", "2016-03-30", prev=0),  # 729 days on plan
        plan("B", "2014-04-01", "2016-03-30", prev=0),  # 730
        plan("C", "2014-03-31", "2016-03-30", prev=0, year=2016),  # 731
        plan("D", "2015-04-01", "2015-04-01", prev=0),  # one day
    ]
    history = build_history(make_data(plans))
    days = dict(zip(history.plans["child_id"], history.plans["days_on_plan"], strict=True))
    assert days == {"A": 729, "B": 730, "C": 731, "D": 1}
    row = measures(plans)
    assert row["plans_ended"] == 4
    assert row["lasted_two_years_or_more"] == 2


def test_open_at_end_and_missing_end_dates():
    plans = [
        plan("A", "2014-01-01", None, prev=0),  # open
        plan("B", "2014-01-01", "2016-03-31", prev=0),  # ends on the last day: not open
        plan("C", "2014-01-01", "2016-04-01", prev=0, year=2017),  # ends the day after: open
        plan("D", "2016-03-31", None, prev=0),  # starts on the last day: open
    ]
    assert measures(plans)["open_at_end"] == 3


def test_plan_without_a_start_date_is_left_out_of_the_history():
    plans = [plan("A", None, prev=0, year=2016), plan("B", "2015-06-01", prev=1)]
    history = build_history(make_data(plans))
    assert history.plans.height == 1
    assert measures(plans)["plans_started"] == 1


def test_missing_previous_plans_is_not_a_repeat_and_is_counted():
    row = measures([plan("A", "2015-06-01", prev=None), plan("B", "2015-06-01", prev=1)])
    assert (row["plans_started"], row["repeat"]) == (2, 1)
    assert row["previous_plans_missing"] == 1


def test_percent_rounds_half_up():
    """1 of 16 = 6.25%: DfE publishes 6.3 (Python's round would give 6.2)."""
    plans = [plan(f"C{i:02d}", "2015-06-01", prev=1 if i == 0 else 0) for i in range(16)]
    assert measures(plans)["percent"] == 6.3


def test_percent_is_null_when_no_plan_started():
    row = measures([plan("A", "2012-06-01", prev=0, year=2013)])
    assert row["plans_started"] == 0
    assert row["percent"] is None


def test_year_to_date_period():
    plans = [
        plan("A", "2016-04-01", prev=1, year=2017),
        plan("B", "2016-08-31", prev=0, year=2017),
        plan("C", "2016-09-01", prev=1, year=2017),
    ]
    row = measures(plans, "2016-04-01..2016-08-31")
    assert (row["plans_started"], row["repeat"], row["percent"]) == (2, 1, 50.0)


def test_councils_are_kept_apart_and_children_matched_by_la_and_id():
    plans = [
        plan("A", "2013-01-01", "2014-01-01", prev=0, la="335"),
        plan("A", "2015-06-01", prev=0, la="336"),  # same ID, another council: not history
    ]
    history = build_history(make_data(plans))
    table = repeat_plan_table(history.plans, [financial_year(2016)])
    assert table["la"].to_list() == ["335", "336"]
    assert table["repeat_by_record_or_history"].to_list() == [0, 0]
    pooled = repeat_plan_table(history.plans, [financial_year(2016)], by=())
    assert pooled["plans_started"].to_list() == [1]


def test_pooled_counts_are_every_council_s_added_and_noughts_when_there_is_no_plan():
    plans = [
        plan("A", "2013-01-01", "2014-01-01", prev=0, la="335"),
        plan("A", "2015-06-01", "2016-02-01", prev=1, la="335"),
        plan("B", "2015-07-01", prev=0, la="336"),
        plan("C", "2016-04-01", prev=2, la="336"),  # the next year: in the second period only
    ]
    history = build_history(make_data(plans))
    periods = [financial_year(2016), financial_year(2017)]
    by_la = repeat_plan_table(history.plans, periods)
    pooled = repeat_plan_table(history.plans, periods, by=())
    assert pooled.columns == [c for c in by_la.columns if c != "la"]
    assert pooled["period"].to_list() == ["2015-16", "2016-17"]
    # (children are counted once a council: IDs are the council's)
    not_added = ("period", "period_start", "period_end", "percent", "children_started")
    counts = [c for c in pooled.columns if c not in not_added]
    summed = by_la.group_by("period").agg(pl.col(counts).sum()).sort("period")
    assert pooled.select(counts).rows() == summed.select(counts).rows()
    assert pooled["plans_started"].to_list() == [2, 1]
    assert pooled["repeat"].to_list() == [1, 1]
    assert pooled["plans_ended"].to_list() == [1, 0]
    nobody = repeat_plan_table(history.plans.clear(), periods, by=())
    assert nobody["plans_started"].to_list() == [0, 0]
    assert nobody["percent"].to_list() == [None, None]


def test_cohort_lists_the_children_behind_the_figure():
    plans = [
        plan("A", "2014-01-01", "2015-01-01", prev=0, cat="PHY"),
        plan("A", "2015-06-01", prev=1, cat="NEG"),
        plan("B", "2015-07-01", prev=0),
    ]
    cohort = repeat_cohort(build_history(make_data(plans)).plans, financial_year(2016))
    assert cohort.height == 1
    row = cohort.row(0, named=True)
    assert row["child_id"] == "A"
    assert row["gap_days"] == 151
    assert row["previous_initial_category"] == "PHY"
    assert row["initial_category"] == "NEG"
    assert row["gap_group"] == "within two years"


def test_a_blank_in_a_later_return_never_overwrites_a_value_on_record():
    """Issue: 2014-15 went from 1 repeat of 3 plans to 0 of 3 when a later return blanked it."""
    plans = [
        plan("A", "2014-06-01", None, prev=0, year=2015),
        plan("B", "2014-07-01", None, prev=0, year=2015),
        plan("C", "2014-08-01", None, prev=1, cat="NEG", year=2015),
        # the 2015-16 return reports C again, ended, with NumberOfPreviousCPP and the
        # category left blank
        plan("C", "2014-08-01", "2015-06-01", prev=None, cat=None, year=2016),
    ]
    row = measures(plans, "2014-15")
    assert (row["repeat"], row["plans_started"]) == (1, 3)
    only = (
        build_history(make_data(plans)).plans.filter(pl.col("child_id") == "C").row(0, named=True)
    )
    assert only["previous_plans"] == 1
    assert only["initial_category"] == "NEG"
    assert str(only["end_date"]) == "2015-06-01"  # recorded later: the later value wins
    assert only["census_year"] == 2016


def test_a_later_recorded_value_still_wins_over_an_earlier_one():
    plans = [
        plan("A", "2014-06-01", None, prev=0, year=2015),
        plan("A", "2014-06-01", "2015-05-01", prev=2, year=2016),
    ]
    assert measures(plans, "2014-15")["repeat"] == 1
