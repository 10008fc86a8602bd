"""Stitching returns into one history: one plan per child and start date, across returns.

A council's returns overlap: a plan open at 31 March is reported again the next year, with its
end date once it has ended. The same plan reported in several returns (key: LA, LAchildID,
CPPstartDate) is one plan, and the latest return wins (census year, then load order) for
every item — end date and latest category above all — as far as it records the item: a blank
never overwrites a value on record. Children are matched across years by LA
and LAchildID; a child's characteristics are the latest non-blank values on record.

Everything a measure needs to know about a plan's place in the child's history is derived
here once (``plan_number``, ``previous_end``, ``gap_days``…), so measures are simple filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import polars as pl

from .census.dataset import CensusData
from .census.issues import Issue

PLAN_KEY = ("la", "child_id", "start_date")
CHILD_KEY = ("la", "child_id")

#: DfE age bands for children starting a plan (Characteristics of children in need, table D4).
AGE_BANDS = ("Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "Unknown")


def open_at(day: date) -> pl.Expr:
    """A plan (``start_date``, ``end_date``) still open at the end of ``day``: started on or
    before it, with no end date or one after it (DfE Characteristics of children in need,
    table D5, plans "at 31 March"; docs/methodology.md, ``open_at_end``)."""
    return (pl.col("start_date") <= day) & (
        pl.col("end_date").is_null() | (pl.col("end_date") > day)
    )


#: Keys that identify the same record reported in several returns.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "episodes": ("la", "child_id", "referral_date"),
    "assessments": ("la", "child_id", "referral_date", "start_date"),
    "section47": ("la", "child_id", "referral_date", "start_date"),
    "cin_plans": ("la", "child_id", "referral_date", "start_date"),
    "reviews": ("la", "child_id", "plan_start", "review_date"),
}

CHILD_ATTRIBUTES = ("birth_date", "expected_birth_date", "sex", "ethnicity", "death_date")


@dataclass
class History:
    """The loaded history of one or more councils.

    ``plans``: one row per child protection plan (see :func:`plan_history` for its columns),
    built at once. The other tables are the canonical tables with repeats across returns
    removed (latest wins), built the first time they are asked for: ``children`` (one row per
    (la, child_id), latest non-blank characteristics), ``episodes``, ``assessments``,
    ``section47``, ``cin_plans`` and ``reviews``. ``plan_reports`` is every report of a plan,
    as read.
    """

    data: CensusData
    plans: pl.DataFrame

    @cached_property
    def children(self) -> pl.DataFrame:
        return latest_children(self.data["children"])

    @cached_property
    def episodes(self) -> pl.DataFrame:
        return _latest(self.data["episodes"], RECORD_KEYS["episodes"])

    @cached_property
    def assessments(self) -> pl.DataFrame:
        return _latest(self.data["assessments"], RECORD_KEYS["assessments"])

    @cached_property
    def section47(self) -> pl.DataFrame:
        return _latest(self.data["section47"], RECORD_KEYS["section47"])

    @cached_property
    def cin_plans(self) -> pl.DataFrame:
        return _latest(self.data["cin_plans"], RECORD_KEYS["cin_plans"])

    @cached_property
    def reviews(self) -> pl.DataFrame:
        return _latest(self.data["reviews"], RECORD_KEYS["reviews"])

    @property
    def plan_reports(self) -> pl.DataFrame:
        return self.data["cp_plans"]

    @property
    def issues(self) -> list[Issue]:
        return self.data.issues

    @property
    def las(self) -> list[str]:
        return sorted(self.plans.get_column("la").unique().to_list()) if self.plans.height else []


def _latest(frame: pl.DataFrame, key: tuple[str, ...], complete: bool = False) -> pl.DataFrame:
    """One row per record: for every item, its latest *recorded* value across returns.

    Returns are ordered by census year, then load order. The latest report gives the record's
    place (``source_file``, ``line``, ``census_year``); each other item takes the latest
    non-blank value, so a blank or missing item in a later return never overwrites a value on
    record (``cpmonitor validate`` reports the blanking: :mod:`cpmonitor.quality`).

    ``complete``: drop records with a blank key item (a plan with no start date cannot be
    placed in a history); otherwise blanks compare equal, so such a record is kept once.
    """
    if complete:
        frame = frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in key))
    place = [c for c in ("source_file", "census_year", "line") if c in frame.columns]
    items = [c for c in frame.columns if c not in key and c not in place]
    return (
        frame.with_row_index("_order")
        .sort(["census_year", "_order"])
        .group_by(list(key), maintain_order=True)
        .agg([pl.col(c).last() for c in place] + [pl.col(c).drop_nulls().last() for c in items])
        .select(frame.columns)
        .sort(list(key))
    )


def latest_children(children: pl.DataFrame) -> pl.DataFrame:
    """One row per child: the latest non-blank value of each characteristic across returns."""
    ordered = children.with_row_index("_order").sort(["census_year", "_order"])
    return (
        ordered.group_by(list(CHILD_KEY), maintain_order=True)
        .agg(
            [pl.col(c).drop_nulls().last().alias(c) for c in CHILD_ATTRIBUTES]
            + [
                pl.col("census_year").min().alias("first_census_year"),
                pl.col("census_year").max().alias("last_census_year"),
            ]
        )
        .sort(list(CHILD_KEY))
    )


def second_anniversary(day: date) -> date:
    """The same day two years later; 29 February's anniversary is 28 February."""
    try:
        return day.replace(year=day.year + 2)
    except ValueError:
        return day.replace(year=day.year + 2, day=28)


