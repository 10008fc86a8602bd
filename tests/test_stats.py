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
