"""Report section: Group Manager authorisation of conferences (only when records are given).

The 2016 report's conclusion (3.2) introduced the rule; this section shows how it is working:
requests by month, their outcomes, hours to decision, and conferences in the census returns
held for a child with a previous plan without a recorded authorisation. The figures are the
core's (:func:`cpmonitor.measures.authorisation.authorisation_oversight`, computed in
:func:`~.inputs.gather`); published mode suppresses small numbers here as everywhere
(:mod:`cpmonitor.disclosure`), and the children are listed only in the restricted report.
"""

from __future__ import annotations

from ...disclosure import Disclosure
from .. import words as w
from ..inputs import ReportInputs
from ..model import Column, KeyFigure, KeyFigures, Notice, Paragraph, Section, Table

#: Published counts per row, and how they add up (the parts of a total, then the total).
PARTS = (
    (("not_needing", "needing"), "requests"),
    (("authorised", "declined", "open", "withdrawn"), "needing"),
    (("without", "with"), "repeat"),
)
COUNTS = ("requests", "not_needing", "needing", "authorised", "declined", "open", "withdrawn")


def _cells(row: dict) -> dict:
    repeat, without = row["repeat_conferences"], row["without_authorisation"]
    return {
        **{k: row[k] for k in ("requests", "not_needing", "needing", "authorised", "declined")},
        "open": row["awaiting"] + row["returned"],
        "withdrawn": row["withdrawn"],
        "repeat": repeat,
        "without": without,
        "with": None if repeat is None else repeat - without,  # derivable, never shown
        "decided": row["decided"],
    }


def _disclosed(rows: dict[str, dict], policy: Disclosure) -> dict:
    """Every (row, cell) as it may be shown: rows add up within and down to the total."""
    cells = {(r, k): v for r, row in rows.items() for k, v in _cells(row).items() if k != "decided"}
    months = [r for r in rows if r != "total"]
    groups = [([(r, p) for p in parts], (r, total)) for r in rows for parts, total in PARTS] + [
        ([(m, k) for m in months], ("total", k)) for k in (*COUNTS, "repeat", "without", "with")
    ]
    return policy.counts(cells, groups)


def authorisation(inputs: ReportInputs) -> Section | None:
    """Requests, decisions and conferences without authorisation (needs records)."""
    result = inputs.authorisation
    if result is None:
        return None
    policy = inputs.disclosure
    rows = {m["month"].strftime("%b %Y"): m for m in result.months.to_dicts()}
    rows["total"] = result.totals
    shown = _disclosed(rows, policy)

    def hours(key: str, label: str):
        decided = policy.count(rows[key]["decided"])
        return Disclosure.derived(rows[key][label], decided)

    table_rows = [
        [
            "Total" if key == "total" else key,
            *(shown[(key, k)] for k in COUNTS),
            hours(key, "median_hours"),
            hours(key, "p90_hours"),
            shown[(key, "repeat")],
            shown[(key, "without")],
        ]
        for key in rows
    ]
    t = {k: shown[("total", k)] for k in (*COUNTS, "repeat", "without")}
    when = w.period_span(inputs.period)
    blocks: list = [
        KeyFigures(
            [
                KeyFigure("Requests to convene a conference", w.count(t["requests"]), when),
                KeyFigure(
                    "Needed a Group Manager's authorisation",
                    w.count(t["needing"]),
                    "the child had had a plan before",
                ),
                KeyFigure(
                    "Median hours to decision",
                    w.number(hours("total", "median_hours")),
                    f"90th percentile {w.number(hours('total', 'p90_hours'))} hours",
                ),
                KeyFigure(
                    "Conferences without a recorded authorisation",
                    w.count(t["without"]),
                    f"of {w.count(t['repeat'])} for children with a previous plan",
                ),
            ]
        ),
        Paragraph(
            f"From {when}, social workers asked to convene {w.in_prose(t['requests'])} initial "
            f"child protection {'conference' if t['requests'] == 1 else 'conferences'}. "
            f"{w.sentence(w.in_prose(t['needing']))} were for a child who had had a child "
            "protection plan before, so a Group Manager had to authorise them: "
            f"{w.in_prose(t['authorised'])} authorised, {w.in_prose(t['declined'])} declined, "
            f"{w.in_prose(t['open'])} still open and {w.in_prose(t['withdrawn'])} withdrawn.",
            lead=True,
        ),
    ]
    if result.checked_to is not None:
        blocks.append(
            Paragraph(
                f"In the census returns, from {w.day(result.checked_from)} to "
                f"{w.day(result.checked_to)}, {w.in_prose(t['repeat'])} initial conferences were "
                "held for children who had had a plan before; "
                f"{w.in_prose(t['without'])} had no recorded authorisation."
            )
        )
    blocks += [Notice(note, "warning") for note in result.notes]
    blocks.append(
        Table(
            "authorisations",
            "Conference requests and Group Manager decisions, by month",
            [
                Column("Month", "text"),
                Column("Requests"),
                Column("Not needing authorisation"),
                Column("Needing authorisation"),
                Column("Authorised"),
                Column("Declined"),
                Column("Still open"),
                Column("Withdrawn"),
                Column("Median hours to decision", "number"),
                Column("90th percentile hours", "number"),
                Column("Conferences, child with a previous plan"),
                Column("Without a recorded authorisation"),
            ],
            table_rows,
            notes=[
                "Requests are counted in the month they were raised, with their outcome now; "
                "conferences in the month they were held (DateOfInitialCPC, or the plan's start "
                "when no conference date is recorded); – where the returns loaded do not cover "
                "the month or the rule was not yet in force. Hours run from the request to its "
                "first authorise or decline; percentiles by linear interpolation.",
                "Rule: "
                + (
                    f"plans open in the {result.lookback_years} years before the enquiry count"
                    if result.lookback_years
                    else "any previous plan counts"
                )
                + ". A conference is authorised when a request for the child, with a section "
                "47 enquiry started up to three months before, was authorised by the day it was "
                "held.",
            ],
            total_row=True,
        )
    )
    if not inputs.publish and result.unauthorised.height:
        blocks.append(
            Table(
                "unauthorised_conferences",
                "Conferences held without a recorded authorisation (OFFICIAL-SENSITIVE)",
                [
                    Column("LAchildID", "text"),
                    Column("Conference", "date"),
                    Column("Recorded as", "text"),
                    Column("Previous plans in the returns"),
                    Column("NumberOfPreviousCPP", "number"),
                ],
                [
                    [
                        r["child_id"],
                        r["conference_date"],
                        r["source"],
                        r["previous_in_returns"],
                        r["recorded_previous"],
                    ]
                    for r in result.unauthorised.iter_rows(named=True)
                ],
                notes=["Restricted: identifies children. Do not publish or forward."],
            )
        )
    return Section("authorisation", "Group Manager authorisation of conferences", blocks)
