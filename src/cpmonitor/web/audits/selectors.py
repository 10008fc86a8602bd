"""Case-audit reads: the cohort to pick from, the latest versions, the core's record.

- Cases come from the core's repeat cohort (:func:`cohort`, never re-computed here) or, for a
  family member not in it (a sibling on a first plan), by LAchildID from the stored returns.
- :func:`audit_record` gives the core's plain :class:`~cpmonitor.measures.audits.AuditRecord`
  (the latest finding of each case; no child identifier) and :func:`summary` its summary.
"""

from __future__ import annotations

import polars as pl

from cpmonitor.measures.audits import THEMES, AuditedCase, AuditRecord, AuditSummary, summarise
from cpmonitor.report.words import day

from ..store.selectors import repeat_cohort_for
from .models import Audit, AuditChild, Finding, KeyLearning


def cohort(audit: Audit) -> pl.DataFrame:
    """The core's repeat cohort for the audit's council and period, with each child's
    reference and the case (number) they are already in (null when none)."""
    frame = repeat_cohort_for(audit.la, audit.period)
    taken = pl.DataFrame(
        list(AuditChild.objects.filter(audit=audit).values_list("child__ref", "case__number")),
        schema={"ref": pl.Utf8, "case_number": pl.Int64},
        orient="row",
    )
    return frame.join(taken, on="ref", how="left")


def latest_findings(cases) -> dict[int, Finding]:
    """Case id -> its latest finding (cases without one are left out)."""
    out: dict[int, Finding] = {}
    for f in Finding.objects.filter(case__in=cases).order_by("case_id", "version"):
        out[f.case_id] = f
    return out


def latest_key_learning(audit: Audit) -> KeyLearning | None:
    return audit.key_learning.order_by("-version").first()


def has_findings(audit: Audit) -> bool:
    return Finding.objects.filter(case__audit=audit).exists()


def audit_record(audit: Audit) -> AuditRecord:
    """The audit as the core's plain data: each case's latest finding, children counted."""
    cases = list(audit.cases.order_by("number"))
    latest = latest_findings(cases)
    counts = {c.pk: c.children.count() for c in cases}
    keys = {t.key for t in THEMES}
    plain = []
    for case in cases:
        if counts[case.pk] == 0:
            continue  # an empty case is not yet a family; it cannot have a finding
        f = latest.get(case.pk)
        plain.append(
            AuditedCase(
                label=str(case),
                children=counts[case.pk],
                answers={k: v for k, v in (f.answers if f else {}).items() if k in keys},
                judgement=(f.judgement or None) if f else None,
                learning=f.learning if f else "",
                complete=bool(f and f.complete),
            )
        )
    learning = latest_key_learning(audit)
    return AuditRecord(
        title=audit.title,
        la=audit.la,
        scope=audit.scope,
        audit_date=audit.audit_date,
        period=audit.period,
        cases=tuple(plain),
        key_learning=learning.text if learning else "",
        themes=THEMES,
    )


def summary(audit: Audit) -> AuditSummary:
    """The core's summary of the audit (:func:`cpmonitor.measures.audits.summarise`)."""
    return summarise(audit_record(audit))


# ------------------------------------------------------------------ the reports page


def report_choice(las: list[str], la: str, posted: str | None = None) -> dict:
    """Template context for the reports page: the audits with a complete case (newest first)
    and the one chosen: ``posted`` (the audit sent with the form; ``None`` when the page is
    shown, not sent), by default the newest of the council shown."""
    options = [
        {
            "value": str(a.pk),
            "label": f"{a.title} (LA {a.la}, {day(a.audit_date)})",
            "la": a.la,
        }
        for a in Audit.objects.filter(la__in=las)
        if summary(a).cases > 0
    ]
    if posted is not None:
        chosen = posted
    else:
        chosen = next((o["value"] for o in options if o["la"] == la), "")
    return {"audit_options": options, "audit_chosen": chosen}


def for_report(value: str, la: str) -> AuditRecord | None:
    """The audit chosen on the reports page as the core's record; ``None`` when none is."""
    from cpmonitor.report import ReportError

    if not value:
        return None
    audit = Audit.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if audit is None:
        raise ReportError("That case audit is not there any more: choose another")
    if audit.la != la:
        raise ReportError(
            f"That case audit is of LA {audit.la}: choose council {audit.la}, or another audit"
        )
    return audit_record(audit)
