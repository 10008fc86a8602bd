"""The repeat child protection plan measure and the plan measures read beside it.

Sources:

- DfE, *Characteristics of children in need*, table D3 "Child protection plans starting
  during the year, which were a second or subsequent plan"; LAIT measure ``PrevRegCPR``:
  "Denominator – the number of children with a child protection plan, starting at any time
  between 1 April and 31 March. This is a count of each occasion in the year, and may count the
  same child more than once. Numerator – of the children in the denominator, the number who
  had previously had a child protection plan, regardless of how long ago that was." In the CIN
  census a plan is a previous-plan case when its ``NumberOfPreviousCPP`` is 1 or more.
- LAIT ``CPPlans2yrs`` (table D7): of the plans ceasing in the year, those that had lasted
  "more than 729 calendar days including days of cessation".
- Table D5 / LAIT ``CPP_Num``: children subject to a plan at 31 March, i.e. plans started by
  the period's last day and not ended on or before it.

Every count here is over the plans in :attr:`cpmonitor.history.History.plans`; a period is
closed at both ends (a plan starting on its first or last day is in it).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ..history import open_at
from ..periods import Period, year_label
from ..stats import percent_expr
from .registry import MEASURES, TWO_YEARS_IN_DAYS  # the names counted, from the one table

#: Extra counts reported beside the measures (data quality of the numerator).
EXTRA = ("previous_plans_missing",)
_POOLED = "_pooled"  # the one group when every plan is pooled (``by=()``)


def _period_aggregates(period: Period) -> list[pl.Expr]:
    start, end = pl.col("start_date"), pl.col("end_date")
    started = start.is_between(period.start, period.end, closed="both")
    repeat = started & pl.col("repeat")
    ended = end.is_between(period.start, period.end, closed="both")
    return [
        started.sum().alias("plans_started"),
        repeat.sum().alias("repeat"),
        (started & pl.col("repeat_by_record_or_history"))
        .sum()
        .alias("repeat_by_record_or_history"),
        (repeat & pl.col("within_two_years").eq(True)).sum().alias("within_two_years"),
        (repeat & pl.col("within_two_years").eq(False)).sum().alias("over_two_years"),
        (repeat & pl.col("within_two_years").is_null()).sum().alias("gap_unknown"),
        pl.col("child_id").filter(started).n_unique().alias("children_started"),
        ended.sum().alias("plans_ended"),
        (ended & (pl.col("days_on_plan") > TWO_YEARS_IN_DAYS))
        .sum()
        .alias("lasted_two_years_or_more"),
        open_at(period.end).sum().alias("open_at_end"),
        (started & pl.col("previous_plans").is_null()).sum().alias("previous_plans_missing"),
    ]


def repeat_plan_table(
    plans: pl.DataFrame | pl.LazyFrame,
    periods: Sequence[Period],
    by: Sequence[str] = ("la",),
) -> pl.DataFrame:
    """Every measure for every group in ``by`` (default: each LA) and every period.

    One row per (group, period) with the columns ``period``, ``period_start``,
    ``period_end`` and :data:`MEASURES` (+ :data:`EXTRA`); ``percent`` is
    100 × repeat / plans_started rounded half up to 1 decimal place (DfE), null when no plan
    started. ``by=()`` pools every loaded plan into one row per period.
    """
    lazy = plans.lazy() if isinstance(plans, pl.DataFrame) else plans
    needed = [
        *by,
        "child_id",
        "start_date",
        "end_date",
        "repeat",
        "repeat_by_record_or_history",
        "within_two_years",
        "days_on_plan",
        "previous_plans",
    ]
    lazy = lazy.select(list(dict.fromkeys(needed)))
    keys = list(by)
    if not keys and isinstance(plans, pl.DataFrame) and plans.height:
        # pooled: grouped by a constant, which polars computes about twice as fast as the
        # same sums in a select (there are ~150 periods in a rolling series); a select
        # still gives the row of noughts when there is no plan at all
        lazy, keys = lazy.with_columns(pl.lit(0).alias(_POOLED)), [_POOLED]
    frames = []
    for period in periods:
        aggs = _period_aggregates(period)
        query = lazy.group_by(keys).agg(aggs) if keys else lazy.select(aggs)
        if keys != list(by):
            query = query.drop(_POOLED)
        frames.append(
            query.with_columns(
                pl.lit(period.label).alias("period"),
                pl.lit(period.start).alias("period_start"),
                pl.lit(period.end).alias("period_end"),
            )
        )
    if not frames:
        return pl.DataFrame()
    counts = [m for m in MEASURES if m != "percent"] + list(EXTRA)
    table = pl.concat(pl.collect_all(frames), how="vertical")
    table = table.with_columns(pl.col(counts).cast(pl.Int64)).with_columns(
        percent_expr(pl.col("repeat"), pl.col("plans_started")).alias("percent")
    )
    return table.select(*by, "period", "period_start", "period_end", *MEASURES, *EXTRA).sort(
        [*by, "period_start", "period_end"]
    )


def started_in(plans: pl.DataFrame, period: Period, la: str | None = None) -> pl.DataFrame:
    """The plans that started in ``period`` (optionally one LA's)."""
    frame = plans.filter(pl.col("start_date").is_between(period.start, period.end, closed="both"))
    return frame.filter(pl.col("la") == la) if la is not None else frame


COHORT_COLUMNS = (
    "la",
    "child_id",
    "start_date",
    "end_date",
    "previous_plans",
    "earlier_plans",
    "previous_start",
    "previous_end",
    "gap_days",
    "gap_group",
    "initial_category",
    "latest_category",
    "previous_initial_category",
    "previous_latest_category",
    "age_band",
    "sex",
)


#: The cohort's gap groups (``gap_group``), by the key a page filters on.
GAP_GROUPS = {"within": "within two years", "over": "over two years", "unknown": "gap unknown"}


def gap_group() -> pl.Expr:
    """``within two years`` / ``over two years`` / ``gap unknown`` from ``within_two_years``."""
    return (
        pl.when(pl.col("within_two_years").eq(True))
        .then(pl.lit(GAP_GROUPS["within"]))
        .when(pl.col("within_two_years").eq(False))
        .then(pl.lit(GAP_GROUPS["over"]))
        .otherwise(pl.lit(GAP_GROUPS["unknown"]))
    )


def repeat_cohort(plans: pl.DataFrame, period: Period, la: str | None = None) -> pl.DataFrame:
    """The children behind the figure: every DfE repeat plan starting in ``period``.

    One row per plan (a child with two repeat starts appears twice), with the previous plan's
    dates and categories, the gap in days and its group, number of previous plans (as recorded
    and as in the loaded history), ordered by start date.
    """
    return (
        started_in(plans, period, la)
        .filter(pl.col("repeat"))
        .with_columns(gap_group().alias("gap_group"))
        .select(COHORT_COLUMNS)
        .sort(["start_date", "la", "child_id"])
    )


def as_returned_table(plan_reports: pl.DataFrame, years: Sequence[int]) -> pl.DataFrame:
    """DfE's own figure for each census year: from that year's return alone, as returned.

    DfE computes table D3 for a year from the plans in that year's return that started in the
    year, counting each plan once per return and a repeat where that return's
    ``NumberOfPreviousCPP`` is 1 or more. Later returns' corrections are not in it (the
    stitched history's figure, :func:`repeat_plan_table`, has them).

    One row per (``la``, census year in ``years`` with a return): ``census_year``,
    ``period``, ``plans_started``, ``repeat``, ``percent``.
    """
    year = pl.col("census_year")
    start = pl.col("start_date")
    in_year = (start >= pl.date(year - 1, 4, 1)) & (start <= pl.date(year, 3, 31))
    frame = (
        plan_reports.lazy()
        .filter(year.is_in(list(years)) & start.is_not_null() & in_year)
        .unique(subset=["source_file", "la", "child_id", "start_date"], keep="last")
        .group_by("la", "census_year")
        .agg(
            pl.len().cast(pl.Int64).alias("plans_started"),
            (pl.col("previous_plans") >= 1).fill_null(False).sum().cast(pl.Int64).alias("repeat"),
        )
        .collect()
    )
    return frame.with_columns(
        pl.Series("period", [year_label(y) for y in frame["census_year"]], dtype=pl.Utf8),
        percent_expr(pl.col("repeat"), pl.col("plans_started")).alias("percent"),
    ).sort("la", "census_year")
