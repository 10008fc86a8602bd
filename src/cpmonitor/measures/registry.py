"""The repeat-plan measures in one table: each one's name, label, DfE source and definition.

:data:`REPEAT_MEASURES` is read by every shell that names a measure: the command line labels
its table with :attr:`Measure.label`, the report's "Method and sources" section states
:data:`DEFINITIONS` in order, and :mod:`.repeat` counts the measures under these names
(:data:`MEASURES`, the order the CLI and JSON use). Light on purpose (no polars): the
command line reads it at start-up. The published comparators' own table is
:data:`cpmonitor.benchmarks.catalogue.MEASURES`.
"""

from __future__ import annotations

from dataclasses import dataclass

TWO_YEARS_IN_DAYS = 729  # DfE: "more than 729 calendar days including days of cessation"


@dataclass(frozen=True)
class Definition:
    """A term as the report defines it; ``text`` cites its source."""

    term: str
    text: str


@dataclass(frozen=True)
class Measure:
    """One repeat-plan measure: ``name`` is its column and JSON key."""

    name: str
    label: str  # as the command line's table shows it
    source: str
    definition: Definition | None = None


REPEAT_PLAN = Definition(
    "Repeat plan (second or subsequent plan)",
    "A child protection plan starting in the period whose NumberOfPreviousCPP is 1 or "
    "more. Percentage: repeat plans ÷ plans started × 100, rounded half up to one "
    "decimal place. Source: DfE, Characteristics of children in need, table D3; LAIT "
    "PrevRegCPR (a plan is counted each time one starts, so a child may count twice).",
)
INTERVAL = Definition(
    "95% interval",
    "Wilson score interval for a proportion (as OHID Fingertips uses for local "
    "figures): the range the underlying rate is likely to lie in, given the numbers.",
)
WITHIN_TWO_YEARS = Definition(
    "Within two years",
    "A repeat plan starting before the second anniversary of the latest end date among "
    "the child's earlier plans in the returns loaded (29 February's anniversary is 28 "
    "February). The question is the 2016 scrutiny report's; DfE publishes no such "
    "figure.",
)
NEIGHBOURS = Definition(
    "Statistical neighbours' mean; England",
    "As published by DfE (table D3): the neighbours' mean is the simple mean of their "
    "published percentages, over those with a figure that year, as LAIT averages. "
    "England's figure is as published (DfE computes it from unrounded counts).",
)
LASTED_TWO_YEARS = Definition(
    "Plans lasting 2 years or more",
    f"Plans ending in the period after more than {TWO_YEARS_IN_DAYS} days, counting the "
    "first and last days. Source: DfE LAIT CPPlans2yrs (table D7).",
)
OPEN_AT_END = Definition(
    "Plans open on the last day",
    "Plans started by the period's last day and not ended on or before it (DfE table D5, "
    "children on a plan at 31 March).",
)
REVIEWS = Definition(
    "Reviews within timescales",
    "Of the plans that ended in the period or were open at its end and had lasted 3 "
    "months, those whose every review due was held on time: the first within 3 months of "
    "the start, then at most 6 months apart (Working Together to Safeguard Children; "
    "former NI 67).",
)
CONFERENCES = Definition(
    "Conferences within 15 working days",
    "Initial child protection conferences held in the period within 15 working days of "
    "the start of the section 47 enquiry that led to them; working days exclude England "
    "and Wales bank holidays (gov.uk list, via the maintained holidays package). Source: "
    "Working Together; LAIT CP_conf_15days.",
)
FACTORS = Definition(
    "Factors at assessment",
    "FactorsIdentifiedAtAssessment of the assessments in the plan's CIN episode that "
    "started on or before the plan (DfE, Characteristics of children in need, table A3), "
    "grouped into themes.",
)
AGE_BAND = Definition(
    "Age band",
    "Completed years at the start of the plan; unborn when the plan started before the "
    "birth (DfE table D4).",
)

#: Every definition the report's method section states, in its order.
DEFINITIONS: tuple[Definition, ...] = (
    REPEAT_PLAN,
    INTERVAL,
    WITHIN_TWO_YEARS,
    NEIGHBOURS,
    LASTED_TWO_YEARS,
    OPEN_AT_END,
    REVIEWS,
    CONFERENCES,
    FACTORS,
    AGE_BAND,
)

_D3 = "DfE, Characteristics of children in need, table D3; LAIT PrevRegCPR"
_GAP = "The 2016 scrutiny report's question (DfE publishes no such figure)"

#: The repeat-plan measures, in the order and with the names the CLI and JSON use.
REPEAT_MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        Measure("plans_started", "Plans started", f"{_D3} (denominator)", REPEAT_PLAN),
        Measure(
            "repeat",
            "Second or subsequent plans (DfE: NumberOfPreviousCPP ≥ 1)",
            f"{_D3} (numerator)",
            REPEAT_PLAN,
        ),
        Measure("percent", "Repeat plans, % of plans started", _D3, REPEAT_PLAN),
        Measure(
            "repeat_by_record_or_history",
            "Repeat by the record or the loaded history",
            "Beside DfE's rule: an earlier plan in the returns loaded (not a DfE figure)",
        ),
        Measure(
            "within_two_years",
            "  of the repeats: within two years of the previous plan ending",
            _GAP,
            WITHIN_TWO_YEARS,
        ),
        Measure(
            "over_two_years", "  of the repeats: two years or more after", _GAP, WITHIN_TWO_YEARS
        ),
        Measure(
            "gap_unknown",
            "  of the repeats: no earlier plan end date on record",
            _GAP,
            WITHIN_TWO_YEARS,
        ),
        Measure(
            "children_started",
            "Children starting a plan",
            "Distinct LAchildID among the plans started (not a DfE figure)",
        ),
        Measure(
            "plans_ended",
            "Plans ended",
            "DfE LAIT CPPlans2yrs (table D7), plans ceasing in the year",
            LASTED_TWO_YEARS,
        ),
        Measure(
            "lasted_two_years_or_more",
            "  of those: lasted two years or more",
            "DfE LAIT CPPlans2yrs (table D7)",
            LASTED_TWO_YEARS,
        ),
        Measure(
            "open_at_end",
            "Plans open on the last day",
            "DfE table D5; LAIT CPP_Num (children on a plan at 31 March)",
            OPEN_AT_END,
        ),
    ]
}

#: The measures' names, in order (:func:`cpmonitor.measures.repeat.repeat_plan_table`'s columns).
MEASURES: tuple[str, ...] = tuple(REPEAT_MEASURES)
