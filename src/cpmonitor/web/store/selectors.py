"""Reads over the stored data that more than one app needs (the dashboard and case audits).

Each takes domain values (a council's LA code, a period) and returns the core's figures with
each child's opaque reference: the counting is the core's (:mod:`cpmonitor.measures`).
"""

from __future__ import annotations

import polars as pl

from cpmonitor.periods import Period

from . import services
from .models import ChildRef


def with_child_refs(frame: pl.DataFrame, la: str) -> pl.DataFrame:
    """``frame`` (with a ``child_id`` column) and each child's opaque reference (``ref``)."""
    refs = pl.DataFrame(
        list(ChildRef.objects.filter(la=la).values_list("child_id", "ref")),
        schema={"child_id": pl.Utf8, "ref": pl.Utf8},
        orient="row",
    )
    return frame.join(refs, on="child_id", how="left")


def repeat_cohort_for(la: str, period: Period) -> pl.DataFrame:
    """The core's cohort of repeat plans, with each child's opaque reference."""
    from cpmonitor.measures import repeat_cohort

    return with_child_refs(repeat_cohort(services.history(la).plans, period, la=la), la)
