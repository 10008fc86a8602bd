"""Report section 7: method and sources — each definition with its source, and what this
report counts differently from DfE."""

from __future__ import annotations

from ...disclosure import SOURCE as DISCLOSURE_SOURCE
from ...measures.repeat import TWO_YEARS_IN_DAYS
from ..inputs import ReportInputs
from ..model import (
    Bullets,
    Definitions,
    Heading,
    Paragraph,
    Section,
)


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
