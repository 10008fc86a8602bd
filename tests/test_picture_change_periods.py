"""The council picture decides which periods "What changed" compares (hand-worked)."""

from __future__ import annotations

from datetime import date

from cpmonitor.periods import Period, financial_year, parse_period
from cpmonitor.picture import CHANGE_COHORTS, change_periods


def test_a_year_to_date_is_compared_with_the_same_dates_a_year_earlier():
    chosen = change_periods(
        Period(date(2016, 4, 1), date(2016, 8, 31)),
        [2015, 2016, 2017],
        as_at=date(2016, 8, 31),
        followed_to=date(2016, 8, 31),
    )
    assert (chosen.before.start, chosen.before.end) == (date(2015, 4, 1), date(2015, 8, 31))
    assert chosen.covered  # 2014-15 (census year 2015) starts on 1 April 2014
    # cohorts: census years that ended by 31 August 2016 (2014-15 and 2015-16, not 2016-17)
    assert chosen.cohorts == (financial_year(2015), financial_year(2016))


def test_the_comparison_is_left_out_when_the_returns_start_after_the_year_earlier():
    chosen = change_periods(parse_period("2015-16"), [2016], date(2016, 3, 31), date(2016, 3, 31))
    assert chosen.before == parse_period("2014-15")
    assert not chosen.covered
    assert not change_periods(chosen.period, [], date(2016, 3, 31), date(2016, 3, 31)).covered


def test_only_the_last_four_ended_census_years_are_cohorts_followed_to_the_data_end():
    years = list(range(2010, 2017))
    chosen = change_periods(parse_period("2015-16"), years, date(2016, 3, 31), date(2016, 6, 30))
    assert CHANGE_COHORTS == 4
    assert chosen.cohorts == tuple(financial_year(y) for y in (2013, 2014, 2015, 2016))
    assert chosen.followed_to == date(2016, 6, 30)