def within_two_years(start: date, previous_end: date | None) -> bool | None:
    """The 2016 report's cut: ``start`` is before the second anniversary of ``previous_end``.

    ``None`` when there is no previous end on record. One rule for the history's
    ``within_two_years`` column (:func:`within_two_years_expr`) and the conference history
    check (:mod:`cpmonitor.measures.authorisation`).
    """
    return None if previous_end is None else start < second_anniversary(previous_end)


def within_two_years_expr(start: pl.Expr, previous_end: pl.Expr) -> pl.Expr:
    """:func:`within_two_years` over columns (polars' ``2y`` offset also gives 28 February)."""
    return pl.when(previous_end.is_not_null()).then(start < previous_end.dt.offset_by("2y"))


def age_band(age: pl.Expr, unborn: pl.Expr) -> pl.Expr:
    """DfE age band at plan start from completed years of age (``unborn`` wins)."""
    return (
        pl.when(unborn)
        .then(pl.lit("Unborn"))
        .when(age.is_null())
        .then(pl.lit("Unknown"))
        .when(age < 1)
        .then(pl.lit("Under 1"))
        .when(age <= 4)
        .then(pl.lit("1 to 4"))
        .when(age <= 9)
        .then(pl.lit("5 to 9"))
        .when(age <= 15)
        .then(pl.lit("10 to 15"))
        .otherwise(pl.lit("16 and over"))
    )


