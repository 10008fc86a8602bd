"""One council's published series beside England, its region and its statistical neighbours.

Rules (each cited where it is applied):

- The council's percentage is recomputed from its own counts, 100 x numerator / denominator
  rounded half up to 1 decimal place (:func:`cpmonitor.stats.percent`); this reproduces every
  published LA percentage in EES table D3. Where DfE suppressed a count but published the
  percentage (City of London, Isles of Scilly), the published percentage is used.
- England's and the regions' percentages are used as published: their counts are rounded to
  the nearest 10 and do not reproduce the percentage (e.g. England 2021-22: 14,550 / 64,390
  gives 22.6, published 22.7).
- The statistical-neighbour mean is the simple mean of the neighbours' published values, over
  the neighbours that have a value that year (as DfE LAIT averages); how many is reported.
- Rank and quartile follow DfE LAIT (``R/fn_analysis.R``: ``calculate_rank``,
  ``calculate_quartile_band``): councils with a value that year, ranked so that 1 is best for
  the measure's polarity, ties sharing the lowest rank; quartile bands A (best 25%) to D from
  the quartiles of all councils' values. No rank or quartile for a measure DfE gives no
  polarity.
- A 95% Wilson interval on the council's percentage (:func:`cpmonitor.stats.wilson_interval`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl

from ..periods import financial_year
from ..stats import percent, wilson_interval
from . import funnel
from .areas import ENGLAND, SUBREGION_OF, LocalAuthority
from .catalogue import MeasureDef
from .england import ENGLAND_REPEAT_PLANS


@dataclass
class Revision:
    """A figure as an older (or newer, superseded) release published it."""

    area: str  # "la", "england" or "region"
    release: str
    value: float | None
    value_status: str | None
    numerator: int | None
    denominator: int | None


@dataclass
class Computed:
    """The council's own figure computed from its census returns, beside the published one."""

    numerator: int
    denominator: int
    value: float | None
    difference: float | None  # computed - published, percentage points
    numerator_difference: int | None
    denominator_difference: int | None


@dataclass
class YearRow:
    """One year of a council's benchmark table (``year`` is the year ending 31 March)."""

    measure: str
    year: int
    la: str
    la_name: str
    la_ons_code: str | None = None
    la_numerator: int | None = None
    la_numerator_status: str | None = None
    la_denominator: int | None = None
    la_denominator_status: str | None = None
    la_value: float | None = None
    la_value_published: float | None = None
    la_status: str | None = None
    la_release: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    england_numerator: int | None = None
    england_denominator: int | None = None
    england_value: float | None = None
    england_status: str | None = None
    england_release: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    region_value: float | None = None
    region_status: str | None = None
    region_release: str | None = None
    neighbours_list: str | None = None
    neighbours_mean: float | None = None
    neighbours_count: int = 0
    neighbours_size: int = 0
    neighbours_missing: list[str] = field(default_factory=list)
    rank: int | None = None
    rank_of: int | None = None
    quartile: str | None = None
    funnel: str | None = None
    revisions: list[Revision] = field(default_factory=list)
    computed: Computed | None = None

    @property
    def label(self) -> str:
        """The financial year as DfE writes it: 2016 -> "2015-16"."""
        return financial_year(self.year).label

    def as_dict(self, measure: MeasureDef) -> dict[str, Any]:
        """JSON-ready, with this measure's key names (repeat plans: ``la_repeat``...)."""
        num, den, val = measure.keys
        out: dict[str, Any] = {
            "year": self.label,
            "time_period": self.year,
            "measure": self.measure,
            "la_code": self.la,
            "la_name": self.la_name,
            "la_ons_code": self.la_ons_code,
        }
        if measure.has_counts:
            out |= {
                f"la_{num}": self.la_numerator,
                f"la_{num}_status": self.la_numerator_status,
                f"la_{den}": self.la_denominator,
                f"la_{den}_status": self.la_denominator_status,
            }
        out |= {
            f"la_{val}": self.la_value,
            f"la_{val}_published": self.la_value_published,
            "la_status": self.la_status,
            "la_release": self.la_release,
        }
        if measure.has_counts:
            out |= {"la_ci95_low": self.ci_low, "la_ci95_high": self.ci_high}
            out |= {f"england_{num}": self.england_numerator}
            out |= {f"england_{den}": self.england_denominator}
        out |= {
            f"england_{val}": self.england_value,
            "england_status": self.england_status,
            "england_release": self.england_release,
            "region_code": self.region_code,
            "region_name": self.region_name,
            f"region_{val}": self.region_value,
            "region_status": self.region_status,
            "neighbours_list": self.neighbours_list,
            "neighbours_mean": self.neighbours_mean,
            "neighbours_count": self.neighbours_count,
            "neighbours_size": self.neighbours_size,
            "neighbours_missing": self.neighbours_missing,
            "rank": self.rank,
            "rank_of": self.rank_of,
            "quartile": self.quartile,
            "polarity": measure.polarity,
        }
        if measure.has_counts:
            out["funnel"] = self.funnel
        out["revisions"] = [asdict(r) for r in self.revisions]
        if self.computed is not None:
            c = self.computed
            out |= {
                f"computed_{num}": c.numerator,
                f"computed_{den}": c.denominator,
                f"computed_{val}": c.value,
                "computed_minus_published": c.difference,
                f"computed_minus_published_{num}": c.numerator_difference,
                f"computed_minus_published_{den}": c.denominator_difference,
            }
        return out


