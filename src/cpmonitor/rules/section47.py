"""DfE rules on section 47 enquiries and initial child protection conferences.

The enquiry's start and the conference date give the conference's timeliness (15 working
days) and, through rule 2885, the plan's start date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ..workdays import add_working_days
from .registry import (
    EPISODE,
    Frames,
    clashing,
    detail,
    failing,
    in_census_year,
    outside_census_year,
    reference_date,
    rule,
    rule_where,
    weekend,
)

S = "section47"


def _not_required() -> pl.Expr:
    return pl.col("icpc_not_required").fill_null(False)


def working_days_before_reference(census_years: pl.Series, days: int) -> pl.DataFrame:
    """For each census year, the date ``days`` working days before its reference date.

    A date before it is *more than* ``days`` working days before the reference date.
    """
    years = sorted(int(y) for y in census_years.unique().drop_nulls())
    return pl.DataFrame(
        {
            "census_year": years,
            "_threshold": [add_working_days(date(y, 3, 31), -days) for y in years],
        },
        schema={"census_year": pl.Int32, "_threshold": pl.Date},
    )


conference_before_referral = rule_where(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
    subject=S,
    element="DateOfInitialCPC",
    table="section47",
    when=pl.col("icpc_date") < pl.col("referral_date"),
    found=detail("DateOfInitialCPC {}, CINreferralDate {}", "icpc_date", "referral_date"),
)


conference_at_both_levels = rule_where(
    "2884",
    "An initial child protection conference is recorded at both the S47 and CIN Details level "
    "and it should only be recorded in one",
    subject=S,
    element="DateOfInitialCPC",
    table="section47",
    when=pl.col("icpc_date") == pl.col("ep_icpc"),
    found=detail("DateOfInitialCPC {} in the enquiry and in the episode", "icpc_date"),
)


enquiry_before_referral = rule_where(
    "2889",
    "The S47 start date cannot be before the referral date.",
    subject=S,
    element="S47ActualStartDate",
    table="section47",
    when=pl.col("start_date") < pl.col("referral_date"),
    found=detail("S47ActualStartDate {}, CINreferralDate {}", "start_date", "referral_date"),
)


conference_before_enquiry = rule_where(
    "8615",
    "Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
    "initial Child Protection Conference",
    subject=S,
    element="S47ActualStartDate",
    table="section47",
    when=(pl.col("start_date") > pl.col("icpc_date"))
    | (pl.col("icpc_date").is_not_null() & pl.col("start_date").is_null()),
    found=detail("S47ActualStartDate {}, DateOfInitialCPC {}", "start_date", "icpc_date"),
)


@rule(
    "8675Q",
    "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 "
    "working days before the end of the census year. However, there is no date of Initial "
    "Child Protection Conference.",
    subject=S,
    element="S47ActualStartDate",
)
def overdue_conference(f: Frames) -> pl.DataFrame:
    s47 = f.section47
    limits = working_days_before_reference(s47["census_year"], 15)
    bad = s47.join(limits, on="census_year", how="left").filter(
        pl.col("icpc_date").is_null()
        & _not_required().not_()
        & (pl.col("start_date") < pl.col("_threshold"))
    )
    return failing(bad, detail("S47ActualStartDate {}, no conference", "start_date"))


conference_outside_year = rule_where(
    "8715",
    "Date of Initial Child Protection Conference must fall within the census year",
    subject=S,
    element="DateOfInitialCPC",
    table="section47",
    when=outside_census_year("icpc_date"),
    found=detail("DateOfInitialCPC {}", "icpc_date"),
)


open_enquiry_outside_year = rule_where(
    "8740",
    "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the "
    "end of the census year, the start date must fall within the census year",
    subject=S,
    element="S47ActualStartDate",
    table="section47",
    when=pl.col("icpc_date").is_null()
    & _not_required().not_()
    & pl.col("start_date").is_not_null()
    & in_census_year("start_date").not_(),
    found=detail("S47ActualStartDate {}, no conference", "start_date"),
)


@rule(
    "8839",
    "Within one CINDetails group there are 2 or more open S47 Assessments",
    subject=S,
    element="DateOfInitialCPC",
)
def several_open_enquiries(f: Frames) -> pl.DataFrame:
    open_ = f.section47.filter(pl.col("icpc_date").is_null() & _not_required().not_())
    bad = open_.filter(pl.len().over(*EPISODE) > 1)
    return failing(bad, detail("open enquiry starting {}", "start_date"))


target_on_weekend = rule_where(
    "8870Q",
    "Please check and either amend or provide a reason: The Target Date for Initial Child "
    "Protection Conference should not be a weekend",
    subject=S,
    element="InitialCPCtarget",
    table="section47",
    when=weekend("icpc_target"),
    found=detail("InitialCPCtarget {}", "icpc_target"),
)


conference_on_weekend = rule_where(
    "8875",
    "The Date of Initial Child Protection Conference cannot be a weekend",
    subject=S,
    element="DateOfInitialCPC",
    table="section47",
    when=weekend("icpc_date"),
    found=detail("DateOfInitialCPC {}", "icpc_date"),
)


@rule(
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    subject=S,
    element="S47ActualStartDate",
)
def enquiry_during_another(f: Frames) -> pl.DataFrame:
    """An enquiry starting on or after another of the child's started, by its conference.

    An enquiry with neither a conference nor ``ICPCnotRequired`` is ongoing to the reference
    date; two identical enquiries (same start, same conference) are one, not an overlap.
    """
    others = {
        "_other_start": pl.col("start_date"),
        "_other_icpc": pl.col("icpc_date"),
        "_other_not_required": _not_required(),
    }
    bad = clashing(
        f.section47,
        "start_date",
        others,
        ~(
            (pl.col("start_date") == pl.col("_other_start"))
            & pl.col("icpc_date").eq_missing(pl.col("_other_icpc"))
        )
        & (pl.col("start_date") >= pl.col("_other_start"))
        & pl.when(pl.col("_other_icpc").is_not_null())
        .then(pl.col("start_date") <= pl.col("_other_icpc"))
        .otherwise(
            pl.col("_other_not_required").not_() & (pl.col("start_date") <= reference_date())
        ),
    )
    return failing(
        bad,
        detail("S47ActualStartDate {}, another enquiry started {}", "start_date", "_other_start"),
    )
