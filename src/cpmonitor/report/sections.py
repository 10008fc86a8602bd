"""The report's sections: each a function from :class:`~.inputs.ReportInputs` to a Section.

:data:`SECTION_BUILDERS` is the report, in order; a later capability (e.g. Group Manager
authorisations) adds its builder to the list. A builder may return ``None`` to leave its
section out. Builders word and lay out the core's answers and apply :mod:`cpmonitor.disclosure`
(published mode); they never count anything themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import polars as pl

from ..disclosure import SOURCE as DISCLOSURE_SOURCE
from ..disclosure import SUPPRESSED, Disclosure, table_groups
from ..measures.factors import TOXIC_TRIO
from ..measures.gaps import GAP_BANDS, GAP_UNKNOWN
from ..measures.repeat import TWO_YEARS_IN_DAYS
from ..periods import financial_year
from ..stats import percent, round_half_up
from . import words as w
from .authorisation import authorisation
from .case_audit import case_audit
from .inputs import RELATED_BENCHMARKS, ReportInputs
from .model import (
    Bullets,
    Chart,
    Column,
    Definitions,
    Heading,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Table,
)
from .performance import performance, sources_read, year_to_date_note
from .what_changed import what_changed

IMPORT_HINT = (
    "cpmonitor benchmarks import d3_cpps_subsequent_plan_2013_to_2025.csv sn_model_2025_wide.csv …"
)
C = SUPPRESSED
CHART_THEMES = 10  # themes drawn in the factors chart (all are in its table)


# --------------------------------------------------------------------------- shared pieces


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


# --------------------------------------------------------------------------- 1 headline


def headline(inputs: ReportInputs) -> Section:
    """The year-to-date figure, what it is out of, its interval, and the latest benchmarks."""
    row = inputs.current
    shown = _cohort_counts(inputs)
    value = _percent(shown, row)
    ci = _interval(inputs, row["period"], shown)
    when = w.period_span(inputs.period)
    blocks: list = [Notice(remark, "inset") for remark in inputs.remarks]
    comparators = [
        c
        for c in inputs.picture.comparators()
        if c.name in ("England", "Statistical neighbours' mean")
    ]
    figures = [
        KeyFigure(
            f"Repeat plans, {w.period_name(inputs.period)}",
            w.pct(value),
            f"{w.count(shown['repeat'])} of the {w.count(shown['started'])} plans that started",
        ),
        KeyFigure(
            "95% confidence interval",
            f"{w.number(ci[0])}–{w.number(ci[1])}%" if isinstance(ci, tuple) else w.count(ci),
            "Wilson score interval",
        ),
    ]
    for c in comparators:
        detail = "the same year" if c.same_period else "latest published: a different period"
        if c.detail:
            detail = f"{c.detail}; {detail}"
        figures.append(KeyFigure(f"{c.name}, {c.label}", w.pct(c.value), detail))
    blocks.append(KeyFigures(figures))
    if row["plans_started"] == 0:
        blocks.append(Paragraph(f"No child protection plan started from {when}.", lead=True))
        blocks += [Notice(note, "warning") for note in inputs.notes]
        return Section("summary", "Summary", blocks)
    text = (
        f"From {when}, {w.in_prose(shown['started'])} child protection "
        f"{'plan' if shown['started'] == 1 else 'plans'} started for children in "
        f"{inputs.council}. {w.sentence(w.in_prose(shown['repeat']))} of them "
        f"({w.pct(value)}) were a second or subsequent plan for the child."
    )
    blocks.append(Paragraph(text, lead=True))
    if isinstance(ci, tuple):
        blocks.append(
            Paragraph(
                "Allowing for chance variation in numbers of this size, the underlying rate is "
                f"likely to lie between {w.pct(ci[0])} and {w.pct(ci[1])} (95% Wilson interval)."
                + _compare(inputs, comparators)
            )
        )
    elif value == C:
        blocks.append(
            Paragraph("The figure is not shown: it would reveal a number from 1 to 5 (see Method).")
        )
    if shown["repeat"] not in (0, C):
        blocks.append(Paragraph(_gap_sentence(shown, value)))
    blocks += [Notice(note, "warning") for note in inputs.notes]
    return Section("summary", "Summary", blocks)


def _compare(inputs: ReportInputs, comparators) -> str:
    """Same-year benchmarks against the council's 95% interval; other years only named.

    Like with like: a figure is judged only against England's and the neighbours' figures
    for the same year (:meth:`cpmonitor.picture.CouncilPicture.judgements`).
    """
    names = {"England": "England's figure", "Statistical neighbours' mean": "The neighbours' mean"}
    how = {
        "higher": "below the interval, so the council's rate is clearly higher",
        "lower": "above the interval, so the council's rate is clearly lower",
        "not clearly different": "inside the interval, so the council is not clearly different",
    }
    parts = [
        f" {names[j.comparator.name]} for {j.comparator.label} ({w.pct(j.comparator.value)}) "
        f"is {how[j.verdict]}."
        for j in inputs.picture.judgements()
        if j.comparator.name in names
    ]
    other = [c for c in comparators if not c.same_period]
    if other:
        period = w.period_name(inputs.period)
        why = (
            "DfE publishes whole years only"
            if not inputs.picture.period_is_full_year
            else "DfE has not published that year yet"
        )
        inline = {
            "England": "England's figure",
            "Statistical neighbours' mean": "the neighbours' mean",
        }
        latest = " and ".join(f"{inline[c.name]} for {c.label} ({w.pct(c.value)})" for c in other)
        parts.append(
            f" There is no published figure for {period} to compare with ({why}); "
            f"the latest published, {latest}, {'is' if len(other) == 1 else 'are'} for a "
            "different period, so the council's figure is not judged against "
            f"{'it' if len(other) == 1 else 'them'}."
        )
    return "".join(parts)


def _gap_sentence(shown: dict, value) -> str:
    """The 2016 report's sentence: "Out of the 22 …, 9 were taken off plans less than …"."""
    text = (
        f"Out of the {w.in_prose(shown['repeat'])} repeat plans behind this figure of "
        f"{w.pct(value)}, {w.in_prose(shown['within'])} started less than two years after the "
        f"child's previous plan ended, {w.in_prose(shown['over'])} two years or more after"
    )
    if shown["unknown"] not in (0, None):
        text += (
            f", and for {w.in_prose(shown['unknown'])} the previous plan's end is not in the "
            "returns loaded (it may have been in another council)"
        )
    return (
        text + ". The shorter the gap, the greater the concern that the earlier work did not last."
    )


