"""DfE rules on assessments (``<Assessments>``) and the factors identified at them."""

from __future__ import annotations

import polars as pl

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
)
from .section47 import working_days_before_reference

A = "assessments"


assessment_before_referral = rule_where(
    "1103",
    "The assessment start date cannot be before the referral date",
    subject=A,
    element="AssessmentActualStartDate",
    table="assessments",
    when=pl.col("start_date") < pl.col("referral_date"),
    found=detail("AssessmentActualStartDate {}, CINreferralDate {}", "start_date", "referral_date"),
)


assessment_ends_before_start = rule_where(
    "8608",
    "Assessment Start Date cannot be later than its End Date",
    subject=A,
    element="AssessmentAuthorisationDate",
    table="assessments",
    when=pl.col("start_date") > pl.col("authorisation_date"),
    found=detail(
        "AssessmentActualStartDate {}, AssessmentAuthorisationDate {}",
        "start_date",
        "authorisation_date",
    ),
)


factors_on_open_assessment = rule_where(
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment.",
    subject=A,
    element="AssessmentFactors",
    table="assessments",
    when=pl.col("authorisation_date").is_null() & (pl.col("factors").list.len() > 0),
    found=detail("assessment started {}, not completed", "start_date"),
)


@rule(
    "8670Q",
    "Please check and either amend data or provide a reason: Assessment started more than 45 "
    "working days before the end of the census year. However, there is no Assessment end date.",
    subject=A,
    element="AssessmentActualStartDate",
)
def overdue_assessment(f: Frames) -> pl.DataFrame:
    a = f.assessments
    limits = working_days_before_reference(a["census_year"], 45)
    bad = a.join(limits, on="census_year", how="left").filter(
        pl.col("authorisation_date").is_null() & (pl.col("start_date") < pl.col("_threshold"))
    )
    return failing(bad, detail("AssessmentActualStartDate {}, not completed", "start_date"))


assessment_end_outside_year = rule_where(
    "8696",
    "Assessment end date must fall within the census year",
    subject=A,
    element="AssessmentAuthorisationDate",
    table="assessments",
    when=outside_census_year("authorisation_date"),
    found=detail("AssessmentAuthorisationDate {}", "authorisation_date"),
)


open_assessment_outside_year = rule_where(
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the census "
    "year",
    subject=A,
    element="AssessmentActualStartDate",
    table="assessments",
    when=pl.col("authorisation_date").is_null()
    & pl.col("start_date").is_not_null()
    & in_census_year("start_date").not_(),
    found=detail("AssessmentActualStartDate {}, not completed", "start_date"),
)


@rule(
    "8863Q",
    "An Assessment is shown as starting when there is another Assessment ongoing.",
    subject=A,
    element="AssessmentActualStartDate",
)
def assessment_during_another(f: Frames) -> pl.DataFrame:
    """An assessment starting on or after another of the child's started, by its end.

    An assessment not completed is ongoing to the reference date; two identical assessments
    (same start and end) are one, not an overlap.
    """
    bad = clashing(
        f.assessments,
        "start_date",
        {"_other_start": pl.col("start_date"), "_other_end": pl.col("authorisation_date")},
        ~(
            (pl.col("start_date") == pl.col("_other_start"))
            & pl.col("authorisation_date").eq_missing(pl.col("_other_end"))
        )
        & (pl.col("start_date") >= pl.col("_other_start"))
        & (pl.col("start_date") <= pl.col("_other_end").fill_null(reference_date())),
    )
    return failing(
        bad,
        detail("AssessmentActualStartDate {}, another started {}", "start_date", "_other_start"),
    )


no_factors_with_others = rule_where(
    "8869",
    "The assessment factors code “21” cannot be used in conjunction with any other assessment "
    "factors.",
    subject=A,
    element="AssessmentFactors",
    table="assessments",
    when=pl.col("factors").list.contains("21") & (pl.col("factors").list.len() > 1),
    found=pl.col("factors").list.join(", ").alias("detail"),
)


@rule(
    "8873Q",
    "Please check and either amend data or provide a reason: When there is only one assessment "
    "on the episode and the factors code “21 No factors identified” has been used for the "
    "completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    subject=A,
    element="ReasonForClosure",
)
def no_factors_not_closed_after_assessment(f: Frames) -> pl.DataFrame:
    a = f.assessments
    bad = a.filter(
        (pl.len().over(*EPISODE) == 1)
        & pl.col("authorisation_date").is_not_null()
        & pl.col("factors").list.contains("21")
        & pl.col("ep_reason").is_in(["RC8", "RC9"]).not_()
    )
    return failing(bad, detail("factors 21, ReasonForClosure {}", "ep_reason"))


@rule(
    "8896",
    "Within one CINDetails group there are 2 or more open Assessments groups",
    subject=A,
    element="AssessmentAuthorisationDate",
)
def several_open_assessments(f: Frames) -> pl.DataFrame:
    open_ = f.assessments.filter(pl.col("authorisation_date").is_null())
    bad = open_.filter(pl.len().over(*EPISODE) > 1)
    return failing(bad, detail("open assessment started {}", "start_date"))


completed_without_factors = rule_where(
    "8897Q",
    "Parental or child factors at assessment information is missing from a completed assessment",
    subject=A,
    element="AssessmentFactors",
    table="assessments",
    when=in_census_year("authorisation_date") & (pl.col("factors").list.len() == 0),
    found=detail("AssessmentAuthorisationDate {}", "authorisation_date"),
)


repeated_factor = rule_where(
    "8898",
    "The assessment has more than one parental or child factors with the same code",
    subject=A,
    element="AssessmentFactors",
    table="assessments",
    when=pl.col("factors").list.n_unique() < pl.col("factors").list.len(),
    found=pl.col("factors").list.join(", ").alias("detail"),
)
