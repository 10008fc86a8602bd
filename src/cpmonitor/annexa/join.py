"""Annex A in the history: List 7 as the census's plan table, and where the sources meet.

The same plan (LA, child ID, plan start date) reported by a census return and an Annex A
workbook is one plan. Which report is later follows the history's rule (census year, then
load order): a workbook extracted on day X is given the census year containing X and is put
before every census return in load order, so

- a workbook extracted after a return's reference date (a later census year) is the later
  source: its recorded end date, latest category and number of previous plans win;
- a return whose reference date is on or after the extract date (the same census year)
  stays the later source;
- of two workbooks, the later extract is the later source.

A blank never overwrites a recorded value: each item a workbook leaves blank (above all the
referral date, which Annex A does not have, and the number of previous plans when its column
is missing) takes the latest value recorded for that plan by an earlier source.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ..census.dataset import CensusData
from ..census.tables import SCHEMAS, conform
from ..history import PLAN_KEY
from ..periods import census_year_of
from .reader import AnnexA

_FILLED = ("referral_date", "end_date", "initial_category", "latest_category", "previous_plans")


def plan_reports(annex: AnnexA) -> pl.DataFrame:
    """List 7 as reports of plans, in the census ``cp_plans`` schema (one row per list row)."""
    rows = annex.plans
    return conform(
        "cp_plans",
        rows.with_columns(
            pl.lit(census_year_of(annex.extract_date), pl.Int32).alias("census_year"),
            pl.lit(None, pl.Date).alias("referral_date"),
        ),
    )


def child_reports(annex: AnnexA) -> pl.DataFrame:
    """List 7's children (one row each) in the census ``children`` schema."""
    rows = annex.plans.unique("child_id", keep="first", maintain_order=True)
    return conform(
        "children",
        rows.with_columns(
            pl.lit(census_year_of(annex.extract_date), pl.Int32).alias("census_year"),
            pl.lit(None, pl.Date).alias("expected_birth_date"),
            pl.lit(None, pl.List(pl.Utf8)).alias("disabilities"),
            pl.lit(None, pl.Date).alias("death_date"),
        ),
    )


def _fill_from_earlier(reports: pl.DataFrame, earlier: pl.DataFrame) -> pl.DataFrame:
    """``reports`` with each blank item taken from the latest earlier report of the plan."""
    if not earlier.height or not reports.height:
        return reports
    both = pl.concat(
        [
            earlier.with_columns(pl.lit(False).alias("_new")),
            reports.with_columns(pl.lit(True).alias("_new")),
        ]
    ).with_row_index("_order")
    filled = (
        both.sort([*PLAN_KEY, "_new", "census_year", "_order"])
        .with_columns(pl.col(c).forward_fill().over(list(PLAN_KEY)) for c in _FILLED)
        .filter(pl.col("_new"))
        .sort("_order")
    )
    return filled.select(reports.columns)


def with_annex_a(data: CensusData, annexes: Sequence[AnnexA]) -> CensusData:
    """``data`` with the workbooks' plans and children joined in (see the module's rules).

    The workbooks' reports go before the returns' in ``cp_plans`` and ``children`` (oldest
    extract first); their issues are added and the workbooks kept in ``data.annex_a``.
    """
    if not annexes:
        return data
    ordered = sorted(annexes, key=lambda a: a.extract_date)
    census_plans = data["cp_plans"]
    plan_parts: list[pl.DataFrame] = []
    for annex in ordered:
        year = census_year_of(annex.extract_date)
        earlier = pl.concat(
            [census_plans.filter(pl.col("census_year") < year), *plan_parts],
            how="vertical",
        )
        plan_parts.append(_fill_from_earlier(plan_reports(annex), earlier))
    tables = dict(data.tables)
    tables["cp_plans"] = pl.concat([*plan_parts, census_plans], how="vertical")
    tables["children"] = pl.concat(
        [*(child_reports(a) for a in ordered), data["children"]], how="vertical"
    )
    for name in ("cp_plans", "children"):
        tables[name] = tables[name].cast(SCHEMAS[name])  # type: ignore[arg-type]
    return CensusData(
        tables=tables,
        issues=[*data.issues, *(i for a in ordered for i in a.issues)],
        returns=list(data.returns),
        rejected=list(data.rejected),
        annex_a=[*data.annex_a, *ordered],
    )