# --------------------------------------------------------------------------- 2 trend


def trend(inputs: ReportInputs) -> Section:
    """Diagram 1: the council, its statistical neighbours' mean and England, by year."""
    picture = inputs.picture
    rows, council, england, sn, intervals, labels = [], [], [], [], [], []
    part_year = None
    for row in inputs.trend.iter_rows(named=True):
        period = next(p for p in inputs.trend_periods if p.label == row["period"])
        full = w.is_full_year(period)
        b = picture.published(period)  # the same year's published figures, or None
        shown = _period_counts(row, inputs.disclosure)
        value = _percent(shown, row)
        ci = _interval(inputs, row["period"], shown)
        returned = None
        if row["as_returned_plans_started"] is not None:
            returned_row = {
                "plans_started": row["as_returned_plans_started"],
                "repeat": row["as_returned_repeat"],
                "percent": row["as_returned_percent"],
            }
            returned = _percent(_period_counts(returned_row, inputs.disclosure), returned_row)
        sn_value = b.neighbours_mean if b is not None else None
        eng = b.england_value if b is not None else None
        label = w.period_name(period)
        if not full:
            part_year = "year to date"
        rows.append([label, shown["started"], shown["repeat"], value, returned, ci, sn_value, eng])
        labels.append(label)
        council.append(value if isinstance(value, float) else None)
        sn.append(sn_value)
        england.append(eng)
        intervals.append(ci if isinstance(ci, tuple) else None)
    table = Table(
        "trend",
        "Diagram 1: child protection plans that were a second or subsequent plan, by year",
        [
            Column("Year", "text"),
            Column("Plans started"),
            Column("Repeat plans"),
            Column(f"{inputs.council} %", "percent"),
            Column("As returned to DfE %", "percent"),
            Column("95% interval", "interval"),
            Column("Statistical neighbours' mean %", "percent"),
            Column("England %", "percent"),
        ],
        rows,
        notes=[
            "Years run 1 April to 31 March. The council's figures are computed from all its "
            "census returns together, so a later return's corrections count; 'as returned to "
            "DfE' is the figure from that year's return alone, as DfE computes it. The "
            "neighbours' mean and England are as published by DfE for the same year (none is "
            "published for part-years).",
        ],
    )
    sentence = _neighbours_sentence(inputs)
    if sentence:
        table.notes.append(sentence)
    if note := year_to_date_note(inputs):
        table.notes.append(note)
    series = {inputs.council: council}
    if any(v is not None for v in sn):
        series["Statistical neighbours' mean"] = sn
    series["England"] = england
    chart = Chart(
        "trend-chart",
        "Diagram 1 as a chart",
        _trend_alt(labels, series, part_year),
        "trend_chart",
        {"labels": labels, "series": series, "interval": intervals, "part_year": part_year},
        table="trend",
    )
    blocks: list = [
        Paragraph(
            "The percentage of child protection plans starting in each year that were a second "
            "or subsequent plan for the child, beside the council's statistical neighbours and "
            "England (DfE table D3). Lower is better (DfE polarity)."
        ),
        chart,
        table,
    ]
    story = _trend_story(labels, council, sn, england, part_year is not None)
    if story:
        blocks.append(Paragraph(story))
    notice = _no_neighbours_notice(inputs)
    if notice:
        blocks.insert(1, notice)
    blocks += _rolling(inputs)
    return Section("trend", "Trend against statistical neighbours and England", blocks)


