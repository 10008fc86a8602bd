"""Report section 2: the trend against statistical neighbours and England (Diagram 1)."""

from __future__ import annotations

from ...stats import round_half_up
from .. import words as w
from ..inputs import ReportInputs
from ..model import Chart, Column, Paragraph, Section, Table
from .common import _interval, _neighbours_sentence, _no_neighbours_notice, _percent, _period_counts
from .performance import year_to_date_note


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