def _first(frame: pl.DataFrame) -> dict[str, Any] | None:
    return frame.row(0, named=True) if frame.height else None


def rank_and_quartile(values: pl.DataFrame, polarity: str | None) -> pl.DataFrame:
    """LAIT rank (1 = best, ties share the lowest) and quartile band per council.

    ``values``: ``area``, ``value`` (non-null) for one year. Returns ``area, rank, rank_of,
    quartile``; rank and quartile are null when ``polarity`` is None.
    """
    if polarity not in ("low", "high") or values.is_empty():
        return values.select(
            "area",
            pl.lit(None, pl.Int64).alias("rank"),
            pl.lit(None, pl.Int64).alias("rank_of"),
            pl.lit(None, pl.String).alias("quartile"),
        )
    v = pl.col("value")
    rank = (v if polarity == "low" else -v).rank(method="min").cast(pl.Int64)
    q25, q50, q75 = np.quantile(values.get_column("value").to_numpy(), [0.25, 0.5, 0.75])
    ascending = (
        pl.when(v <= q25)
        .then(pl.lit("A"))
        .when(v <= q50)
        .then(pl.lit("B"))
        .when(v <= q75)
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    flip = {"A": "D", "B": "C", "C": "B", "D": "A"}
    quartile = ascending if polarity == "low" else ascending.replace_strict(flip)
    return values.select(
        "area",
        rank.alias("rank"),
        pl.lit(values.height, pl.Int64).alias("rank_of"),
        quartile.alias("quartile"),
    )


def _revisions(history: pl.DataFrame, current: dict[str, Any] | None, area: str) -> list[Revision]:
    if current is None or history.is_empty():
        return []
    out = []
    for row in history.iter_rows(named=True):
        if row["release"] == current["release"]:
            continue
        same = (row["value"], row["value_status"], row["numerator"], row["denominator"]) == (
            current["value"],
            current["value_status"],
            current["numerator"],
            current["denominator"],
        )
        if not same:
            out.append(
                Revision(
                    area,
                    row["release"],
                    row["value"],
                    row["value_status"],
                    row["numerator"],
                    row["denominator"],
                )
            )
    return out


def build_series(
    la: LocalAuthority,
    measure: MeasureDef,
    current: pl.DataFrame,
    history: pl.DataFrame,
    neighbours: list[str] | None,
    neighbours_list: str | None,
) -> list[YearRow]:
    """The year rows for ``la``.

    ``current``: one observation per (year, level, area), the newest release's, with a
    ``release`` label column; ``history``: every release's observations (for revisions).
    ``neighbours``: the council's statistical neighbours (3-digit codes) or None.
    """
    las = current.filter(pl.col("level") == "la")
    own = las.filter(pl.col("area") == la.code)
    england = current.filter(pl.col("level") == "national")
    years = set(own.get_column("year").to_list()) | set(england.get_column("year").to_list())
    if measure.name == "repeat_plans":
        years |= set(ENGLAND_REPEAT_PLANS)
    rows = []
    for year in sorted(years):
        row = YearRow(measure.name, year, la.code, la.name, la.ons_code_in(year))
        in_year = las.filter(pl.col("year") == year)
        mine = _first(own.filter(pl.col("year") == year))
        if mine is not None:
            row.la_name = mine["area_name"] or la.name
            row.la_ons_code = mine["ons_code"] or row.la_ons_code
            row.la_numerator, row.la_numerator_status = mine["numerator"], mine["numerator_status"]
            row.la_denominator = mine["denominator"]
            row.la_denominator_status = mine["denominator_status"]
            row.la_value_published, row.la_status = mine["value"], mine["value_status"]
            row.la_release = mine["release"]
            row.la_value = row.la_value_published
            if measure.unit == "%" and row.la_numerator is not None and row.la_denominator:
                row.la_value = percent(row.la_numerator, row.la_denominator)
                ci = wilson_interval(row.la_numerator, row.la_denominator)
                if ci is not None:
                    row.ci_low, row.ci_high = ci.low, ci.high
            key = (pl.col("year") == year) & (pl.col("level") == "la") & (pl.col("area") == la.code)
            row.revisions += _revisions(history.filter(key), mine, "la")

        # England: imported, or the built-in series
        eng = _first(england.filter(pl.col("year") == year))
        if eng is not None:
            row.england_numerator, row.england_denominator = eng["numerator"], eng["denominator"]
            row.england_value, row.england_status = eng["value"], eng["value_status"]
            row.england_release = eng["release"]
            key = (
                (pl.col("year") == year)
                & (pl.col("level") == "national")
                & (pl.col("area") == ENGLAND)
            )
            row.revisions += _revisions(history.filter(key), eng, "england")
        elif measure.name == "repeat_plans" and year in ENGLAND_REPEAT_PLANS:
            fig = ENGLAND_REPEAT_PLANS[year]
            row.england_numerator, row.england_denominator = fig.repeat, fig.starts
            row.england_value, row.england_release = fig.percent, fig.source

        # region: the one on the council's own row that year, London sub-regions -> London
        region = (mine or {}).get("region_code") or la.region_code
        row.region_code = SUBREGION_OF.get(region, region)
        reg = _first(
            current.filter(
                (pl.col("year") == year)
                & (pl.col("level") == "region")
                & (pl.col("area") == row.region_code)
            )
        )
        if reg is not None:
            row.region_name = reg["area_name"]
            row.region_value, row.region_status = reg["value"], reg["value_status"]
            row.region_release = reg["release"]
            key = (
                (pl.col("year") == year)
                & (pl.col("level") == "region")
                & (pl.col("area") == row.region_code)
            )
            row.revisions += _revisions(history.filter(key), reg, "region")
        else:
            row.region_name = la.region_name if row.region_code == la.region_code else None

        # statistical neighbours: simple mean over those with a value
        if neighbours is not None:
            row.neighbours_list = neighbours_list
            row.neighbours_size = len(neighbours)
            have = in_year.filter(pl.col("area").is_in(neighbours) & pl.col("value").is_not_null())
            row.neighbours_count = have.height
            row.neighbours_missing = sorted(set(neighbours) - set(have.get_column("area")))
            if have.height:
                row.neighbours_mean = float(have.get_column("value").mean())

        # rank and quartile among every council with a value that year
        if mine is not None and mine["value"] is not None:
            ranked = rank_and_quartile(
                in_year.filter(pl.col("value").is_not_null()).select("area", "value"),
                measure.polarity,
            )
            position = _first(ranked.filter(pl.col("area") == la.code))
            if position is not None:
                row.rank, row.rank_of = position["rank"], position["rank_of"]
                row.quartile = position["quartile"]
        if (
            measure.has_counts
            and row.la_numerator is not None
            and row.la_denominator
            and row.england_value is not None
        ):
            row.funnel = funnel.band(row.la_numerator, row.la_denominator, row.england_value / 100)
        if measure.unit == "count":  # published counts are whole numbers
            for name in ("la_value", "la_value_published", "england_value", "region_value"):
                value = getattr(row, name)
                if value is not None:
                    setattr(row, name, int(value))
        rows.append(row)
    return rows
