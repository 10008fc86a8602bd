"""What a person types on the command line, read one way everywhere, with messages that say how.

Every message names the option, repeats what was typed and shows the form expected, so a bad
value never ends in a traceback or an empty report. Years: a census (financial) year is
always written ``2015-16`` — 1 April 2015 to 31 March 2016, the year DfE labels 2016 — in
``--year``, ``--period`` and ``benchmarks funnel --year`` alike. Dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from datetime import date

from ..periods import (
    Period,
    PeriodError,
    check_date,
    financial_year,
    financial_year_containing,
    parse_period,
    year_label,
)

YEAR_FORM = "a census year written like 2015-16 (1 April 2015 to 31 March 2016)"
DATE_FORM = "a date written YYYY-MM-DD, e.g. 2016-08-31"
PERIOD_FORM = "a census year (2015-16) or a date range (2016-04-01..2016-08-31)"
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class OptionError(ValueError):
    """A value typed for an option that cannot be used; the message says what to type."""


def census_year(option: str, text: str) -> int:
    """The census year ``text`` (``2015-16``) as DfE's year number (2016)."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) == 4:
        end = int(stripped)
        raise OptionError(
            f"{option} {text}: write the census year as {year_label(end)} (the year "
            f"ending 31 March {end}) or {year_label(end + 1)} (ending 31 March {end + 1})"
        )
    try:
        period = parse_period(stripped)
    except PeriodError:
        period = None
    if period is None or period != financial_year(period.end.year):
        raise OptionError(f"{option} {text}: expected {YEAR_FORM}")
    return period.end.year


def _why_not(text: str) -> str:
    """Why ``text`` shaped like YYYY-MM-DD is not a day, in words."""
    m = _DATE.match(text)
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f" (there is no month {month})"
    try:
        date(year, month, day)
    except ValueError:
        return f" (there is no {day} {_MONTHS[month - 1]} {year})"
    return ""


def day(option: str, text: str) -> date:
    """The date ``text`` (``2016-08-31``), between 1950 and 2099 (:func:`periods.check_date`)."""
    try:
        typed = date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError(
            f"{option} {text}: not a date{_why_not(text)}; expected {DATE_FORM}"
        ) from None
    try:
        return check_date(typed, option)
    except PeriodError as exc:
        raise OptionError(str(exc)) from None


def period(option: str, text: str) -> Period:
    """The period ``text``: a census year (``2015-16``) or a range of dates."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) == 4:
        census_year(option, text)  # says which two census years the number could mean
    if ".." in stripped:
        ends = [part.strip() for part in stripped.split("..", 1)]
        for end in ends:
            if _DATE.match(end) and _why_not(end):
                raise OptionError(f"{option} {text}: {end} is not a date{_why_not(end)}")
    try:
        return parse_period(stripped)
    except PeriodError as exc:
        if "before it starts" in str(exc):
            raise OptionError(f"{option} {text}: the range ends before it starts") from None
        raise OptionError(f"{option} {text}: expected {PERIOD_FORM}") from None


def covered(data, la: str | None = None) -> Period:
    """From the start of the first census year loaded to the latest date the data reach (a
    census reference date, or an Annex A extract date: its year so far is covered too)."""
    returns = [r for r in data.returns if la is None or r.la == la] or list(data.returns)
    annexes = [a for a in data.annex_a if la is None or a.la == la] or list(data.annex_a)
    starts = [financial_year(r.census_year).start for r in returns] + [
        financial_year_containing(a.extract_date).start for a in annexes
    ]
    ends = [r.reference_date for r in returns] + [a.extract_date for a in annexes]
    return Period(min(starts), max(ends))


def within_data(
    option: str, text: str, chosen: Period, data, la: str | None = None, form: str = PERIOD_FORM
) -> None:
    """``chosen`` must overlap the returns loaded: a period with no data is an empty report.
    ``form``: what to type instead (a period, or a date for ``--as-at``)."""
    span = covered(data, la)
    if chosen.start > span.end or chosen.end < span.start:
        raise OptionError(
            f"{option} {text}: the returns loaded cover {_words(span.start)} to "
            f"{_words(span.end)}, so there is nothing to report for that period; choose "
            f"{form} inside them"
        )


def _words(d: date) -> str:
    return f"{d.day} {d:%B %Y}"
