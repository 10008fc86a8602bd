"""Server-rendered charts (matplotlib, SVG as a data URI): no JavaScript, CSP-safe.

Every chart is drawn beside a table holding the same figures, and has a text alternative.
"""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure

# GOV.UK Design System colours (colour contrast >= 3:1 on white for lines).
BLUE, BLACK, ORANGE, GREY = "#1d70b8", "#0b0c0c", "#f47738", "#505a5f"


def _svg_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def line_chart(
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    ylabel: str = "% of plan starts that were repeat plans",
    every: int = 1,
) -> str:
    """A line chart of percentages (``None`` = no figure: a break in the line)."""
    fig = Figure(figsize=(9, 3.6), dpi=100)
    ax = fig.add_subplot()
    colours = [BLUE, BLACK, ORANGE, GREY]
    markers = ["o", "s", "^", "D"]
    x = list(range(len(labels)))
    top = 0.0
    for i, (name, values) in enumerate(series.items()):
        ys = [float("nan") if v is None else v for v in values]
        top = max([top, *[v for v in values if v is not None]])
        ax.plot(x, ys, label=name, color=colours[i % 4], marker=markers[i % 4], linewidth=2.5)
    ax.set_xticks(x[::every], labels[::every], rotation=0 if every > 1 or len(x) < 9 else 45)
    ax.set_ylim(0, max(10.0, top * 1.2))
    ax.set_ylabel(ylabel, fontsize=9)
    ax.grid(axis="y", color="#b1b4b6", linewidth=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=9, loc="upper left", ncols=len(series))
    return _svg_data_uri(fig)
