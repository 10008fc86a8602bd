"""Everything about the repeat-plan picture for one period, as one JSON-ready dictionary."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from ..history import History
from ..periods import Period
from ..stats import wilson_interval
from .breakdowns import all_breakdowns
from .repeat import EXTRA, MEASURES, repeat_cohort, repeat_plan_table
from .teams import team_breakdown
from .timeliness import assessment_timeliness, conference_timeliness
from .visits import DEFAULT_STANDARD_WORKING_DAYS, visits


def _jsonable(frame: pl.DataFrame) -> list[dict[str, Any]]:
    rows = frame.to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, date):
                row[key] = value.isoformat()
    return rows


def list_beyond_census(
    history: History, period: Period, la: str | None, key: str
) -> tuple[pl.DataFrame, str] | None:
    """Annex A list ``key`` for ``period`` when the census returns end before it does.

    The list of the earliest workbook extracted on or after the period's last day (it knows
    the whole period); None when the returns reach that day or no such workbook has the list.
    Returns (the list's table, a source label naming the list and the file).
    """
    returns = [r for r in history.data.returns if la is None or r.la == la]
    reach = max((r.reference_date for r in returns), default=None)
    if reach is not None and reach >= period.end:
        return None
    found = sorted(
        (
            a
            for a in history.data.annex_a
            if key in a.lists and a.extract_date >= period.end and (la is None or a.la == la)
        ),
        key=lambda a: a.extract_date,
    )
    if not found:
        return None
    number = {"assessments": 4, "section47": 5, "child_protection": 7}[key]
    return found[0].lists[key], f"Annex A List {number} ({found[0].file})"


def assessments_summary(history: History, period: Period, la: str | None = None) -> dict:
    """Assessments authorised in ``period`` and within 45 working days of their start.

    From the census returns; when they end before the period does, from Annex A List 4
    (assessments) of a workbook extracted on or after its last day
    (:func:`list_beyond_census`), as a council's own year-to-date figure would be. Keys:
    ``completed``, ``within_45_working_days``, ``percent`` (see
    :func:`~cpmonitor.measures.timeliness.assessment_timeliness`) and ``source``.
    """
    beyond = list_beyond_census(history, period, la, "assessments")
    frame, source = beyond if beyond is not None else (history.assessments, "CIN census")
    if la is not None:
        frame = frame.filter(pl.col("la") == la)
    row = assessment_timeliness(frame, [period], by=()).row(0, named=True)
    out = {k: row[k] for k in ("completed", "within_45_working_days", "percent")}
    return {**out, "source": source}


def conferences_summary(history: History, period: Period, la: str | None = None) -> dict:
    """Initial conferences held in ``period`` within 15 working days of the section 47 start.

    From the census, or Annex A List 5 beyond it (as :func:`assessments_summary`). Keys:
    ``conferences``, ``within_15_working_days``, ``percent`` (see
    :func:`~cpmonitor.measures.timeliness.conference_timeliness`) and ``source``.
    """
    beyond = list_beyond_census(history, period, la, "section47")
    frame, source = beyond if beyond is not None else (history.section47, "CIN census")
    if la is not None:
        frame = frame.filter(pl.col("la") == la)
    row = conference_timeliness(frame, [period], by=()).row(0, named=True)
    out = {k: row[k] for k in ("conferences", "within_15_working_days", "percent")}
    return {**out, "source": source}


def summary(
    history: History,
    period: Period,
    la: str | None = None,
    visit_standard: int = DEFAULT_STANDARD_WORKING_DAYS,
) -> dict[str, Any]:
    """The measures, their 95% interval, the breakdowns and the cohort for ``period``.

    ``la`` picks one council; ``None`` pools every council loaded (a single council's returns
    are the usual case). Keys: ``la``, ``period`` (start, end, label), ``repeat_plans``
    (:data:`~cpmonitor.measures.repeat.MEASURES`), ``data_quality`` (starts whose
    ``NumberOfPreviousCPP`` is missing), ``percent_interval`` (Wilson 95%, unrounded),
    ``breakdowns`` (name -> rows; ``allocated_team`` too when Annex A is loaded), ``cohort``
    (the repeat plans, one row each), ``assessments`` (:func:`assessments_summary`) and
    ``visits`` (:func:`~cpmonitor.measures.visits.visits` at the period's last day, with the
    council's standard ``visit_standard``; None without an Annex A extracted that day).
    """
    plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
    row = repeat_plan_table(plans, [period], by=()).row(0, named=True)
    interval = wilson_interval(row["repeat"], row["plans_started"])
    breakdowns = {name: _jsonable(frame) for name, frame in all_breakdowns(plans, period).items()}
    annexes = history.data.annex_a
    if annexes:
        breakdowns["allocated_team"] = _jsonable(team_breakdown(plans, annexes, period))
    return {
        "la": la if la is not None else history.las,
        "period": period.as_dict(),
        "repeat_plans": {name: row[name] for name in MEASURES},
        "data_quality": {name: row[name] for name in EXTRA},
        "percent_interval": (
            None
            if interval is None
            else {"low": interval.low, "high": interval.high, "level": interval.level}
        ),
        "breakdowns": breakdowns,
        "cohort": _jsonable(repeat_cohort(plans, period)),
        "assessments": assessments_summary(history, period, la),
        "visits": visits(annexes, period.end, la, visit_standard),
    }
