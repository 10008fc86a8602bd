"""Conference requests and their events: append-only, so no one can rewrite the record.

A :class:`ConferenceRequest` is written once, when the social worker confirms it, with the
history check as they saw it. Everything after that is a :class:`RequestEvent` (who, when,
what): a decision, a return for more information, the worker's answer, a withdrawal. A
decision is changed only by a new decision that references the one it replaces. Both tables
refuse updates and deletes in the model, the queryset and the database (triggers, migration
0002); they are not in the admin (children's records are seen only through pages that log
who viewed them).

Events are numbered per request (``seq`` 1, 2…, unique together): two Group Managers deciding
at once cannot both append the next event (see :mod:`.services`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cpmonitor.measures import authorisation as rule

from ..accounts.models import Team
from ..append_only import AppendOnlyModel


class CouncilRule(models.Model):
    """A council's authorisation rule: on or off, and how far back a previous plan counts.

    Councils without a row use the defaults: the rule is on, any previous plan counts
    (as the DfE repeat-plan measure does), conferences are checked from the first request.
    Each request records the rule as it applied, so a later change rewrites nothing.
    """

    la = models.CharField("LA", max_length=3, unique=True, help_text="3-digit DfE code")
    required = models.BooleanField(
        "Group Manager authorisation required",
        default=True,
        help_text="Untick to switch the rule off: requests are then recorded as not needing it",
    )
    lookback_years = models.PositiveSmallIntegerField(
        "Look-back (years)",
        null=True,
        blank=True,
        help_text="Count only plans open in this many years before the section 47 start. "
        "Leave blank to count any previous plan.",
    )
    in_force_from = models.DateField(
        null=True,
        blank=True,
        help_text="When the rule came in: conferences in the census returns from this date are "
        "checked for an authorisation. Blank: from the council's first request.",
    )

    class Meta:
        verbose_name = "conference authorisation rule"
        ordering = ["la"]

    def __str__(self) -> str:
        state = "on" if self.required else "off"
        back = (
            f"plans in the last {self.lookback_years} years" if self.lookback_years else "any plan"
        )
        return f"LA {self.la}: rule {state}, {back}"

    @classmethod
    def for_la(cls, la: str) -> CouncilRule:
        """The council's rule, or the default (unsaved) when none is set."""
        return cls.objects.filter(la=la).first() or cls(la=la)


class ConferenceRequest(AppendOnlyModel):
    """A social worker's request to convene an initial child protection conference."""

    la = models.CharField("LA", max_length=3)
    child_id = models.CharField("LAchildID", max_length=40, db_index=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="conference_requests")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conference_requests"
    )
    raised_by_name = models.CharField(max_length=150)
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    s47_start = models.DateField("Section 47 enquiry started")
    proposed_date = models.DateField("Proposed conference date")
    conference_due = models.DateField(help_text="15 working days after the section 47 start")
    reasons = models.TextField()
    what_changed = models.TextField(blank=True)
    # the history check as the worker saw and confirmed it
    child_in_returns = models.BooleanField()
    plans_on_record = models.PositiveSmallIntegerField()
    recorded_previous = models.PositiveSmallIntegerField(null=True)
    undated_plans = models.PositiveSmallIntegerField(default=0)
    counted_from_record = models.PositiveSmallIntegerField()
    other_plans = models.PositiveSmallIntegerField(default=0)
    other_plans_detail = models.TextField(blank=True)
    history_note = models.TextField(blank=True)
    previous_plans = models.PositiveSmallIntegerField(help_text="as confirmed by the worker")
    history_snapshot = models.JSONField()
    # the rule as it applied
    rule_required = models.BooleanField()
    lookback_years = models.PositiveSmallIntegerField(null=True)
    needs_authorisation = models.BooleanField()

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Conference request {self.pk}"


class RequestEvent(AppendOnlyModel):
    """One change of a request's state: who, when, what (and the decision it replaces)."""

    KINDS = [
        (rule.RAISED, "Raised: needs a Group Manager's authorisation"),
        (rule.NOT_REQUIRED, "Recorded: no authorisation needed"),
        (rule.AUTHORISED, "Authorised"),
        (rule.DECLINED, "Declined"),
        (rule.RETURNED, "Returned for more information"),
        (rule.INFORMATION_ADDED, "More information added"),
        (rule.WITHDRAWN, "Withdrawn"),
    ]

    request = models.ForeignKey(ConferenceRequest, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conference_events"
    )
    by_name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=KINDS)
    text = models.TextField(help_text="reasons, rationale or information, as written")
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    class Meta:
        ordering = ["request", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["request", "seq"], name="one_event_per_step")
        ]

    def __str__(self) -> str:
        return f"Request {self.request_id} event {self.seq}: {self.kind}"

    @property
    def is_decision(self) -> bool:
        return self.kind in rule.DECISIONS
