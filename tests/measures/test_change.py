"""Hand-worked changes in the repeat percentage between two periods (measures/change.py)."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.change import decompose, significance, what_changed
from cpmonitor.periods import Period, financial_year, year_earlier

BEFORE, NOW = financial_year(2015), financial_year(2016)


def starts(counts: dict[tuple[int, str], tuple[int, int]]) -> list[dict]:
    """Plan starts: (census year, category) -> (started, of which repeat)."""
    rows = []
    for (year, cat), (started, repeat) in counts.items():
        for i in range(started):
            day = date(year - 1, 6, 1).isoformat()
            rows.append(plan(f"{year}{cat}{i:03d}", day, prev=1 if i < repeat else 0, cat=cat))
    return rows


def plans_of(rows):
    return build_history(make_data(rows)).plans


def test_the_same_period_a_year_earlier():
    assert year_earlier(NOW) == BEFORE
    assert year_earlier(Period(date(2016, 4, 1), date(2016, 8, 31))) == Period(
        date(2015, 4, 1), date(2015, 8, 31)
    )
    assert year_earlier(Period(date(2015, 9, 1), date(2016, 2, 29))).end == date(2015, 2, 28)


def test_hand_worked_kitagawa_by_category_adds_up_to_the_change():
    # before: neglect 2 of 10, physical 0 of 10 (10%); now: neglect 6 of 15, physical 0 of 5
    # (30%). Neglect: share 1/2 -> 3/4, rate 1/5 -> 2/5. mix = 1/4 × 3/10 = 7.5 points,
    # rate = 1/5 × 5/8 = 12.5 points; physical: rate 0 throughout, share change × 0 = 0.
    rows = starts({(2015, "NEG"): (10, 2), (2015, "PHY"): (10, 0)})
    rows += starts({(2016, "NEG"): (15, 6), (2016, "PHY"): (5, 0)})
    change = what_changed(plans_of(rows), NOW)
    assert (change.percent_before, change.percent_now, change.points) == (10.0, 30.0, 20)
    d = change.decompositions["category"]
    neg = next(g for g in d.groups if g.group == "NEG")
    assert (neg.mix, neg.rate) == (Fraction(15, 2), Fraction(25, 2))
    phy = next(g for g in d.groups if g.group == "PHY")
    assert (phy.mix, phy.rate) == (0, 0)
    assert d.mix + d.rate == change.points
    assert change.as_dict()["decompositions"]["category"]["mix"] == 7.5


def test_a_group_only_in_one_period_is_all_mix():
    rows = starts({(2015, "NEG"): (10, 2)})
    rows += starts({(2016, "NEG"): (10, 2), (2016, "SAB"): (10, 6)})
    change = what_changed(plans_of(rows), NOW)
    sab = next(g for g in change.decompositions["category"].groups if g.group == "SAB")
    # SAB: share 0 -> 1/2 at rate 3/5 (taken for both periods): 30 points of mix, no rate
    assert (sab.mix, sab.rate) == (30, 0)
    d = change.decompositions["category"]
    assert d.mix + d.rate == change.points == 20  # 10% -> 40%


def test_any_column_can_be_the_grouping_for_example_a_team():
    rows = starts({(2015, "NEG"): (4, 1), (2016, "NEG"): (4, 3)})
    plans = plans_of(rows).with_columns(
        pl.when(pl.col("child_id").str.ends_with("000"))
        .then(pl.lit("North"))
        .otherwise(pl.lit("South"))
        .alias("team")
    )
    d = decompose(plans, BEFORE, NOW, "team")
    assert [g.group for g in d.groups] == ["North", "South"]
    assert d.mix + d.rate == what_changed(plans, NOW).points == 50


def test_small_counts_are_within_chance_by_fishers_exact_test():
    # 1 of 8 -> 3 of 8: two-sided Fisher p = 0.569 (hand: hypergeometric tables as or less
    # likely than the observed one, margins 4 repeats in 16)
    s = significance(1, 8, 3, 8)
    total = math.comb(16, 4)
    probs = {k: math.comb(8, k) * math.comb(8, 4 - k) / total for k in range(5)}
    p = sum(v for v in probs.values() if v <= probs[3] * (1 + 1e-7))
    assert math.isclose(s.p_value, p)
    assert not s.more_than_chance


def test_a_large_change_is_more_than_chance_with_newcombes_interval():
    # Newcombe (1998), Statistics in Medicine 17:873, table II example (h): 56/70 vs 48/80,
    # difference 0.2, method 10 interval 0.0524 to 0.3339
    s = significance(48, 80, 56, 70)
    assert (round(s.low, 2), round(s.high, 2)) == (5.24, 33.39)
    assert s.more_than_chance


def test_no_start_in_a_period_gives_no_change_and_no_test():
    change = what_changed(plans_of(starts({(2016, "NEG"): (5, 1)})), NOW)
    assert change.points is None and change.significance is None
    assert change.as_dict()["points"] is None


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from([2015, 2016]), st.sampled_from(["NEG", "PHY", "EMO", "SAB"])),
        st.integers(1, 12).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
        min_size=1,
    )
)
def test_the_parts_add_up_exactly_on_random_counts(counts):
    rows = starts(counts)
    change = what_changed(plans_of(rows), NOW)
    for d in change.decompositions.values():
        if change.points is None:
            assert d.mix == d.rate == 0
        else:
            assert d.mix + d.rate == change.points
            assert sum(g.total for g in d.groups) == change.points
