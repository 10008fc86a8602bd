"""Periods: financial years, date ranges, year to date, rolling windows."""

from __future__ import annotations

import re
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


# ------------------------------------------------------------------ extreme input (issue 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9998-99", "The year 9998-99 is not between 1950-51 and 2098-99: check the year"),
        ("0000-01", "The year 0000-01 is not between 1950-51 and 2098-99: check the year"),
        ("0001-01-01..2016-03-31", "The start 0001-01-01 is not between 1950-01-01 and 2099-12-31"),
        ("2016-04-01..9999-12-31", "The end 9999-12-31 is not between 1950-01-01 and 2099-12-31"),
    ],
)
def test_a_period_outside_any_childs_record_is_refused_with_a_reason(text, message):
    from cpmonitor.periods import parse_period

    with pytest.raises(PeriodError, match=re.escape(message)):
        parse_period(text)


def test_the_first_and_last_days_allowed_are_accepted():
    from cpmonitor.periods import parse_date, parse_period

    assert parse_date("1950-01-01").isoformat() == "1950-01-01"
    assert parse_period("1950-01-01..2099-12-31").days == 150 * 365 + 37  # 1952..2096 leap
    with pytest.raises(PeriodError, match="is not a date: write it as YYYY-MM-DD"):
        parse_date("31/08/2016")


def test_the_report_command_as_at_9999_12_31_says_so(tmp_path):
    from typer.testing import CliRunner

    from cpmonitor.cli import app

    result = CliRunner().invoke(
        app,
        [
            "report",
            str(tmp_path),
            "--la",
            "335",
            "--out",
            str(tmp_path / "r.pdf"),
            "--as-at",
            "9999-12-31",
        ],
    )
    assert result.exit_code == 2
    assert "--as-at 9999-12-31 is not between 1950-01-01 and 2099-12-31" in result.output
    assert not isinstance(result.exception, ValueError)


def test_a_census_year_is_written_as_the_financial_year_it_ends_everywhere():
    from cpmonitor.census.spec import year_label as census_label
    from cpmonitor.periods import financial_year, year_label

    assert [year_label(y) for y in (2001, 2016, 2100)] == ["2000-01", "2015-16", "2099-00"]
    assert financial_year(2016).label == year_label(2016) and census_label is year_label


def test_months_and_years_are_counted_back_on_the_calendar_with_short_months_clamped():
    from cpmonitor.periods import census_year_of, months_before, months_between, years_before

    assert months_before(date(2016, 8, 31), 6) == date(2016, 2, 29)
    assert months_before(date(2016, 1, 15), 1) == date(2015, 12, 15)
    assert years_before(date(2016, 2, 29), 1) == date(2015, 2, 28)
    assert years_before(date(2016, 2, 29), 4) == date(2012, 2, 29)
    assert [
        months_between(date(2016, 1, 31), d) for d in (date(2016, 2, 28), date(2016, 3, 28))
    ] == [0, 1]
    assert months_between(date(2016, 1, 31), date(2016, 3, 31)) == 2
    assert (census_year_of(date(2016, 3, 31)), census_year_of(date(2016, 4, 1))) == (2016, 2017)
