"""The report's "Case audit" section: what a quality-assurance audit of repeat-plan families
found (the 2016 report's section 2), from :func:`cpmonitor.measures.audits.summarise`.

Shown only when audit data is given (``build_report(..., audit=record)``; the CLI's
``--audit FILE.json``; the web app's report page). Published mode applies
:mod:`cpmonitor.disclosure` to every count (an audit is small: with 8 cases, a theme is shown
only when it featured in none, or in every, case) and prints no case's own learning; no child
identifier is ever in the audit data.
"""

from __future__ import annotations

from ...disclosure import SUPPRESSED, Disclosure
from ...measures.audits import ANSWER_LABELS, NOT_RECORDED, YES, AuditSummary
from .. import words as w
from ..inputs import ReportInputs
from ..model import (
    Bullets,
    Column,
    Heading,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Table,
)

TITLE = "Case audit"


def case_audit(inputs: ReportInputs) -> Section | None:
    """The audit's scope, themes, judgements and key learning; ``None`` without audit data."""
    s: AuditSummary | None = inputs.audit
    if s is None:
        return None
    policy = inputs.disclosure
    cases, children = policy.count(s.cases), policy.count(s.children)
    blocks: list = [
        Paragraph(
            f"{s.title} ({w.day(s.audit_date)}): an audit of families whose child became "
            "subject to a child protection plan for a second or subsequent time. "
            f"It looked at {w.in_prose(cases, 'cases')} involving "
            f"{w.in_prose(children, 'children')}.",
            lead=True,
        ),
        Paragraph(
            (f"Scope: {s.scope.rstrip('.')}. " if s.scope.strip() else "")
            + "The families were chosen from the repeat plans starting "
            + f"{w.period_span(s.period)}; each case is a family, the children the auditor "
            + "looked at together."
        ),
    ]
    if s.cases_in_progress:
        n = policy.count(s.cases_in_progress)
        more = w.in_prose(n, "more cases") if n == SUPPRESSED else f"{n} more {w.plural(n, 'case')}"
        verb = "was" if n == 1 else "were"
        blocks.append(
            Notice(f"{w.sentence(more)} {verb} still being audited and not counted here.", "inset")
        )
    if s.cases == 0:
        blocks.append(
            Notice("No case in this audit is complete yet: nothing is counted.", "warning")
        )
        return Section("case_audit", TITLE, blocks)
    blocks.append(
        KeyFigures(
            [
                KeyFigure("Cases audited", w.count(cases), "families, complete"),
                KeyFigure("Children", w.count(children), "in those families"),
            ]
        )
    )
    everywhere = [t.label for t in s.in_every_case]
    if everywhere and cases != SUPPRESSED:
        names = theme_list(everywhere)
        blocks.append(
            Paragraph(
                f"{names} featured in the lives of all of the children "
                f"({w.plural(len(everywhere), 'it was', 'each was')} recorded in every case)."
            )
        )
    blocks.append(_featured(s, policy))
    if s.evidenced:
        blocks.append(_evidenced(s, policy))
    blocks.append(_judgements(s, policy))
    if s.key_learning:
        blocks.append(Heading("Key learning"))
        blocks += text_blocks(s.key_learning)
    if not inputs.publish and s.learning:
        blocks.append(
            Table(
                "case_audit_learning",
                "Learning from each case",
                [Column("Case", "text"), Column("Learning", "text")],
                [[label, text] for label, text in s.learning],
                notes=["Restricted: the auditors' own words about each family."],
            )
        )
    blocks.append(
        Paragraph(
            "How the audit is counted: only cases whose audit is complete count. A theme featured "
            "in a case when the auditor recorded it; its children are all the children of those "
            "cases. Shares are of the complete cases (or their children), rounded half up. "
            "Judgements use the four grades of Ofsted's framework for inspecting local authority "
            "children's services."
            + (" Counts from 1 to 5 are shown as c." if inputs.publish else "")
        )
    )
    return Section("case_audit", TITLE, blocks)


