"""Report section 4: who the plans are for — category of abuse, age band and sex (first vs
repeat plans), and factors at assessment."""

from __future__ import annotations

import polars as pl

from ...disclosure import Disclosure, table_groups
from ...measures.factors import TOXIC_TRIO
from ...stats import percent
from .. import words as w
from ..inputs import ReportInputs
from ..model import Chart, Column, Paragraph, Section, Table
from .common import CHART_THEMES, C, _period_counts


def who(inputs: ReportInputs) -> Section:
    """Category of abuse, age band and sex (first vs repeat plans); factors at assessment."""
    head = _period_counts(inputs.current, inputs.disclosure)
    forced = [
        ("all", c)
        for c, k in (("first", "first"), ("repeat", "repeat"), ("all", "started"))
        if head[k] == C
    ]
    blocks: list = [
        Paragraph(
            f"The plans that started in {w.period_name(inputs.period)}, first plans beside "
            "repeat plans, by the category of abuse at the start of the plan, the child's age "
            "and sex (DfE tables D2 and D4)."
        )
    ]
    titles = {
        "category": ("Category of abuse at the start of the plan", "Category"),
        "age_band": ("Age at the start of the plan", "Age"),
        "sex": ("Sex", "Sex"),
    }
    category_chart = None
    for name, (title, first_col) in titles.items():
        frame = inputs.breakdowns[name]
        frame = frame.filter(
            ~(pl.col("value").is_in(["Not recorded", "Unknown"]) & (pl.col("total") == 0))
        )
        labels = frame["label"].to_list()
        cells = {}
        for r in frame.iter_rows(named=True):
            cells[(r["label"], "first")] = r["first"]
            cells[(r["label"], "repeat")] = r["repeat"]
            cells[(r["label"], "all")] = r["total"]
        cells[("all", "first")] = int(frame["first"].sum())
        cells[("all", "repeat")] = int(frame["repeat"].sum())
        cells[("all", "all")] = int(frame["total"].sum())
        shown = inputs.disclosure.counts(
            cells, table_groups(labels, ["first", "repeat"], "all", "all"), forced
        )
        rows = []
        for label in [*labels, "all"]:
            first, repeat, total = (shown[(label, c)] for c in ("first", "repeat", "all"))
            share = Disclosure.derived(
                percent(cells[(label, "repeat")], cells[(label, "all")]), repeat, total
            )
            rows.append(["All plans" if label == "all" else label, first, repeat, total, share])
        blocks.append(
            Table(
                f"who_{name}",
                f"{title}, {w.period_name(inputs.period)}",
                [
                    Column(first_col, "text"),
                    Column("First plans"),
                    Column("Repeat plans"),
                    Column("All plans"),
                    Column("Repeat % of all", "percent"),
                ],
                rows,
                total_row=True,
            )
        )
        if name == "category":
            category_chart = _share_chart(inputs, "category", labels, cells, shown)
    if category_chart is not None:
        blocks.append(category_chart)
    blocks += _themes(inputs)
    return Section("who", "Who: the children starting plans", blocks)


def _share_chart(inputs, name, labels, cells, shown) -> Chart:
    """Each category's share of first plans and of repeat plans (suppressed shares left out)."""
    series, text = {}, {}
    for col, title in (("first", "First plans"), ("repeat", "Repeat plans")):
        total = cells[("all", col)]
        values, texts = [], []
        for label in labels:
            share = Disclosure.derived(
                percent(cells[(label, col)], total), shown[(label, col)], shown[("all", col)]
            )
            values.append(share if isinstance(share, float) else None)
            texts.append(w.pct(share) if share is not None else w.count(None))
        series[title], text[title] = values, texts
    alt = (
        "Bar chart of each category's share of first plans and of repeat plans: "
        + "; ".join(
            f"{label}: {text['First plans'][i]} of first plans, {text['Repeat plans'][i]} of repeat plans"
            for i, label in enumerate(labels)
        )
        + ". Counts are in the table above."
    )
    return Chart(
        f"{name}-chart",
        "Category of abuse: share of first plans and of repeat plans",
        alt,
        "bar_chart",
        {"labels": labels, "series": series, "value_labels": text, "xlabel": "% of plans"},
        table=f"who_{name}",
    )


