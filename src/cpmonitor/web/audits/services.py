"""Case-audit changes: every rule about what may change, in one place (the reads are in
:mod:`.selectors`).

- A child is in at most one case of an audit. Children may be added to a case until it is
  complete, and removed (or an empty case removed) until its first finding is recorded.
- Findings and key learning are new versions, numbered 1, 2… per case (per audit). A version
  is recorded only on top of the one the auditor saw (``based_on``): two auditors saving at
  once cannot overwrite each other, the second is told to look again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ..store.models import ChildRef
from .models import Audit, AuditCase, AuditChild, Finding, KeyLearning
from .selectors import has_findings, latest_findings, latest_key_learning


class NotAllowed(Exception):
    """A change the audit's rules refuse; the message is for the auditor."""


@dataclass(frozen=True)
class Pick:
    """A child chosen for a case: their reference and the repeat plan that brought them in."""

    ref: ChildRef
    plan_start: date | None = None


# ------------------------------------------------------------------ changing


def _check_children(audit: Audit, picks: list[Pick]) -> None:
    if not picks:
        raise NotAllowed("Choose at least one child")
    refs = [p.ref for p in picks]
    if len({r.pk for r in refs}) != len(refs):
        raise NotAllowed("A child was chosen twice: choose each child once")
    if any(r.la != audit.la for r in refs):
        raise NotAllowed(f"Every child must be in LA {audit.la}'s returns")
    taken = AuditChild.objects.filter(audit=audit, child__in=refs).select_related("case", "child")
    if (t := taken.first()) is not None:
        raise NotAllowed(f"{t.child.child_id} is already in case {t.case.number} of this audit")


def add_case(audit: Audit, picks: list[Pick], label: str, user) -> AuditCase:
    """A new family case with the chosen children, numbered after the audit's last case."""
    with transaction.atomic():
        Audit.objects.select_for_update().filter(pk=audit.pk).first()  # one numbering at a time
        _check_children(audit, picks)
        last = audit.cases.aggregate(n=Max("number"))["n"] or 0
        case = AuditCase.objects.create(
            audit=audit, number=last + 1, label=label.strip(), added_by=user
        )
        _add(case, picks, user)
    return case


def add_children(case: AuditCase, picks: list[Pick], user) -> None:
    """Add children to a case that is not complete."""
    with transaction.atomic():
        latest = latest_findings([case]).get(case.pk)
        if latest is not None and latest.complete:
            raise NotAllowed(
                "This case is complete: record a new version that is not complete before "
                "adding a child"
            )
        _check_children(case.audit, picks)
        _add(case, picks, user)


def _add(case: AuditCase, picks: list[Pick], user) -> None:
    try:
        with transaction.atomic():
            for p in picks:
                AuditChild.objects.create(
                    audit=case.audit, case=case, child=p.ref, plan_start=p.plan_start, added_by=user
                )
    except IntegrityError:
        raise NotAllowed(
            "One of these children was added to the audit just now: look again"
        ) from None


def remove_child(child: AuditChild) -> None:
    """Take a child out of a case that has no finding yet."""
    if child.case.findings.exists():
        raise NotAllowed(
            "Findings are recorded for this case, so its children cannot be removed: they are "
            "part of what was recorded"
        )
    child.delete()


def remove_case(case: AuditCase) -> None:
    """Remove a case that has no finding yet (its children go with it)."""
    if case.findings.exists():
        raise NotAllowed("Findings are recorded for this case, so it cannot be removed")
    case.delete()


def change_plan(audit: Audit, user, **fields) -> None:
    """Change the plan (title, scope, period, date) while no finding is recorded."""
    if has_findings(audit):
        raise NotAllowed("Findings are recorded in this audit, so its plan can no longer change")
    for name, value in fields.items():
        setattr(audit, name, value)
    audit.changed_by, audit.changed_at = user, timezone.now()
    audit.save()


def _next_version(latest, based_on: int, what: str) -> int:
    current = latest.version if latest is not None else 0
    if based_on != current:
        raise NotAllowed(
            f"Someone else recorded version {current} of this {what} while you were writing: "
            "read it, then record yours again"
        )
    return current + 1


def record_finding(
    case: AuditCase,
    based_on: int,
    user,
    answers: dict[str, str],
    judgement: str,
    learning: str,
    complete: bool,
) -> Finding:
    """Record a new version of the case's finding (the only way a finding changes)."""
    if not case.children.exists():
        raise NotAllowed("Add the family's children to this case before recording findings")
    try:
        with transaction.atomic():
            version = _next_version(latest_findings([case]).get(case.pk), based_on, "finding")
            return Finding.objects.create(
                case=case,
                version=version,
                answers=answers,
                judgement=judgement,
                learning=learning.strip(),
                complete=complete,
                recorded_by=user,
                recorded_by_name=user.get_username(),
            )
    except IntegrityError:
        raise NotAllowed(
            "Someone else recorded a version of this finding at the same moment: read it, "
            "then record yours again"
        ) from None


def record_key_learning(audit: Audit, based_on: int, user, text: str) -> KeyLearning:
    """Record a new version of the audit's key learning."""
    try:
        with transaction.atomic():
            version = _next_version(latest_key_learning(audit), based_on, "key learning")
            return KeyLearning.objects.create(
                audit=audit,
                version=version,
                text=text.strip(),
                recorded_by=user,
                recorded_by_name=user.get_username(),
            )
    except IntegrityError:
        raise NotAllowed(
            "Someone else recorded the key learning at the same moment: read it, then record "
            "yours again"
        ) from None
