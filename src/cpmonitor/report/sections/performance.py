"""Report section: the performance dataset — assessments, conferences, reviews and visits.

The 2016 report names the performance dataset beside the repeat-plan figure: timeliness of
assessments, of initial conferences and of reviews, and statutory visits to children on a
plan. The figures are the core's (:mod:`cpmonitor.measures.performance`,
:mod:`cpmonitor.measures.timeliness`, computed in :func:`~.inputs.gather`) for the periods
of the related-measures table; visits need an Ofsted Annex A workbook extracted on a
period's last day, and their standard is the council's own (DfE sets none), said so
wherever it is shown. Published mode suppresses small numbers here as everywhere
(:mod:`cpmonitor.disclosure`); children and workers are named only in the restricted report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ...disclosure import Disclosure
from ...periods import financial_year
from .. import words as w
from ..inputs import ReportInputs
from ..model import Column, KeyFigure, KeyFigures, Notice, Paragraph, Section, Table


def _split(policy: Disclosure, total: int | None, part: int | None) -> tuple:
    """(total, part) as they may be shown, the rest hidden with them (no subtraction)."""
    if total is None or part is None:
        return total, part
    s = policy.counts({"all": total, "in": part, "out": total - part}, [(["in", "out"], "all")])
    return s["all"], s["in"]


def data_line(inputs: ReportInputs) -> str:
    """The report's "Data" line: the census returns, and the Annex A extract when loaded."""
    census = [r.reference_date for r in inputs.data.returns if r.la == inputs.la]
    annexes = [a.extract_date for a in inputs.data.annex_a if a.la == inputs.la]
    parts = [f"CIN census returns to {w.day(max(census))}"] if census else []
    if annexes:
        parts.append(f"Ofsted Annex A extracted {w.day(max(annexes))}")
    return "; ".join(parts)


def sources_read(inputs: ReportInputs) -> str:
    """What was read for the council: its census returns, and its Annex A workbooks."""
    returns = [r for r in inputs.data.returns if r.la == inputs.la]
    years = sorted({r.census_year for r in returns})
    if returns:
        text = (
            f"{len(returns)} census {w.plural(len(returns), 'return')} read for "
            f"{financial_year(years[0]).label} to {financial_year(years[-1]).label}; the "
            f"latest reference date is {w.day(max(r.reference_date for r in returns))}."
        )
    else:
        text = "No census return was read."
    for annex in sorted(
        (a for a in inputs.data.annex_a if a.la == inputs.la), key=lambda a: a.extract_date
    ):
        lists = ", ".join(
            f"List {n}"
            for key, n in (("child_protection", 7), ("assessments", 4), ("section47", 5))
            if key in annex.lists
        )
        text += (
            f" Ofsted Annex A {Path(annex.file).name} read ({lists}), extracted on "
            f"{w.day(annex.extract_date)}."
        )
    return text


def year_to_date_note(inputs: ReportInputs) -> str | None:
    """Diagram 1's note on where a part year comes from when Annex A covers it."""
    annexes = [a for a in inputs.data.annex_a if a.la == inputs.la]
    census = [r.reference_date for r in inputs.data.returns if r.la == inputs.la]
    if not annexes or (census and max(census) >= inputs.period.end):
        return None
    latest = max(annexes, key=lambda a: a.extract_date)
    return (
        f"{w.period_name(inputs.period)}: from the census returns joined with the council's "
        f"Ofsted Annex A workbook (List 7, child protection) extracted on "
        f"{w.day(latest.extract_date)} ({Path(latest.file).name}); the census does not reach "
        "that far."
    )


