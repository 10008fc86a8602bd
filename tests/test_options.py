"""Option values typed on the command line: one way to write a year, messages that say how."""

from __future__ import annotations

from datetime import date

import pytest

from builders import make_data, plan
from cpmonitor.cli import options
from cpmonitor.cli.options import OptionError
from cpmonitor.periods import Period, financial_year


def test_a_census_year_is_written_2015_16_and_means_the_year_ending_march_2016():
    assert options.census_year("--year", "2015-16") == 2016
    assert options.census_year("--year", " 2015/16 ") == 2016
    assert options.census_year("--year", "2015-2016") == 2016


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "2016",
            "--year 2016: write the census year as 2015-16 (the year ending 31 March 2016) or "
            "2016-17 (ending 31 March 2017)",
        ),
        (
            "2015-17",
            "--year 2015-17: expected a census year written like 2015-16 (1 April 2015 to 31 "
            "March 2016)",
        ),
        ("last year", "--year last year: expected a census year written like 2015-16"),
        ("2016-04-01..2017-03-31", "--year 2016-04-01..2017-03-31: expected a census year"),
    ],
)
def test_a_census_year_written_another_way_is_refused_with_the_form(typed, message):
    with pytest.raises(OptionError) as error:
        options.census_year("--year", typed)
    assert str(error.value).startswith(message)


def test_a_date_is_written_yyyy_mm_dd():
    assert options.day("--as-at", "2016-08-31") == date(2016, 8, 31)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "2016-13-01",
            "--as-at 2016-13-01: not a date (there is no month 13); expected a date "
            "written YYYY-MM-DD, e.g. 2016-08-31",
        ),
        ("2016-02-30", "--as-at 2016-02-30: not a date (there is no 30 February 2016)"),
        ("2015-02-29", "--as-at 2015-02-29: not a date (there is no 29 February 2015)"),
        ("31/08/2016", "--as-at 31/08/2016: not a date; expected a date written YYYY-MM-DD"),
    ],
)
def test_a_bad_date_says_which_option_and_why_not_only_month_must_be_in_1_12(typed, message):
    with pytest.raises(OptionError) as error:
        options.day("--as-at", typed)
    assert str(error.value).startswith(message)
    assert "must be in" not in str(error.value)


def test_a_period_is_a_census_year_or_a_range_of_dates():
    assert options.period("--period", "2015-16") == financial_year(2016)
    assert options.period("--period", "2016-04-01..2016-08-31") == Period(
        date(2016, 4, 1), date(2016, 8, 31)
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2016", "--period 2016: write the census year as 2015-16"),
        (
            "2016-04-01..2016-02-30",
            "--period 2016-04-01..2016-02-30: 2016-02-30 is not a date "
            "(there is no 30 February 2016)",
        ),
        (
            "2016-08-31..2016-04-01",
            "--period 2016-08-31..2016-04-01: the range ends before it starts",
        ),
        (
            "April",
            "--period April: expected a census year (2015-16) or a date range "
            "(2016-04-01..2016-08-31)",
        ),
    ],
)
def test_a_bad_period_names_the_option_and_the_forms(typed, message):
    with pytest.raises(OptionError) as error:
        options.period("--period", typed)
    assert str(error.value).startswith(message)


def returns_2015_16():
    """One census year of returns: 2015-16, reference date 31 March 2016."""
    return make_data([plan("A", "2015-06-01", prev=0, year=2016)])


def test_a_period_outside_the_returns_loaded_is_refused():
    data = returns_2015_16()
    options.within_data("--period", "2015-16", financial_year(2016), data)
    part = options.period("--period", "2016-01-01..2016-06-30")
    options.within_data("--period", "2016-01-01..2016-06-30", part, data)  # overlaps: allowed
    with pytest.raises(OptionError):
        options.within_data("--period", "2016-17", financial_year(2017), data)  # the day after
    with pytest.raises(OptionError) as error:
        options.within_data("--period", "2030-31", financial_year(2031), data)
    assert str(error.value).startswith(
        "--period 2030-31: the returns loaded cover 1 April 2015 to 31 March 2016, so there "
        "is nothing to report for that period"
    )