def _trend_story(labels, council, sn, england, part_year: bool) -> str:
    """The trend in words (the 2016 report's paragraphs 1.2 to 1.4), from the figures shown."""
    full = len(labels) - 1 if part_year else len(labels)
    known = [(labels[i], council[i]) for i in range(full) if council[i] is not None]
    parts = []
    if len(known) >= 2:
        low = min(known, key=lambda x: x[1])
        high = max(known, key=lambda x: x[1])
        parts.append(
            f"From {known[0][0]} to {known[-1][0]} the council's figure ranged from "
            f"{w.pct(low[1])} ({low[0]}) to {w.pct(high[1])} ({high[0]})."
        )
    for name, other in (("England's", england), ("the statistical neighbours' mean", sn)):
        pairs = [
            (council[i], other[i])
            for i in range(full)
            if council[i] is not None and other[i] is not None
        ]
        if pairs:
            lower = sum(c < round_half_up(o, 1) for c, o in pairs)
            parts.append(
                f"It was lower than {name} in {lower} of the {len(pairs)} "
                f"{w.plural(len(pairs), 'year')} with both figures."
            )
    if len(labels) >= 2 and council[-1] is not None and council[-2] is not None:
        parts.append(
            f"The latest figure, {w.pct(council[-1])} for {labels[-1]}, compares with "
            f"{w.pct(council[-2])} for {labels[-2]}."
        )
    return " ".join(parts)


def _trend_alt(labels, series, part_year) -> str:
    parts = [f"Line chart by year, {labels[0]} to {labels[-1]}."]
    for name, values in series.items():
        known = [(lab, v) for lab, v in zip(labels, values, strict=True) if v is not None]
        if not known:
            parts.append(f"{name}: no figures.")
            continue
        high = max(known, key=lambda x: x[1])
        low = min(known, key=lambda x: x[1])
        parts.append(
            f"{name}: {w.pct(known[0][1])} in {known[0][0]}, {w.pct(known[-1][1])} in "
            f"{known[-1][0]}; highest {w.pct(high[1])} ({high[0]}), lowest {w.pct(low[1])} "
            f"({low[0]})."
        )
    if part_year:
        parts.append(f"The last point is the {part_year}, shown as an open circle.")
    parts.append("The figures are in the table below it (Diagram 1).")
    return " ".join(parts)


