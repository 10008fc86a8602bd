"""DfE rules on child protection plans (``<ChildProtectionPlans>``).

The start date decides the year a plan counts in, and ``NumberOfPreviousCPP`` whether it is a
repeat: these rules check both against the conference that made the plan, the referral, the
episode, the child's death and the child's other plans.
"""

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

P = "plans"


start_before_referral = rule_where(
    "1105",
    "The child protection plan start date cannot be before the referral date",
    subject=P,
    element="CPPstartDate",
    table="cp_plans",
    when=pl.col("start_date") < pl.col("referral_date"),
    found=detail("CPPstartDate {}, CINreferralDate {}", "start_date", "referral_date"),
)


@rule(
    "2883",
    "There are more child protection plans starting than initial conferences taking place",
    subject=P,
    element="CPPstartDate",
)
def more_plans_than_conferences(f: Frames) -> pl.DataFrame:
    """A return-level rule: plans starting in the year against conferences held in it."""
    per_file = ["source_file", "census_year"]
    plans = f.cp_plans.filter(in_census_year("start_date")).group_by(per_file).len("plans")
    cin = f.episodes.filter(in_census_year("initial_cpc_date")).group_by(per_file).len("cin")
    s47 = f.section47.filter(in_census_year("icpc_date")).group_by(per_file).len("s47")
    bad = (
        plans.join(cin, on=per_file, how="left")
        .join(s47, on=per_file, how="left")
        .with_columns(pl.col("cin", "s47").fill_null(0))
        .filter(pl.col("plans") > pl.col("cin") + pl.col("s47"))
        .with_columns(
            pl.lit(None, dtype=pl.Int32).alias("line"),
            pl.lit(None, dtype=pl.Utf8).alias("child_id"),
        )
    )
    return failing(
        bad,
        pl.format(
            "{} plan(s) started in the year, {} initial conference(s) held",
            pl.col("plans"),
            pl.col("cin") + pl.col("s47"),
        ),
    )


@rule(
    "2885",
    "Child protection plan shown as starting a different day to the initial child protection "
    "conference.",
    subject=P,
    element="CPPstartDate",
)
def start_not_on_conference(f: Frames) -> pl.DataFrame:
    """A plan starting in the year must start on the day of a conference of its episode.

    The episode's conferences are its own ``DateOfInitialCPC`` (e.g. a transfer-in conference)
    and those of its section 47 enquiries (not those marked ``ICPCnotRequired``). The peer
    validator looks only at the enquiries' conferences when the episode has an enquiry; see
    docs/methodology.md.
    """
    s47 = f.section47.filter(pl.col("icpc_not_required").fill_null(False).not_())
    held = (
        s47.select(*EPISODE, pl.col("icpc_date").alias("start_date"))
        .drop_nulls("start_date")
        .unique()
        .with_columns(pl.lit(True).alias("_on_s47"))
    )
    plans = (
        f.cp_plans.filter(in_census_year("start_date"))
        .join(held, on=[*EPISODE, "start_date"], how="left", nulls_equal=True)
        .with_columns(pl.col("_on_s47").fill_null(False))
    )
    bad = plans.filter(
        pl.col("_on_s47").not_() & pl.col("ep_icpc").ne_missing(pl.col("start_date"))
    )
    return failing(
        bad,
        detail(
            "CPPstartDate {}; no conference of the episode on that day (the episode's "
            "DateOfInitialCPC {})",
            "start_date",
            "ep_icpc",
        ),
    )


@rule(
    "8565",
    "Activity shown after a case has been closed",
    subject=P,
    element="CPPendDate",
)
def activity_after_closure(f: Frames) -> pl.DataFrame:
    """Any date of an episode's activity after its ``CINclosureDate``, reported where it is."""
    closed = pl.col("ep_closure").is_not_null()

    def after(frame: pl.DataFrame, column: str, element: str) -> pl.DataFrame:
        bad = frame.filter(closed & (pl.col(column) > pl.col("ep_closure")))
        return failing(
            bad, detail(f"{element} {{}}, CINclosureDate {{}}", column, "ep_closure"), element
        )

    episodes = f.episodes.rename({"closure_date": "ep_closure"})
    return pl.concat(
        [
            after(episodes, "initial_cpc_date", "DateOfInitialCPC"),
            after(f.assessments, "start_date", "AssessmentActualStartDate"),
            after(f.assessments, "authorisation_date", "AssessmentAuthorisationDate"),
            after(f.section47, "start_date", "S47ActualStartDate"),
            after(f.section47, "icpc_date", "DateOfInitialCPC"),
            after(f.cp_plans, "end_date", "CPPendDate"),
            after(f.cin_plans, "start_date", "CINPlanStartDate"),
            after(f.cin_plans, "end_date", "CINPlanEndDate"),
        ]
    )


