"""DfE rules on CIN episodes (``<CINdetails>``): dates, closure, and what an episode holds.

An episode closed as "no further action" (``ReferralNFA``) or after assessment (RC8, RC9)
cannot hold an enquiry or a plan; such a plan is counted in the repeat figure all the same.
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
    outside_census_year,
    reference_date,
    rule,
    rule_where,
)

E = "episodes"
_AFTER_ASSESSMENT = ("RC8", "RC9")


def _nfa() -> pl.Expr:
    return pl.col("referral_nfa").fill_null(False)


@rule(
    "2990",
    "Activity is recorded against a case marked as ‘Case closed after assessment, no further "
    "action’ or 'case closed after assessment, referred to early help'.",
    subject=E,
    element="ReasonForClosure",
)
def activity_on_closed_after_assessment(f: Frames) -> pl.DataFrame:
    bad = f.episodes_with_counts.filter(
        pl.col("reason_for_closure").is_in(_AFTER_ASSESSMENT)
        & (
            pl.col("initial_cpc_date").is_not_null()
            | (pl.col("_s47") > 0)
            | (pl.col("_cin_plans") > 0)
            | (pl.col("_plans") > 0)
        )
    )
    return failing(
        bad,
        pl.format(
            "ReasonForClosure {}; the episode holds {} section 47 enquiry(ies), {} CIN plan(s), "
            "{} child protection plan(s)",
            pl.col("reason_for_closure"),
            pl.col("_s47"),
            pl.col("_cin_plans"),
            pl.col("_plans"),
        ),
    )


@rule(
    "2991Q",
    "Please check and either amend data or provide a reason: A Section 47 module is recorded "
    "and there is no assessment on the episode",
    subject=E,
    element="Section47",
)
def enquiry_without_assessment(f: Frames) -> pl.DataFrame:
    bad = f.episodes_with_counts.filter((pl.col("_s47") > 0) & (pl.col("_assessments") == 0))
    return failing(bad, detail("episode referred {}", "referral_date"))


referral_after_death = rule_where(
    "8555Q",
    "Child cannot be referred after its recorded date of death",
    subject=E,
    element="CINreferralDate",
    table="episodes",
    when=pl.col("referral_date") > pl.col("child_death"),
    found=detail("CINreferralDate {}, PersonDeathDate {}", "referral_date", "child_death"),
)


@rule(
    "8569Q",
    "A case with referral date before one working day prior to the collection start date must "
    "not be flagged as a no further action case",
    subject=E,
    element="ReferralNFA",
)
def old_referral_flagged_nfa(f: Frames) -> pl.DataFrame:
    episodes = f.episodes
    years = sorted(int(y) for y in episodes["census_year"].unique().drop_nulls())
    limits = pl.DataFrame(
        {
            "census_year": years,
            "_limit": [add_working_days(date(y - 1, 4, 1), -1) for y in years],
        },
        schema={"census_year": pl.Int32, "_limit": pl.Date},
    )
    bad = episodes.join(limits, on="census_year", how="left").filter(
        _nfa() & (pl.col("referral_date") < pl.col("_limit"))
    )
    return failing(bad, detail("CINreferralDate {}, ReferralNFA 1", "referral_date"))


died_without_death_date = rule_where(
    "8585Q",
    "Please check and either amend or provide a reason: CIN episode shows Died as the Closure "
    "Reason, however child has no recorded Date of Death",
    subject=E,
    element="ReasonForClosure",
    table="episodes",
    when=(pl.col("reason_for_closure") == "RC2") & pl.col("child_death").is_null(),
    found=detail("ReasonForClosure RC2, CINclosureDate {}", "closure_date"),
)


referral_missing_or_late = rule_where(
    "8600",
    "Child referral date missing or after data collection period",
    subject=E,
    element="CINreferralDate",
    table="episodes",
    when=pl.col("referral_date").is_null() | (pl.col("referral_date") > reference_date()),
    found=detail("CINreferralDate {}", "referral_date"),
)


@rule(
    "8606",
    "Child referral date is more than 40 weeks before DOB or expected DOB",
    subject=E,
    element="CINreferralDate",
)
def referral_long_before_birth(f: Frames) -> pl.DataFrame:
    weeks_40 = pl.duration(days=280)
    bad = f.episodes.filter(
        (pl.col("referral_date") < pl.col("child_birth") - weeks_40)
        | (pl.col("referral_date") < pl.col("child_expected_birth") - weeks_40)
    )
    return failing(
        bad,
        detail(
            "CINreferralDate {}, PersonBirthDate {}, ExpectedPersonBirthDate {}",
            "referral_date",
            "child_birth",
            "child_expected_birth",
        ),
    )


primary_need_missing = rule_where(
    "8610",
    "Primary Need code is missing for a referral which led to further action.",
    subject=E,
    element="PrimaryNeedCode",
    table="episodes",
    when=(pl.col("referral_nfa") == False) & pl.col("primary_need").is_null(),  # noqa: E712
    found=detail("episode referred {}, ReferralNFA 0", "referral_date"),
)


closure_outside_year = rule_where(
    "8620",
    "CIN Closure Date present and does not fall within the Census year",
    subject=E,
    element="CINclosureDate",
    table="episodes",
    when=outside_census_year("closure_date"),
    found=detail("CINclosureDate {}", "closure_date"),
)


closure_before_referral = rule_where(
    "8630",
    "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    subject=E,
    element="CINclosureDate",
    table="episodes",
    when=pl.col("closure_date") < pl.col("referral_date"),
    found=detail("CINreferralDate {}, CINclosureDate {}", "referral_date", "closure_date"),
)


closure_without_reason = rule_where(
    "8805",
    "A CIN case cannot have a CIN closure date without a Reason for Closure",
    subject=E,
    element="ReasonForClosure",
    table="episodes",
    when=pl.col("closure_date").is_not_null() & pl.col("reason_for_closure").is_null(),
    found=detail("CINclosureDate {}", "closure_date"),
)


reason_without_closure = rule_where(
    "8810",
    "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    subject=E,
    element="CINclosureDate",
    table="episodes",
    when=pl.col("reason_for_closure").is_not_null() & pl.col("closure_date").is_null(),
    found=detail("ReasonForClosure {}", "reason_for_closure"),
)


def _open_episodes(f: Frames) -> pl.DataFrame:
    return f.episodes.filter(pl.col("closure_date").is_null() & _nfa().not_())


@rule(
    "8815",
    "More than one open CIN Details episode (a module with no CIN Closure Date) has been "
    "provided for this child and case is not a referral with no further action.",
    subject=E,
    element="CINclosureDate",
)
def several_open_episodes(f: Frames) -> pl.DataFrame:
    bad = _open_episodes(f).filter(pl.len().over("source_file", "child_id") > 1)
    return failing(bad, detail("open episode referred {}", "referral_date"))


@rule(
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it is "
    "not the latest episode.",
    subject=E,
    element="CINclosureDate",
)
def open_episode_not_latest(f: Frames) -> pl.DataFrame:
    latest = f.episodes.group_by("source_file", "child_id").agg(
        pl.col("referral_date").max().alias("_latest")
    )
    bad = (
        _open_episodes(f)
        .join(latest, on=["source_file", "child_id"])
        .filter(pl.col("referral_date") < pl.col("_latest"))
    )
    return failing(
        bad, detail("open episode referred {}, the latest referred {}", "referral_date", "_latest")
    )


@rule(
    "8820",
    "The dates on the CIN episodes for this child overlap",
    subject=E,
    element="CINreferralDate",
)
def overlapping_episodes(f: Frames) -> pl.DataFrame:
    """An episode referred on or after another of the child's, before that one closed.

    An episode with no closure date that is not a no-further-action referral is open to the
    reference date.
    """
    others = {
        "_other_referral": pl.col("referral_date"),
        "_other_closure": pl.col("closure_date"),
        "_other_nfa": pl.col("referral_nfa").fill_null(False),
    }
    bad = clashing(
        f.episodes,
        "referral_date",
        others,
        (pl.col("referral_date") >= pl.col("_other_referral"))
        & pl.when(pl.col("_other_closure").is_not_null())
        .then(pl.col("referral_date") < pl.col("_other_closure"))
        .otherwise(pl.col("_other_nfa").not_() & (pl.col("referral_date") < reference_date())),
    )
    return failing(
        bad,
        detail(
            "episode referred {} overlaps the episode referred {} and closed {}",
            "referral_date",
            "_other_referral",
            "_other_closure",
        ),
    )


@rule(
    "8825Q",
    "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case "
    "closed after assessment) or RC9 (case closed after assessment, referred to early help) has "
    "been returned but there is no assessment present for the episode.",
    subject=E,
    element="ReasonForClosure",
)
def closed_after_assessment_without_one(f: Frames) -> pl.DataFrame:
    bad = f.episodes_with_counts.filter(
        pl.col("reason_for_closure").is_in(_AFTER_ASSESSMENT) & (pl.col("_assessments") == 0)
    )
    return failing(bad, detail("ReasonForClosure {}", "reason_for_closure"))


@rule(
    "8831",
    "Activity is recorded against a case marked as a referral with no further action",
    subject=E,
    element="ReferralNFA",
)
def activity_on_nfa_referral(f: Frames) -> pl.DataFrame:
    started = [
        f.table("section47").filter(pl.col("start_date").is_not_null()),
        f.table("assessments").filter(
            pl.col("start_date").is_not_null() | pl.col("authorisation_date").is_not_null()
        ),
    ]
    busy = pl.concat([t.select(*EPISODE) for t in started]).unique()
    bad = f.episodes.filter(_nfa()).filter(
        pl.col("initial_cpc_date").is_not_null()
        | pl.struct(*EPISODE).is_in(busy.select(pl.struct(*EPISODE)).to_series().implode())
    )
    return failing(bad, detail("episode referred {}, ReferralNFA 1", "referral_date"))


closed_with_assessment_open = rule_where(
    "8867",
    "CIN episode is shown as closed, however Assessment is not shown as completed",
    subject=E,
    element="AssessmentAuthorisationDate",
    table="assessments",
    when=pl.col("ep_closure").is_not_null() & pl.col("authorisation_date").is_null(),
    found=detail("assessment started {}, CINclosureDate {}", "start_date", "ep_closure"),
)


@rule(
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by "
    "ICPC date or ICPC not required flag",
    subject=E,
    element="DateOfInitialCPC",
)
def closed_with_enquiry_open(f: Frames) -> pl.DataFrame:
    """Closed episode: each enquiry has either a conference date or ``ICPCnotRequired``, not both."""
    not_required = pl.col("icpc_not_required").fill_null(False)
    bad = f.section47.filter(
        pl.col("ep_closure").is_not_null() & (pl.col("icpc_date").is_null() != not_required)
    )
    return failing(
        bad,
        detail(
            "S47ActualStartDate {}, DateOfInitialCPC {}, ICPCnotRequired {}, CINclosureDate {}",
            "start_date",
            "icpc_date",
            "icpc_not_required",
            "ep_closure",
        ),
    )