def performance(inputs: ReportInputs) -> Section | None:
    """Assessments in 45 working days, conferences in 15, reviews on time, visits, by period."""
    data = inputs.performance
    if data is None:
        return None
    if not data.has_visits and not any(a["completed"] for a in data.assessments.values()):
        return None
    policy = inputs.disclosure
    periods = inputs.related_periods
    rev = {r["period"]: r for r in inputs.reviews.iter_rows(named=True)}
    standard = data.standard
    census = [r.reference_date for r in inputs.data.returns if r.la == inputs.la]
    reach = max(census, default=None)
    lines: dict[str, list] = {
        k: [] for k in ("done", "in45", "pc45", "conf", "rev", "on", "vis", "vpc", "alone")
    }
    for p in periods:
        a = data.assessments[p.label]
        done, in45 = _split(policy, a["completed"], a["within_45_working_days"])
        lines["done"].append(done)
        lines["in45"].append(in45)
        lines["pc45"].append(Disclosure.derived(a["percent"], done, in45))
        c, r = data.conferences[p.label], rev[p.label]
        n, k = _split(policy, c["conferences"], c["within_15_working_days"])
        lines["conf"].append(Disclosure.derived(c["percent"], n, k))
        if reach is None or p.end > reach:  # reviews come from the census only
            lines["rev"].append(None)
        else:
            n, k = _split(policy, r["plans_reviewable"], r["reviewed_on_time"])
            lines["rev"].append(Disclosure.derived(r["percent"], n, k))
        v = data.visits[p.label]
        if v is None:
            for key in ("on", "vis", "vpc", "alone"):
                lines[key].append(None)
            continue
        on, vis = _split(policy, v["children_on_plan"], v["visited_within_standard"])
        lines["on"].append(on)
        lines["vis"].append(vis)
        lines["vpc"].append(Disclosure.derived(v["percent"], on, vis))
        lines["alone"].append(policy.count(v["seen_alone"]))
    spec = [
        ("Assessments completed (authorised)", "done"),
        ("of which within 45 working days of their start", "in45"),
        ("Assessments within 45 working days, %", "pc45"),
        ("Initial conferences within 15 working days, %", "conf"),
        ("Plans with every review on time, %", "rev"),
        ("Children on a plan on the last day (Annex A)", "on"),
        (f"of which visited within {standard} working days", "vis"),
        (f"Visited within {standard} working days (local standard), %", "vpc"),
        ("Seen alone at their last visit", "alone"),
    ]
    sources = sorted({a["source"].split(" (")[0] for a in data.assessments.values()})
    conf_sources = sorted({c["source"].split(" (")[0] for c in data.conferences.values()})
    table = Table(
        "performance",
        "Performance dataset, by period",
        [Column("Measure", "text"), *[Column(w.period_name(p), "number") for p in periods]],
        [[label, *lines[key]] for label, key in spec],
        notes=[
            "Assessments: authorised in the period, within 45 working days of their start "
            "(Working Together to Safeguard Children; DfE publishes England's figure), from "
            f"{' and '.join(sources)}. Initial conferences: within 15 working days of the "
            f"section 47 start (LAIT CP_conf_15days), from {' and '.join(conf_sources)}. "
            "Reviews as in the related measures, from the census returns only (– for a "
            "period they do not reach).",
            f"Visits: children on a plan on the period's last day whose last statutory visit "
            f"was no more than {standard} working days before it (England and Wales bank "
            "holidays excluded), from the Ofsted Annex A workbook extracted that day; – where "
            "no workbook was. The standard is the council's own: DfE sets none.",
        ],
    )
    blocks: list = []
    latest = data.visits_latest
    if latest is not None:
        on, vis = _split(policy, latest["children_on_plan"], latest["visited_within_standard"])
        pc = Disclosure.derived(latest["percent"], on, vis)
        alone = policy.count(latest["seen_alone"])
        when = w.day(date.fromisoformat(latest["as_at"]))
        blocks.append(
            KeyFigures(
                [
                    KeyFigure(f"Visited within {standard} working days", w.pct(pc), f"on {when}"),
                    KeyFigure("Children on a plan", w.count(on), f"on {when} (Annex A)"),
                    KeyFigure("Seen alone at their last visit", w.count(alone), ""),
                ]
            )
        )
        blocks.append(
            Paragraph(
                f"On {when}, {w.in_prose(on)} children were on a child protection plan; "
                f"{w.in_prose(vis)} ({w.pct(pc)}) had had a statutory visit in the "
                f"{standard} working days before, and {w.in_prose(alone)} were seen alone at "
                "their last visit.",
                lead=True,
            )
        )
        blocks.append(
            Notice(
                f"{standard} working days is a local standard: DfE sets no timescale for "
                "visits to children on a plan (Working Together: as often as the plan says).",
                "inset",
            )
        )
    blocks.append(table)
    if latest is not None:
        blocks.append(_teams(inputs, latest, policy))
        if not inputs.publish:
            blocks += _restricted(inputs, latest)
    return Section("performance", "Performance dataset", blocks)


def _teams(inputs: ReportInputs, latest: dict, policy: Disclosure) -> Table:
    rows = []
    for t in latest["by_team"]:
        on, vis = _split(policy, t["children_on_plan"], t["visited_within_standard"])
        rows.append(
            [
                t["team"],
                on,
                vis,
                Disclosure.derived(t["percent"], on, vis),
                policy.count(t["seen_alone"]),
            ]
        )
    return Table(
        "visits_by_team",
        f"Statutory visits by allocated team on {latest['as_at']}",
        [
            Column("Allocated team", "text"),
            Column("Children on a plan"),
            Column(f"Visited within {latest['standard_working_days']} working days"),
            Column("%", "percent"),
            Column("Seen alone"),
        ],
        rows,
        notes=["Teams as Annex A List 7 gives them (Allocated Team)."],
    )


def _restricted(inputs: ReportInputs, latest: dict) -> list:
    overdue = inputs.performance.overdue_latest if inputs.performance else None
    blocks: list = [
        Table(
            "visits_by_worker",
            f"Statutory visits by allocated worker on {latest['as_at']} (OFFICIAL-SENSITIVE)",
            [
                Column("Allocated team", "text"),
                Column("Allocated worker", "text"),
                Column("Children on a plan"),
                Column("Visited within standard"),
                Column("%", "percent"),
            ],
            [
                [
                    r["team"],
                    r["worker"],
                    r["children_on_plan"],
                    r["visited_within_standard"],
                    r["percent"],
                ]
                for r in latest.get("by_worker", [])
            ],
            notes=["Restricted: names staff. Do not publish or forward."],
            detail=True,
        )
    ]
    if overdue is not None and overdue.height:
        blocks.append(
            Table(
                "visits_overdue",
                f"Children on a plan whose visit is overdue on {latest['as_at']} (OFFICIAL-SENSITIVE)",
                [
                    Column("Allocated team", "text"),
                    Column("LAchildID", "text"),
                    Column("Allocated worker", "text"),
                    Column("Last statutory visit", "date"),
                    Column("Working days since"),
                ],
                [
                    [
                        r["team"],
                        r["child_id"],
                        r["worker"],
                        r["last_visit"],
                        r["working_days_since"],
                    ]
                    for r in overdue.iter_rows(named=True)
                ],
                notes=["Restricted: identifies children. Do not publish or forward."],
                detail=True,
            )
        )
    return blocks
