"""Factors identified at assessment for children starting a plan, grouped into themes.

The CIN census records the factors identified at the end of each assessment
(``FactorsIdentifiedAtAssessment``; DfE *Characteristics of children in need*, table A3).
For each plan start the factors are those of the assessments in the same CIN episode
(linked by the episode's referral date) that started on or before the plan did. Themes group
the codes the way a social-work reader recognises them; "toxic trio" is the co-occurrence of
domestic abuse, parental mental health and parental substance misuse (Brandon et al.,
biennial analyses of serious case reviews).
"""

from __future__ import annotations

import polars as pl

from ..periods import Period
from ..stats import percent_expr
from .repeat import started_in

#: theme -> the assessment factor codes in it (CIN census code list, 2012-13 to 2025-26).
THEMES: dict[str, tuple[str, ...]] = {
    "Domestic abuse": ("3A", "3B", "3C"),
    "Neglect": ("16A",),
    "Emotional abuse": ("17A",),
    "Physical abuse": ("18A", "18B", "18C"),
    "Sexual abuse": ("19A", "19B", "19C"),
    "Mental health (parent or household)": ("4B", "4C"),
    "Mental health (child)": ("4A",),
    "Alcohol misuse (parent or household)": ("1B", "1C"),
    "Drug misuse (parent or household)": ("2B", "2C"),
    "Alcohol or drug misuse (child)": ("1A", "2A"),
    "Learning disability (parent or household)": ("5B", "5C"),
    "Physical disability or illness (parent or household)": ("6B", "6C"),
    "Child's disability or illness": ("5A", "6A"),
    "Exploitation, gangs and going missing": ("10A", "11A", "12A", "13A", "24A"),
    "Self-harm": ("15A",),
    "Socially unacceptable behaviour": ("14A",),
    "Young carer": ("7A",),
    "Privately fostered": ("8B", "8C", "8D", "8E", "8F"),
    "Unaccompanied asylum-seeking child": ("9A",),
    "Female genital mutilation": ("22A",),
    "Abuse linked to faith or belief": ("23A",),
    "Other": ("20",),
    "No factors identified": ("21",),
}
TOXIC_TRIO = "Toxic trio (domestic abuse, parental mental health and substance misuse)"
_CODE_THEME = {code: theme for theme, codes in THEMES.items() for code in codes}


def plan_factors(plans: pl.DataFrame, assessments: pl.DataFrame) -> pl.DataFrame:
    """Each plan's assessment factors: columns ``la, child_id, start_date, factors, assessed``."""
    keys = ["la", "child_id", "start_date"]
    linked = (
        plans.select(*keys, "referral_date")
        .join(
            assessments.select(
                "la",
                "child_id",
                "referral_date",
                pl.col("start_date").alias("_assessed"),
                "factors",
            ),
            on=["la", "child_id", "referral_date"],
            how="inner",
        )
        .filter(pl.col("_assessed") <= pl.col("start_date"))
        .explode("factors")
        .group_by(keys)
        .agg(pl.col("factors").drop_nulls().unique().sort())
    )
    return (
        plans.select(keys)
        .join(linked, on=keys, how="left")
        .with_columns(
            pl.col("factors").is_not_null().alias("assessed"),
            pl.col("factors").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))),
        )
    )


def factor_themes(
    plans: pl.DataFrame, assessments: pl.DataFrame, period: Period, la: str | None = None
) -> pl.DataFrame:
    """Plan starts in ``period`` with each theme at assessment, first vs repeat plans.

    Columns: ``theme, first, repeat, first_assessed, repeat_assessed, first_percent,
    repeat_percent`` — percentages (rounded half up) are of the plans with an assessment on record (a plan whose
    episode has no assessment is not counted in either). The last row is the toxic trio.
    """
    started = started_in(plans, period, la)
    factors = plan_factors(started, assessments).join(
        started.select("la", "child_id", "start_date", "repeat"),
        on=["la", "child_id", "start_date"],
    )
    assessed = factors.filter(pl.col("assessed"))
    themes = pl.col("factors").list.eval(pl.element().replace_strict(_CODE_THEME, default=None))
    with_themes = assessed.with_columns(themes.alias("themes"))
    trio = (
        pl.col("themes").list.contains("Domestic abuse")
        & pl.col("themes").list.contains("Mental health (parent or household)")
        & (
            pl.col("themes").list.contains("Alcohol misuse (parent or household)")
            | pl.col("themes").list.contains("Drug misuse (parent or household)")
        )
    )
    first_n = with_themes.filter(~pl.col("repeat")).height
    repeat_n = with_themes.filter(pl.col("repeat")).height
    rows = []
    for theme in [*THEMES, TOXIC_TRIO]:
        has = trio if theme == TOXIC_TRIO else pl.col("themes").list.contains(theme)
        counts = with_themes.select(
            (has & ~pl.col("repeat")).sum().alias("first"),
            (has & pl.col("repeat")).sum().alias("repeat"),
        ).row(0)
        rows.append({"theme": theme, "first": counts[0], "repeat": counts[1]})
    table = pl.DataFrame(rows, schema={"theme": pl.Utf8, "first": pl.Int64, "repeat": pl.Int64})
    return table.with_columns(
        pl.lit(first_n, dtype=pl.Int64).alias("first_assessed"),
        pl.lit(repeat_n, dtype=pl.Int64).alias("repeat_assessed"),
    ).with_columns(
        percent_expr(pl.col("first"), pl.col("first_assessed")).alias("first_percent"),
        percent_expr(pl.col("repeat"), pl.col("repeat_assessed")).alias("repeat_percent"),
    )
