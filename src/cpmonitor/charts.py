"""Every chart cpmonitor draws (the report's, the dashboard's and the benchmarks' funnel plot),
drawn once with matplotlib.

Each function takes plain data (lists of labels and numbers, ``None`` for no figure) and
returns SVG text (``fmt="svg"``, text kept as text, so it can be read and searched) or PNG
bytes (``fmt="png"``, for Word and Excel): the same picture in every format. No pyplot: each
call builds its own :class:`~matplotlib.figure.Figure`, so it is safe in a web server.
Colours are the GOV.UK palette; lines also differ in marker and dash, so they read in grey.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

BLUE, BLACK, ORANGE, GREY, LIGHT_BLUE = "#1d70b8", "#0b0c0c", "#f47738", "#505a5f", "#d2e2f1"
MID_GREY, BORDER = "#b1b4b6", "#cecece"
STYLES = (  # colour, marker, line style
    (BLUE, "o", "-"),
    (ORANGE, "s", "--"),
    (BLACK, "^", ":"),
    (GREY, "D", "-."),
)
FONTS = ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"]
PNG_DPI = 200


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _style_axes(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(GREY)
    ax.tick_params(colors=BLACK, labelsize=9)


def _output(fig: Figure, fmt: str, key: str, metadata: dict | None = None) -> str | bytes:
    """Save ``fig`` as SVG text (no XML prologue, unique ids per ``key``) or PNG bytes;
    ``metadata`` (e.g. ``Title``, ``Description``) is written into the file."""
    buffer = io.BytesIO()
    rc = {"svg.fonttype": "none", "svg.hashsalt": key, "font.family": "sans-serif"}
    meta = metadata or {}
    with matplotlib.rc_context(rc):
        if fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, **meta})
            text = buffer.getvalue().decode("utf-8")
            text = text[text.index("<svg") :]
            # ids must be unique when several charts sit in one HTML page
            return (
                re.sub(r'id="([^"]+)"', rf'id="{key}-\1"', text)
                .replace('href="#', f'href="#{key}-')
                .replace("url(#", f"url(#{key}-")
            )
        if fmt == "png":
            png_meta = {"Software": None, **meta}
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata=png_meta)
            return buffer.getvalue()
    raise ValueError(f"unknown chart format {fmt!r}: svg or png")


def _with_fonts(build):
    def wrapper(*args, fmt: str = "svg", key: str = "chart", **kwargs):
        with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": FONTS}):
            fig = build(*args, **kwargs)
            return _output(fig, fmt, key)

    wrapper.__name__ = build.__name__
    wrapper.__doc__ = build.__doc__
    return wrapper


def _wrap(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters: an axis title or a bar's label is
    never cut off at the figure's edge and never squeezes the plot."""
    return "\n".join(textwrap.wrap(text, width)) or text


def _ylabel_width(height: float) -> int:
    """Characters of a 9-point axis title that fit along a plot ``height`` inches tall."""
    return max(16, int((height - 0.9) * 14))


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


@_with_fonts
def trend_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    interval: Sequence[tuple[float, float] | None] | None = None,
    part_year: str | None = None,
    ylabel: str = "% of plans starting that were a repeat plan",
) -> Figure:
    """Lines by year (the report's Diagram 1): the first series is the council.

    ``interval``: the council's 95% interval per label, shaded. ``part_year``: the last
    label is a part-year figure (year to date) and is drawn as an open marker, not joined.
    """
    fig = _figure(7.2, 3.0)
    ax = fig.add_subplot()
    x = list(range(len(labels)))
    full = len(labels) - 1 if part_year else len(labels)
    top = 10.0
    if interval:
        lows = [math.nan if i is None else i[0] for i in interval[:full]]
        highs = [math.nan if i is None else i[1] for i in interval[:full]]
        ax.fill_between(x[:full], lows, highs, color=LIGHT_BLUE, linewidth=0, label="95% interval")
        top = max([top, *[h for h in highs if not math.isnan(h)]])
    for i, (name, values) in enumerate(series.items()):
        colour, marker, dash = STYLES[i % len(STYLES)]
        ys = _nan(values)
        top = max([top, *[v for v in ys if not math.isnan(v)]])
        ax.plot(
            x[:full],
            ys[:full],
            color=colour,
            marker=marker,
            linestyle=dash,
            linewidth=2.2,
            markersize=5,
            label=name,
        )
        if part_year and i == 0 and not math.isnan(ys[-1]):
            ax.plot(
                [x[-1]],
                [ys[-1]],
                marker=marker,
                markersize=8,
                markerfacecolor="white",
                markeredgewidth=2,
                color=colour,
                linestyle="none",
                label=f"{name}, {part_year}",
            )
    ax.set_xticks(
        x,
        labels,
        rotation=45 if len(labels) > 8 else 0,
        ha="right" if len(labels) > 8 else "center",
    )
    ax.set_ylim(0, math.ceil(top * 1.15 / 5) * 5)
    ax.set_ylabel(_wrap(ylabel, _ylabel_width(3.0)), fontsize=9)
    ax.grid(axis="y", color=BORDER, linewidth=0.6)
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend(frameon=False, fontsize=8.5, loc="upper left", ncols=2)
    return fig