def completed_years(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Age in completed years on a date (a birthday counts from the day itself)."""
    before_birthday = (on.dt.month() * 100 + on.dt.day()) < (
        birth.dt.month() * 100 + birth.dt.day()
    )
    return (on.dt.year() - birth.dt.year() - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def plan_history(cp_plans: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    """One row per plan with its place in the child's history.

    Columns added to the plan's own items:

    - ``first_census_year`` / ``census_year``: first and latest return that reported it;
      ``returns``: how many returns reported it.
    - ``plan_number``: 1 for the child's earliest plan on record, 2 for the next…;
      ``earlier_plans`` = ``plan_number`` − 1.
    - ``previous_start``, ``previous_initial_category``, ``previous_latest_category``: the
      child's immediately preceding plan on record.
    - ``previous_end``: the latest end date among the child's earlier plans (so an earlier plan
      with no end date on record does not hide an older one that has one); ``gap_days`` from it.
    - ``within_two_years``: the plan starts before the second anniversary of ``previous_end``
      (29 February's anniversary is 28 February); null when there is no ``previous_end``.
    - ``days_on_plan``: start to end counting both days, as DfE does ("including days of
      cessation", LAIT CPPlans2yrs); null while open.
    - ``repeat``: ``NumberOfPreviousCPP`` ≥ 1 (the DfE rule); ``repeat_by_record_or_history``:
      that, or an earlier plan for the child in the loaded history.
    - ``age_at_start``, ``age_band``, ``unborn_at_start``, ``sex``, ``birth_date``…
    """
    reports = cp_plans.group_by(list(PLAN_KEY)).agg(
        pl.col("census_year").min().alias("first_census_year"),
        pl.len().cast(pl.Int32).alias("returns"),
    )
    plans = (
        _latest(cp_plans, PLAN_KEY, complete=True)
        .join(reports, on=list(PLAN_KEY), how="left")
        .join(
            children.select(*CHILD_KEY, "birth_date", "expected_birth_date", "sex", "ethnicity"),
            on=list(CHILD_KEY),
            how="left",
        )
        .sort(list(PLAN_KEY))
    )
    start, end = pl.col("start_date"), pl.col("end_date")
    unborn = (pl.col("birth_date").is_not_null() & (pl.col("birth_date") > start)) | (
        pl.col("birth_date").is_null()
        & pl.col("expected_birth_date").is_not_null()
        & (pl.col("expected_birth_date") > start)
    )
    # Rows are sorted by child then start, so each child is one run of rows: the windows below
    # are running sums and maxima over the whole column, restarted at each child (a polars
    # ``over`` per child was ten times slower with ~1 plan per child).
    plans = plans.with_columns(pl.struct(*CHILD_KEY).rle_id().cast(pl.Int64).alias("_child"))
    same_child = pl.col("_child") == pl.col("_child").shift(1)

    def previous(column: str | pl.Expr) -> pl.Expr:
        expr = pl.col(column) if isinstance(column, str) else column
        return pl.when(same_child).then(expr.shift(1))

    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first_row = pl.when(~same_child.fill_null(False)).then(row).forward_fill()
    # running maximum of end dates within a child: the child's run id dominates the day number
    span = 1_000_000  # more days than any date range in a return
    end_days = end.cast(pl.Int32).cast(pl.Int64) + span // 2
    running = (pl.col("_child") * span + end_days.fill_null(0)).cum_max() - pl.col("_child") * span
    running_end = pl.when(running > 0).then(running - span // 2).cast(pl.Int32).cast(pl.Date)
    plans = plans.with_columns(
        (row - first_row + 1).cast(pl.Int32).alias("plan_number"),
        previous("start_date").alias("previous_start"),
        previous(running_end).alias("previous_end"),
        previous("initial_category").alias("previous_initial_category"),
        previous("latest_category").alias("previous_latest_category"),
        ((end - start).dt.total_days() + 1).cast(pl.Int32).alias("days_on_plan"),
        unborn.alias("unborn_at_start"),
    ).with_columns(
        (pl.col("plan_number") - 1).alias("earlier_plans"),
        (start - pl.col("previous_end")).dt.total_days().cast(pl.Int32).alias("gap_days"),
        within_two_years_expr(start, pl.col("previous_end")).alias("within_two_years"),
        (pl.col("previous_plans") >= 1).fill_null(False).alias("repeat"),
        pl.when(pl.col("unborn_at_start"))
        .then(None)
        .otherwise(completed_years(pl.col("birth_date"), start))
        .alias("age_at_start"),
    )
    return plans.with_columns(
        ((pl.col("repeat")) | (pl.col("earlier_plans") >= 1)).alias("repeat_by_record_or_history"),
        age_band(pl.col("age_at_start"), pl.col("unborn_at_start")).alias("age_band"),
    ).drop("_child")


def build_history(data: CensusData) -> History:
    """Stitch every loaded return into one :class:`History` (pure; no I/O).

    Only the plans are stitched now (with the characteristics of the children who have one);
    the other tables are stitched when first used.
    """
    with_plans = data["children"].join(
        data["cp_plans"].select(CHILD_KEY).unique(), on=list(CHILD_KEY), how="semi"
    )
    return History(data=data, plans=plan_history(data["cp_plans"], latest_children(with_plans)))
