"""Plan starts by allocated team, where Ofsted Annex A List 7 gives the team.

Not a DfE table: the census has no team. A plan's team is the "Allocated Team" of the latest
workbook loaded that lists the plan (same LA, child ID and start date); plans no workbook
lists are "Not in Annex A". First vs repeat as in :mod:`.breakdowns` (DfE rule,
``NumberOfPreviousCPP`` ≥ 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from ..history import PLAN_KEY
from ..periods import Period
from .repeat import started_in

if TYPE_CHECKING:
    from ..annexa.reader import AnnexA

NOT_LISTED = "Not in Annex A"
NOT_RECORDED = "Not recorded"


def plan_teams(annexes: Sequence[AnnexA]) -> pl.DataFrame:
    """(la, child_id, start_date) -> team, worker: the latest extract listing each plan."""
    frames = [
        a.plans.select(*PLAN_KEY, "team", "worker").with_columns(
            pl.lit(a.extract_date).alias("_extract")
        )
        for a in annexes
    ]
    if not frames:
        return pl.DataFrame(
            schema={
                "la": pl.Utf8,
                "child_id": pl.Utf8,
                "start_date": pl.Date,
                "team": pl.Utf8,
                "worker": pl.Utf8,
            }
        )
    return (
        pl.concat(frames)
        .sort("_extract")
        .unique(list(PLAN_KEY), keep="last", maintain_order=True)
        .drop("_extract")
    )


def team_breakdown(
    plans: pl.DataFrame, annexes: Sequence[AnnexA], period: Period, la: str | None = None
) -> pl.DataFrame:
    """Plan starts in ``period`` by team: columns value, label, first, repeat, total.

    Teams in alphabetical order, then "Not recorded" (listed without a team), then
    "Not in Annex A".
    """
    teams = plan_teams(annexes).with_columns(pl.lit(True).alias("_listed"))
    started = started_in(plans, period, la).join(teams, on=list(PLAN_KEY), how="left")
    counts = (
        started.with_columns(
            pl.when(pl.col("_listed").is_null())
            .then(pl.lit(NOT_LISTED))
            .otherwise(pl.col("team").fill_null(NOT_RECORDED))
            .alias("value")
        )
        .group_by("value")
        .agg(
            (~pl.col("repeat")).sum().cast(pl.Int64).alias("first"),
            pl.col("repeat").sum().cast(pl.Int64).alias("repeat"),
        )
    )
    last = {NOT_RECORDED: 1, NOT_LISTED: 2}
    return (
        counts.with_columns(
            pl.col("value").alias("label"),
            (pl.col("first") + pl.col("repeat")).alias("total"),
            pl.col("value").replace_strict(last, default=0, return_dtype=pl.Int32).alias("_rank"),
        )
        .sort("_rank", "value")
        .select("value", "label", "first", "repeat", "total")
    )
