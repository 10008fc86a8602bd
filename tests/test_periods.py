"""Periods: financial years, date ranges, year to date, rolling windows."""

from __future__ import annotations

from datetime import date

import pytest

from cpmonitor.periods import (
    PeriodError,
    financial_year,
    parse_period,
    rolling_twelve_months,
    year_to_date,
)


def test_financial_year_is_the_cin_census_year():
    fy = financial_year(2016)
    assert (fy.start, fy.end, fy.label) == (date(2015, 4, 1), date(2016, 3, 31), "2015-16")
    assert date(2015, 4, 1) in fy and date(2016, 3, 31) in fy and date(2016, 4, 1) not in fy


@pytest.mark.parametrize("text", ["2015-16", "2015/16", "2015-2016", " 2015 - 16 "])
def test_financial_year_spellings(text):
    assert parse_period(text) == financial_year(2016)


def test_century_boundary():
    assert parse_period("1999-00") == financial_year(2000)


def test_date_range():
    p = parse_period("2016-04-01..2016-08-31")
    assert (p.start, p.end, p.days) == (date(2016, 4, 1), date(2016, 8, 31), 153)


@pytest.mark.parametrize(
    "text", ["2015", "2015-17", "2016-08-31..2016-04-01", "2016-02-30..2016-03-01", "last year"]
)
def test_bad_periods_say_why(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_year_to_date_and_a_complete_year():
    ytd = year_to_date(date(2016, 8, 31))
    assert (ytd.start, ytd.end, ytd.label) == (
        date(2016, 4, 1),
        date(2016, 8, 31),
        "2016-17 to 2016-08-31",
    )
    assert year_to_date(date(2016, 3, 31)) == financial_year(2016)


def test_rolling_windows_end_each_month_and_cover_twelve_months():
    windows = rolling_twelve_months(date(2016, 1, 31), date(2016, 4, 30))
    assert [(w.start, w.end) for w in windows] == [
        (date(2015, 2, 1), date(2016, 1, 31)),
        (date(2015, 3, 1), date(2016, 2, 29)),
        (date(2015, 4, 1), date(2016, 3, 31)),
        (date(2015, 5, 1), date(2016, 4, 30)),
    ]
