"""The performance dataset the 2016 report mentions, per period: one call for every shell.

For each period: assessments authorised and within 45 working days
(:func:`~.summary.assessments_summary`: the census, or Annex A List 4 beyond it), initial
conferences within 15 working days (:func:`~.summary.conferences_summary`: the census, or
List 5 beyond it) and statutory visits at the period's last day (:func:`~.visits.visits`,
Annex A List 7; none unless a workbook was extracted that day). Reviews on time are
:mod:`.timeliness`'s, computed beside the repeat-plan measures (the census only: Annex A
has each plan's latest review, not every one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..history import History
from ..periods import Period
from .summary import assessments_summary, conferences_summary
from .visits import DEFAULT_STANDARD_WORKING_DAYS, overdue, visits


@dataclass
class PerformanceDataset:
    """Per period label: ``assessments``, ``conferences`` and ``visits`` (None without a
    workbook extracted that day).

    ``visits_latest`` / ``overdue_latest``: at the latest Annex A extract date for the
    council (None without a workbook); ``by_worker`` is in ``visits_latest`` (restricted
    outputs only show it).
    """

    standard: int
    assessments: dict[str, dict[str, Any]] = field(default_factory=dict)
    conferences: dict[str, dict[str, Any]] = field(default_factory=dict)
    visits: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    visits_latest: dict[str, Any] | None = None
    overdue_latest: pl.DataFrame | None = None

    @property
    def has_visits(self) -> bool:
        return self.visits_latest is not None


def performance_dataset(
    history: History,
    la: str,
    periods: Sequence[Period],
    standard: int = DEFAULT_STANDARD_WORKING_DAYS,
) -> PerformanceDataset:
    """The dataset for council ``la`` over ``periods`` (see the module)."""
    annexes = [a for a in history.data.annex_a if a.la == la]
    out = PerformanceDataset(standard=standard)
    for period in periods:
        out.assessments[period.label] = assessments_summary(history, period, la)
        out.conferences[period.label] = conferences_summary(history, period, la)
        out.visits[period.label] = visits(annexes, period.end, la, standard)
    if annexes:
        latest = max(a.extract_date for a in annexes)
        out.visits_latest = visits(annexes, latest, la, standard, by_worker=True)
        out.overdue_latest = overdue(annexes, latest, la, standard)
    return out
