"""Report section 1, the summary: the year-to-date figure, what it is out of, its interval,
and the latest benchmarks."""

from __future__ import annotations

from .. import words as w
from ..inputs import ReportInputs
from ..model import KeyFigure, KeyFigures, Notice, Paragraph, Section
from .common import C, _cohort_counts, _interval, _percent


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
