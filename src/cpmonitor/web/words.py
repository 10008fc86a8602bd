"""Template filters every page uses to show codes and dates to people (loaded everywhere).

Codes become words from the one mapping, :mod:`cpmonitor.codes`; dates follow the GOV.UK
style guide: ``8 July 2022``, ``July 2022``, and times ``8 July 2022 at 2:35pm`` (local time).
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from cpmonitor import codes
from cpmonitor.periods import year_label

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    """``8 July 2022`` (blank for no date)."""
    if not isinstance(value, date):
        return "" if value in (None, "") else str(value)
    return f"{value.day} {value:%B %Y}"


@register.filter(expects_localtime=True)
def day_time(value) -> str:
    """``8 July 2022 at 2:35pm``; midday and midnight in words (GOV.UK style)."""
    if not isinstance(value, datetime):
        return day(value)
    if (value.hour, value.minute) == (12, 0):
        clock = "midday"
    elif (value.hour, value.minute) == (0, 0):
        clock = "midnight"
    else:
        clock = f"{value.hour % 12 or 12}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"
    return f"{day(value)} at {clock}"


@register.filter(expects_localtime=True)
def month(value) -> str:
    """``July 2022``."""
    return f"{value:%B %Y}" if isinstance(value, date) else ("" if value is None else str(value))


@register.filter
def in_words(code, kind: str) -> str:
    """``{{ person.ethnicity|in_words:"ethnicity" }}`` -> ``White British``."""
    return codes.in_words(code, kind)


@register.filter
def cell(value, column: str):
    """A value of one of the core's columns as a person reads it: codes in words, dates in
    GOV.UK style, ``–`` for no value; other values unchanged."""
    if column in codes.COLUMNS:
        return codes.in_words(value, codes.COLUMNS[column]) if value is not None else "–"
    if value is None:
        return "–"
    if isinstance(value, date):
        return day(value)
    return value


@register.filter
def census_year(value) -> str:
    """``2016`` -> ``2015-16``: :func:`cpmonitor.periods.year_label` (blank for no year)."""
    return "" if value in (None, "") else year_label(int(value))
