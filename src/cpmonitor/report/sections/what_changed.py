"""The report's "What changed" section, in plain words for councillors.

1. The repeat figure against the same period a year earlier, whether the change is more than
   chance would give (Fisher's exact test), and how much of it came from the mix of plans
   changing and how much from the repeat rate within groups changing (Kitagawa), by category
   of abuse, age band and gap since the previous plan
   (:func:`cpmonitor.measures.change.what_changed`). A change within chance is said to be
   so, and no group is named as its cause.
2. Who may come back: the chance of a new plan within 6, 12 and 24 months of a plan ending,
   for the plans that ended in each recent year beside earlier ones
   (:func:`cpmonitor.measures.risk.replan_risk`, Kaplan–Meier).

The figures come from :mod:`..change_inputs` (gathered once); published mode suppresses small
numbers (:mod:`cpmonitor.disclosure`): a group's percentages and parts are hidden when any of
its counts is, and a percentage of the re-plan curve when the new plans behind it, or the plans
ended, number 1 to 5. The published chart is drawn through the table's figures only.
"""

from __future__ import annotations

import math

from ...disclosure import SUPPRESSED, Disclosure, is_small
from ...measures.change import GROUPING_NAMES, Change, Decomposition, round_points
from ...measures.risk import HORIZONS, ReplanRisk
from .. import words as w
from ..change_inputs import ChangeInputs
from ..inputs import ReportInputs
from ..model import Chart, Column, Heading, Notice, Paragraph, Section, Table

TITLE = "What changed, and who may come back"
#: plural nouns for the groups of each grouping, in sentences
GROUP_NOUNS = {
    "category": "categories of abuse",
    "age_band": "age bands",
    "gap": "gaps since the previous plan",
}
DAYS_PER_MONTH = 365.25 / 12


def what_changed(inputs: ReportInputs) -> Section | None:
    """The change since a year earlier and the re-plan curves; ``None`` without inputs."""
    ci: ChangeInputs | None = getattr(inputs, "what_changed", None)
    if ci is None:
        return None
    blocks = _change_blocks(inputs, ci) + _replan_blocks(inputs, ci)
    return Section("what_changed", TITLE, blocks)


# --------------------------------------------------------------------------- the change


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3g}"


def _minus(text: str) -> str:
    return text.replace("-", "−")


def _signed(points: float) -> str:
    return _minus(f"{points:+.1f}")


