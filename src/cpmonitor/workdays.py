"""Working days in England: weekdays that are not England and Wales bank holidays.

Bank holidays come from the maintained ``holidays`` package (``GB``, subdivision ``ENG``,
which follows the gov.uk list including one-off days such as coronations and jubilees).
Day counting follows the statutory timescale convention: the day an enquiry starts is day 0,
so a conference "within 15 working days" is on or before the 15th working day after it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl


@lru_cache(maxsize=1)
def _calendar(first_year: int = 2000, last_year: int = 2040) -> np.busdaycalendar:
    import holidays

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.busdaycalendar(holidays=sorted(days))


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    return int(
        np.busday_count(
            np.datetime64(start, "D") + 1, np.datetime64(end, "D") + 1, busdaycal=_calendar()
        )
    )


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
    if days == 0:
        return start
    # a start on a weekend or holiday rolls back, so its next working day is day 1
    moved = np.busday_offset(
        np.datetime64(start, "D"), days, roll="backward", busdaycal=_calendar()
    )
    return moved.astype(date)


def working_days_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Vectorised :func:`working_days_between` for polars date columns (null if either is)."""

    def count(frame: pl.Series) -> pl.Series:
        s = frame.struct.field("s").to_numpy().astype("datetime64[D]")
        e = frame.struct.field("e").to_numpy().astype("datetime64[D]")
        valid = ~(np.isnat(s) | np.isnat(e))
        out = np.zeros(len(s), dtype=np.int64)
        out[valid] = np.busday_count(s[valid] + 1, e[valid] + 1, busdaycal=_calendar())
        return pl.Series(out).cast(pl.Int32).scatter(np.flatnonzero(~valid), None)

    return pl.struct(start.alias("s"), end.alias("e")).map_batches(count, return_dtype=pl.Int32)