@_with_fonts
def rolling_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    ylabel: str = "% of plans starting that were a repeat plan",
    every: int = 12,
) -> Figure:
    """One line of a rolling figure (e.g. 12 months to each month end); ticks every ``every``."""
    fig = _figure(7.2, 2.8)
    ax = fig.add_subplot()
    x = list(range(len(labels)))
    ys = _nan(values)
    ax.plot(x, ys, color=BLUE, linewidth=2)
    shown = [v for v in ys if not math.isnan(v)]
    top = max([10.0, *shown])
    ticks = x[::-1][::every][::-1]
    ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")
    ax.set_ylim(0, math.ceil(top * 1.15 / 5) * 5)
    ax.set_ylabel(_wrap(ylabel, _ylabel_width(2.8)), fontsize=9)
    ax.grid(axis="y", color=BORDER, linewidth=0.6)
    ax.set_axisbelow(True)
    _style_axes(ax)
    return fig


@_with_fonts
def bar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    value_labels: dict[str, Sequence[str]] | None = None,
    xlabel: str = "",
    integer: bool = False,
) -> Figure:
    """Horizontal bars, one group per label (top to bottom), one bar per series.

    ``value_labels``: the text printed at each bar's end (e.g. ``"c"`` for a suppressed
    figure, whose bar is not drawn). ``integer``: whole-number ticks (counts).
    """
    n = len(series)
    fig = _figure(7.2, 0.7 + len(labels) * (0.2 * max(n, 1) + 0.12))
    ax = fig.add_subplot()
    height = 0.8 / max(n, 1)
    top = max([1.0, *[v for vs in series.values() for v in vs if v is not None]])
    for i, (name, values) in enumerate(series.items()):
        colour = (BLUE, ORANGE, GREY, BLACK)[i % 4]
        ys = [j + (i - (n - 1) / 2) * height for j in range(len(labels))]
        widths = [0 if v is None else v for v in values]
        ax.barh(ys, widths, height=height * 0.92, color=colour, label=name)
        texts = (value_labels or {}).get(name) or ["" if v is None else f"{v:g}" for v in values]
        for y, w, text in zip(ys, widths, texts, strict=True):
            ax.text(w + top * 0.01, y, text, va="center", fontsize=8, color=BLACK)
    ax.set_yticks(range(len(labels)), [_wrap(label, 24) for label in labels], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.15)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=9)
    if integer:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color=BORDER, linewidth=0.6)
    ax.set_axisbelow(True)
    _style_axes(ax)
    if n > 1:
        ax.legend(frameon=False, fontsize=8.5, loc="lower right")
    return fig


@_with_fonts
def replan_chart(
    series: dict[str, Sequence[tuple[float, float]]],
    steps: bool = True,
    ylabel: str = "% with a new plan",
    xmax: float = 24,
) -> Figure:
    """Cumulative curves over months since an event, one per series (e.g. a cohort).

    ``series``: name -> (months, percent) points in order. ``steps``: drawn as a step
    function (a Kaplan–Meier curve); otherwise the points are joined and marked (the published
    report draws only the figures its table shows).
    """
    fig = _figure(7.2, 3.0)
    ax = fig.add_subplot()
    top = 10.0
    for i, (name, points) in enumerate(series.items()):
        colour, marker, dash = STYLES[i % len(STYLES)]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if ys:
            top = max(top, *ys)
        if steps:
            ax.step(xs, ys, where="post", color=colour, linestyle=dash, linewidth=2, label=name)
        else:
            ax.plot(xs, ys, color=colour, marker=marker, linestyle=dash, linewidth=2, label=name)
    ax.set_xlim(0, xmax)
    ax.set_xticks([0, 6, 12, 18, 24])
    ax.set_xlabel("Months since the plan ended", fontsize=9)
    ax.set_ylim(0, math.ceil(top * 1.15 / 5) * 5)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.grid(axis="y", color=BORDER, linewidth=0.6)
    ax.set_axisbelow(True)
    _style_axes(ax)
    if series:
        ax.legend(frameon=False, fontsize=8.5, loc="upper left", ncols=2)
    return fig


