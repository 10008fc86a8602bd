"""Report section 6: what the data-quality checks found that affects these figures, in plain
words."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ...disclosure import SUPPRESSED
from ...periods import financial_year
from ...quality_codes import AFFECTS, FIGURE_FINDINGS, PROBLEMS
from ...stats import round_half_up
from .. import words as w
from ..inputs import ReportInputs
from ..model import Column, Notice, Paragraph, Section, Table
from .performance import sources_read


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
