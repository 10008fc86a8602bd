"""Funnel plots: every council's percentage against its denominator, with control limits.

Method: exact binomial control limits around England's published percentage ``p0``, with the
interpolation of Spiegelhalter (2005), "Funnel plots for comparing institutional
performance", *Statistics in Medicine* 24:1185-1202, as used by PHE/OHID Fingertips
("Technical Guide: Funnel plots", APHO 2008). For a denominator ``n`` and tail probability
``q`` (0.025/0.975 for 95%, 0.001/0.999 for 99.8%)::

    r = binom.ppf(q, n, p0)
    a = (binom.cdf(r, n, p0) - q) / (binom.cdf(r, n, p0) - binom.cdf(r - 1, n, p0))
    limit = (r - a) / n

The binomial distribution function and its inverse are scipy's (``scipy.special.bdtr``,
``bdtrik``: the incomplete-beta forms behind ``scipy.stats.binom``), without importing
``scipy.stats`` (about a second) for them.

A council outside the 99.8% limits differs from England by more than chance would explain
about once in 500 councils; between the 95% and 99.8% limits, about once in 20.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

LEVELS = {"95%": (0.025, 0.975), "99.8%": (0.001, 0.999)}

WITHIN = "within the 95% limits"


def _cdf(k: np.ndarray, n: np.ndarray, p0: float) -> np.ndarray:
    """P(X <= k) for X ~ Binomial(n, p0); 0 below the support, 1 from n up."""
    from scipy.special import bdtr

    inside = np.clip(k, 0, n)
    below = bdtr(inside, n.astype(np.int64), p0)  # n whole (scipy takes no other)
    return np.where(k < 0, 0.0, np.where(k >= n, 1.0, below))


def _ppf(q: float, n: np.ndarray, p0: float) -> np.ndarray:
    """The smallest whole r with P(X <= r) >= q (``binom.ppf``): the continuous inverse of
    the distribution function rounded up, then checked against its neighbours."""
    from scipy.special import bdtrik

    with np.errstate(invalid="ignore"):
        guess = np.nan_to_num(np.ceil(bdtrik(q, n, p0)), nan=0.0)
    r = np.clip(guess, 0, n)
    r = np.where((r > 0) & (_cdf(r - 1, n, p0) >= q), r - 1, r)
    return np.where(_cdf(r, n, p0) < q, np.minimum(r + 1, n), r)


def control_limits(p0: float, n: np.ndarray | list[int], q: float) -> np.ndarray:
    """The control limit, as a proportion, for tail probability ``q`` at each ``n`` (>= 1)."""
    n = np.asarray(n, dtype=float)
    r = _ppf(q, n, p0)
    f_r = _cdf(r, n, p0)
    f_below = _cdf(r - 1, n, p0)
    step = f_r - f_below
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(step > 0, (f_r - q) / step, 0.0)
    return np.clip((r - a) / n, 0.0, 1.0)


def band(numerator: int, denominator: int, p0: float) -> str:
    """Where a council's ``numerator``/``denominator`` falls against limits around ``p0``.

    One of "above the 99.8% limit", "above the 95% limit", "within the 95% limits",
    "below the 95% limit", "below the 99.8% limit".
    """
    p = numerator / denominator
    lo95, hi95 = (control_limits(p0, [denominator], q)[0] for q in LEVELS["95%"])
    lo998, hi998 = (control_limits(p0, [denominator], q)[0] for q in LEVELS["99.8%"])
    if p > hi998:
        return "above the 99.8% limit"
    if p > hi95:
        return "above the 95% limit"
    if p < lo998:
        return "below the 99.8% limit"
    if p < lo95:
        return "below the 95% limit"
    return WITHIN


def bands(frame: pl.DataFrame, p0: float) -> pl.Series:
    """:func:`band` for every row of a frame with ``numerator`` and ``denominator``."""
    n = frame.get_column("denominator").to_numpy()
    p = frame.get_column("numerator").to_numpy() / n
    lo95, hi95 = (control_limits(p0, n, q) for q in LEVELS["95%"])
    lo998, hi998 = (control_limits(p0, n, q) for q in LEVELS["99.8%"])
    out = np.select(
        [p > hi998, p > hi95, p < lo998, p < lo95],
        [
            "above the 99.8% limit",
            "above the 95% limit",
            "below the 99.8% limit",
            "below the 95% limit",
        ],
        default=WITHIN,
    )
    return pl.Series("band", out, dtype=pl.String)


@dataclass
class FunnelData:
    """Everything a funnel plot shows, ready to draw or to tabulate.

    ``points``: one row per council with a published numerator and denominator (> 0):
    ``area, name, numerator, denominator, percent, role`` (``la``, ``neighbour`` or
    ``other``) and ``band``. ``limits``: ``n`` and the four limits in percent.
    ``excluded``: councils with no usable counts that year, and why (their status).
    """

    measure: str
    measure_title: str
    year: int
    year_label: str
    centre: float  # percent (England, as published)
    centre_source: str
    points: pl.DataFrame
    limits: pl.DataFrame
    excluded: list[tuple[str, str, str]]
    la: str | None = None
    la_name: str | None = None
    neighbours_list: str | None = None
    source: str = ""

    def summary(self) -> str:
        """A plain-language description (the chart's text alternative)."""
        counts = self.points.get_column("band").value_counts()
        per_band = {b: c for b, c in counts.iter_rows()}
        text = [
            f"Funnel plot of {self.measure_title.lower()}, {self.year_label}: "
            f"{self.points.height} councils, each plotted as its percentage against its "
            f"number of plan starts, around England's {self.centre:.1f}% "
            f"with 95% and 99.8% control limits."
        ]
        outside = per_band.get("above the 99.8% limit", 0) + per_band.get(
            "below the 99.8% limit", 0
        )
        text.append(
            f"{per_band.get(WITHIN, 0)} are within the 95% limits; {outside} are outside the "
            "99.8% limits."
        )
        if self.la is not None:
            row = self.points.filter(pl.col("role") == "la")
            if row.height:
                r = row.row(0, named=True)
                text.append(
                    f"{r['name']}: {r['percent']:.1f}% ({r['numerator']} of "
                    f"{r['denominator']}), {r['band']}."
                )
            neighbours = self.points.filter(pl.col("role") == "neighbour")
            if neighbours.height:
                inside = neighbours.filter(pl.col("band") == WITHIN).height
                text.append(
                    f"Of its {neighbours.height} statistical neighbours with figures "
                    f"({self.neighbours_list} list), {inside} are within the 95% limits."
                )
        if self.excluded:
            text.append(f"{len(self.excluded)} councils have no published counts that year.")
        return " ".join(text)


def limits_frame(p0: float, max_n: int) -> pl.DataFrame:
    """The four limits (percent) on a grid of denominators from 1 to ``max_n``."""
    top = max(int(max_n * 1.05), 10)
    grid = np.unique(np.concatenate([np.arange(1, min(top, 200) + 1), np.geomspace(200, top, 400)]))
    grid = np.unique(np.round(grid)).astype(int)
    columns = {"n": grid}
    for name, (low, high) in LEVELS.items():
        columns[f"lower_{name}"] = 100 * control_limits(p0, grid, low)
        columns[f"upper_{name}"] = 100 * control_limits(p0, grid, high)
    return pl.DataFrame(columns)


# ------------------------------------------------------------------------------- rendering


def render(data: FunnelData, out: Path | str) -> tuple[Path, Path]:
    """Draw the funnel plot to ``out`` (SVG) and the same name with ``.png``; return both.

    The drawing is :func:`cpmonitor.charts.funnel_chart`'s (the house style for every chart:
    no pyplot, the GOV.UK palette)."""
    from .. import charts

    out = Path(out)
    svg_path = out if out.suffix.lower() == ".svg" else out.with_suffix(".svg")
    png_path = svg_path.with_suffix(".png")
    svg_path.parent.mkdir(parents=True, exist_ok=True)

    lim = data.limits
    pts = data.points
    others = pts.filter(pl.col("role") == "other")
    neighbours = pts.filter(pl.col("role") == "neighbour")
    la = pts.filter(pl.col("role") == "la")
    council = None
    if la.height:
        r = la.row(0, named=True)
        council = (f"{r['name']} {r['percent']:.1f}%", r["denominator"], r["percent"])
    axis_labels = (
        "Child protection plans starting in the year (denominator)",
        "% that were a second or subsequent plan",
    )
    if data.measure != "repeat_plans":
        axis_labels = ("Denominator", data.measure_title)
    title = f"{data.measure_title}, {data.year_label}"
    if data.la_name:
        title += f"\n{data.la_name} against every council in England"
    note = (
        f"Source: {data.source}. Centre line: England as published ({data.centre_source}). "
        "Limits: exact binomial (Spiegelhalter 2005)."
    )
    if data.excluded:
        note += f" {len(data.excluded)} councils without published counts are not shown."
    drawn = {
        "n": lim.get_column("n").to_list(),
        "limits": {
            level: (
                lim.get_column(f"upper_{level}").to_list(),
                lim.get_column(f"lower_{level}").to_list(),
            )
            for level in LEVELS
        },
        "centre": data.centre,
        "others": (others["denominator"].to_list(), others["percent"].to_list()),
        "neighbours": [
            (r["name"], r["denominator"], r["percent"]) for r in neighbours.iter_rows(named=True)
        ],
        "neighbours_label": f"Statistical neighbours ({data.neighbours_list} list)",
        "council": council,
        "title": title,
        "axis_labels": axis_labels,
        "note": note,
        "description": data.summary(),
    }
    svg_path.write_text(charts.funnel_chart(**drawn, fmt="svg"), encoding="utf-8")
    png_path.write_bytes(charts.funnel_chart(**drawn, fmt="png"))
    return svg_path, png_path