def _change_blocks(inputs: ReportInputs, ci: ChangeInputs) -> list:
    c = ci.change
    now, before = w.period_name(inputs.period), w.period_name(ci.before)
    if c is None:
        return [
            Paragraph(
                f"The returns loaded do not go back to {w.period_span(ci.before)}, so the "
                f"figure for {now} cannot be set beside the same period a year earlier.",
                lead=True,
            )
        ]
    policy = inputs.disclosure
    shown = policy.counts(
        {
            "n1": c.started_before,
            "r1": c.repeat_before,
            "f1": c.started_before - c.repeat_before,
            "n2": c.started_now,
            "r2": c.repeat_now,
            "f2": c.started_now - c.repeat_now,
        },
        [(["r1", "f1"], "n1"), (["r2", "f2"], "n2")],
    )
    s = c.significance
    if c.points is None or s is None:
        return [
            Paragraph(
                f"No child protection plan started in {before if not c.started_before else now}"
                ", so there is no change to describe.",
                lead=True,
            )
        ]
    hidden = any(v == SUPPRESSED for v in shown.values())
    chance = (
        f"Fisher's exact test, {_p(s.p_value)}; 95% interval of the change "
        f"{_minus(w.number(s.low))} to {_minus(w.number(s.high))} points"
    )
    if hidden:
        blocks: list = [
            Paragraph(
                f"Too few plans started in {before} or {now} to publish the comparison "
                "(numbers from 1 to 5 are not shown). "
                + (
                    "A change on so few plans is within what chance alone would give."
                    if not s.more_than_chance
                    else "The change is larger than chance alone would usually give."
                ),
                lead=True,
            )
        ]
        return blocks
    points = round_points(c.points)
    direction = "rise" if points > 0 else "fall" if points < 0 else "change"
    size = f"{abs(points):.1f}-point {direction}" if points else "no change"
    lead = (
        f"{w.pct(c.percent_now)} of the plans starting in {now} were repeat plans, against "
        f"{w.pct(c.percent_before)} in {before}: " + (f"a {size}." if points else "no change.")
    )
    if s.more_than_chance:
        verdict = (
            f"A {direction} this size is larger than chance alone would usually give ({chance})."
        )
    else:
        verdict = (
            f"A {direction} this size is within what chance alone would give ({chance}): with "
            f"{w.count(c.started_now)} plans in {now} and {w.count(c.started_before)} in "
            f"{before}, the figure moves this much from one year to the next without anything "
            "having changed, so it should not be read as a change in practice."
        )
    blocks = [Paragraph(lead, lead=True), Paragraph(verdict)]
    if not points:
        return blocks
    sentences, tables = [], []
    for by, d in c.decompositions.items():
        rows, largest = _decomposition_rows(d, policy, points)
        sentences.append(_parts_sentence(by, d, points, direction))
        if s.more_than_chance and largest is not None:
            sentences[-1] += " " + _largest_sentence(largest, c)
        tables.append(_decomposition_table(by, d, rows, c, before, now, first=not tables))
    if not s.more_than_chance:
        blocks.append(
            Notice(
                "Because the change is within chance, the parts below are shown for "
                "completeness only: they do not say what caused it.",
                "inset",
            )
        )
    blocks.append(
        Paragraph(
            "Where the change came from: part of it is the mix of plans changing (more or "
            "fewer plans in groups that are more often repeat plans), part is the repeat rate "
            "within each group changing. The two parts add up to the change."
        )
    )
    blocks += [Paragraph(text) for text in sentences]
    blocks += tables
    return blocks


def _parts_sentence(by: str, d: Decomposition, points: float, direction: str) -> str:
    mix = round_points(d.mix)
    rate = round(points - mix, 1)  # rounded so that the parts add up to the change shown
    noun = GROUP_NOUNS.get(by, "groups")
    name = GROUPING_NAMES.get(by, by)
    if (mix >= 0) == (points > 0) and (rate >= 0) == (points > 0):
        return (
            f"By {name}: of the {abs(points):.1f}-point {direction}, {abs(mix):.1f} points "
            f"came from the mix of plans between the {noun} changing and {abs(rate):.1f} from the "
            "repeat rate within them changing."
        )
    return (
        f"By {name}: the {abs(points):.1f}-point {direction} is {_signed(mix)} points from "
        f"the mix of plans between the {noun} changing and {_signed(rate)} from the repeat "
        "rate within them changing."
    )


def _largest_sentence(g, c: Change) -> str:
    share1 = 100 * g.started_before / c.started_before
    share2 = 100 * g.started_now / c.started_now
    return (
        f"The largest single part, {_signed(round_points(g.total))} points, came from {g.label}: "
        f"{w.number(share1)}% of plans in the earlier period and {w.number(share2)}% now, "
        f"{w.pct(g.percent_before)} of them repeat plans then and {w.pct(g.percent_now)} now."
    )


