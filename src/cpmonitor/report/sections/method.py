"""Report section 7: method and sources — each definition with its source, and what this
report counts differently from DfE."""

from __future__ import annotations

from ...disclosure import SOURCE as DISCLOSURE_SOURCE
from ...measures.registry import DEFINITIONS
from ..inputs import ReportInputs
from ..model import Bullets, Definitions, Heading, Paragraph, Section


def method(inputs: ReportInputs) -> Section:
    """Each definition with its source; what this report counts differently from DfE."""
    definitions = [(d.term, d.text) for d in DEFINITIONS]
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