def _themes(inputs: ReportInputs) -> list:
    frame = inputs.themes
    if frame.is_empty():
        return []
    first_n, repeat_n = int(frame["first_assessed"][0]), int(frame["repeat_assessed"][0])
    policy = inputs.disclosure
    den_first, den_repeat = policy.count(first_n), policy.count(repeat_n)
    keep = frame.filter((pl.col("first") + pl.col("repeat") > 0) | (pl.col("theme") == TOXIC_TRIO))
    rows, labels, first_pc, repeat_pc, first_t, repeat_t = [], [], [], [], [], []
    for r in keep.iter_rows(named=True):
        f, rep = policy.count(r["first"]), policy.count(r["repeat"])
        fp = Disclosure.derived(r["first_percent"], f, den_first)
        rp = Disclosure.derived(r["repeat_percent"], rep, den_repeat)
        label = (
            "Toxic trio (domestic abuse, parental mental health and substance misuse)"
            if r["theme"] == TOXIC_TRIO
            else r["theme"]
        )
        rows.append([label, f, fp, rep, rp])
        if r["theme"] != "No factors identified":
            labels.append(label)
            first_pc.append(fp if isinstance(fp, float) else None)
            repeat_pc.append(rp if isinstance(rp, float) else None)
            first_t.append(w.pct(fp))
            repeat_t.append(w.pct(rp))
    if first_n + repeat_n == 0:
        return [
            Paragraph(
                "No plan that started in the period has an assessment on record in the same "
                "episode, so no factors at assessment can be shown."
            )
        ]
    table = Table(
        "factors",
        f"Factors identified at assessment, grouped into themes, {w.period_name(inputs.period)}",
        [
            Column("Theme", "text"),
            Column("First plans"),
            Column("% of first plans", "percent"),
            Column("Repeat plans"),
            Column("% of repeat plans", "percent"),
        ],
        rows,
        notes=[
            f"Of the plans with an assessment on record in the same episode, on or before the "
            f"plan's start: {w.count(den_first)} first plans and {w.count(den_repeat)} repeat "
            "plans. A plan may have several themes, so the rows do not add up. Toxic trio: "
            "domestic abuse with parental mental health and parental alcohol or drug misuse "
            "(Brandon et al., analyses of serious case reviews)."
        ],
    )
    shown_themes = [
        i for i in range(len(labels)) if repeat_pc[i] is not None or first_pc[i] is not None
    ]
    order = sorted(shown_themes, key=lambda i: -(repeat_pc[i] or 0))[:CHART_THEMES]
    chart = Chart(
        "factors-chart",
        f"Factors at assessment: the {len(order)} themes most often recorded for repeat plans",
        "Bar chart of the share of first and of repeat plans with each theme at assessment: "
        + "; ".join(
            f"{labels[i]}: {first_t[i]} of first plans, {repeat_t[i]} of repeat plans"
            for i in order
        )
        + ". All themes are in the table above.",
        "bar_chart",
        {
            "labels": [labels[i] for i in order],
            "series": {
                "First plans": [first_pc[i] for i in order],
                "Repeat plans": [repeat_pc[i] for i in order],
            },
            "value_labels": {
                "First plans": [first_t[i] for i in order],
                "Repeat plans": [repeat_t[i] for i in order],
            },
            "xlabel": "% of plans with an assessment on record",
        },
        table="factors",
    )
    return [
        Paragraph(
            "Factors identified at the end of the assessment before the plan, grouped into the "
            "themes practitioners use. The 2016 report's audit found neglect and domestic abuse "
            "in the lives of all the children it looked at; this shows how often each theme is "
            "recorded for every child starting a plan."
        ),
        table,
        chart,
    ]
