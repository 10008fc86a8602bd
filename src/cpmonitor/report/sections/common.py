"""Pieces the report sections share: disclosed period and cohort counts, percentages and
intervals as shown, the statistical neighbours' sentence and notice, the import hint."""

from __future__ import annotations

from ...disclosure import SUPPRESSED, Disclosure
from ...measures.gaps import GAP_BANDS
from ..inputs import ReportInputs
from ..model import Notice

IMPORT_HINT = (
    "cpmonitor benchmarks import d3_cpps_subsequent_plan_2013_to_2025.csv sn_model_2025_wide.csv …"
)
C = SUPPRESSED
CHART_THEMES = 10  # themes drawn in the factors chart (all are in its table)


def _period_counts(row: dict, policy: Disclosure) -> dict:
    """One period's plans started / repeat (and the first plans they imply), disclosed."""
    cells = {
        "started": row["plans_started"],
        "repeat": row["repeat"],
        "first": row["plans_started"] - row["repeat"],
    }
    return policy.counts(cells, [(["first", "repeat"], "started")])


def _cohort_counts(inputs: ReportInputs) -> dict:
    """The report period's repeat plans split by gap, disclosed together (sections 1 and 3)."""
    row = inputs.current
    bands = dict(zip(inputs.gaps["band"], inputs.gaps["repeat"], strict=True))
    cells = {
        "started": row["plans_started"],
        "repeat": row["repeat"],
        "first": row["plans_started"] - row["repeat"],
        "within": row["within_two_years"],
        "over": row["over_two_years"],
        "unknown": row["gap_unknown"],
        **{label: bands[label] for label, _ in GAP_BANDS},
    }
    within = [label for label, months in GAP_BANDS if months and months <= 24]
    over = [label for label, months in GAP_BANDS if not months or months > 24]
    groups = [
        (["first", "repeat"], "started"),
        (["within", "over", "unknown"], "repeat"),
        (within, "within"),
        (over, "over"),
    ]
    return inputs.disclosure.counts(cells, groups)


def _percent(shown: dict, row: dict, num: str = "repeat", den: str = "started"):
    return Disclosure.derived(row["percent"], shown[num], shown[den])


def _interval(inputs: ReportInputs, label: str, shown: dict):
    ci = inputs.intervals.get(label)
    value = None if ci is None else (ci.low, ci.high)
    return Disclosure.derived(value, shown["repeat"], shown["started"])


def _neighbours_sentence(inputs: ReportInputs) -> str | None:
    series = inputs.benchmarks
    if series is None or series.neighbours is None or not series.neighbours.codes:
        return None
    names = [series.neighbour_names.get(c, c) for c in series.neighbours.codes]
    return (
        f"Statistical neighbours (DfE list of {series.neighbours.list_label}): "
        f"{', '.join(names)}. Their mean is the simple mean of their published figures, over "
        "those with a figure that year."
    )


def _no_neighbours_notice(inputs: ReportInputs) -> Notice | None:
    picture = inputs.picture
    if any(c.name == "Statistical neighbours' mean" for c in picture.comparators()):
        return None
    if not inputs.benchmarks_imported:
        text = (
            "Benchmarks are not yet imported: the statistical neighbours' figures are not "
            "shown, because the DfE files they come from (Explore Education Statistics, "
            "Children in need, table D3, and the DfE statistical neighbour list) were not "
            "available to this report. England's figures here are DfE's published table D3."
        )
    else:
        text = "The DfE files available to this report hold no statistical neighbours' figures for this council."
    if not inputs.publish:
        text += f" To add them: `{IMPORT_HINT}`."
    return Notice(text, "warning")
