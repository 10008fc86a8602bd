"""Data-quality checks across returns that matter for repeat plans (``cpmonitor validate``).

The reader reports what is wrong inside one child of one return (bad dates, codes outside the
code list, missing items such as ``NumberOfPreviousCPP``). These checks need the whole loaded
history, and one of them is made by no national validator: ``NumberOfPreviousCPP`` smaller
than the number of earlier plans on record for the child, which under-counts repeat plans.
Each code's severity and wording are in :mod:`cpmonitor.quality_codes`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .census.dataset import CensusData
from .census.issues import Issue
from .history import PLAN_KEY, History, build_history
from .periods import year_label


def _issues(frame: pl.DataFrame, severity: str, code: str, element: str, message) -> list[Issue]:
    return [
        Issue(
            file=row["source_file"],
            line=row["line"],
            child=row["child_id"],
            element=element,
            severity=severity,  # type: ignore[arg-type]
            code=code,
            message=message(row),
        )
        for row in frame.iter_rows(named=True)
    ]


def _d(value: date | None) -> str:
    return value.isoformat() if value else "no date"


def plan_ends_before_start(reports: pl.DataFrame) -> list[Issue]:
    """A plan whose ``CPPendDate`` is before its ``CPPstartDate`` (error, as reported)."""
    bad = reports.filter(pl.col("end_date") < pl.col("start_date"))
    return _issues(
        bad,
        "error",
        "plan-ends-before-start",
        "CPPendDate",
        lambda r: f"plan starting {_d(r['start_date'])} ends earlier, on {_d(r['end_date'])}",
    )


def plan_after_reference_date(reports: pl.DataFrame, reference: pl.DataFrame) -> list[Issue]:
    """A plan starting (or ending) after the census reference date of its return (error)."""
    joined = reports.join(reference, on="source_file", how="left")
    starts = joined.filter(pl.col("start_date") > pl.col("reference_date"))
    ends = joined.filter(pl.col("end_date") > pl.col("reference_date"))
    return _issues(
        starts,
        "error",
        "plan-starts-after-reference-date",
        "CPPstartDate",
        lambda r: (
            f"plan starts {_d(r['start_date'])}, after the return's reference date "
            f"{_d(r['reference_date'])}"
        ),
    ) + _issues(
        ends,
        "error",
        "plan-ends-after-reference-date",
        "CPPendDate",
        lambda r: (
            f"plan ends {_d(r['end_date'])}, after the return's reference date "
            f"{_d(r['reference_date'])}"
        ),
    )


def duplicate_plans(reports: pl.DataFrame) -> list[Issue]:
    """The same plan (child and start date) reported more than once in one return (warning)."""
    dup = (
        reports.with_columns(pl.len().over(["source_file", *PLAN_KEY]).alias("_n"))
        .filter(pl.col("_n") > 1)
        .filter(pl.int_range(pl.len()).over(["source_file", *PLAN_KEY]) > 0)
    )
    return _issues(
        dup,
        "warning",
        "duplicate-plan",
        "ChildProtectionPlans",
        lambda r: (
            f"the plan starting {_d(r['start_date'])} is reported {r['_n']} times in this "
            "return; it is counted once"
        ),
    )


def overlapping_plans(plans: pl.DataFrame) -> list[Issue]:
    """A plan starting before the child's previous plan ended, or while it is still open.

    Checked across episodes and returns on the stitched history (error).
    """
    prev_end = pl.col("end_date").shift(1).over(["la", "child_id"])
    prev_start = pl.col("start_date").shift(1).over(["la", "child_id"])
    bad = (
        plans.sort(list(PLAN_KEY))
        .with_columns(prev_start.alias("_prev_start"), prev_end.alias("_prev_end"))
        .filter(
            pl.col("_prev_start").is_not_null()
            & (pl.col("_prev_end").is_null() | (pl.col("_prev_end") > pl.col("start_date")))
        )
    )
    return _issues(
        bad,
        "error",
        "overlapping-plans",
        "CPPstartDate",
        lambda r: (
            f"plan starts {_d(r['start_date'])} while the child's previous plan (started "
            f"{_d(r['_prev_start'])}) "
            + (
                "has no end date"
                if r["_prev_end"] is None
                else f"was still open (it ended {_d(r['_prev_end'])})"
            )
        ),
    )


def previous_plans_below_history(plans: pl.DataFrame) -> list[Issue]:
    """``NumberOfPreviousCPP`` smaller than the earlier plans on record for the child (warning).

    E.g. 0 when an earlier plan is in the loaded returns: the DfE measure then misses a repeat.
    """
    bad = plans.filter(
        pl.col("previous_plans").is_not_null()
        & (pl.col("previous_plans") < pl.col("earlier_plans"))
    )
    return _issues(
        bad,
        "warning",
        "previous-plans-below-history",
        "NumberOfPreviousCPP",
        lambda r: (
            f"NumberOfPreviousCPP is {r['previous_plans']} for the plan starting "
            f"{_d(r['start_date'])}, but {r['earlier_plans']} earlier plan(s) for this child are on "
            f"record (the latest started {_d(r['previous_start'])})"
        ),
    )


def changed_between_returns(reports: pl.DataFrame) -> list[Issue]:
    """A plan's ``NumberOfPreviousCPP`` or initial category differs between returns (warning).

    The latest return's value is used; the change is reported where it appears.
    """
    out: list[Issue] = []
    ordered = reports.with_row_index("_order").sort(["census_year", "_order"])
    for column, element in (
        ("previous_plans", "NumberOfPreviousCPP"),
        ("initial_category", "InitialCategoryOfAbuse"),
    ):
        prev = pl.col(column).shift(1).over(list(PLAN_KEY))
        changed = ordered.with_columns(prev.alias("_was")).filter(
            pl.col("_was").is_not_null()
            & pl.col(column).is_not_null()
            & (pl.col("_was") != pl.col(column))
        )
        out += _issues(
            changed,
            "warning",
            "changed-between-returns",
            element,
            lambda r, c=column, e=element: (
                f"{e} for the plan starting {_d(r['start_date'])} "
                f"was {r['_was']} in an earlier return and is {r[c]} here; the latest is used"
            ),
        )
    return out


#: The plan items a later return may blank, with their DfE item names.
PLAN_ITEMS = {
    "end_date": "CPPendDate",
    "initial_category": "InitialCategoryOfAbuse",
    "latest_category": "LatestCategoryOfAbuse",
    "previous_plans": "NumberOfPreviousCPP",
}


def blanked_in_later_return(reports: pl.DataFrame) -> list[Issue]:
    """A plan item recorded in one return and blank in a later return of the same plan.

    The history keeps the recorded value (a blank never overwrites one on record:
    :func:`cpmonitor.history.plan_history`); the blank is reported where it appears (warning).
    """
    out: list[Issue] = []
    ordered = reports.with_row_index("_order").sort(["census_year", "_order"])
    for column, element in PLAN_ITEMS.items():
        recorded = pl.col(column).forward_fill().shift(1).over(list(PLAN_KEY))
        blanked = ordered.with_columns(recorded.alias("_was")).filter(
            pl.col("_was").is_not_null() & pl.col(column).is_null()
        )
        out += _issues(
            blanked,
            "warning",
            "blanked-in-later-return",
            element,
            lambda r, e=element: (
                f"{e} for the plan starting {_d(r['start_date'])} is blank here but was "
                f"{_d(r['_was']) if isinstance(r['_was'], date) else r['_was']} in an earlier "
                "return; the recorded value is kept"
            ),
        )
    return out


def open_plan_not_carried_forward(reports: pl.DataFrame, las_years: pl.DataFrame) -> list[Issue]:
    """A plan open at a return's reference date that is missing from the next year's return.

    Only checked when that next return (same LA) is loaded. The plan then stays open in the
    history, which inflates plans open at later dates (warning).
    """
    last = (
        reports.with_row_index("_order")
        .sort(["census_year", "_order"])
        .group_by(list(PLAN_KEY))
        .agg(pl.all().last())
        .filter(pl.col("end_date").is_null())
        .with_columns((pl.col("census_year") + 1).alias("_next"))
    )
    missing = last.join(las_years.rename({"census_year": "_next"}), on=["la", "_next"], how="semi")
    return _issues(
        missing,
        "warning",
        "open-plan-not-carried-forward",
        "ChildProtectionPlans",
        lambda r: (
            f"the plan starting {_d(r['start_date'])} was open at the end of "
            f"{year_label(r['census_year'])} but is not in the "
            f"{year_label(r['census_year'] + 1)} return; it is treated as still open"
        ),
    )


def check_history(data: CensusData, history: History | None = None) -> list[Issue]:
    """Every cross-return check above, over ``data`` (its history is built if not given)."""
    history = history or build_history(data)
    reports = history.plan_reports.filter(pl.col("start_date").is_not_null())
    reference = pl.DataFrame(
        {
            "source_file": [r.file for r in data.returns],
            "reference_date": [r.reference_date for r in data.returns],
        },
        schema={"source_file": pl.Utf8, "reference_date": pl.Date},
    ).unique("source_file", keep="last")
    las_years = pl.DataFrame(
        {"la": [r.la for r in data.returns], "census_year": [r.census_year for r in data.returns]},
        schema={"la": pl.Utf8, "census_year": pl.Int32},
    ).unique()
    return (
        plan_ends_before_start(reports)
        + plan_after_reference_date(reports, reference)
        + duplicate_plans(reports)
        + overlapping_plans(history.plans)
        + previous_plans_below_history(history.plans)
        + changed_between_returns(reports)
        + blanked_in_later_return(reports)
        + open_plan_not_carried_forward(reports, las_years)
    )
