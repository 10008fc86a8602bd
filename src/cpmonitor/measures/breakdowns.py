"""Who starts a plan: plan starts split first vs repeat by category, age, sex, previous plans.

The splits follow DfE *Characteristics of children in need*: table D2 (plans starting by
initial category of abuse), D4 (by age band, where "unborn" is a band because a plan can start
before birth) and D3 (second or subsequent plans). "Repeat" is the DfE rule
(``NumberOfPreviousCPP`` ≥ 1); "first" is every other start.
"""

from __future__ import annotations

import polars as pl

from ..codes import CATEGORY_OF_ABUSE, SEX
from ..history import AGE_BANDS
from ..periods import Period
from .repeat import started_in

#: Category of abuse codes (CIN census ``InitialCategoryOfAbuse``) and sexes, with their
#: meanings: the one mapping in :mod:`cpmonitor.codes`.
CATEGORIES = CATEGORY_OF_ABUSE
SEXES = SEX
PREVIOUS_PLAN_BANDS = ("0", "1", "2", "3 or more", "Not recorded")

NOT_RECORDED = "Not recorded"


def _previous_plans_band() -> pl.Expr:
    n = pl.col("previous_plans")
    return (
        pl.when(n.is_null())
        .then(pl.lit(NOT_RECORDED))
        .when(n >= 3)
        .then(pl.lit("3 or more"))
        .otherwise(n.cast(pl.Utf8))
    )


#: dimension name -> (expression giving the value, the values in display order, labels)
DIMENSIONS: dict[str, tuple[pl.Expr, tuple[str, ...], dict[str, str]]] = {
    "category": (
        pl.col("initial_category").fill_null(NOT_RECORDED),
        (*CATEGORIES, NOT_RECORDED),
        {**CATEGORIES, NOT_RECORDED: NOT_RECORDED},
    ),
    "age_band": (pl.col("age_band"), AGE_BANDS, {b: b for b in AGE_BANDS}),
    "sex": (
        pl.col("sex").fill_null(NOT_RECORDED),
        (*SEXES, NOT_RECORDED),
        {**SEXES, NOT_RECORDED: NOT_RECORDED},
    ),
    "previous_plans": (
        _previous_plans_band(),
        PREVIOUS_PLAN_BANDS,
        {b: b for b in PREVIOUS_PLAN_BANDS},
    ),
}


def breakdown(
    plans: pl.DataFrame, period: Period, dimension: str, la: str | None = None
) -> pl.DataFrame:
    """Plan starts in ``period`` by ``dimension``: columns value, label, first, repeat, total.

    Every value of the dimension is listed (zeros included), in display order; values outside
    the code list (kept by the reader with an issue) follow, as recorded.
    """
    expr, order, labels = DIMENSIONS[dimension]
    counts = (
        started_in(plans, period, la)
        .with_columns(expr.alias("value"))
        .group_by("value")
        .agg(
            (~pl.col("repeat")).sum().cast(pl.Int64).alias("first"),
            pl.col("repeat").sum().cast(pl.Int64).alias("repeat"),
        )
    )
    extra = sorted(set(counts.get_column("value").to_list()) - set(order))
    frame = pl.DataFrame({"value": [*order, *extra]}).with_row_index("_rank")
    return (
        frame.join(counts, on="value", how="left")
        .with_columns(
            pl.col("first").fill_null(0),
            pl.col("repeat").fill_null(0),
            pl.col("value").replace_strict(labels, default=pl.col("value")).alias("label"),
        )
        .with_columns((pl.col("first") + pl.col("repeat")).alias("total"))
        .sort("_rank")
        .select("value", "label", "first", "repeat", "total")
    )


def all_breakdowns(
    plans: pl.DataFrame, period: Period, la: str | None = None
) -> dict[str, pl.DataFrame]:
    """Every breakdown in :data:`DIMENSIONS` for ``period``."""
    return {name: breakdown(plans, period, name, la) for name in DIMENSIONS}