def _rolling(inputs: ReportInputs) -> list:
    table_rows, labels, values = [], [], []
    for row in inputs.rolling.iter_rows(named=True):
        shown = _period_counts(row, inputs.disclosure)
        value = _percent(shown, row)
        label = f"{row['period_end']:%b %Y}"
        table_rows.append([label, shown["started"], shown["repeat"], value])
        labels.append(label)
        values.append(value if isinstance(value, float) else None)
    if len(table_rows) < 2:
        return []
    known = [(lab, v) for lab, v in zip(labels, values, strict=True) if v is not None]
    alt = f"Line chart of the rolling 12-month figure, month by month from {labels[0]} to {labels[-1]}."
    if known:
        alt += f" It was {w.pct(known[0][1])} in the 12 months to {known[0][0]} and {w.pct(known[-1][1])} in the 12 months to {known[-1][0]}."
    alt += " The figures are in the table 'Rolling 12 months'."
    return [
        Chart(
            "rolling-chart",
            "Repeat plans, rolling 12 months to each month end",
            alt,
            "rolling_chart",
            {"labels": labels, "values": values},
            table="rolling",
            intro="The same figure over the 12 months to each month end shows the turning "
            "points that yearly figures hide.",
        ),
        Table(
            "rolling",
            "Rolling 12 months: plans started and repeat plans in the 12 months to each month end",
            [
                Column("12 months to", "text"),
                Column("Plans started"),
                Column("Repeat plans"),
                Column("Repeat %", "percent"),
            ],
            table_rows,
            detail=True,
        ),
    ]


# --------------------------------------------------------------------------- 3 cohort


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
            Column("Gap (days)", "number"),
            Column("Previous plans recorded", "number"),
            Column("Earlier plans on record", "number"),
            Column("Category", "text"),
            Column("Previous category", "text"),
            Column("Age band", "text"),
            Column("Sex", "text"),
        ],
        rows,
        notes=["Restricted: identifies children. Do not publish or forward."],
    )


# --------------------------------------------------------------------------- 4 who


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


# --------------------------------------------------------------------------- 5 related


def related(inputs: ReportInputs) -> Section:
    """Plans lasting 2+ years, plans open, review and conference timeliness, by period."""
    policy = inputs.disclosure
    periods = inputs.related_periods
    names = [w.period_name(p) for p in periods]
    trend = {r["period"]: r for r in inputs.trend.iter_rows(named=True)}
    conf = {r["period"]: r for r in inputs.conferences.iter_rows(named=True)}
    rev = {r["period"]: r for r in inputs.reviews.iter_rows(named=True)}
    lines: dict[str, list] = {
        k: []
        for k in (
            "ended",
            "lasted",
            "lasted_pc",
            "open",
            "reviewable",
            "on_time",
            "reviews_pc",
            "conferences",
            "in_time",
            "conf_pc",
            "untimed",
        )
    }
    for p in periods:
        t, c, r = trend[p.label], conf[p.label], rev[p.label]
        s = policy.counts(
            {
                "ended": t["plans_ended"],
                "lasted": t["lasted_two_years_or_more"],
                "shorter": t["plans_ended"] - t["lasted_two_years_or_more"],
            },
            [(["lasted", "shorter"], "ended")],
        )
        lines["ended"].append(s["ended"])
        lines["lasted"].append(s["lasted"])
        lines["lasted_pc"].append(
            Disclosure.derived(
                percent(t["lasted_two_years_or_more"], t["plans_ended"]), s["lasted"], s["ended"]
            )
        )
        lines["open"].append(policy.count(t["open_at_end"]))
        s = policy.counts(
            {
                "all": r["plans_reviewable"],
                "on": r["reviewed_on_time"],
                "late": r["plans_reviewable"] - r["reviewed_on_time"],
            },
            [(["on", "late"], "all")],
        )
        lines["reviewable"].append(s["all"])
        lines["on_time"].append(s["on"])
        lines["reviews_pc"].append(Disclosure.derived(r["percent"], s["on"], s["all"]))
        s = policy.counts(
            {
                "all": c["conferences"],
                "in": c["within_15_working_days"],
                "late": c["conferences"] - c["within_15_working_days"],
            },
            [(["in", "late"], "all")],
        )
        lines["conferences"].append(s["all"])
        lines["in_time"].append(s["in"])
        lines["conf_pc"].append(Disclosure.derived(c["percent"], s["in"], s["all"]))
        lines["untimed"].append(policy.count(c["conferences_without_s47_start"]))
    england = {m: _latest_england(inputs, m) for m in RELATED_BENCHMARKS}
    eng_label = {
        m: (f"{w.pct(v)} ({y})" if v is not None else "–") for m, (v, y) in england.items()
    }
    spec = [
        ("Plans ended", "ended", "count", ""),
        ("of which lasted 2 years or more", "lasted", "count", ""),
        (
            "Plans ended that had lasted 2 years or more, %",
            "lasted_pc",
            "percent",
            eng_label["plans_ended_2_years_or_more"],
        ),
        ("Plans open on the last day", "open", "count", ""),
        ("Plans due a review (open 3 months or more)", "reviewable", "count", ""),
        ("of which every review on time", "on_time", "count", ""),
        ("Plans with every review on time, %", "reviews_pc", "percent", ""),
        ("Initial conferences held", "conferences", "count", ""),
        ("of which within 15 working days of the section 47 start", "in_time", "count", ""),
        (
            "Initial conferences within 15 working days, %",
            "conf_pc",
            "percent",
            eng_label["conferences_within_15_days"],
        ),
        ("Conferences that cannot be timed (no section 47 start date)", "untimed", "count", ""),
    ]
    rows = [[label, *lines[key], eng] for label, key, _, eng in spec]
    table = Table(
        "related",
        "Related plan measures, by period",
        [
            Column("Measure", "text"),
            *[Column(n, "number") for n in names],
            Column("England (latest published)", "text"),
        ],
        rows,
        notes=[
            "Plans lasting 2 years or more: more than 729 days on the plan counting the first "
            "and last days (DfE LAIT CPPlans2yrs). Reviews: the first within 3 months of the "
            "plan starting, then at most 6 months apart (Working Together). Conferences: within "
            "15 working days of the start of the section 47 enquiry, England and Wales bank "
            "holidays excluded (LAIT CP_conf_15days).",
        ],
    )
    if not any(v is not None for v, _ in england.values()):
        note = "England's figures for these come from DfE's LAIT data set, not available here."
        if not inputs.publish:
            note += " To add them: `cpmonitor benchmarks import bds_long_0.parquet`."
        table.notes.append(note)
    return Section(
        "related",
        "Related plan measures",
        [
            Paragraph(
                "Measures read beside repeat plans: plans that last too long, plans still open, "
                "and whether reviews and conferences happen on time."
            ),
            table,
        ],
    )