def _featured(s: AuditSummary, policy: Disclosure) -> Table:
    """Each theme: the cases it featured in and their children, with shares."""
    cells: dict = {"cases": s.cases, "children": s.children}
    groups = []
    for t in s.featured:
        k = t.theme.key
        cells[(k, "cases")] = t.cases[YES]
        cells[(k, "cases_other")] = s.cases - t.cases[YES]
        cells[(k, "children")] = t.children[YES]
        cells[(k, "children_other")] = s.children - t.children[YES]
        groups += [([(k, "cases"), (k, "cases_other")], "cases")]
        groups += [([(k, "children"), (k, "children_other")], "children")]
    shown = policy.counts(cells, groups)
    rows = []
    for t in s.featured:
        k = t.theme.key
        n_cases, n_children = shown[(k, "cases")], shown[(k, "children")]
        rows.append(
            [
                t.theme.label,
                n_cases,
                Disclosure.derived(t.case_share(), n_cases, shown["cases"]),
                n_children,
                Disclosure.derived(t.child_share(), n_children, shown["children"]),
            ]
        )
    return Table(
        "case_audit_themes",
        "What featured in the cases audited",
        [
            Column("Theme", "text"),
            Column("Cases"),
            Column("% of cases", "percent"),
            Column("Children"),
            Column("% of children", "percent"),
        ],
        rows,
        notes=[
            f"Of {w.count(shown['cases'])} complete cases involving {w.count(shown['children'])} "
            "children. A case may have several themes, so the rows do not add up."
        ],
    )


def _evidenced(s: AuditSummary, policy: Disclosure) -> Table:
    """What the records show: cases answered yes, partly, no, not applicable, not recorded."""
    answers = list(s.evidenced[0].theme.answers) + [NOT_RECORDED]
    cells: dict = {"cases": s.cases}
    groups = []
    for t in s.evidenced:
        for a in answers:
            cells[(t.theme.key, a)] = t.cases.get(a, 0)
        groups.append(([(t.theme.key, a) for a in answers], "cases"))
    shown = policy.counts(cells, groups)
    rows = [[t.theme.label, *(shown[(t.theme.key, a)] for a in answers)] for t in s.evidenced]
    return Table(
        "case_audit_records",
        "What the records show (cases)",
        [Column("Question", "text"), *(Column(ANSWER_LABELS[a]) for a in answers)],
        rows,
        notes=["Each row adds up to the complete cases."],
    )


def _judgements(s: AuditSummary, policy: Disclosure) -> Table:
    cells = {j.key: j.cases for j in s.judgements} | {"all": s.cases}
    shown = policy.counts(cells, [([j.key for j in s.judgements], "all")])
    rows = [
        [j.label, shown[j.key], Disclosure.derived(j.share, shown[j.key], shown["all"])]
        for j in s.judgements
    ]
    rows.append(["All complete cases", shown["all"], Disclosure.derived(100.0, shown["all"])])
    return Table(
        "case_audit_judgements",
        "Auditors' judgements",
        [Column("Judgement", "text"), Column("Cases"), Column("% of cases", "percent")],
        rows,
        total_row=True,
    )


def theme_list(labels: list[str]) -> str:
    """``Neglect``; ``Neglect and domestic abuse``; ``A, b and c`` (one phrase, in a sentence)."""
    if not labels:
        return ""
    items = [labels[0], *(x[:1].lower() + x[1:] for x in labels[1:])]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def text_blocks(text: str) -> list:
    """Paragraphs split at blank lines; lines starting "- " or "* " become bullets."""
    blocks: list = []
    for part in (p.strip() for p in text.replace("\r\n", "\n").split("\n\n")):
        if not part:
            continue
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if all(line[:2] in ("- ", "* ", "• ") for line in lines):
            blocks.append(Bullets([line[2:].strip() for line in lines]))
        else:
            blocks.append(Paragraph(" ".join(lines)))
    return blocks
