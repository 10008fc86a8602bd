"""Working days in England: weekdays that are not England and Wales bank holidays.

Bank holidays come from the maintained ``holidays`` package (``GB``, subdivision ``ENG``,
which follows the gov.uk list including one-off days such as coronations and jubilees).
Day counting follows the statutory timescale convention: the day an enquiry starts is day 0,
so a conference "within 15 working days" is on or before the 15th working day after it.

Scalar functions take dates; the ``*_days`` array functions take day numbers (days since
1970-01-01) for the simulator, where adding working days to millions of dates is two array
lookups.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl

FIRST_YEAR, LAST_YEAR = 1980, 2050


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    import holidays

    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return np.busdaycalendar(holidays=np.array(sorted(bank), dtype="datetime64[D]"))


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


@lru_cache(maxsize=1)
def _table() -> tuple[int, np.ndarray, np.ndarray]:
    """(first day number, working days in order, index of the next working day per day)."""
    first = np.datetime64(f"{FIRST_YEAR}-01-01", "D")
    days = np.arange(first, np.datetime64(f"{LAST_YEAR + 1}-01-01", "D"))
    working = np.is_busday(days, busdaycal=_calendar())
    next_index = np.cumsum(working) - working  # working days strictly before each day
    return int(first.astype(np.int64)), days[working].astype(np.int64), next_index


def add_working_days_to_days(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Day numbers ``n`` working days after ``days``, for the simulator.

    A non-working day first rolls *forward* to the next working day, which then counts as day
    0 — right for scheduling (the simulator's enquiries start on working days), unlike the
    statutory count of :func:`add_working_days`, where a weekend start is itself day 0.
    """
    first, working, next_index = _table()
    offset = np.asarray(days, dtype=np.int64) - first
    if offset.size and (offset.min() < 0 or offset.max() >= next_index.size):
        raise ValueError(f"working days are only known from {FIRST_YEAR} to {LAST_YEAR}")
    return working[next_index[offset] + np.asarray(n, dtype=np.int64)]


def next_working_days(days: np.ndarray) -> np.ndarray:
    """Each day number itself when a working day, else the next working day."""
    return add_working_days_to_days(days, 0)