def _latest_england(inputs: ReportInputs, measure: str) -> tuple[float | None, str | None]:
    series = inputs.related_benchmarks.get(measure)
    rows = [r for r in (series.rows if series else []) if r.england_value is not None]
    if not rows:
        return None, None
    row = max(rows, key=lambda r: r.year)
    return row.england_value, row.label


# --------------------------------------------------------------------------- 6 quality

#: What a data item in the returns feeds, in words.
AFFECTS = {
    "NumberOfPreviousCPP": "whether a plan counts as a repeat plan (the headline figure)",
    "CPPstartDate": "which period a plan is counted in, and the gap before a repeat plan",
    "CPPendDate": "the gap before a repeat plan; plans ended and plans open",
    "ChildProtectionPlans": "the plans counted",
    "InitialCategoryOfAbuse": "the category of abuse table",
    "LatestCategoryOfAbuse": "the category of abuse of earlier plans",
    "PersonBirthDate": "age at the start of the plan",
    "ExpectedPersonBirthDate": "age at the start of the plan (unborn children)",
    "GenderCurrent": "the sex table",
    "Sex": "the sex table",
    "CPPreviewDate": "reviews within timescales",
    "S47ActualStartDate": "conferences within 15 working days",
    "DateOfInitialCPC": "conferences within 15 working days",
    "AssessmentFactors": "factors at assessment",
    "AssessmentActualStartDate": "factors at assessment",
    "CINreferralDate": "linking plans to their assessments",
    "LAchildID": "linking a child's plans across returns (repeat plans and gaps)",
}
PROBLEMS = {
    "bad-date": "is not a valid date (left blank)",
    "bad-code": "holds a code not in that year's code list (left blank)",
    "bad-number": "is not a whole number (left blank)",
    "bad-boolean": "is not 0 or 1 (left blank)",
    "missing-item": "is missing, though mandatory",
    "repeated-item": "is given more than once (the last is used)",
    "missing-child-id": "is missing: the child cannot be linked to other returns",
    "plan-ends-before-start": "is before the plan's start date",
    "plan-starts-after-reference-date": "is after the return's reference date",
    "plan-ends-after-reference-date": "is after the return's reference date",
    "duplicate-plan": "reports the same plan twice in one return (counted once)",
    "overlapping-plans": "starts while the child's previous plan was still open",
    "previous-plans-below-history": (
        "is lower than the child's earlier plans on record: the DfE figure misses a repeat plan"
    ),
    "changed-between-returns": "changed between returns (the latest is used)",
    "open-plan-not-carried-forward": (
        "was open at 31 March but is missing from the next return (treated as still open)"
    ),
    "blanked-in-later-return": (
        "was recorded in one return and left blank in a later one (the recorded value is kept)"
    ),
}
#: Findings about the figures rather than an item, in words.
FIGURE_FINDINGS = {
    "differs-from-published": (
        "A year's figure computed from the returns differs from DfE's published figure",
        "the comparison with DfE's published figures",
    ),
}


