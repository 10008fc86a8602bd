"""Small statistical rules shared by every shell: DfE rounding, percentages, intervals.

DfE publishes percentages rounded half **up** to one decimal place (checked against every
local-authority row of table D3: round-half-even, Python's ``round``, gets two ties wrong,
e.g. Sandwell 2023: 115/368 = 31.25 -> 31.3). The rule is done in integer arithmetic so that
binary floating point cannot move a tie.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # polars only for percent_expr; the CLI starts without it
    import polars as pl


def round_half_up(value: float | Decimal, places: int = 1) -> float:
    """Round half up (away from zero for positives), as DfE does, to ``places`` decimals."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int, places: int = 1) -> float | None:
    """100 × numerator / denominator rounded half up; ``None`` when the denominator is 0.

    Exact: computed as integers, floor((2·10^p·100·n + d) / (2d)) / 10^p.
    """
    if not denominator:
        return None
    scale = 10**places
    return ((200 * scale * numerator + denominator) // (2 * denominator)) / scale


def percent_expr(numerator: pl.Expr, denominator: pl.Expr, places: int = 1) -> pl.Expr:
    """The vectorised twin of :func:`percent` for polars (null when the denominator is 0)."""
    import polars as pl

    scale = 10**places
    n = numerator.cast(pl.Int64)
    d = denominator.cast(pl.Int64)
    # polars divides by a literal as a multiplication by its reciprocal (252 / 10 gives
    # 25.200000000000003); rounding the exact quotient again gives the nearest double.
    exact = (((200 * scale * n + d) // (2 * d)) / scale).round(places)
    return pl.when(d > 0).then(exact).otherwise(None)


@dataclass(frozen=True)
class Interval:
    """A confidence interval for a percentage, in percent (unrounded)."""

    low: float
    high: float
    level: float = 0.95


def wilson_interval(successes: int, trials: int, level: float = 0.95) -> Interval | None:
    """Wilson score interval for a proportion, in percent.

    Wilson (1927): with p = x/n and z the standard normal quantile at 1 − (1 − level)/2,
    (p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n) — the formula of PHE/OHID's
    fingertips (which use it for local-authority percentages: it behaves well for small
    counts and proportions near 0 or 1) and of scipy's ``binomtest(...).proportion_ci(
    method="wilson")``, which gives the same figures (tested) but costs seconds to import.
    ``None`` when ``trials`` is 0.
    """
    if trials <= 0:
        return None
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    n = trials
    p = successes / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    scale = 1 + z2 / n
    low = max(0.0, (centre - half) / scale)
    high = min(1.0, (centre + half) / scale)
    return Interval(low=100 * low, high=100 * high, level=level)
