"""How long after the previous plan ended each repeat plan started: the gap distribution.

DfE publishes no gap measure; the question is the 2016 Walsall scrutiny report's ("9 were taken
off child protection plans less than two years before the most recent intervention", section
1.5). The gap is measured as :func:`cpmonitor.history.plan_history` does for
``within_two_years``: from the latest end date among the child's earlier plans on record to the
new plan's start, in calendar anniversaries (a plan starting on the second anniversary of the
end is "2 years to under 3 years"; 29 February's anniversary is 28 February). Only DfE repeat
plans (``NumberOfPreviousCPP`` ≥ 1) are counted, as in table D3; a repeat plan with no
earlier plan end on record has an unknown gap.

The first three bands add up to ``within_two_years`` of
:func:`cpmonitor.measures.repeat.repeat_plan_table`, the next three to ``over_two_years``,
and the last is its ``gap_unknown``.
"""

from __future__ import annotations

import polars as pl

from ..periods import Period
from .repeat import started_in

#: (label, the gap is under this many months after the previous end; None = no upper bound)
GAP_BANDS: tuple[tuple[str, int | None], ...] = (
    ("Under 6 months", 6),
    ("6 months to under 1 year", 12),
    ("1 year to under 2 years", 24),
    ("2 years to under 3 years", 36),
    ("3 years to under 5 years", 60),
    ("5 years or more", None),
)
GAP_UNKNOWN = "Not known (no earlier plan end on record)"


def months_band(
    earlier: pl.Expr, later: pl.Expr, bands: tuple[tuple[str, int | None], ...]
) -> pl.Expr:
    """The label of the first band ``(label, months)`` with ``later`` before ``earlier`` plus
    that many calendar months; the last band's (``months`` None) otherwise."""
    expr = None
    for label, months in bands:
        if months is None:
            return expr.otherwise(pl.lit(label))
        before = later < earlier.dt.offset_by(f"{months}mo")
        expr = (pl.when if expr is None else expr.when)(before).then(pl.lit(label))
    return expr


def gap_band() -> pl.Expr:
    """The gap band of a plan from ``previous_end`` and ``start_date`` (unknown when no end)."""
    start, previous = pl.col("start_date"), pl.col("previous_end")
    return (
        pl.when(previous.is_null())
        .then(pl.lit(GAP_UNKNOWN))
        .otherwise(months_band(previous, start, GAP_BANDS))
    )


def gap_distribution(plans: pl.DataFrame, period: Period, la: str | None = None) -> pl.DataFrame:
    """Repeat plans starting in ``period`` by gap band: columns ``band, repeat``.

    Every band is listed in order (zeros included), the unknown band last.
    """
    counts = (
        started_in(plans, period, la)
        .filter(pl.col("repeat"))
        .group_by(gap_band().alias("band"))
        .agg(pl.len().cast(pl.Int64).alias("repeat"))
    )
    order = pl.DataFrame({"band": [label for label, _ in GAP_BANDS] + [GAP_UNKNOWN]})
    return order.join(counts, on="band", how="left", maintain_order="left").with_columns(
        pl.col("repeat").fill_null(0)
    )