def _affects(issue) -> bool:
    return issue.severity != "notice" and (
        issue.element in AFFECTS
        or issue.code in FIGURE_FINDINGS
        or (issue.child is None and issue.severity == "error")
    )


def quality(inputs: ReportInputs) -> Section:
    """What the checks found that affects these figures, in plain words."""
    policy = inputs.disclosure
    blocks: list = [Paragraph(sources_read(inputs))]
    if inputs.data.rejected:
        blocks.append(
            Notice(
                "Not read, so not in these figures: "
                + "; ".join(f"{Path(r.file).name} ({r.reason})" for r in inputs.data.rejected),
                "warning",
            )
        )
    row = inputs.current
    missing = row["previous_plans_missing"]
    if missing:
        blocks.append(
            Notice(
                f"{w.sentence(w.in_prose(policy.count(missing), 'plans'))} that started in the period "
                "have no NumberOfPreviousCPP; DfE counts them as first plans, and so does this "
                "report.",
                "warning",
            )
        )
    blocks += _dfe_rules(inputs)
    relevant = [i for i in inputs.issues if _affects(i)]
    groups = Counter((i.element or "the return", i.code, i.severity) for i in relevant)
    if groups:
        rows = []
        for (element, code, severity), n in sorted(
            groups.items(), key=lambda x: (x[0][2] != "error", -x[1])
        ):
            if code in FIGURE_FINDINGS:
                finding, affects = FIGURE_FINDINGS[code]
            else:
                finding = f"{element} {PROBLEMS.get(code, code.replace('-', ' '))}"
                affects = AFFECTS.get(element, "the whole return")
            rows.append([finding, affects, severity, policy.count(n)])
        blocks.append(
            Table(
                "quality",
                "Data-quality findings that affect these figures",
                [
                    Column("Finding", "text"),
                    Column("Affects", "text"),
                    Column("Severity", "text"),
                    Column("Records"),
                ],
                rows,
                notes=[
                    "From reading the returns, from the checks across returns, and from DfE's "
                    "published figures."
                ],
            )
        )
    else:
        blocks.append(Paragraph("The checks found nothing that affects these figures."))
    blocks += _published_comparison(inputs)
    if not inputs.publish and relevant:
        blocks.append(_quality_records(relevant))
    return Section("quality", "Data quality", blocks)


def _dfe_rules(inputs: ReportInputs) -> list:
    """DfE's validation rules: how many failed, and those that change the repeat figure."""
    policy = inputs.disclosure
    errors, queries = inputs.dfe_counts.get("error", 0), inputs.dfe_counts.get("warning", 0)
    blocks: list = [
        Paragraph(
            "DfE's CIN census validation rules found "
            f"{w.in_prose(policy.count(errors), w.plural(errors, 'error'))} and "
            f"{w.in_prose(policy.count(queries), w.plural(queries, 'query', 'queries'))} in "
            "these returns; the council's data team has the list, with each one's file, line "
            "and child."
        )
    ]
    rows = []
    for impact in inputs.dfe_impact:
        if not impact.plans:
            continue
        n = policy.count(impact.plans)
        if impact.kind == "wrong gap":
            figure = "unchanged (the split by gap may change)"
        elif impact.percent_if is None:
            figure = "–"
        else:
            shown = policy.derived(f"{impact.percent_if:.1f}% ({impact.change:+.1f} points)", n)
            label = "if each were a repeat" if impact.kind == "not a repeat" else "without them"
            figure = shown if shown == SUPPRESSED else f"{shown} {label}"
        rows.append([impact.what[0].upper() + impact.what[1:], ", ".join(impact.rules), n, figure])
    if rows:
        blocks.append(
            Table(
                "dfe_impact",
                "DfE rule failures that change the repeat figure",
                [
                    Column("Problem", "text"),
                    Column("DfE rules", "text"),
                    Column("Plans starting in the period"),
                    Column("Repeat figure", "text"),
                ],
                rows,
                notes=[
                    "Plans that should not be counted: on a referral with no further action "
                    "(8832), in an episode closed after assessment (2990), starting and ending "
                    "the same day (8840). Start date contradicted, so possibly another period's "
                    "plan: not on a conference day (2885), before the referral (1105), after "
                    "the reference date (8720) or the child's death (8915)."
                ],
            )
        )
    return blocks


