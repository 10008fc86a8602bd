"""Report section 3: the repeat plans behind the figure — how soon after the last plan, how
many plans before (and, restricted, the children)."""

from __future__ import annotations

import polars as pl

from ...disclosure import Disclosure
from ...measures.gaps import GAP_BANDS, GAP_UNKNOWN
from ...stats import percent
from .. import words as w
from ..inputs import ReportInputs
from ..model import Chart, Column, Notice, Paragraph, Section, Table
from .common import C, _cohort_counts


def cohort(inputs: ReportInputs) -> Section:
    """The repeat plans behind the figure: how soon after the last plan, how many before."""
    shown = _cohort_counts(inputs)
    row = inputs.current
    blocks: list = []
    if row["repeat"] == 0:
        blocks.append(Paragraph("No repeat plan started in the period.", lead=True))
        return Section("cohort", "The repeat plans behind the figure", blocks)
    blocks.append(
        Paragraph(
            f"The{'' if shown['repeat'] == C else ' ' + w.count(shown['repeat'])} repeat plans of "
            f"{w.period_name(inputs.period)} by how long after the child's previous plan ended each one started, and how many "
            "plans each child had had before.",
            lead=True,
        )
    )
    bands = [label for label, _ in GAP_BANDS] + [GAP_UNKNOWN]
    gap_rows = []
    for label in bands:
        key = "unknown" if label == GAP_UNKNOWN else label
        n = shown[key]
        share = Disclosure.derived(
            percent(_band_count(inputs, label), row["repeat"]), n, shown["repeat"]
        )
        gap_rows.append([label, n, share])
    gap_rows.append(
        ["All repeat plans", shown["repeat"], Disclosure.derived(100.0, shown["repeat"])]
    )
    blocks.append(
        Table(
            "gaps",
            f"Repeat plans by time since the previous plan ended, {w.period_name(inputs.period)}",
            [
                Column("Time since the previous plan ended", "text"),
                Column("Repeat plans"),
                Column("% of repeat plans", "percent"),
            ],
            gap_rows,
            notes=[
                "Measured from the latest end date among the child's earlier plans in the "
                "returns loaded; the first three rows are the plans that started within two years."
            ],
            total_row=True,
        )
    )
    values = [v if isinstance(v, int) else None for v in (r[1] for r in gap_rows[:-1])]
    blocks.append(
        Chart(
            "gaps-chart",
            "Repeat plans by time since the previous plan ended",
            "Bar chart of the repeat plans by time since the previous plan ended: "
            + "; ".join(f"{r[0]}: {w.count(r[1])}" for r in gap_rows[:-1])
            + ". The figures are in the table above.",
            "bar_chart",
            {
                "labels": bands,
                "series": {"Repeat plans": values},
                "value_labels": {"Repeat plans": [w.count(r[1]) for r in gap_rows[:-1]]},
                "xlabel": "Repeat plans",
                "integer": True,
            },
            table="gaps",
        )
    )
    blocks += _previous_plans(inputs, shown)
    extra = row["repeat_by_record_or_history"] - row["repeat"]
    if extra > 0:
        blocks.append(
            Notice(
                f"{w.sentence(w.in_prose(inputs.disclosure.count(extra), 'more plans'))} started for "
                "children who had an earlier plan in the returns loaded, but whose return "
                "recorded no previous plan (or left the number blank): DfE does not count them "
                "as repeat plans, and neither does this report's headline (see Data quality).",
                "inset",
            )
        )
    if not inputs.publish:
        blocks.append(_cohort_list(inputs))
    return Section("cohort", "The repeat plans behind the figure", blocks)


def _band_count(inputs: ReportInputs, band: str) -> int:
    return int(inputs.gaps.filter(pl.col("band") == band)["repeat"][0])


def _previous_plans(inputs: ReportInputs, shown: dict) -> list:
    frame = inputs.breakdowns["previous_plans"]
    counts = dict(zip(frame["value"], frame["repeat"], strict=True))
    keys = ["1", "2", "3 or more"]
    cells = {k: counts.get(k, 0) for k in keys} | {"repeat": inputs.current["repeat"]}
    forced = ["repeat"] if shown["repeat"] == C else []
    disclosed = inputs.disclosure.counts(cells, [(keys, "repeat")], forced)
    rows = [[k, disclosed[k]] for k in keys] + [["All repeat plans", disclosed["repeat"]]]
    return [
        Table(
            "previous_plans",
            "Repeat plans by number of previous plans (NumberOfPreviousCPP)",
            [Column("Previous plans recorded", "text"), Column("Repeat plans")],
            rows,
            total_row=True,
        )
    ]


def _cohort_list(inputs: ReportInputs) -> Table:
    """The children behind the figure, with LAchildIDs (restricted reports only)."""
    rows = [
        [
            r["child_id"],
            r["start_date"],
            r["previous_end"],
            r["gap_days"],
            r["previous_plans"],
            r["earlier_plans"],
            r["initial_category"],
            r["previous_initial_category"],
            r["age_band"],
            r["sex"],
        ]
        for r in inputs.cohort.iter_rows(named=True)
    ]
    return Table(
        "cohort",
        f"The repeat plans, one row each, {w.period_name(inputs.period)} (OFFICIAL-SENSITIVE)",
        [
            Column("LAchildID", "text"),
            Column("Plan start", "date"),
            Column("Previous plan ended", "date"),
            Column("Gap (days)"),  # whole numbers: counts, not 2.0
            Column("Previous plans recorded"),
            Column("Earlier plans on record"),
            Column("Category", "text", codes="category"),
            Column("Previous category", "text", codes="category"),
            Column("Age band", "text"),
            Column("Sex", "text", codes="sex"),
        ],
        rows,
        notes=["Restricted: identifies children. Do not publish or forward."],
    )
