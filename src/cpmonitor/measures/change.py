"""What changed between two periods: the change in the repeat percentage, whether it is more
than chance would give, and where it came from.

Definitions:

- **The repeat percentage** of a period is DfE's (table D3, :mod:`.repeat`): of the plans
  starting in the period, those with ``NumberOfPreviousCPP`` ≥ 1. By default the two periods
  are the period asked for and the same period a year earlier
  (:func:`cpmonitor.periods.year_earlier`).
- **The change** is 100 × (repeat now / started now − repeat before / started before), in
  percentage points, computed from the counts (not from the rounded percentages, so it can
  differ by 0.1 from the difference of the two published figures).
- **More than chance?** Fisher's exact test, two-sided, on the 2 × 2 table (repeat or not ×
  period), from ``scipy.stats.fisher_exact`` (Fisher 1935; exact, so it holds for the small
  counts of a single council, where a z-test's normal approximation does not). The change is
  called *more than chance* when p < 0.05, and *within chance* otherwise. The 95% interval of
  the change is Newcombe's hybrid score interval (Newcombe 1998, *Statistics in Medicine*
  17:873–890, method 10), built from the two Wilson intervals (:func:`~cpmonitor.stats.
  wilson_interval`).
- **Where it came from**: the Kitagawa (1955, *JASA* 50:1168–1194) shift-share decomposition
  over any grouping of the plan starts (category of abuse, age band, gap since the previous
  plan; with Annex A, team). With sᵍ the group's share of the starts and rᵍ its repeat rate in
  each period (1 = before, 2 = now)::

      mix  = Σ (s2ᵍ − s1ᵍ) · (r1ᵍ + r2ᵍ) / 2     the mix of plans changing
      rate = Σ (r2ᵍ − r1ᵍ) · (s1ᵍ + s2ᵍ) / 2     the repeat rate within each group changing

  and mix + rate = Σ s2ᵍr2ᵍ − Σ s1ᵍr1ᵍ = the change, exactly (the sums here are kept as
  fractions, so the parts add up with no rounding). A group with no starts in one period has
  no rate there; its rate is taken as the other period's, so its whole contribution is mix
  (it appeared or disappeared).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import polars as pl

from ..history import AGE_BANDS
from ..periods import Period, year_earlier
from ..stats import percent, round_half_up, wilson_interval
from .breakdowns import CATEGORIES, NOT_RECORDED
from .gaps import GAP_BANDS, GAP_UNKNOWN, gap_band
from .repeat import started_in

#: The level below which a change is called more than chance.
SIGNIFICANCE = 0.05
TEST_NAME = "Fisher's exact test (two-sided)"
NO_EARLIER_END = "No earlier plan end on record"

#: Groupings offered by name: (expression giving the group, groups in display order, labels).
GROUPINGS: dict[str, tuple[pl.Expr, tuple[str, ...], dict[str, str]]] = {
    "category": (
        pl.col("initial_category").fill_null(NOT_RECORDED),
        (*CATEGORIES, NOT_RECORDED),
        {**CATEGORIES, NOT_RECORDED: NOT_RECORDED},
    ),
    "age_band": (pl.col("age_band"), AGE_BANDS, {b: b for b in AGE_BANDS}),
    "gap": (
        gap_band().replace(GAP_UNKNOWN, NO_EARLIER_END),
        (*(label for label, _ in GAP_BANDS), NO_EARLIER_END),
        {},
    ),
}
GROUPING_NAMES = {
    "category": "category of abuse",
    "age_band": "age band",
    "gap": "gap since the previous plan ended",
}
#: The groupings :func:`what_changed` decomposes by default.
DEFAULT_GROUPINGS = ("category", "age_band", "gap")


@dataclass(frozen=True)
class GroupChange:
    """One group's plan starts in both periods and its part of the change (points)."""

    group: str
    label: str
    started_before: int
    repeat_before: int
    started_now: int
    repeat_now: int
    mix: Fraction
    rate: Fraction

    @property
    def percent_before(self) -> float | None:
        return percent(self.repeat_before, self.started_before)

    @property
    def percent_now(self) -> float | None:
        return percent(self.repeat_now, self.started_now)

    @property
    def total(self) -> Fraction:
        return self.mix + self.rate


