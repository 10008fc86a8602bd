"""Values outside the specification or outside sense: reported, never dropped.

Vectorised checks on one return's canonical tables, run by the reader once the file is read
(:meth:`cpmonitor.census.reader._ReturnReader.result`), so the per-child path stays as fast
as before. Each finding is an :class:`~.issues.Issue` with file, line, child and item; the
value itself is kept as given (nothing valid is lost, and an out-of-range value is still
shown to the person who corrects the return).

- **LAchildID longer than 10 characters**: the DfE *Children in need census* specification
  (data item N00097, LAchildID) allows up to 10 characters. Warning.
- **A date outside 1950-01-01 to 2099-12-31** (:data:`cpmonitor.periods.EARLIEST`,
  :data:`~cpmonitor.periods.LATEST`): a valid ``xs:date`` such as 0001-01-01 or 9999-12-31
  is a keying error in a census of children. Warning.
- **NumberOfPreviousCPP above 50** (:data:`MAX_PREVIOUS_PLANS`): the item (N00106) counts a
  child's earlier plans; more than 50 is not a count a child can have. Warning.
- **The same child twice in one return with different birth dates** (PersonBirthDate,
  N00066): one LAchildID is one child; two birth dates mean two children share an ID or one
  is keyed wrongly. Error.

The LEA that is no council is checked by the reader itself, where the header's line is known.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from ..periods import EARLIEST, LATEST
from .issues import Issue

#: DfE CIN census specification, LAchildID (N00097): "up to 10 characters".
MAX_CHILD_ID = 10
#: NumberOfPreviousCPP (N00106) above this is not a count of a child's earlier plans.
MAX_PREVIOUS_PLANS = 50

#: Each date column -> the census item it holds. Link keys repeated in later tables
#: (referral_date outside episodes, plan_start in reviews) are checked where they are read.
DATE_ITEMS: dict[str, dict[str, str]] = {
    "children": {
        "birth_date": "PersonBirthDate",
        "expected_birth_date": "ExpectedPersonBirthDate",
        "death_date": "PersonDeathDate",
    },
    "episodes": {
        "referral_date": "CINreferralDate",
        "closure_date": "CINclosureDate",
        "initial_cpc_date": "DateOfInitialCPC",
    },
    "assessments": {
        "start_date": "AssessmentActualStartDate",
        "internal_review_date": "AssessmentInternalReviewDate",
        "authorisation_date": "AssessmentAuthorisationDate",
    },
    "cin_plans": {"start_date": "CINPlanStartDate", "end_date": "CINPlanEndDate"},
    "section47": {
        "start_date": "S47ActualStartDate",
        "icpc_target": "InitialCPCtarget",
        "icpc_date": "DateOfInitialCPC",
    },
    "cp_plans": {"start_date": "CPPstartDate", "end_date": "CPPendDate"},
    "reviews": {"review_date": "CPPreviewDate"},
}


def _rows(frame: pl.DataFrame, limit: int) -> Iterable[dict]:
    return frame.head(limit).iter_rows(named=True)


def out_of_bounds(tables: dict[str, pl.DataFrame], file: str, limit: int) -> list[Issue]:
    """The findings in one return's ``tables``; at most ``limit`` per kind, then a count."""
    issues: list[Issue] = []

    def add(code: str, frame: pl.DataFrame, element, severity, message) -> None:
        for row in _rows(frame, limit):
            issues.append(
                Issue(file, row["line"], row["child_id"], element(row), severity, code,
                      message(row))
            )  # fmt: skip
        if frame.height > limit:
            issues.append(
                Issue(file, None, None, None, severity, code,
                      f"{frame.height - limit:,} more '{code}' issues in this file are not "
                      f"listed: the first {limit:,} are")
            )  # fmt: skip

    children = tables["children"]
    long_ids = children.filter(pl.col("child_id").str.len_chars() > MAX_CHILD_ID)
    add(
        "child-id-too-long",
        long_ids,
        lambda _r: "LAchildID",
        "warning",
        lambda r: (
            f"LAchildID is {len(r['child_id']):,} characters long; the specification "
            f"allows up to {MAX_CHILD_ID} (kept as given)"
        ),
    )

    low, high = EARLIEST, LATEST
    found = []
    for table, items in DATE_ITEMS.items():
        frame = tables[table]
        # which columns hold a date out of range: one pass over the table, most hold none
        outside = frame.select((~pl.col(c).is_between(low, high)).any() for c in items).row(0)
        for (column, item), some in zip(items.items(), outside, strict=True):
            if not some:
                continue
            bad = frame.filter(~pl.col(column).is_between(low, high)).select(
                "line", "child_id", pl.col(column).alias("value"), pl.lit(item).alias("item")
            )
            if bad.height:
                found.append(bad)
    dates = pl.concat(found).sort("line") if found else pl.DataFrame()
    if dates.height:
        add(
            "date-out-of-range",
            dates,
            lambda r: r["item"],
            "warning",
            lambda r: (
                f"{r['item']} {r['value'].isoformat()} is not between "
                f"{low.isoformat()} and {high.isoformat()}: check the year (kept as given)"
            ),
        )

    plans = tables["cp_plans"]
    many = plans.filter(pl.col("previous_plans") > MAX_PREVIOUS_PLANS)
    add(
        "previous-plans-implausible",
        many,
        lambda _r: "NumberOfPreviousCPP",
        "warning",
        lambda r: (
            f"NumberOfPreviousCPP is {r['previous_plans']:,}, more than "
            f"{MAX_PREVIOUS_PLANS} earlier plans: check the number (kept as given)"
        ),
    )

    births = children.filter(pl.col("birth_date").is_not_null())
    if births.get_column("child_id").n_unique() < births.height:  # some child twice
        twice = (
            births.with_columns(
                first=pl.col("birth_date").first().over("child_id", order_by="line"),
                first_line=pl.col("line").first().over("child_id", order_by="line"),
            )
            .filter(pl.col("birth_date") != pl.col("first"))
            .sort("line")
        )
        add(
            "child-birth-dates-differ",
            twice,
            lambda _r: "PersonBirthDate",
            "error",
            lambda r: (
                f"The same LAchildID appears again with PersonBirthDate "
                f"{r['birth_date'].isoformat()}; at line {r['first_line']:,} it is "
                f"{r['first'].isoformat()}: two children share an ID or one date is wrong"
            ),
        )
    return issues