# ------------------------------------------------------------------------------- funnel plot

Point = tuple[str, float, float]  # label, denominator, percentage


def funnel_chart(
    n: Sequence[float],
    limits: dict[str, tuple[Sequence[float], Sequence[float]]],
    centre: float,
    others: tuple[Sequence[float], Sequence[float]],
    neighbours: Sequence[Point],
    neighbours_label: str,
    council: Point | None,
    title: str,
    axis_labels: tuple[str, str],
    note: str,
    description: str,
    fmt: str = "svg",
) -> str | bytes:
    """Every council's percentage against its denominator, with the control limits
    (``limits``: ``{"95%": (upper, lower), "99.8%": …}`` at each ``n``), England's centre
    line, the statistical neighbours and the council labelled. The SVG carries ``title`` and
    ``description`` for screen readers (``role="img"``)."""
    one_line = title.replace("\n", " — ")
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": FONTS}):
        fig = _funnel_figure(
            n, limits, centre, others, neighbours, neighbours_label, council, title,
            axis_labels, note,
        )  # fmt: skip
        out = _output(fig, fmt, "funnel", {"Title": one_line, "Description": description})
    if fmt == "svg":
        return _label_svg(out, one_line, description)
    return out


def _funnel_figure(
    n, limits, centre, others, neighbours, neighbours_label, council, title, axis_labels, note
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(10, 6.5), dpi=110)
    FigureCanvasAgg(fig)  # a renderer to place the labels, without pyplot
    ax = fig.add_subplot()
    _style_axes(ax)
    ax.axhline(centre, color=BLACK, linewidth=1.2, label=f"England {centre:.1f}%")
    for level, style, width in (("95%", "--", 1.0), ("99.8%", ":", 1.3)):
        upper, lower = limits[level]
        ax.plot(n, upper, color=GREY, linestyle=style, linewidth=width, label=f"{level} limits")
        ax.plot(n, lower, color=GREY, linestyle=style, linewidth=width)
    xs, ys = others
    ax.scatter(xs, ys, s=14, color=MID_GREY, alpha=0.8, label="Other councils", zorder=2)
    if neighbours:
        ax.scatter(
            [x for _, x, _ in neighbours],
            [y for *_, y in neighbours],
            s=46,
            marker="^",
            color=ORANGE,
            edgecolor=BLACK,
            linewidth=0.6,
            zorder=3,
            label=neighbours_label,
        )
    if council:
        label, x, y = council
        ax.scatter(
            [x], [y], s=110, marker="D", color=BLUE, edgecolor=BLACK, linewidth=0.8, zorder=4,
            label=label,
        )  # fmt: skip
    shown = [*ys, *(y for *_, y in neighbours), *([council[2]] if council else [])]
    top = float(max(max(shown, default=0), centre) * 1.15)
    ax.set_ylim(0, min(103.0, max(top, centre * 2)))
    ax.set_xlim(0, float(max(n)))
    ax.set_xlabel(axis_labels[0], color=BLACK)
    ax.set_ylabel(axis_labels[1], color=BLACK)
    ax.set_title(title, fontsize=11, loc="left", color=BLACK)
    ax.grid(True, color=BORDER, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper right", fontsize=8, frameon=True)
    fig.text(0.01, 0.01, note, fontsize=7, color=GREY, wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    labels = [(*council, 9, "bold", BLUE)] if council else []
    labels += [(name, x, y, 7, "normal", BLACK) for name, x, y in neighbours]
    _place_labels(fig, ax, labels)
    return fig


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


def _label_svg(text: str, title: str, description: str) -> str:
    """The SVG with a ``<title>``, a ``<desc>`` and ``role="img"`` for screen readers."""
    match = re.search(r"<svg\b[^>]*>", text)
    if not match:  # pragma: no cover - matplotlib always writes one
        return text
    tag = match.group(0)
    labelled = tag[:-1] + ' role="img" aria-labelledby="funnel-title funnel-desc">'
    inner = (
        f'\n <title id="funnel-title">{escape(title)}</title>'
        f'\n <desc id="funnel-desc">{escape(description)}</desc>'
    )
    return text.replace(tag, labelled + inner, 1)
