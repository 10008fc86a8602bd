"""Who may come back: the risk of a new child protection plan after a plan ends.

Definitions (issue "Who may come back"; none of this is a DfE measure):

- **The cohort**: the plans whose end date (``CPPendDate``) is in the period asked for
  (closed at both ends). A plan, not a child, is the unit, as in DfE's plan counts: a child
  whose two plans both ended in the period is in the cohort twice.
- **The event**: the start of the same child's next plan — the earliest start date, among
  the child's other plans, on or after the ended plan's end date (a plan starting the day it
  ends is a new plan at 0 days; a plan starting during the ended one is an overlap, which
  ``validate`` reports, and is not counted). Only that first later plan counts.
- **Follow-up** runs from the end date to the earliest of: the next plan's start; the latest
  reference (or extract) date of the data loaded (``followed_to``); the child's 18th birthday
  (a 29 February birthday falls on 1 March, as for ages elsewhere). A plan is *censored* when
  follow-up stops at the data's end or at 18 without a new plan; a next plan starting on or
  after the 18th birthday, or after the data's end, is not seen. With no birth date on record
  the data's end is used.
- **The curve**: the Kaplan–Meier (1958, *JASA* 53:457–481) estimate of the probability of a
  new plan within *t* days, 1 − S(t), from ``scipy.stats.ecdf`` with right-censored data
  (``scipy.stats.CensoredData``; scipy is already a dependency, see docs/methodology.md for
  why not lifelines). It is read at 182, 365 and 730 days (6, 12 and 24 months), with a 95%
  interval from Greenwood's variance on the log(−log) scale (Kalbfleisch and Prentice 2002;
  scipy's ``method="log-log"``). Where Greenwood's variance is zero (no new plan yet, or every
  plan followed has one) the interval is the estimate itself. Probabilities and intervals are
  in percent, rounded half up to one decimal place (DfE's rounding).
- ``at_risk``: the plans still followed and without a new plan at the start of that day
  (follow-up of at least *t* days). When it is 0 and some plans were censored earlier without
  a new plan, the probability is unknown (``None``): no plan was followed that long.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from ..history import AGE_BANDS, age_band, completed_years
from ..periods import Period
from ..stats import round_half_up
from .breakdowns import CATEGORIES, NOT_RECORDED
from .gaps import months_band

#: (months, the day the curve is read at)
HORIZONS: tuple[tuple[int, int], ...] = ((6, 182), (12, 365), (24, 730))
LAST_DAY = HORIZONS[-1][1]

#: Lengths of the ended plan (DfE table D7 "by length of plan"), in calendar months from its
#: start to its end: (label, the plan ended before this many months; None = no upper bound).
PLAN_LENGTHS: tuple[tuple[str, int | None], ...] = (
    ("Under 3 months", 3),
    ("3 months to under 6 months", 6),
    ("6 months to under 1 year", 12),
    ("1 year to under 2 years", 24),
    ("2 years or more", None),
)


def _plan_length() -> pl.Expr:
    return months_band(pl.col("start_date"), pl.col("end_date"), PLAN_LENGTHS)


def _age_at_end() -> pl.Expr:
    end = pl.col("end_date")
    unborn = (pl.col("birth_date").is_not_null() & (pl.col("birth_date") > end)) | (
        pl.col("birth_date").is_null()
        & pl.col("expected_birth_date").is_not_null()
        & (pl.col("expected_birth_date") > end)
    )
    age = pl.when(unborn).then(None).otherwise(completed_years(pl.col("birth_date"), end))
    return age_band(age, unborn)


#: ``--by`` groupings: (expression giving the group, groups in display order, labels).
GROUPINGS: dict[str, tuple[pl.Expr, tuple[str, ...], dict[str, str]]] = {
    "category": (
        pl.coalesce("latest_category", "initial_category").fill_null(NOT_RECORDED),
        (*CATEGORIES, NOT_RECORDED),
        {**CATEGORIES, NOT_RECORDED: NOT_RECORDED},
    ),
    "age_band": (_age_at_end(), AGE_BANDS, {}),
    "plan_length": (_plan_length(), tuple(label for label, _ in PLAN_LENGTHS), {}),
}
GROUPING_NAMES = {
    "category": "latest category of abuse",
    "age_band": "age band at the plan's end",
    "plan_length": "length of the plan",
}


def eighteenth_birthday(birth: pl.Expr) -> pl.Expr:
    """The day a child born on ``birth`` turns 18 (29 February -> 1 March)."""
    shifted = birth.dt.offset_by("18y")
    leap_day = (birth.dt.month() == 2) & (birth.dt.day() == 29) & (shifted.dt.day() == 28)
    return pl.when(leap_day).then(shifted.dt.offset_by("1d")).otherwise(shifted)


def follow_up(plans: pl.DataFrame, ended: Period, followed_to: date) -> pl.DataFrame:
    """One row per plan ending in ``ended``: its follow-up to ``followed_to``.

    Columns: the plan's ``la, child_id, start_date, end_date``, categories, ``birth_date``,
    ``next_start`` (the child's first plan starting on or after the end date, seen or not),
    ``followed_until`` (the day follow-up stops), ``days`` (end date to that day) and
    ``new_plan`` (True: the next plan started then; False: censored), ``censored_by``
    (``"data"``, ``"18"`` or None).
    """
    key = ["la", "child_id"]
    cohort = plans.filter(
        pl.col("end_date").is_between(ended.start, ended.end, closed="both")
    ).select(
        *key,
        "start_date",
        "end_date",
        "initial_category",
        "latest_category",
        "birth_date",
        "expected_birth_date",
    )
    later = (
        cohort.select(*key, "start_date", "end_date")
        .join(
            plans.select(*key, pl.col("start_date").alias("next_start")),
            on=key,
            how="inner",
        )
        .filter(
            (pl.col("next_start") >= pl.col("end_date"))
            & (pl.col("next_start") > pl.col("start_date"))
        )
        .group_by(*key, "start_date")
        .agg(pl.col("next_start").min())
    )
    adult = eighteenth_birthday(pl.col("birth_date"))
    data_end = pl.lit(followed_to)
    stop = pl.min_horizontal(data_end, adult)  # nulls ignored: no birth date -> the data's end
    seen = (
        pl.col("next_start").is_not_null()
        & (pl.col("next_start") <= data_end)
        & (adult.is_null() | (pl.col("next_start") < adult))
    )
    frame = (
        cohort.join(later, on=[*key, "start_date"], how="left")
        .with_columns(
            seen.alias("new_plan"),
            pl.when(seen).then(pl.col("next_start")).otherwise(stop).alias("followed_until"),
            pl.when(seen)
            .then(None)
            .when(adult.is_not_null() & (adult < data_end))
            .then(pl.lit("18"))
            .otherwise(pl.lit("data"))
            .alias("censored_by"),
        )
        .with_columns(
            pl.max_horizontal(
                (pl.col("followed_until") - pl.col("end_date")).dt.total_days(), pl.lit(0)
            )
            .cast(pl.Int64)
            .alias("days")
        )
    )
    return frame.sort(["end_date", *key, "start_date"])


@dataclass(frozen=True)
class CurvePoint:
    """The curve read at one horizon (percent, rounded half up; ``None``: not followed so long)."""

    months: int
    day: int
    probability: float | None
    low: float | None
    high: float | None
    at_risk: int
    new_plans: int  # new plans seen by that day (for small-number suppression)

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "probability": self.probability,
            "low": self.low,
            "high": self.high,
            "at_risk": self.at_risk,
        }


@dataclass(frozen=True)
class ReplanRisk:
    """The re-plan curve of one cohort (or one group of it)."""

    plans_ended: int
    followed_to: date
    curve: list[CurvePoint]
    #: the whole estimate to 24 months for charts: (day, percent unrounded), a step at each day
    steps: list[tuple[int, float]] = field(default_factory=list)
    group: str | None = None
    label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        body = {
            "plans_ended": self.plans_ended,
            "followed_to": self.followed_to.isoformat(),
            "curve": [p.as_dict() for p in self.curve],
        }
        return body if self.group is None else {"group": self.label or self.group, **body}

    def point(self, months: int) -> CurvePoint:
        return next(p for p in self.curve if p.months == months)


def _percent(value: float) -> float:
    # Kaplan–Meier products are exact fractions: drop the binary noise before rounding a tie
    return round_half_up(float(f"{100 * value:.9f}"))


def kaplan_meier(
    days: Sequence[int], new_plan: Sequence[bool], horizons=HORIZONS
) -> tuple[list[CurvePoint], list[tuple[int, float]]]:
    """Kaplan–Meier probability of a new plan read at ``horizons``, and its steps to 24 months."""
    n = len(days)
    events = [d for d, e in zip(days, new_plan, strict=True) if e]
    censored = [d for d, e in zip(days, new_plan, strict=True) if not e]
    if n == 0:
        empty = [CurvePoint(m, t, None, None, None, 0, 0) for m, t in horizons]
        return empty, []
    from scipy.stats import CensoredData, ecdf

    result = ecdf(CensoredData(uncensored=events, right=censored))
    sf = result.sf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # undefined where S is 0 or 1
        ci = sf.confidence_interval(confidence_level=0.95, method="log-log")
    ts = [t for _, t in horizons]
    values, lows, highs = sf.evaluate(ts), ci.low.evaluate(ts), ci.high.evaluate(ts)
    points = []
    for (months, t), s, low, high in zip(horizons, values, lows, highs, strict=True):
        at_risk = sum(1 for d in days if d >= t)
        seen = sum(1 for d in events if d <= t)
        s = float(s)
        if at_risk == 0 and s > 0:
            points.append(CurvePoint(months, t, None, None, None, 0, seen))
            continue
        low_s = s if low != low else float(low)  # NaN: interval undefined -> the estimate
        high_s = s if high != high else float(high)
        if s in (0.0, 1.0):
            low_s = high_s = s
        points.append(
            CurvePoint(
                months,
                t,
                _percent(1 - s),
                _percent(1 - high_s),
                _percent(1 - low_s),
                at_risk,
                seen,
            )
        )
    last = min(max(days), LAST_DAY)
    steps = [(0, 100 * (1 - float(sf.evaluate(0))))]
    for t in sorted({d for d in events if 0 < d <= last}):
        steps.append((t, 100 * (1 - float(sf.evaluate(t)))))
    if steps[-1][0] < last:
        steps.append((last, steps[-1][1]))
    return points, steps


def _risk(frame: pl.DataFrame, followed_to: date, group=None, label=None) -> ReplanRisk:
    curve, steps = kaplan_meier(frame["days"].to_list(), frame["new_plan"].to_list())
    return ReplanRisk(frame.height, followed_to, curve, steps, group, label)


def replan_risk(
    plans: pl.DataFrame,
    ended: Period,
    followed_to: date,
    by: str | None = None,
    la: str | None = None,
) -> ReplanRisk | list[ReplanRisk]:
    """The Kaplan–Meier re-plan risk for the plans ending in ``ended``, followed to
    ``followed_to`` (the latest reference or extract date loaded).

    ``by`` (a name in :data:`GROUPINGS`): one :class:`ReplanRisk` per group, every group in
    display order (empty groups included), then any others as recorded.
    """
    if la is not None:
        plans = plans.filter(pl.col("la") == la)
    frame = follow_up(plans, ended, followed_to)
    if by is None:
        return _risk(frame, followed_to)
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    expr, order, labels = GROUPINGS[by]
    frame = frame.with_columns(expr.alias("_group"))
    found = set(frame["_group"].to_list())
    groups = [*order, *sorted(found - set(order))]
    return [
        _risk(frame.filter(pl.col("_group") == g), followed_to, g, labels.get(g, g)) for g in groups
    ]