@dataclass(frozen=True)
class Decomposition:
    """The change split into mix and rate over one grouping; ``mix + rate`` is the change."""

    by: str
    groups: list[GroupChange]

    @property
    def mix(self) -> Fraction:
        return sum((g.mix for g in self.groups), Fraction(0))

    @property
    def rate(self) -> Fraction:
        return sum((g.rate for g in self.groups), Fraction(0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "mix": round_points(self.mix),
            "rate": round_points(self.rate),
            "groups": [
                {
                    "group": g.group,
                    "label": g.label,
                    "started_before": g.started_before,
                    "repeat_before": g.repeat_before,
                    "percent_before": g.percent_before,
                    "started_now": g.started_now,
                    "repeat_now": g.repeat_now,
                    "percent_now": g.percent_now,
                    "mix": round_points(g.mix),
                    "rate": round_points(g.rate),
                }
                for g in self.groups
            ],
        }


@dataclass(frozen=True)
class Significance:
    """Fisher's exact test of the two periods' repeat proportions, and the change's interval."""

    p_value: float
    low: float  # Newcombe 95% interval of the change, points (unrounded)
    high: float
    test: str = TEST_NAME

    @property
    def more_than_chance(self) -> bool:
        return self.p_value < SIGNIFICANCE


@dataclass(frozen=True)
class Change:
    """The repeat percentage in two periods, the change, its test and its decompositions."""

    before: Period
    now: Period
    started_before: int
    repeat_before: int
    started_now: int
    repeat_now: int
    significance: Significance | None
    decompositions: dict[str, Decomposition] = field(default_factory=dict)

    @property
    def percent_before(self) -> float | None:
        return percent(self.repeat_before, self.started_before)

    @property
    def percent_now(self) -> float | None:
        return percent(self.repeat_now, self.started_now)

    @property
    def points(self) -> Fraction | None:
        """The change in percentage points, exact; ``None`` when a period has no start."""
        if not self.started_before or not self.started_now:
            return None
        return 100 * (
            Fraction(self.repeat_now, self.started_now)
            - Fraction(self.repeat_before, self.started_before)
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; points rounded half up to one decimal place (the parts may then differ
        from the change by 0.1 through rounding)."""
        s = self.significance
        return {
            "before": {
                **self.before.as_dict(),
                "plans_started": self.started_before,
                "repeat": self.repeat_before,
                "percent": self.percent_before,
            },
            "now": {
                **self.now.as_dict(),
                "plans_started": self.started_now,
                "repeat": self.repeat_now,
                "percent": self.percent_now,
            },
            "points": None if self.points is None else round_points(self.points),
            "test": None
            if s is None
            else {
                "name": s.test,
                "p_value": s.p_value,
                "more_than_chance": s.more_than_chance,
                "interval": {"low": round_half_up(s.low), "high": round_half_up(s.high)},
            },
            "decompositions": {k: d.as_dict() for k, d in self.decompositions.items()},
        }


def round_points(value: Fraction) -> float:
    """Exact points rounded half up (away from zero) to one decimal place."""
    tenths = math.floor(abs(value) * 10 + Fraction(1, 2))
    return math.copysign(tenths / 10, value) if tenths else 0.0


def _grouping(by: str | pl.Expr) -> tuple[pl.Expr, tuple[str, ...], dict[str, str]]:
    if isinstance(by, pl.Expr):
        return by.cast(pl.Utf8).fill_null(NOT_RECORDED), (), {}
    if by in GROUPINGS:
        return GROUPINGS[by]
    return pl.col(by).cast(pl.Utf8).fill_null(NOT_RECORDED), (), {}


def _counts(plans: pl.DataFrame, period: Period, expr: pl.Expr) -> dict[str, tuple[int, int]]:
    frame = (
        started_in(plans, period)
        .group_by(expr.alias("group"))
        .agg(pl.len().alias("started"), pl.col("repeat").sum().alias("repeat"))
    )
    return {r["group"]: (int(r["started"]), int(r["repeat"])) for r in frame.to_dicts()}


def decompose(
    plans: pl.DataFrame, before: Period, now: Period, by: str | pl.Expr = "category"
) -> Decomposition:
    """Kitagawa decomposition of the change in the repeat percentage over the grouping ``by``.

    ``by``: a name in :data:`GROUPINGS`, any column of ``plans`` (e.g. a team column from
    Annex A), or a polars expression; blanks are the group "Not recorded". Groups in display
    order (named groupings list every group, zeros included), others after, as recorded.
    """
    expr, order, labels = _grouping(by)
    first, second = _counts(plans, before, expr), _counts(plans, now, expr)
    total1 = sum(n for n, _ in first.values())
    total2 = sum(n for n, _ in second.values())
    seen = set(first) | set(second)
    groups = [g for g in order] + sorted(seen - set(order))
    out = []
    for g in groups:
        n1, r1 = first.get(g, (0, 0))
        n2, r2 = second.get(g, (0, 0))
        mix = rate = Fraction(0)
        if total1 and total2:
            s1, s2 = Fraction(n1, total1), Fraction(n2, total2)
            rate1 = Fraction(r1, n1) if n1 else None
            rate2 = Fraction(r2, n2) if n2 else None
            rate1 = rate1 if rate1 is not None else (rate2 or Fraction(0))
            rate2 = rate2 if rate2 is not None else rate1
            mix = 100 * (s2 - s1) * (rate1 + rate2) / 2
            rate = 100 * (rate2 - rate1) * (s1 + s2) / 2
        name = by if isinstance(by, str) else "group"
        out.append(GroupChange(g, labels.get(g, g), n1, r1, n2, r2, mix, rate))
    return Decomposition(by=name, groups=out)


def significance(
    repeat_before: int, started_before: int, repeat_now: int, started_now: int
) -> Significance | None:
    """Fisher's exact test (two-sided) of the two proportions, with Newcombe's interval of
    the difference (now − before, points). ``None`` when a period has no start."""
    if not started_before or not started_now:
        return None
    from scipy.stats import fisher_exact

    table = [
        [repeat_now, started_now - repeat_now],
        [repeat_before, started_before - repeat_before],
    ]
    p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    p1, p2 = 100 * repeat_before / started_before, 100 * repeat_now / started_now
    ci1 = wilson_interval(repeat_before, started_before)
    ci2 = wilson_interval(repeat_now, started_now)
    assert ci1 is not None and ci2 is not None
    diff = p2 - p1
    low = diff - math.sqrt((p2 - ci2.low) ** 2 + (ci1.high - p1) ** 2)
    high = diff + math.sqrt((ci2.high - p2) ** 2 + (p1 - ci1.low) ** 2)
    return Significance(p_value=min(p_value, 1.0), low=low, high=high)


def what_changed(
    plans: pl.DataFrame,
    now: Period,
    before: Period | None = None,
    groupings: Sequence[str | pl.Expr] = DEFAULT_GROUPINGS,
    la: str | None = None,
) -> Change:
    """The change in the repeat percentage from ``before`` (default: the same period a year
    earlier) to ``now``, its test, and its decomposition by each of ``groupings``."""
    if la is not None:
        plans = plans.filter(pl.col("la") == la)
    before = before if before is not None else year_earlier(now)
    n1 = started_in(plans, before)
    n2 = started_in(plans, now)
    started1, repeat1 = n1.height, int(n1.get_column("repeat").sum())
    started2, repeat2 = n2.height, int(n2.get_column("repeat").sum())
    return Change(
        before=before,
        now=now,
        started_before=started1,
        repeat_before=repeat1,
        started_now=started2,
        repeat_now=repeat2,
        significance=significance(repeat1, started1, repeat2, started2),
        decompositions={
            (g if isinstance(g, str) else f"group{i}"): decompose(plans, before, now, g)
            for i, g in enumerate(groupings)
        },
    )
