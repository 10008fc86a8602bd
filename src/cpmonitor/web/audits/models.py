"""Case audits: the plan, its family cases and their children, and versioned findings.

Findings and the audit's key learning are append-only (:class:`AppendOnlyModel`, as the
access log): a change is a new version with who and when; nothing is edited in place or
deleted (the models, their querysets and database triggers refuse it: migration 0002). The
plan, the cases and who is in them may be corrected until findings are recorded against them
(:mod:`.services` enforces when). Children are linked by their stored
:class:`~cpmonitor.web.store.models.ChildRef`, so their timelines open (and are logged) as
everywhere else. None of this is in the admin: children's records are seen only in pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cpmonitor.measures.audits import GRADES
from cpmonitor.periods import Period

from ..append_only import AppendOnlyModel
from ..store.models import ChildRef


class Audit(models.Model):
    """One audit as planned: its council, title, scope, the cohort period and the date."""

    la = models.CharField("LA", max_length=3)
    title = models.CharField(max_length=200)
    scope = models.CharField(max_length=300, blank=True)
    period_start = models.DateField(help_text="first day of the repeat plans looked at")
    period_end = models.DateField(help_text="last day of the repeat plans looked at")
    audit_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-audit_date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


class AuditCase(models.Model):
    """A family: one or more children audited together. Numbered 1, 2… within its audit."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField()
    label = models.CharField(
        max_length=100, blank=True, help_text="for the auditors, without names: e.g. Family A"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="one_case_number_per_audit")
        ]

    def __str__(self) -> str:
        return f"Case {self.number}" + (f": {self.label}" if self.label else "")


class AuditChild(models.Model):
    """A child in a family case. ``plan_start``: the repeat plan that brought them in from the
    cohort; ``None`` for a child added by LAchildID (e.g. a sibling on a first plan)."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="children")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(ChildRef, on_delete=models.PROTECT, related_name="+")
    plan_start = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "child"], name="one_case_per_child_per_audit")
        ]

    def __str__(self) -> str:
        return f"Child in {self.case}"


class Finding(AppendOnlyModel):
    """One version of what the auditor found in a case (the latest version counts).

    ``answers``: theme key -> answer (:data:`cpmonitor.measures.audits.THEMES`).
    """

    case = models.ForeignKey(AuditCase, on_delete=models.PROTECT, related_name="findings")
    version = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    judgement = models.CharField(max_length=20, blank=True, choices=GRADES)
    learning = models.TextField(blank=True)
    complete = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_finding_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.case} finding v{self.version}"


class KeyLearning(AppendOnlyModel):
    """One version of the audit's key learning: the text printed in reports (no names)."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="key_learning")
    version = models.PositiveIntegerField()
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["audit", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "version"], name="one_key_learning_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audit} key learning v{self.version}"
