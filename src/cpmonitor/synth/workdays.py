"""Working days in England (weekends and bank holidays), vectorised over day numbers.

Day numbers are days since 1970-01-01. Bank holidays come from the ``holidays`` package
(England), weekends and holidays from ``numpy.is_busday``; the arithmetic is a table lookup,
so adding working days to millions of dates costs two array indexings.
"""

from __future__ import annotations

from functools import lru_cache

import holidays
import numpy as np

FIRST_YEAR, LAST_YEAR = 1980, 2050


@lru_cache(maxsize=1)
def _table() -> tuple[int, np.ndarray, np.ndarray]:
    """(first day number, working days in order, index of the next working day per day)."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    cal = np.busdaycalendar(holidays=np.array(sorted(bank), dtype="datetime64[D]"))
    first = np.datetime64(f"{FIRST_YEAR}-01-01", "D")
    days = np.arange(first, np.datetime64(f"{LAST_YEAR + 1}-01-01", "D"))
    working = np.is_busday(days, busdaycal=cal)
    next_index = np.cumsum(working) - working  # working days strictly before each day
    return int(first.astype(np.int64)), days[working].astype(np.int64), next_index


def add_working_days(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """The day ``n`` working days after ``days`` (a non-working day first rolls forward)."""
    first, working, next_index = _table()
    offset = np.asarray(days, dtype=np.int64) - first
    if offset.size and (offset.min() < 0 or offset.max() >= next_index.size):
        raise ValueError(f"working days are only known from {FIRST_YEAR} to {LAST_YEAR}")
    return working[next_index[offset] + np.asarray(n, dtype=np.int64)]


def next_working_day(days: np.ndarray) -> np.ndarray:
    """``days`` itself when a working day, else the next working day."""
    return add_working_days(days, 0)
