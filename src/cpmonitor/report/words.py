"""How figures and dates are written in a report (one place, so every format agrees)."""

from __future__ import annotations

from datetime import date

from .. import codes
from ..disclosure import SUPPRESSED
from ..periods import Period, financial_year_containing, is_full_year  # noqa: F401 (w.is_full_year)
from ..stats import round_half_up
from .model import MISSING, Column, Value


def day(d: date) -> str:
    """``31 August 2016``."""
    return f"{d.day} {d:%B %Y}"


def short_day(d: date) -> str:
    """``31 Aug 2016``."""
    return f"{d.day} {d:%b %Y}"


def period_name(period: Period) -> str:
    """``2015-16``; ``2016-17 to 31 Aug 2016`` (year to date); or ``1 May 2016 to …``."""
    fy = financial_year_containing(period.start)
    if is_full_year(period):
        return fy.label
    if period.start == fy.start and period.end <= fy.end:
        return f"{fy.label} to {short_day(period.end)}"
    return f"{short_day(period.start)} to {short_day(period.end)}"


def period_span(period: Period) -> str:
    """``1 April 2016 to 31 August 2016``."""
    return f"{day(period.start)} to {day(period.end)}"


def count(value: Value) -> str:
    """A count as text: ``1,234``; ``c``; ``–`` for no figure."""
    if value is None:
        return MISSING
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def number(value: Value, places: int = 1) -> str:
    """A figure to ``places`` decimals, rounded half up (DfE); ``c``/``–`` as they are."""
    if value is None:
        return MISSING
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{round_half_up(value, places):.{places}f}"
    return str(value)


def pct(value: Value) -> str:
    """``21.8%``; ``c``; ``–``."""
    text = number(value)
    return f"{text}%" if isinstance(value, int | float) else text


def interval(value: Value) -> str:
    """``16.6–28.0``."""
    if isinstance(value, tuple):
        return f"{number(value[0])}–{number(value[1])}"
    return MISSING if value is None else str(value)


def in_prose(value: Value, noun: str = "") -> str:
    """A count inside a sentence: ``9``; a suppressed one is named as such."""
    if value == SUPPRESSED:
        return "a number not shown (c)" if not noun else f"some {noun} (a number not shown, c)"
    text = count(value)
    return f"{text} {noun}".strip()


def sentence(text: str) -> str:
    """``text`` with its first letter in capitals (the rest untouched)."""
    return text[:1].upper() + text[1:]


def plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")


def cell(value: Value, column: Column) -> str:
    """A table value as text, the same in every format."""
    if value is None:
        return MISSING
    if column.codes and isinstance(value, str):
        return codes.in_words(value, column.codes)
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if column.kind == "interval" and isinstance(value, tuple):
        return interval(value)
    if column.kind == "percent" or isinstance(value, float):
        return number(value)
    if isinstance(value, int):
        return count(value)
    return str(value)