start_missing_or_late = rule_where(
    "8720",
    "Child Protection Plan Start Date missing or out of data collection period",
    subject=P,
    element="CPPstartDate",
    table="cp_plans",
    when=pl.col("start_date").is_null() | (pl.col("start_date") > reference_date()),
    found=detail("CPPstartDate {}", "start_date"),
)


previous_plans_missing = rule_where(
    "8730",
    "Total Number of previous Child Protection Plans missing",
    subject=P,
    element="NumberOfPreviousCPP",
    table="cp_plans",
    when=pl.col("previous_plans").is_null(),
    found=detail("plan starting {}", "start_date"),
)


starts_and_ends_same_day = rule_where(
    "8840",
    "Child Protection Plan cannot start and end on the same day",
    subject=P,
    element="CPPendDate",
    table="cp_plans",
    when=pl.col("start_date") == pl.col("end_date"),
    found=detail("CPPstartDate and CPPendDate {}", "start_date"),
)


plan_on_nfa_referral = rule_where(
    "8832",
    "Child Protection details provided for a referral with no further action.",
    subject=P,
    element="ChildProtectionPlans",
    table="cp_plans",
    when=pl.col("ep_nfa").fill_null(False),
    found=detail("plan starting {} in an episode with ReferralNFA 1", "start_date"),
)


initial_category_missing = rule_where(
    "8905",
    "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
    subject=P,
    element="InitialCategoryOfAbuse",
    table="cp_plans",
    when=pl.col("initial_category").is_null(),
    found=detail("plan starting {}", "start_date"),
)


latest_category_missing = rule_where(
    "8910",
    "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
    subject=P,
    element="LatestCategoryOfAbuse",
    table="cp_plans",
    when=pl.col("latest_category").is_null(),
    found=detail("plan starting {}", "start_date"),
)


starts_after_death = rule_where(
    "8915",
    "Child Protection Plan shown as starting after the child’s Date of Death",
    subject=P,
    element="CPPstartDate",
    table="cp_plans",
    when=pl.col("start_date") > pl.col("child_death"),
    found=detail("CPPstartDate {}, PersonDeathDate {}", "start_date", "child_death"),
)


ends_after_death = rule_where(
    "8920",
    "Child Protection Plan cannot end after the child’s Date of Death",
    subject=P,
    element="CPPendDate",
    table="cp_plans",
    when=pl.col("end_date") > pl.col("child_death"),
    found=detail("CPPendDate {}, PersonDeathDate {}", "end_date", "child_death"),
)


ends_before_start = rule_where(
    "8925",
    "Child Protection Plan End Date earlier than Start Date",
    subject=P,
    element="CPPendDate",
    table="cp_plans",
    when=pl.col("end_date") < pl.col("start_date"),
    found=detail("CPPstartDate {}, CPPendDate {}", "start_date", "end_date"),
)


end_outside_year = rule_where(
    "8930",
    "Child Protection Plan End Date must fall within the census year",
    subject=P,
    element="CPPendDate",
    table="cp_plans",
    when=outside_census_year("end_date"),
    found=detail("CPPendDate {}", "end_date"),
)


@rule(
    "8935",
    "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    subject=P,
    element="CPPendDate",
)
def several_open_plans(f: Frames) -> pl.DataFrame:
    open_plans = f.cp_plans.filter(pl.col("end_date").is_null())
    bad = open_plans.filter(pl.len().over("source_file", "child_id") > 1)
    return failing(bad, detail("open plan starting {}", "start_date"))


@rule(
    "8940",
    "Child Protection Plan data contains overlapping dates",
    subject=P,
    element="CPPstartDate",
)
def overlapping_plans(f: Frames) -> pl.DataFrame:
    """A plan starting on or after another of the child's plans started and by its end.

    Every pair of the child's plans in the return is compared (the plans of different
    episodes too); a plan with no end date is open to the reference date.
    """
    bad = clashing(
        f.cp_plans,
        "start_date",
        {"_other_start": pl.col("start_date"), "_other_end": pl.col("end_date")},
        (pl.col("start_date") >= pl.col("_other_start"))
        & (pl.col("start_date") <= pl.col("_other_end").fill_null(reference_date())),
    )
    return failing(
        bad,
        detail(
            "plan starting {} overlaps the plan starting {} and ending {}",
            "start_date",
            "_other_start",
            "_other_end",
        ),
    )