def _published_comparison(inputs: ReportInputs) -> list:
    """Each year computed from the returns beside DfE's published figure, said plainly."""
    picture = inputs.picture
    if picture.synthetic:
        return [
            Paragraph(
                "The returns are synthetic, so their figures are not compared with the "
                "council's published figures."
            )
        ]
    if not picture.compare_published:
        return []
    trend = {r["period"]: r for r in picture.trend.iter_rows(named=True)}
    rows = []
    for year in picture.years:
        published = picture.published_rows.get(year)
        row = trend.get(financial_year(year).label)
        if published is None or published.la_value is None or row is None:
            continue
        difference = (
            None
            if row["percent"] is None
            else round_half_up(row["percent"] - published.la_value, 1)
        )
        rows.append(
            [
                row["period"],
                row["percent"],
                row["as_returned_percent"],
                published.la_value,
                difference,
            ]
        )
    if not rows:
        return []
    blocks: list = []
    differences = picture.published_differences
    if differences:
        largest = max(differences, key=lambda d: abs(d.difference or 0))
        blocks.append(
            Notice(
                f"For {w.plural(len(differences), 'one year', f'{len(differences)} years')} "
                f"({', '.join(d.label for d in differences)}) the figure computed from the returns "
                f"loaded differs from DfE's published figure, by up to "
                f"{w.number(abs(largest.difference or 0))} points ({largest.label}). For "
                f"{largest.label}, {largest.reason}.",
                "warning",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "For every year loaded, the figure computed from the returns is DfE's published one."
            )
        )
    blocks.append(
        Table(
            "published",
            "The council's figures computed from its returns, against DfE's published figures",
            [
                Column("Year", "text"),
                Column("Computed %", "percent"),
                Column("As returned to DfE %", "percent"),
                Column("Published %", "percent"),
                Column("Difference (points)", "number"),
            ],
            rows,
            notes=[
                "Computed: from every return loaded together (later corrections count). As "
                "returned: from that year's return alone, as DfE computes it. Difference: "
                "computed minus published. When the as-returned figure matches DfE's, later "
                "returns changed the year's plans; when it does not, the return loaded is not "
                "the one DfE published from."
            ],
        )
    )
    return blocks


def _quality_records(issues) -> Table:
    limit = 200
    rows = [
        [i.child or "–", Path(i.file).name, i.element or "–", i.message] for i in issues[:limit]
    ]
    notes = ["Restricted: identifies children. Use `cpmonitor validate` for the full list."]
    if len(issues) > limit:
        notes.insert(0, f"The first {limit} of {len(issues)} records.")
    return Table(
        "quality_records",
        "Records to check (OFFICIAL-SENSITIVE)",
        [
            Column("LAchildID", "text"),
            Column("Return", "text"),
            Column("Item", "text"),
            Column("Finding", "text"),
        ],
        rows,
        notes=notes,
        detail=len(rows) > 40,
    )


# --------------------------------------------------------------------------- 7 method


