"""DfE rounding and intervals."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cpmonitor.stats import percent, percent_expr, round_half_up, wilson_interval


def test_ties_round_up_as_dfe_publishes():
    assert percent(115, 368) == 31.3  # Sandwell 2022-23: 31.25
    assert percent(7, 112) == 6.3  # Westminster 2013-14: 6.25
    assert round(31.25, 1) == 31.2  # what Python's round would have published
    assert round_half_up(31.25) == 31.3
    assert percent(0, 0) is None


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_vectorised_percent_is_the_same_float(n, d):
    frame = pl.DataFrame({"n": [n], "d": [d]})
    assert frame.select(percent_expr(pl.col("n"), pl.col("d"))).item() == percent(n, d)


def test_wilson_interval_for_small_and_large_denominators():
    small = wilson_interval(2, 22)
    large = wilson_interval(43, 500)
    assert small.low < 9.1 < small.high and large.low < 8.6 < large.high
    assert (small.high - small.low) > 3 * (large.high - large.low)
    assert wilson_interval(0, 0) is None
    assert round(wilson_interval(0, 10).high, 1) == 27.8  # Wilson upper bound for 0/10


def test_wilson_interval_worked_by_hand_for_10_of_40():
    # p = 0.25, z = 1.959964, z²/n = 0.0960365: centre (0.25 + 0.0480182) / 1.0960365 =
    # 0.271903, half-width 1.959964 × √(0.0046875 + 0.0006002) / 1.0960365 = 0.130034.
    ci = wilson_interval(10, 40)
    assert round(ci.low, 2) == 14.19 and round(ci.high, 2) == 40.19
    assert ci.level == 0.95


def test_wilson_interval_matches_scipy_binomtest_wilson_to_twelve_places():
    from scipy.stats import binomtest

    for x, n, level in [(0, 10, 0.95), (2, 22, 0.95), (43, 500, 0.95), (7, 7, 0.99), (1, 3, 0.9)]:
        ci = binomtest(x, n).proportion_ci(confidence_level=level, method="wilson")
        ours = wilson_interval(x, n, level)
        assert abs(ours.low - 100 * ci.low) < 1e-10 and abs(ours.high - 100 * ci.high) < 1e-10
