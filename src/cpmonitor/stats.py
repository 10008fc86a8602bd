"""Small statistical rules shared by every shell: DfE rounding, percentages, intervals.

DfE publishes percentages rounded half **up** to one decimal place (checked against every
local-authority row of table D3: round-half-even, Python's ``round``, gets two ties wrong,
e.g. Sandwell 2023: 115/368 = 31.25 -> 31.3). The rule is done in integer arithmetic so that
binary floating point cannot move a tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    """Wilson score interval for a proportion, in percent (scipy's ``binomtest``).

    Wilson (1927) behaves well for small counts and proportions near 0 or 1, which is why
    PHE/OHID fingertips use it for local-authority percentages. ``None`` when ``trials`` is 0.
    """
    if trials <= 0:
        return None
    from scipy.stats import binomtest

    ci = binomtest(successes, trials).proportion_ci(confidence_level=level, method="wilson")
    return Interval(low=100 * float(ci.low), high=100 * float(ci.high), level=level)