def method(inputs: ReportInputs) -> Section:
    """Each definition with its source; what this report counts differently from DfE."""
    definitions = [
        (
            "Repeat plan (second or subsequent plan)",
            "A child protection plan starting in the period whose NumberOfPreviousCPP is 1 or "
            "more. Percentage: repeat plans ÷ plans started × 100, rounded half up to one "
            "decimal place. Source: DfE, Characteristics of children in need, table D3; LAIT "
            "PrevRegCPR (a plan is counted each time one starts, so a child may count twice).",
        ),
        (
            "95% interval",
            "Wilson score interval for a proportion (as OHID Fingertips uses for local "
            "figures): the range the underlying rate is likely to lie in, given the numbers.",
        ),
        (
            "Within two years",
            "A repeat plan starting before the second anniversary of the latest end date among "
            "the child's earlier plans in the returns loaded (29 February's anniversary is 28 "
            "February). The question is the 2016 scrutiny report's; DfE publishes no such "
            "figure.",
        ),
        (
            "Statistical neighbours' mean; England",
            "As published by DfE (table D3): the neighbours' mean is the simple mean of their "
            "published percentages, over those with a figure that year, as LAIT averages. "
            "England's figure is as published (DfE computes it from unrounded counts).",
        ),
        (
            "Plans lasting 2 years or more",
            f"Plans ending in the period after more than {TWO_YEARS_IN_DAYS} days, counting the "
            "first and last days. Source: DfE LAIT CPPlans2yrs (table D7).",
        ),
        (
            "Plans open on the last day",
            "Plans started by the period's last day and not ended on or before it (DfE table D5, "
            "children on a plan at 31 March).",
        ),
        (
            "Reviews within timescales",
            "Of the plans that ended in the period or were open at its end and had lasted 3 "
            "months, those whose every review due was held on time: the first within 3 months of "
            "the start, then at most 6 months apart (Working Together to Safeguard Children; "
            "former NI 67).",
        ),
        (
            "Conferences within 15 working days",
            "Initial child protection conferences held in the period within 15 working days of "
            "the start of the section 47 enquiry that led to them; working days exclude England "
            "and Wales bank holidays (gov.uk list, via the maintained holidays package). Source: "
            "Working Together; LAIT CP_conf_15days.",
        ),
        (
            "Factors at assessment",
            "FactorsIdentifiedAtAssessment of the assessments in the plan's CIN episode that "
            "started on or before the plan (DfE, Characteristics of children in need, table A3), "
            "grouped into themes.",
        ),
        (
            "Age band",
            "Completed years at the start of the plan; unborn when the plan started before the "
            "birth (DfE table D4).",
        ),
    ]
    differences = [
        "The council's figures for every year are computed from all the returns loaded "
        "together: where a plan was reported more than once, the latest recorded value of "
        "each item counts, and a blank in a later return never removes a value recorded "
        "earlier. DfE published each year from that year's return as then submitted; that "
        "figure is shown beside ours as 'as returned to DfE'. They differ when a later return "
        "corrected a plan's dates or its number of previous plans, or reported a plan late. "
        "Differences from the published figures are listed under Data quality.",
        "A part-year (year to date) figure is not a DfE figure; DfE publishes whole years only, "
        "so a year to date is never judged against England's or the neighbours' figures for "
        "another period.",
        "Beside DfE's rule, the report also counts plans for children with an earlier plan in "
        "the returns loaded, whatever the return recorded as their number of previous plans; "
        "these are reported, never added to the headline.",
        "Statistical neighbours are the DfE list named under Diagram 1 for every year; DfE's "
        "own tools used the list current at the time.",
    ]
    reading = (
        "A lower figure is not always better. Children who need a second plan must get one: a "
        "low figure can mean that risk returning to a child is not being recognised, and a "
        "rise can follow better practice. The figure is a prompt for questions (how soon after "
        "the last plan, why, what was different this time), not a verdict; the audit of the "
        "children's cases answers them."
    )
    if inputs.publish:
        privacy = (
            "Published mode: "
            + DISCLOSURE_SOURCE
            + ". Here: counts from 1 to 5 are shown as c; where parts and their total are shown "
            "together, another part is also hidden so that none can be worked out by "
            "subtraction; percentages and intervals are hidden when their count is. No child "
            "is identified."
        )
    else:
        privacy = (
            "Restricted mode: no number is suppressed and children are identified by their "
            "LAchildID. OFFICIAL-SENSITIVE: for officers with a need to know; do not publish."
        )
    attribution = (
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Source: Department for Education, Children in need statistics and the Children's "
        "services statistical neighbour benchmarking tool."
    )
    return Section(
        "method",
        "Method and sources",
        [
            Definitions("definitions", "Definitions", definitions),
            Heading("Reading the figure"),
            Paragraph(reading),
            Heading("What this report counts differently from DfE"),
            Bullets(differences),
            Paragraph(privacy),
            Paragraph(attribution),
        ],
    )


#: The report, in order. Add a builder here to add a section.
SECTION_BUILDERS: list[Callable[[ReportInputs], Section | None]] = [
    headline,
    trend,
    cohort,
    who,
    case_audit,  # only when a case audit is given
    what_changed,  # the change since a year earlier, and who may come back
    related,
    performance,  # only with assessments or an Annex A workbook
    authorisation,  # only when authorisation records are given
    quality,
    method,
]
