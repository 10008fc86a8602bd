"""Hand-worked examples for the gap distribution of repeat plans (measures/gaps.py)."""

from __future__ import annotations

from builders import make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.gaps import GAP_BANDS, GAP_UNKNOWN, gap_distribution
from cpmonitor.measures.repeat import repeat_plan_table
from cpmonitor.periods import financial_year

YEAR = financial_year(2016)  # 2015-16


def bands(plans, la=None) -> dict[str, int]:
    history = build_history(make_data(plans))
    table = gap_distribution(history.plans, YEAR, la)
    return dict(zip(table["band"], table["repeat"], strict=True))


def test_every_band_is_listed_in_order_with_zeros():
    table = gap_distribution(build_history(make_data([plan("A", "2015-06-01")])).plans, YEAR)
    assert table["band"].to_list() == [label for label, _ in GAP_BANDS] + [GAP_UNKNOWN]
    assert table["repeat"].to_list() == [0] * 7


def test_band_edges_are_anniversaries_of_the_previous_end():
    plans = [
        # previous plan ended 2015-01-10
        plan("A", "2014-01-01", "2015-01-10", year=2015),
        plan("A", "2015-07-09", prev=1),  # day before the 6-month point: under 6 months
        plan("B", "2014-01-01", "2015-01-10", year=2015),
        plan("B", "2015-07-10", prev=1),  # the 6-month point itself: 6 months to under 1 year
        # ended 2014-01-10
        plan("C", "2013-01-01", "2014-01-10", year=2014),
        plan("C", "2016-01-09", prev=1),  # day before the 2nd anniversary: 1 to under 2 years
        plan("D", "2013-01-01", "2014-01-10", year=2014),
        plan("D", "2016-01-10", prev=1),  # the 2nd anniversary: 2 to under 3 years
        # ended 2011-01-10: 5th anniversary 2016-01-10
        plan("E", "2010-01-01", "2011-01-10", year=2011),
        plan("E", "2016-01-09", prev=1),  # 3 to under 5 years
        plan("F", "2010-01-01", "2011-01-10", year=2011),
        plan("F", "2016-01-10", prev=1),  # 5 years or more
    ]
    assert bands(plans) == {
        "Under 6 months": 1,
        "6 months to under 1 year": 1,
        "1 year to under 2 years": 1,
        "2 years to under 3 years": 1,
        "3 years to under 5 years": 1,
        "5 years or more": 1,
        GAP_UNKNOWN: 0,
    }


def test_leap_day_end_has_its_anniversary_on_28_february():
    plans = [
        plan("A", "2015-01-01", "2016-02-29", year=2016),
        plan("A", "2018-02-27", prev=1, year=2018),  # before 28 Feb 2018: under 2 years
        plan("B", "2015-01-01", "2016-02-29", year=2016),
        plan("B", "2018-02-28", prev=1, year=2018),
    ]
    history = build_history(make_data(plans))
    table = gap_distribution(history.plans, financial_year(2018))
    got = dict(zip(table["band"], table["repeat"], strict=True))
    assert got["1 year to under 2 years"] == 1
    assert got["2 years to under 3 years"] == 1


def test_only_dfe_repeats_count_and_no_end_on_record_is_unknown():
    plans = [
        plan("A", "2015-06-01", prev=2),  # moved in: repeat, no earlier plan here
        plan("B", "2014-01-01", "2015-01-01", year=2015),
        plan("B", "2015-06-01", prev=0),  # earlier plan on record but not a DfE repeat
        plan("C", "2015-06-01", prev=0),  # a first plan
    ]
    got = bands(plans)
    assert got[GAP_UNKNOWN] == 1
    assert sum(got.values()) == 1


def test_bands_add_up_to_the_two_year_groups_of_the_repeat_measure():
    plans = [
        plan("A", "2014-01-01", "2015-01-01", year=2015),
        plan("A", "2015-06-01", prev=1),
        plan("B", "2010-01-01", "2012-01-01", year=2012),
        plan("B", "2015-06-01", prev=1),
        plan("C", "2013-01-01", "2014-05-01", year=2014),
        plan("C", "2016-03-31", prev=1),
        plan("D", "2015-06-01", prev=3),
        plan("E", "2015-06-01", prev=0, la="336"),
    ]
    history = build_history(make_data(plans))
    got = dict(
        zip(*gap_distribution(history.plans, YEAR).get_columns(), strict=True)  # band, repeat
    )
    row = repeat_plan_table(history.plans, [YEAR], by=()).row(0, named=True)
    within = sum(got[label] for label, months in GAP_BANDS if months and months <= 24)
    over = sum(got[label] for label, months in GAP_BANDS if not months or months > 24)
    assert (within, over, got[GAP_UNKNOWN]) == (
        row["within_two_years"],
        row["over_two_years"],
        row["gap_unknown"],
    )
    assert (within, over, got[GAP_UNKNOWN]) == (2, 1, 1)


def test_one_council_of_several():
    plans = [
        plan("A", "2015-06-01", prev=1, la="335"),
        plan("A", "2015-06-01", prev=1, la="336"),
        plan("B", "2015-07-01", prev=1, la="336"),
    ]
    assert bands(plans, la="336")[GAP_UNKNOWN] == 2
    assert bands(plans, la="335")[GAP_UNKNOWN] == 1
