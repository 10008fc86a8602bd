"""The simulated life courses hang together, and each return shows only what was known."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cpmonitor.synth import census_data, return_tables

KEY = ["la", "child_id"]


@pytest.fixture(scope="module")
def truth(small_sim):
    return small_sim.tables


def test_previous_plans_count_every_earlier_plan_including_before_the_records(truth):
    plans = truth["cp_plans"].join(
        truth["children"].select(*KEY, "external_plans"), on=KEY, how="left"
    )
    expected = pl.int_range(pl.len()).over(KEY) + pl.col("external_plans")
    checked = plans.sort([*KEY, "start_date"]).with_columns(expected.alias("expected"))
    wrong = checked.filter(pl.col("previous_plans") != pl.col("expected"))
    assert wrong.height == 0, wrong.head()


def test_the_kinds_of_history_the_measures_must_handle_all_occur(truth, small_sim):
    plans = truth["cp_plans"]
    children = truth["children"]
    first_year = date(small_sim.years[0] - 1, 4, 1)
    # Transfers in: NumberOfPreviousCPP > 0 and no earlier plan here.
    transfers = plans.join(children.filter(pl.col("external_plans") > 0), on=KEY)
    assert transfers.height > 0
    local = plans.with_columns(pl.int_range(pl.len()).over(KEY).alias("earlier_here"))
    assert local.filter((pl.col("previous_plans") > 0) & (pl.col("earlier_here") == 0)).height
    # Children on a third or later plan.
    assert plans.filter(pl.col("previous_plans") >= 2).height > 0
    # Plans whose earlier plan ended before the first return (no return shows it).
    early = plans.filter(pl.col("end_date") < first_year)
    later = plans.filter(pl.col("start_date") >= first_year).join(
        early.select(KEY).unique(), on=KEY
    )
    assert later.height > 0
    # Plans that start before the child is born.
    unborn = plans.join(children.select(*KEY, "birth_date"), on=KEY)
    assert unborn.filter(pl.col("start_date") < pl.col("birth_date")).height > 0


def test_no_overlapping_plans_or_episodes_for_a_child(truth):
    for name, start, end in (
        ("cp_plans", "start_date", "end_date"),
        ("episodes", "referral_date", "closure_date"),
    ):
        frame = truth[name].sort([*KEY, start])
        overlap = frame.with_columns(pl.col(end).shift(1).over(KEY).alias("previous_end")).filter(
            pl.col("previous_end") >= pl.col(start)
        )
        assert overlap.height == 0, (name, overlap.head())


def test_dates_in_order_within_records(truth):
    assert truth["cp_plans"].filter(pl.col("end_date") < pl.col("start_date")).height == 0
    assert truth["episodes"].filter(pl.col("closure_date") < pl.col("referral_date")).height == 0
    assessments = truth["assessments"]
    assert assessments.filter(pl.col("start_date") < pl.col("referral_date")).height == 0
    assert assessments.filter(pl.col("authorisation_date") < pl.col("start_date")).height == 0
    s47 = truth["section47"]
    assert s47.filter(pl.col("start_date") < pl.col("referral_date")).height == 0
    assert s47.filter(pl.col("icpc_date") < pl.col("start_date")).height == 0
    assert s47.filter(pl.col("icpc_not_required") == pl.col("icpc_date").is_not_null()).height == 0


def test_reviews_fall_within_their_plan(truth):
    reviews = truth["reviews"].join(
        truth["cp_plans"].select(*KEY, plan_start="start_date", end="end_date"),
        on=[*KEY, "plan_start"],
        how="left",
    )
    assert reviews.filter(pl.col("end").is_null()).height == 0
    outside = reviews.filter(
        (pl.col("review_date") <= pl.col("plan_start")) | (pl.col("review_date") > pl.col("end"))
    )
    assert outside.height == 0, outside.head()


def test_records_lie_within_their_episode(truth, small_sim):
    # Earlier plans are kept (NumberOfPreviousCPP counts them); their episodes are not.
    first_day = date(small_sim.years[0] - 1, 4, 1)
    episodes = truth["episodes"].select(*KEY, "referral_date", "closure_date")
    for name in ("cp_plans", "cin_plans", "assessments", "section47"):
        frame = truth[name].join(episodes, on=[*KEY, "referral_date"], how="left")
        if name == "cp_plans":
            frame = frame.filter(pl.col("end_date") >= first_day)
        assert frame.filter(pl.col("closure_date").is_null()).height == 0, name
        assert frame.filter(pl.col("start_date") > pl.col("closure_date")).height == 0, name
    plans = truth["cp_plans"].join(episodes, on=[*KEY, "referral_date"])
    assert plans.filter(pl.col("end_date") > pl.col("closure_date")).height == 0


def test_a_cin_plan_never_overlaps_a_child_protection_plan(truth):
    both = truth["cin_plans"].join(
        truth["cp_plans"].select(*KEY, "referral_date", cp_start="start_date", cp_end="end_date"),
        on=[*KEY, "referral_date"],
    )
    overlap = both.filter(
        (pl.col("start_date") <= pl.col("cp_end")) & (pl.col("end_date") >= pl.col("cp_start"))
    )
    assert overlap.height == 0, overlap.head()


def test_nobody_is_served_past_their_eighteenth_birthday(truth):
    adult = truth["children"].select(*KEY, adult=pl.col("birth_date").dt.offset_by("18y"))
    episodes = truth["episodes"].join(adult, on=KEY)
    assert episodes.filter(pl.col("closure_date") >= pl.col("adult")).height == 0


def test_a_return_shows_only_what_was_known_at_its_reference_date(small_sim):
    year = 2016
    start, ref = date(2015, 4, 1), date(2016, 3, 31)
    tables = return_tables(small_sim, year)
    episodes = tables["episodes"]
    assert episodes.filter(pl.col("referral_date") > ref).height == 0
    assert episodes.filter(pl.col("closure_date") < start).height == 0
    assert episodes.filter(pl.col("closure_date") > ref).height == 0
    assert episodes.filter(
        pl.col("closure_date").is_null() != pl.col("reason_for_closure").is_null()
    ).is_empty()
    plans = tables["cp_plans"]
    assert plans.filter(pl.col("end_date") > ref).height == 0
    assert plans.filter(pl.col("start_date") > ref).height == 0
    assert tables["reviews"].filter(pl.col("review_date") > ref).height == 0
    s47 = tables["section47"]
    assert s47.filter(pl.col("icpc_date") > ref).height == 0
    undecided = s47.filter(pl.col("icpc_target") > ref)
    assert not undecided["icpc_not_required"].any()
    assessments = tables["assessments"]
    unauthorised = assessments.filter(pl.col("authorisation_date").is_null())
    assert unauthorised.height and unauthorised["factors"].list.len().max() == 0
    unborn = tables["children"].filter(pl.col("birth_date").is_null())
    assert unborn.height == 0 or (
        unborn["expected_birth_date"].is_not_null().all() and (unborn["sex"] == "U").all()
    )
    assert tables["cin_plans"].height == 0  # CINPlanDates came in 2021-22
    # Every child in the return has an episode in it, and vice versa.
    assert set(tables["children"]["child_id"]) == set(episodes["child_id"])
    # A plan open at 31 March 2016 is in both the 2016 and the 2017 return.
    open_then = plans.filter(pl.col("end_date").is_null()).select(*KEY, "start_date")
    next_year = return_tables(small_sim, 2017)["cp_plans"]
    assert open_then.join(next_year, on=[*KEY, "start_date"], how="anti").height == 0


def test_census_data_has_provenance_and_one_return_per_year(small_sim):
    data = census_data(small_sim, years=[2016, 2017])
    assert [(r.la, r.census_year) for r in data.returns] == [("335", 2016), ("335", 2017)]
    plans = data["cp_plans"]
    assert set(plans["source_file"]) == {
        "cin_census_335_2015-16.xml",
        "cin_census_335_2016-17.xml",
    }
    assert set(plans["census_year"]) == {2016, 2017}
    assert plans["line"].null_count() == plans.height
    assert data.returns[0].children == data["children"].filter(pl.col("census_year") == 2016).height
