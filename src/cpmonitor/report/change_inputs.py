"""What the "What changed" section needs, gathered from the core (nothing is counted here).

- ``change``: :func:`cpmonitor.measures.change.what_changed` for the report's period against
  the same period a year earlier, or ``None`` when the returns loaded do not cover the earlier
  period (its start is before the first census year loaded).
- ``cohorts``: :func:`cpmonitor.measures.risk.replan_risk` for the plans that ended in each of
  the last :data:`COHORTS` census years that ended by the report's date, followed to the
  latest reference date loaded: recent cohorts beside earlier ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..measures.change import Change, what_changed
from ..measures.risk import ReplanRisk, replan_risk
from ..periods import Period, financial_year, year_earlier

COHORTS = 4  # census years of ended plans shown side by side


@dataclass
class ChangeInputs:
    before: Period
    change: Change | None
    followed_to: date
    cohorts: list[tuple[Period, ReplanRisk]] = field(default_factory=list)


def gather_change(
    plans: pl.DataFrame,
    period: Period,
    census_years: Sequence[int],
    as_at: date,
    followed_to: date,
) -> ChangeInputs:
    """The change since a year earlier and the re-plan curves of recent cohorts (one LA)."""
    before = year_earlier(period)
    covered = bool(census_years) and financial_year(min(census_years)).start <= before.start
    change = what_changed(plans, period, before) if covered else None
    years = [y for y in sorted(census_years) if financial_year(y).end <= as_at][-COHORTS:]
    cohorts = []
    for y in years:
        risk = replan_risk(plans, financial_year(y), followed_to)
        assert isinstance(risk, ReplanRisk)
        cohorts.append((financial_year(y), risk))
    return ChangeInputs(before=before, change=change, followed_to=followed_to, cohorts=cohorts)
