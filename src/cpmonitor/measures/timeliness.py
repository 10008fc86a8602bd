"""Timeliness measures that sit beside repeat plans: assessments, conferences and reviews.

- Assessments completed within 45 working days of their start: *Working Together to
  Safeguard Children* ("the maximum timeframe for the assessment to conclude … should be
  within 45 working days"); DfE publishes the national figure in *Characteristics of
  children in need* (assessments completed in the year, from ``AssessmentActualStartDate``
  to ``AssessmentAuthorisationDate``). Counted over the assessments authorised in the
  period, working days per :mod:`cpmonitor.workdays` (the start is day 0).

- Initial child protection conferences within 15 working days of the start of the section 47
  enquiry that led to them: LAIT ``CP_conf_15days`` ("Initial child protection conferences
  held within 15 days of the start of the section 47 enquiries which led to a conference"),
  timescale from *Working Together to Safeguard Children*. Counted over the conferences held
  in the period (``DateOfInitialCPC`` in ``Section47``), working days per
  :mod:`cpmonitor.workdays` (England and Wales bank holidays).
- Child protection reviews within timescales (*Working Together*: the first review within
  three months of the initial conference, later ones at intervals of not more than six
  months; measured as the former national indicator NI 67 and DfE's CIN statistics did): of
  the plans that ended in the period or were open at its end and had then lasted at least
  three months, those whose every review due by the plan's end (or the period's end) was held
  on time.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ..history import open_at
from ..periods import Period
from ..stats import percent_expr
from ..workdays import working_days_expr

CONFERENCE_WORKING_DAYS = 15
ASSESSMENT_WORKING_DAYS = 45


def assessment_timeliness(
    assessments: pl.DataFrame, periods: Sequence[Period], by: Sequence[str] = ("la",)
) -> pl.DataFrame:
    """Assessments authorised in each period and how many within 45 working days of the start.

    Columns: ``*by, period, completed, within_45_working_days, percent,
    completed_without_start`` (an assessment with no start date cannot be timed and is
    counted apart).
    """
    frame = assessments.filter(pl.col("authorisation_date").is_not_null()).with_columns(
        working_days_expr(pl.col("start_date"), pl.col("authorisation_date")).alias("_days")
    )
    rows = []
    for period in periods:
        done = frame.filter(pl.col("authorisation_date").is_between(period.start, period.end))
        aggs = [
            pl.col("_days").is_not_null().sum().alias("completed"),
            (pl.col("_days") <= ASSESSMENT_WORKING_DAYS).sum().alias("within_45_working_days"),
            pl.col("_days").is_null().sum().alias("completed_without_start"),
        ]
        out = done.group_by(list(by)).agg(aggs) if by else done.select(aggs)
        rows.append(out.with_columns(pl.lit(period.label).alias("period")))
    counts = ("completed", "within_45_working_days", "completed_without_start")
    table = pl.concat(rows).with_columns(pl.col(counts).cast(pl.Int64))
    return table.with_columns(
        percent_expr(pl.col("within_45_working_days"), pl.col("completed")).alias("percent")
    ).select(*by, "period", "completed", "within_45_working_days", "percent", *counts[2:])


def conference_timeliness(
    section47: pl.DataFrame, periods: Sequence[Period], by: Sequence[str] = ("la",)
) -> pl.DataFrame:
    """Conferences held in each period and how many within 15 working days of the S47 start.

    Columns: ``*by, period, conferences, within_15_working_days, percent,
    conferences_without_s47_start`` (a conference whose enquiry has no start date cannot be
    timed and is counted apart).
    """
    frame = section47.filter(pl.col("icpc_date").is_not_null()).with_columns(
        working_days_expr(pl.col("start_date"), pl.col("icpc_date")).alias("_days")
    )
    rows = []
    for period in periods:
        held = frame.filter(pl.col("icpc_date").is_between(period.start, period.end))
        aggs = [
            pl.col("_days").is_not_null().sum().alias("conferences"),
            (pl.col("_days") <= CONFERENCE_WORKING_DAYS).sum().alias("within_15_working_days"),
            pl.col("_days").is_null().sum().alias("conferences_without_s47_start"),
        ]
        out = held.group_by(list(by)).agg(aggs) if by else held.select(aggs)
        rows.append(out.with_columns(pl.lit(period.label).alias("period")))
    table = pl.concat(rows).with_columns(
        pl.col("conferences", "within_15_working_days", "conferences_without_s47_start").cast(
            pl.Int64
        )
    )
    return table.with_columns(
        percent_expr(pl.col("within_15_working_days"), pl.col("conferences")).alias("percent")
    ).select(
        *by,
        "period",
        "conferences",
        "within_15_working_days",
        "percent",
        "conferences_without_s47_start",
    )


def _review_status(plans: pl.DataFrame, reviews: pl.DataFrame, period: Period) -> pl.DataFrame:
    """One row per plan in scope for ``period`` with ``on_time`` (all reviews in time)."""
    cutoff = pl.min_horizontal(pl.col("end_date").fill_null(period.end), pl.lit(period.end))
    scope = (
        plans.filter(
            open_at(period.end)
            | (
                (pl.col("start_date") <= period.end)
                & pl.col("end_date").is_between(period.start, period.end)
            )
        )
        .with_columns(cutoff.alias("cutoff"))
        .filter(pl.col("cutoff") >= pl.col("start_date").dt.offset_by("3mo"))
        .select("la", "child_id", "start_date", "cutoff")
    )
    held = (
        reviews.rename({"plan_start": "start_date"})
        .join(scope, on=["la", "child_id", "start_date"], how="inner")
        .filter(pl.col("review_date") <= pl.col("cutoff"))
        .sort(["la", "child_id", "start_date", "review_date"])
        .with_columns(
            pl.col("review_date").shift(1).over(["la", "child_id", "start_date"]).alias("_prev")
        )
        .with_columns(
            pl.when(pl.col("_prev").is_null())
            .then(pl.col("start_date").dt.offset_by("3mo"))
            .otherwise(pl.col("_prev").dt.offset_by("6mo"))
            .alias("_due")
        )
        .group_by(["la", "child_id", "start_date"])
        .agg(
            (pl.col("review_date") > pl.col("_due")).any().alias("_late"),
            pl.col("review_date").max().alias("_last"),
        )
    )
    next_due = (
        pl.when(pl.col("_last").is_null())
        .then(pl.col("start_date").dt.offset_by("3mo"))
        .otherwise(pl.col("_last").dt.offset_by("6mo"))
    )
    return scope.join(held, on=["la", "child_id", "start_date"], how="left").with_columns(
        (~pl.col("_late").fill_null(False) & (next_due >= pl.col("cutoff"))).alias("on_time")
    )


def review_timeliness(
    plans: pl.DataFrame,
    reviews: pl.DataFrame,
    periods: Sequence[Period],
    by: Sequence[str] = ("la",),
) -> pl.DataFrame:
    """Plans reviewed within timescales per period.

    Columns: ``*by, period, plans_reviewable, reviewed_on_time, percent``. A review is due
    three months after the plan starts, then six months after each review; a plan is on time
    when no review came after its due date and no review fell due (strictly) before the plan
    ended or the period closed without one.
    """
    rows = []
    for period in periods:
        status = _review_status(plans, reviews, period)
        aggs = [
            pl.len().alias("plans_reviewable"),
            pl.col("on_time").sum().alias("reviewed_on_time"),
        ]
        out = status.group_by(list(by)).agg(aggs) if by else status.select(aggs)
        rows.append(out.with_columns(pl.lit(period.label).alias("period")))
    table = pl.concat(rows).with_columns(
        pl.col("plans_reviewable", "reviewed_on_time").cast(pl.Int64)
    )
    return table.with_columns(
        percent_expr(pl.col("reviewed_on_time"), pl.col("plans_reviewable")).alias("percent")
    ).select(*by, "period", "plans_reviewable", "reviewed_on_time", "percent")
