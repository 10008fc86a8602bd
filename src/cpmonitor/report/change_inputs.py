"""What the "What changed" section needs, gathered from the core (nothing is counted here).

Which periods are compared is the council picture's (:func:`cpmonitor.picture.change_periods`):

- ``change``: :func:`cpmonitor.measures.change.what_changed` for the report's period against
  the same period a year earlier, or ``None`` when the returns loaded do not cover the earlier
  period;
- ``cohorts``: :func:`cpmonitor.measures.risk.replan_risk` for the plans that ended in each of
  the picture's cohort years, followed to the latest reference date loaded: recent cohorts
  beside earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..measures.change import Change, what_changed
from ..measures.risk import ReplanRisk, replan_risk
from ..periods import Period
from ..picture import ChangePeriods


@dataclass
class ChangeInputs:
    before: Period
    change: Change | None
    followed_to: date
    cohorts: list[tuple[Period, ReplanRisk]] = field(default_factory=list)


def gather_change(plans: pl.DataFrame, periods: ChangePeriods) -> ChangeInputs:
    """The change since a year earlier and the re-plan curves of recent cohorts (one LA)."""
    change = what_changed(plans, periods.period, periods.before) if periods.covered else None
    cohorts = []
    for year in periods.cohorts:
        risk = replan_risk(plans, year, periods.followed_to)
        assert isinstance(risk, ReplanRisk)
        cohorts.append((year, risk))
    return ChangeInputs(
        before=periods.before, change=change, followed_to=periods.followed_to, cohorts=cohorts
    )
