"""Funnel plot: exact binomial control limits, bands, and the rendered SVG/PNG."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from cpmonitor.benchmarks.funnel import band, control_limits, render


def test_limits_approach_the_normal_approximation_for_large_n():
    p0, n = 0.179, 5000
    upper = control_limits(p0, [n], 0.975)[0]
    lower = control_limits(p0, [n], 0.025)[0]
    half = 1.959964 * math.sqrt(p0 * (1 - p0) / n)
    assert upper == pytest.approx(p0 + half, abs=0.001)
    assert lower == pytest.approx(p0 - half, abs=0.001)


def test_limits_narrow_as_n_grows_and_stay_in_0_1():
    n = np.array([1, 5, 20, 100, 500, 2000])
    upper = control_limits(0.2, n, 0.999)
    lower = control_limits(0.2, n, 0.001)
    assert np.all(np.diff(upper) < 0) and np.all(np.diff(lower) >= 0)
    assert np.all((lower >= 0) & (upper <= 1)) and np.all(lower < 0.2) and np.all(upper > 0.2)


def test_exact_limit_by_hand():
    # n = 10, p0 = 0.5, q = 0.975: binom.ppf = 8, F(8) = 0.98926, F(7) = 0.94531
    # a = (0.98926 - 0.975) / (0.98926 - 0.94531) = 0.32444; limit = (8 - 0.32444) / 10
    assert control_limits(0.5, [10], 0.975)[0] == pytest.approx(0.767556, abs=1e-5)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (93, 541, "within the 95% limits"),
        (0, 1000, "below the 99.8% limit"),
        (300, 1000, "above the 99.8% limit"),
        (100, 500, "within the 95% limits"),
        (68, 300, "above the 95% limit"),  # 22.7% of 300 around 17.9%
    ],
)
def test_band(numerator, denominator, expected):
    assert band(numerator, denominator, 0.179) == expected


def test_funnel_for_walsall_2015_16(full_store, tmp_path):
    data = full_store.funnel(2016, la="335")
    assert data.centre == 17.9 and data.year_label == "2015-16"
    las = full_store.observations("repeat_plans").filter(
        (pl.col("year") == 2016) & (pl.col("level") == "la")
    )
    assert data.points.height + len(data.excluded) == las.height
    walsall = data.points.filter(pl.col("role") == "la").row(0, named=True)
    assert (walsall["numerator"], walsall["denominator"]) == (93, 541)
    assert walsall["band"] == "within the 95% limits"
    assert data.points.filter(pl.col("role") == "neighbour").height == 10
    assert "Walsall: 17.2% (93 of 541), within the 95% limits" in data.summary()

    svg, png = render(data, tmp_path / "funnel.svg")
    assert png == tmp_path / "funnel.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    text = svg.read_text(encoding="utf-8")
    assert 'role="img"' in text and '<title id="funnel-title">' in text
    assert '<desc id="funnel-desc">Funnel plot' in text and "Walsall" in text


def test_funnel_needs_counts(full_store):
    with pytest.raises(ValueError, match="counts"):
        full_store.funnel(2016, la="335", measure="plan_starts_rate")


@pytest.mark.parametrize("p0", [0.01, 0.05, 0.15, 0.179, 0.22, 0.3, 0.5, 0.9])
def test_limits_are_scipy_stats_binomials_to_1e_12(p0):
    from scipy.stats import binom

    n = np.arange(1, 3001)
    for q in (0.001, 0.025, 0.975, 0.999):
        r = binom.ppf(q, n, p0)
        f_r, f_below = binom.cdf(r, n, p0), binom.cdf(r - 1, n, p0)
        a = np.where(f_r > f_below, (f_r - q) / (f_r - f_below), 0.0)
        expected = np.clip((r - a) / n, 0.0, 1.0)
        assert np.max(np.abs(control_limits(p0, n, q) - expected)) < 1e-12


def test_the_limits_do_not_import_scipy_stats():
    import subprocess
    import sys

    code = (
        "import sys; from cpmonitor.benchmarks.funnel import band; band(93, 541, 0.179); "
        "print('scipy.stats' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
