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


def _jsonable(frame: pl.DataFrame) -> list[dict[str, Any]]:
    rows = frame.to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, date):
                row[key] = value.isoformat()
    return rows


def summary(history: History, period: Period, la: str | None = None) -> dict[str, Any]:
    """The measures, their 95% interval, the breakdowns and the cohort for ``period``.

    ``la`` picks one council; ``None`` pools every council loaded (a single council's returns
    are the usual case). Keys: ``la``, ``period`` (start, end, label), ``repeat_plans``
    (:data:`~cpmonitor.measures.repeat.MEASURES`), ``data_quality`` (starts whose
    ``NumberOfPreviousCPP`` is missing), ``percent_interval`` (Wilson 95%, unrounded),
    ``breakdowns`` (name -> rows) and ``cohort`` (the repeat plans, one row each).
    """
    plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
    row = repeat_plan_table(plans, [period], by=()).row(0, named=True)
    interval = wilson_interval(row["repeat"], row["plans_started"])
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
        "breakdowns": {
            name: _jsonable(frame) for name, frame in all_breakdowns(plans, period).items()
        },
        "cohort": _jsonable(repeat_cohort(plans, period)),
    }