def _decomposition_rows(d: Decomposition, policy: Disclosure, points: float):
    """Table rows with suppression, and the largest group's part when no group's is hidden
    (otherwise the largest might be a hidden one: ``None``). The total row's rate is the
    change less the mix, as in the sentences, so that the total row adds up."""
    groups = [
        g for g in d.groups if g.started_before or g.started_now
    ]  # groups with no plan in either period are left out
    keys = [g.group for g in groups]
    cells = {}
    for g in groups:
        cells.update(
            {
                (g.group, "n1"): g.started_before,
                (g.group, "r1"): g.repeat_before,
                (g.group, "f1"): g.started_before - g.repeat_before,
                (g.group, "n2"): g.started_now,
                (g.group, "r2"): g.repeat_now,
                (g.group, "f2"): g.started_now - g.repeat_now,
            }
        )
    for k in ("n1", "r1", "f1", "n2", "r2", "f2"):
        cells[("Total", k)] = sum(cells[(g, k)] for g in keys)
    spans = [
        ([(r, p) for p in parts], (r, total))
        for r in [*keys, "Total"]
        for parts, total in ((("r1", "f1"), "n1"), (("r2", "f2"), "n2"))
    ]
    spans += [([(g, k) for g in keys], ("Total", k)) for k in ("n1", "r1", "f1", "n2", "r2", "f2")]
    shown = policy.counts(cells, spans)

    def row_hidden(key) -> bool:
        return any(shown[(key, k)] == SUPPRESSED for k in ("n1", "r1", "f1", "n2", "r2", "f2"))

    hidden = {g.group for g in groups if row_hidden(g.group)}
    if len(hidden) == 1:  # the parts add up: one hidden row would be the total minus the rest
        others = [g for g in groups if g.group not in hidden]
        if others:
            hidden.add(min(others, key=lambda g: g.started_before + g.started_now).group)
    rows = []
    for g in groups:
        h = g.group in hidden
        rows.append(
            [
                g.label,
                shown[(g.group, "n1")],
                shown[(g.group, "r1")],
                Disclosure.derived(
                    g.percent_before, shown[(g.group, "n1")], shown[(g.group, "r1")]
                ),
                shown[(g.group, "n2")],
                shown[(g.group, "r2")],
                Disclosure.derived(g.percent_now, shown[(g.group, "n2")], shown[(g.group, "r2")]),
                SUPPRESSED if h else round_points(g.mix),
                SUPPRESSED if h else round_points(g.rate),
            ]
        )
    rows.append(
        [
            "Total",
            shown[("Total", "n1")],
            shown[("Total", "r1")],
            None,
            shown[("Total", "n2")],
            shown[("Total", "r2")],
            None,
            round_points(d.mix),
            round(points - round_points(d.mix), 1),
        ]
    )
    largest = None if hidden else max(groups, key=lambda g: abs(g.total), default=None)
    return rows, largest


def _decomposition_table(by, d, rows, c: Change, before: str, now: str, first: bool) -> Table:
    total = rows[-1]
    total[3], total[6] = c.percent_before, c.percent_now
    return Table(
        f"change_{by}",
        f"What changed by {GROUPING_NAMES.get(by, by)}: {before} and {now}",
        [
            Column(GROUPING_NAMES.get(by, by).capitalize(), "text"),
            Column(f"Plans started {before}"),
            Column(f"Repeat plans {before}"),
            Column(f"Repeat % {before}", "percent"),
            Column(f"Plans started {now}"),
            Column(f"Repeat plans {now}"),
            Column(f"Repeat % {now}", "percent"),
            Column("Mix (points)", "number"),
            Column("Rate (points)", "number"),
        ],
        rows,
        notes=[
            "Mix: the part of the change from the share of plans in each group changing; rate: "
            "the part from the repeat rate within each group changing (Kitagawa's "
            "decomposition, 1955). Exactly, they add up to the change; rounded to one decimal "
            "place they may differ from it by 0.1. A group with no plans in one period counts "
            "wholly as mix.",
        ],
        total_row=True,
        detail=not first,
    )


# --------------------------------------------------------------------------- who comes back


def _point_shown(risk: ReplanRisk, months: int, policy: Disclosure):
    point = risk.point(months)
    if point.probability is None:
        return None, None
    if policy.publish and (is_small(risk.plans_ended) or is_small(point.new_plans)):
        return SUPPRESSED, SUPPRESSED
    return point.probability, (point.low, point.high)


