"""Reporting periods: financial years, any date range (e.g. year to date), rolling windows.

The CIN census year runs 1 April to 31 March; DfE labels it by the year it ends
(``time_period`` 2016 = 2015-16). Every period here is closed at both ends.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

_FY = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$")


class PeriodError(ValueError):
    """A period the user typed could not be understood."""


#: The dates a period or an "as at" date typed by a user may take: wide enough for any
#: child's record (census returns from 2008-09, previous plans years before), narrow enough
#: that every sum on them stays in the calendar (9999-12-31 plus a day does not exist).
EARLIEST, LATEST = date(1950, 1, 1), date(2099, 12, 31)


def check_date(day: date, what: str = "The date") -> date:
    """``day`` when it is between :data:`EARLIEST` and :data:`LATEST`, else a clear error."""
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(
            f"{what} {day.isoformat()} is not between {EARLIEST.isoformat()} and "
            f"{LATEST.isoformat()}: check the year"
        )
    return day


def parse_date(text: str, what: str = "The date") -> date:
    """A date typed as YYYY-MM-DD, checked by :func:`check_date`."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            f"{what} {text.strip()!r} is not a date: write it as YYYY-MM-DD, for example 2016-08-31"
        ) from None
    return check_date(day, what)


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range ``start``..``end`` with a human label."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"period ends ({self.end}) before it starts ({self.start})")
        if not self.label:
            object.__setattr__(self, "label", f"{self.start.isoformat()}..{self.end.isoformat()}")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def year_label(census_year: int) -> str:
    """How a census (financial) year is written everywhere: ``2016`` -> ``"2015-16"``, the
    year ending 31 March ``census_year`` (DfE's ``time_period`` 2016)."""
    return f"{census_year - 1}-{census_year % 100:02d}"


def financial_year(ending: int) -> Period:
    """The financial (and CIN census) year ending 31 March ``ending``: 2016 -> 2015-16."""
    return Period(date(ending - 1, 4, 1), date(ending, 3, 31), year_label(ending))


def census_year_of(day: date) -> int:
    """The census year (ending 31 March) containing ``day``: 2016-08-31 -> 2017."""
    return day.year + 1 if day.month >= 4 else day.year


def financial_year_containing(day: date) -> Period:
    """The financial year that contains ``day``."""
    return financial_year(census_year_of(day))


def is_full_year(period: Period) -> bool:
    """Whether ``period`` is exactly one financial (census) year, 1 April to 31 March."""
    fy = financial_year_containing(period.start)
    return period.start == fy.start and period.end == fy.end


def year_to_date(as_at: date) -> Period:
    """From 1 April of the financial year containing ``as_at`` up to ``as_at`` itself.

    On 31 March the year is complete, and the period is that financial year (its label too).
    """
    fy = financial_year_containing(as_at)
    if as_at == fy.end:
        return fy
    return Period(fy.start, as_at, f"{fy.label} to {as_at.isoformat()}")


def parse_period(text: str) -> Period:
    """Parse ``2015-16`` / ``2015/16`` / ``2015-2016`` or ``2016-04-01..2016-08-31``."""
    m = _FY.match(text)
    if m:
        first, second = int(m.group(1)), m.group(2)
        ending = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if ending == first + 1 or (len(second) == 2 and ending % 100 == (first + 1) % 100):
            if not EARLIEST.year <= first < LATEST.year:
                raise PeriodError(
                    f"The year {text.strip()} is not between {year_label(EARLIEST.year + 1)} "
                    f"and {year_label(LATEST.year)}: check the year"
                )
            return financial_year(first + 1)
        raise PeriodError(f"{text!r} is not a financial year: write it like 2015-16")
    m = _RANGE.match(text)
    if m:
        try:
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise PeriodError(f"{text!r}: {exc}") from None
        return Period(check_date(start, "The start"), check_date(end, "The end"))
    raise PeriodError(
        f"{text!r} is not a period: use a financial year (2015-16) or a date range "
        "(2016-04-01..2016-08-31)"
    )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if it is short:
    31 August less 6 months is 29 February 2016, 28 February 2015)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (29 February becomes 28 February)."""
    return months_before(day, 12 * years)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (31 January to 28 February: 0;
    to 28 March: 1; to 31 March: 2); negative when ``later`` is before ``earlier``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    first_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def rolling_twelve_months(first_end: date, last_end: date) -> list[Period]:
    """Rolling 12-month windows ending on each month end from ``first_end`` to ``last_end``.

    The window ending 31 August 2016 is 1 September 2015 .. 31 August 2016.
    """
    periods: list[Period] = []
    end = month_end(first_end)
    while end <= last_end:
        start = month_end(date(end.year - 1, end.month, 1)) + timedelta(days=1)
        periods.append(Period(start, end, f"12 months to {end.isoformat()}"))
        end = month_end(end + timedelta(days=1))
    return periods


def year_earlier(period: Period) -> Period:
    """The same period a year earlier: ``2015-16`` -> ``2014-15``; a date range moves back a
    year (29 February becomes 28 February)."""
    fy = financial_year_containing(period.start)
    if period.start == fy.start and period.end == fy.end:
        return financial_year(fy.end.year - 1)
    return Period(years_before(period.start, 1), years_before(period.end, 1))
