"""Funnel plots: every council's percentage against its denominator, with control limits.

Method: exact binomial control limits around England's published percentage ``p0``, with the
interpolation of Spiegelhalter (2005), "Funnel plots for comparing institutional
performance", *Statistics in Medicine* 24:1185-1202, as used by PHE/OHID Fingertips
("Technical Guide: Funnel plots", APHO 2008). For a denominator ``n`` and tail probability
``q`` (0.025/0.975 for 95%, 0.001/0.999 for 99.8%)::

    r = binom.ppf(q, n, p0)
    a = (binom.cdf(r, n, p0) - q) / (binom.cdf(r, n, p0) - binom.cdf(r - 1, n, p0))
    limit = (r - a) / n

A council outside the 99.8% limits differs from England by more than chance would explain
about once in 500 councils; between the 95% and 99.8% limits, about once in 20.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import polars as pl

LEVELS = {"95%": (0.025, 0.975), "99.8%": (0.001, 0.999)}

WITHIN = "within the 95% limits"


def control_limits(p0: float, n: np.ndarray | list[int], q: float) -> np.ndarray:
    """The control limit, as a proportion, for tail probability ``q`` at each ``n`` (>= 1)."""
    from scipy.stats import binom

    n = np.asarray(n, dtype=float)
    r = binom.ppf(q, n, p0)
    f_r = binom.cdf(r, n, p0)
    f_below = binom.cdf(r - 1, n, p0)
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

# Okabe-Ito colours (distinguishable with colour-vision deficiency) plus distinct markers, so
# nothing depends on colour alone.
_OTHER, _NEIGHBOUR, _LA = "#9a9a9a", "#E69F00", "#0072B2"


def render(data: FunnelData, out: Path | str) -> tuple[Path, Path]:
    """Draw the funnel plot to ``out`` (SVG) and the same name with ``.png``; return both."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    svg_path = out if out.suffix.lower() == ".svg" else out.with_suffix(".svg")
    png_path = svg_path.with_suffix(".png")
    svg_path.parent.mkdir(parents=True, exist_ok=True)

    fig, ax = plt.subplots(figsize=(10, 6.5), dpi=110)
    lim = data.limits
    n = lim.get_column("n").to_numpy()
    ax.axhline(data.centre, color="black", linewidth=1.2, label=f"England {data.centre:.1f}%")
    ax.plot(
        n,
        lim.get_column("upper_95%"),
        color="#555555",
        linestyle="--",
        linewidth=1,
        label="95% limits",
    )
    ax.plot(n, lim.get_column("lower_95%"), color="#555555", linestyle="--", linewidth=1)
    ax.plot(
        n,
        lim.get_column("upper_99.8%"),
        color="#555555",
        linestyle=":",
        linewidth=1.3,
        label="99.8% limits",
    )
    ax.plot(n, lim.get_column("lower_99.8%"), color="#555555", linestyle=":", linewidth=1.3)

    pts = data.points
    others = pts.filter(pl.col("role") == "other")
    ax.scatter(
        others["denominator"],
        others["percent"],
        s=14,
        color=_OTHER,
        alpha=0.7,
        label="Other councils",
        zorder=2,
    )
    neighbours = pts.filter(pl.col("role") == "neighbour")
    if neighbours.height:
        ax.scatter(
            neighbours["denominator"],
            neighbours["percent"],
            s=46,
            marker="^",
            color=_NEIGHBOUR,
            edgecolor="black",
            linewidth=0.6,
            zorder=3,
            label=f"Statistical neighbours ({data.neighbours_list} list)",
        )
    la = pts.filter(pl.col("role") == "la")
    if la.height:
        r = la.row(0, named=True)
        ax.scatter(
            [r["denominator"]],
            [r["percent"]],
            s=110,
            marker="D",
            color=_LA,
            edgecolor="black",
            linewidth=0.8,
            zorder=4,
            label=f"{r['name']} {r['percent']:.1f}%",
        )

    top = float(max(pts.get_column("percent").max() or 0, data.centre) * 1.15)
    ax.set_ylim(0, min(103.0, max(top, data.centre * 2)))
    ax.set_xlim(0, float(n.max()))
    ax.set_xlabel("Child protection plans starting in the year (denominator)")
    ax.set_ylabel("% that were a second or subsequent plan")
    if data.measure != "repeat_plans":
        ax.set_xlabel("Denominator")
        ax.set_ylabel(data.measure_title)
    title = f"{data.measure_title}, {data.year_label}"
    if data.la_name:
        title += f"\n{data.la_name} against every council in England"
    ax.set_title(title, fontsize=11, loc="left")
    ax.grid(True, color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper right", fontsize=8, frameon=True)
    note = (
        f"Source: {data.source}. Centre line: England as published ({data.centre_source}). "
        "Limits: exact binomial (Spiegelhalter 2005)."
    )
    if data.excluded:
        note += f" {len(data.excluded)} councils without published counts are not shown."
    fig.text(0.01, 0.01, note, fontsize=7, color="#333333", wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    labels = [
        (f"{r['name']} {r['percent']:.1f}%", r["denominator"], r["percent"], 9, "bold", _LA)
        for r in la.iter_rows(named=True)
    ] + [
        (r["name"], r["denominator"], r["percent"], 7, "normal", "#5a3d00")
        for r in neighbours.iter_rows(named=True)
    ]
    _place_labels(fig, ax, labels)
    description = data.summary()
    fig.savefig(
        svg_path,
        format="svg",
        metadata={"Title": title.replace("\n", " — "), "Description": description},
    )
    fig.savefig(
        png_path,
        format="png",
        metadata={"Title": title.replace("\n", " — "), "Description": description},
    )
    plt.close(fig)
    _label_svg(svg_path, title.replace("\n", " — "), description)
    return svg_path, png_path


def _place_labels(fig, ax, labels) -> None:
    """Label points without labels overlapping: try a few offsets, keep the first free one."""
    from matplotlib.transforms import Bbox

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # the highlighted markers themselves are not to be covered
    taken = [
        Bbox.from_bounds(px - 7, py - 7, 14, 14)
        for px, py in ax.transData.transform([(x, y) for _t, x, y, *_ in labels])
    ]
    background = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
    offsets = [(5, 4), (5, -11), (-5, 4), (-5, -11), (5, 13), (5, -20), (-5, 13), (-5, -20)]
    for text, x, y, size, weight, colour in labels:
        placed = None
        for dx, dy in offsets:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=size,
                fontweight=weight,
                color=colour,
                ha="left" if dx > 0 else "right",
                zorder=5,
                bbox=background,
            )
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in taken):
                placed = box
                break
            label.remove()
        if placed is None:  # crowded: accept the first position
            label = ax.annotate(
                text,
                (x, y),
                xytext=offsets[0],
                textcoords="offset points",
                fontsize=size,
                fontweight=weight,
                color=colour,
                zorder=5,
            )
            placed = label.get_window_extent(renderer)
        taken.append(placed)


def _label_svg(path: Path, title: str, description: str) -> None:
    """Give the SVG a ``<title>``, a ``<desc>`` and ``role="img"`` for screen readers."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"<svg\b[^>]*>", text)
    if not match:  # pragma: no cover - matplotlib always writes one
        return
    tag = match.group(0)
    labelled = tag[:-1] + ' role="img" aria-labelledby="funnel-title funnel-desc">'
    inner = (
        f'\n <title id="funnel-title">{escape(title)}</title>'
        f'\n <desc id="funnel-desc">{escape(description)}</desc>'
    )
    path.write_text(text.replace(tag, labelled + inner, 1), encoding="utf-8")