def _replan_blocks(inputs: ReportInputs, ci: ChangeInputs) -> list:
    if not ci.cohorts:
        return []
    policy = inputs.disclosure
    rows, series, alt_parts = [], {}, []
    for period, risk in ci.cohorts:
        label = w.period_name(period)
        row: list = [label, policy.count(risk.plans_ended)]
        points: list[tuple[float, float]] = []
        described = []
        for months, _ in HORIZONS:
            value, interval = _point_shown(risk, months, policy)
            row += [value, interval]
            if isinstance(value, float):
                points.append((months, value))
                described.append(f"{w.pct(value)} within {months} months")
        rows.append(row)
        if policy.publish:
            if points and risk.steps and risk.steps[0][1] == 0:
                points.insert(0, (0.0, 0.0))
            curve = points
        else:
            curve = [(day / DAYS_PER_MONTH, pct) for day, pct in risk.steps]
        if curve:
            series[f"Ended {label}"] = curve
        alt_parts.append(
            f"Plans ended {label}: " + (", ".join(described) if described else "no figure shown")
        )
    blocks: list = [
        Heading("Who may come back: new plans after a plan ends"),
        Paragraph(
            "For the plans that ended in each year, the estimated chance that the child needed "
            "another child protection plan within 6, 12 and 24 months of the plan ending "
            f"(Kaplan–Meier estimate, followed to {w.day(ci.followed_to)}; a child is no "
            "longer followed from their 18th birthday). Plans that ended recently have been "
            "followed for less time, so their later figures are not known yet (–). Lower is "
            "better: the change made while the child was on a plan lasted."
        ),
    ]
    if series:
        blocks.append(
            Chart(
                "replan-chart",
                "New plans after a plan ended, by the year it ended",
                "Line chart of the estimated percentage of plans followed by a new plan, by "
                "months since the plan ended, one line for each year the plans ended. "
                + "; ".join(alt_parts)
                + ". The figures are in the table below it.",
                "replan_chart",
                {"series": series, "steps": not policy.publish},
                table="replan",
            )
        )
    blocks.append(
        Table(
            "replan",
            "Plans followed by a new plan within 6, 12 and 24 months of ending",
            [
                Column("Plans ended in", "text"),
                Column("Plans ended"),
                Column("Within 6 months %", "percent"),
                Column("95% interval", "interval"),
                Column("Within 12 months %", "percent"),
                Column("95% interval", "interval"),
                Column("Within 24 months %", "percent"),
                Column("95% interval", "interval"),
            ],
            rows,
            notes=[
                "Kaplan–Meier estimate (1958) of the probability of a new plan for the same "
                "child, read at 182, 365 and 730 days after the plan's end date; only the first "
                "later plan counts. Follow-up stops at the latest census reference date loaded "
                "or the child's 18th birthday. 95% intervals: Greenwood's variance on the "
                "log(−log) scale. – : no plan followed that long.",
            ],
        )
    )
    story = _replan_story(ci, policy)
    if story:
        blocks.append(Paragraph(story))
    return blocks


def _replan_story(ci: ChangeInputs, policy: Disclosure) -> str:
    """Earliest against latest cohort at 12 months (or 6), with 'may be chance' wording."""
    for months in (12, 6):
        known = []
        for period, risk in ci.cohorts:
            value, interval = _point_shown(risk, months, policy)
            if isinstance(value, float):
                known.append((w.period_name(period), value, interval))
        if len(known) >= 2:
            (l1, v1, i1), (l2, v2, i2) = known[0], known[-1]
            overlap = i1[0] <= i2[1] and i2[0] <= i1[1]
            verb = "fewer" if v2 < v1 else "more" if v2 > v1 else "as many"
            text = (
                f"Within {months} months of the plan ending, {w.pct(v2)} of plans that ended "
                f"in {l2} were followed by a new plan, against {w.pct(v1)} of those that ended "
                f"in {l1}."
            )
            if math.isclose(v1, v2):
                return text
            if overlap:
                return text + (
                    " The 95% intervals overlap, so the difference may be chance rather than "
                    "a change in how lasting the work with families is."
                )
            return text + f" The intervals do not overlap: {verb} children came back."
    return ""
