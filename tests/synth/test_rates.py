"""Rates of a medium synthetic council sit near England's published ones.

England (DfE EES tables b1, c1, d3, d5; LAIT): 20-25% of plan starts are repeat plans; about
22% of referrals are re-referrals within 12 months; 3-4% of plans ending lasted two years or
more; 77-83% of initial conferences within 15 working days; about 7% of the children in a
year's return start a plan; neglect is the commonest initial category, then emotional abuse.
The bands are wide enough for one council's sampling noise, narrow enough to catch a drift.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cpmonitor.synth import DEMO_CHILDREN, DEMO_PROFILE, DEMO_YEARS, simulate
from cpmonitor.workdays import working_days_between

KEY = ["la", "child_id"]
YEARS = range(2016, 2026)


def _in_years(column: str) -> pl.Expr:
    return pl.col(column).is_between(date(YEARS[0] - 1, 4, 1), date(YEARS[-1], 3, 31))


@pytest.fixture(scope="module")
def truth(medium_sim):
    return medium_sim.tables


def test_repeat_share_of_plan_starts(truth):
    starts = truth["cp_plans"].filter(_in_years("start_date"))
    share = (starts["previous_plans"] >= 1).mean()
    assert 0.15 <= share <= 0.30, share
    assert (starts["previous_plans"] >= 2).mean() > 0.02  # third or later plans


def test_plan_starts_per_child_in_the_returns_and_council_size(medium_sim, truth):
    for year in (2016, 2020, 2024):
        start, ref = date(year - 1, 4, 1), date(year, 3, 31)
        episodes = truth["episodes"].filter(
            (pl.col("referral_date") <= ref) & (pl.col("closure_date") >= start)
        )
        children = episodes.select(KEY).unique().height
        starts = truth["cp_plans"].filter(pl.col("start_date").is_between(start, ref)).height
        assert 0.85 * 9000 <= children <= 1.15 * 9000, (year, children)
        assert 0.05 <= starts / children <= 0.09, (year, starts / children)


def test_rereferrals_within_twelve_months(truth):
    referrals = (
        truth["episodes"]
        .sort([*KEY, "referral_date"])
        .with_columns(pl.col("referral_date").shift(1).over(KEY).alias("previous"))
        .filter(_in_years("referral_date"))
    )
    within = pl.col("previous") >= pl.col("referral_date").dt.offset_by("-12mo")
    share = referrals.select(within.fill_null(False).mean()).item()
    assert 0.15 <= share <= 0.28, share


def test_plans_lasting_two_years_or_more(truth):
    ended = truth["cp_plans"].filter(_in_years("end_date"))
    days = (pl.col("end_date") - pl.col("start_date")).dt.total_days() + 1
    share = ended.select((days > 729).mean()).item()
    assert 0.015 <= share <= 0.07, share


def test_conferences_mostly_within_fifteen_working_days(truth):
    held = truth["section47"].filter(_in_years("icpc_date")).sample(2000, seed=1)
    on_time = [
        working_days_between(s, c) <= 15
        for s, c in held.select("start_date", "icpc_date").iter_rows()
    ]
    assert 0.70 <= sum(on_time) / len(on_time) <= 0.90
    # The recorded target is the fifteenth working day after the enquiry started.
    assert all(
        working_days_between(s, t) == 15
        for s, t in held.select("start_date", "icpc_target").iter_rows()
    )


def test_categories_and_reviews(truth):
    starts = truth["cp_plans"].filter(_in_years("start_date"))
    shares = starts["initial_category"].value_counts(normalize=True).sort("proportion")
    order = shares["initial_category"].to_list()[::-1]
    assert order[:2] == ["NEG", "EMO"]
    assert set(order) == {"NEG", "EMO", "PHY", "SAB", "MUL"}
    first = (
        truth["reviews"]
        .filter(_in_years("plan_start"))
        .group_by([*KEY, "plan_start"])
        .agg(pl.col("review_date").min())
    )
    within_3_months = first.select(
        (pl.col("review_date") <= pl.col("plan_start").dt.offset_by("3mo")).mean()
    ).item()
    assert 0.8 <= within_3_months <= 0.97


def test_neglect_and_domestic_abuse_dominate_repeat_families(truth):
    plans = truth["cp_plans"].filter(_in_years("start_date") & (pl.col("previous_plans") >= 1))
    assessments = truth["assessments"].join(
        plans.select(*KEY, "referral_date"), on=[*KEY, "referral_date"]
    )
    from cpmonitor.synth.model import factor_lists

    factors = factor_lists(assessments["factor_bits"].to_numpy())
    neglect = factors.list.contains("16A").mean()
    domestic = factors.list.eval(pl.element().is_in(["3A", "3B", "3C"])).list.any().mean()
    assert neglect > 0.5 and domestic > 0.4, (neglect, domestic)


def _repeat_share(plans: pl.DataFrame, year: int) -> float:
    starts = plans.filter(pl.col("start_date").is_between(date(year - 1, 4, 1), date(year, 3, 31)))
    return (starts["previous_plans"] >= 1).mean()


def test_the_profile_drives_the_repeat_share():
    plans = simulate(children=20_000, years=range(2013, 2019), seed=0, profile="demo")["cp_plans"]
    share = {year: _repeat_share(plans, year) for year in range(2014, 2018)}
    assert share[2016] > share[2014] + 0.03, share
    assert share[2017] < share[2016] - 0.06, share


def test_the_built_in_demo_rises_to_2015_16_then_falls():
    """What ``make demo`` shows (its council, years, size, trend and seed 0)."""
    sim = simulate(years=DEMO_YEARS, children=DEMO_CHILDREN, seed=0, profile=DEMO_PROFILE)
    share = {year: _repeat_share(sim["cp_plans"], year) for year in range(2014, 2018)}
    assert share[2015] < share[2016] > share[2017], share
    assert share[2017] < share[2014], share
