"""The conference request service: raise, decide, answer, withdraw (who sees what, the
history check and the oversight figures are reads: :mod:`.selectors`).

Every change appends one :class:`~.models.RequestEvent` inside a transaction that first locks
the request's row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` takes
the database's write lock). The caller says which event it saw last (``seen``); if another
has been appended since, :class:`RequestChanged` is raised and nothing is written, so of two
Group Managers deciding at once exactly one wins and the other is told. The unique
(request, seq) constraint backs this up should a lock ever be missed.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction

from cpmonitor.measures import authorisation as rule

from ..accounts.models import Team
from . import notify
from .models import ConferenceRequest, RequestEvent
from .selectors import check_history, managed_teams, state_of


class RequestChanged(Exception):
    """The request changed since the page was shown (``latest`` is the newer event)."""

    def __init__(self, latest: RequestEvent):
        super().__init__(f"request {latest.request_id} changed: event {latest.seq}")
        self.latest = latest


class NotAllowed(Exception):
    """This user may not make this change to this request (message for the user)."""


# ------------------------------------------------------------------ changes


def _event(
    request: ConferenceRequest, seq: int, user, kind: str, text: str, replaces=None, at=None
):
    return RequestEvent.objects.create(
        request=request,
        seq=seq,
        by=user,
        by_name=user.get_username(),
        kind=kind,
        text=text,
        replaces=replaces,
        **({} if at is None else {"at": at}),
    )


def raise_request(
    *,
    user,
    team: Team,
    child_id: str,
    s47_start: date,
    proposed_date: date,
    reasons: str,
    what_changed: str = "",
    other_plans: int = 0,
    other_plans_detail: str = "",
    history_note: str = "",
    link=None,
    at: datetime | None = None,
) -> ConferenceRequest:
    """Record a confirmed request; to the queue when any previous plan counts.

    The history is checked again here (the same check the worker confirmed). With the rule
    on, the request needs authorisation when the returns or the worker show a previous plan.
    ``link(request)`` gives the absolute address e-mailed to the Group Managers. ``at``: when
    it was raised, for a record of the past (the demo's history; no page offers it): no
    e-mail is sent for it.
    """
    if not team.members.filter(pk=user.pk).exists():
        raise NotAllowed("You are not a member of that team")
    check = check_history(team.la, child_id, s47_start)
    counted = check.result.counted
    previous = counted + other_plans
    needs = check.rule.required and previous > 0
    with transaction.atomic():
        request = ConferenceRequest.objects.create(
            la=team.la,
            child_id=child_id,
            team=team,
            raised_by=user,
            raised_by_name=user.get_username(),
            s47_start=s47_start,
            proposed_date=proposed_date,
            conference_due=rule.conference_due(s47_start),
            **({} if at is None else {"raised_at": at}),
            reasons=reasons,
            what_changed=what_changed,
            child_in_returns=check.result.child_in_returns,
            plans_on_record=check.result.plans_on_record,
            recorded_previous=check.result.recorded_previous,
            undated_plans=check.result.undated_plans,
            counted_from_record=counted,
            other_plans=other_plans,
            other_plans_detail=other_plans_detail,
            history_note=history_note,
            previous_plans=previous,
            history_snapshot=check.result.as_dict(),
            rule_required=check.rule.required,
            lookback_years=check.rule.lookback_years,
            needs_authorisation=needs,
        )
        if needs:
            _event(request, 1, user, rule.RAISED, reasons, at=at)
            if at is None:
                transaction.on_commit(lambda: notify.needs_decision(request, link, first=True))
        else:
            why = (
                "The council's authorisation rule is switched off"
                if not check.rule.required
                else "No previous child protection plan"
            )
            _event(request, 1, user, rule.NOT_REQUIRED, why, at=at)
    return request


def _locked(request_id: int) -> tuple[ConferenceRequest, RequestEvent]:
    """The request, its row locked until the transaction ends, and its latest event."""
    request = ConferenceRequest.objects.select_for_update().get(pk=request_id)
    latest = RequestEvent.objects.filter(request=request).order_by("-seq").first()
    return request, latest


def _append(request, latest, seen: int, user, kind: str, text: str, replaces=None, at=None):
    if latest.seq != seen:
        raise RequestChanged(latest)
    try:
        with transaction.atomic():
            return _event(request, latest.seq + 1, user, kind, text, replaces, at)
    except IntegrityError:
        latest = RequestEvent.objects.filter(request=request).order_by("-seq").first()
        raise RequestChanged(latest) from None


def may_decide(user, request: ConferenceRequest) -> bool:
    """A Group Manager of the request's team, who did not raise it."""
    return (
        request.raised_by_id != user.pk and managed_teams(user).filter(pk=request.team_id).exists()
    )


def decide(*, request_id: int, user, outcome: str, rationale: str, seen: int, link=None, at=None):
    """A Group Manager's decision (authorise, decline, return), always with a rationale.

    When the latest event is itself a decision (a request already decided, or returned and
    not yet answered), the new decision changes it and references it; nothing is edited.
    ``at``: when it was made, for a record of the past (as in :func:`raise_request`).
    """
    if outcome not in rule.DECISIONS:
        raise NotAllowed("Choose authorise, decline or return for more information")
    if not rationale.strip():
        raise NotAllowed("Write the rationale for the decision")
    with transaction.atomic():
        request, latest = _locked(request_id)
        if not may_decide(user, request):
            raise NotAllowed("Only a Group Manager of the team, not the requester, decides")
        if latest.seq != seen:
            raise RequestChanged(latest)
        state = state_of(latest.kind)
        if state in (rule.NOT_REQUIRED, rule.WITHDRAWN):
            raise NotAllowed("This request is not waiting for a decision")
        if state == outcome:
            raise NotAllowed("That is already the decision: choose a different one to change it")
        replaces = latest if latest.kind in rule.DECISIONS else None
        event = _append(request, latest, seen, user, outcome, rationale.strip(), replaces, at)
        if at is None:
            transaction.on_commit(lambda: notify.decided(request, event, link))
    return event


def add_information(*, request_id: int, user, text: str, seen: int, link=None):
    """The worker answers a return for more information: the request goes back to the queue."""
    if not text.strip():
        raise NotAllowed("Write the information the Group Manager asked for")
    with transaction.atomic():
        request, latest = _locked(request_id)
        if request.raised_by_id != user.pk:
            raise NotAllowed("Only the social worker who raised the request can answer it")
        if latest.seq != seen:
            raise RequestChanged(latest)
        if state_of(latest.kind) != rule.RETURNED:
            raise NotAllowed("This request has not been returned for more information")
        event = _append(request, latest, seen, user, rule.INFORMATION_ADDED, text.strip())
        transaction.on_commit(lambda: notify.needs_decision(request, link, first=False))
    return event


def withdraw(*, request_id: int, user, text: str, seen: int):
    """The worker withdraws an open request (no conference will be needed), with a reason."""
    if not text.strip():
        raise NotAllowed("Write why the request is withdrawn")
    with transaction.atomic():
        request, latest = _locked(request_id)
        if request.raised_by_id != user.pk:
            raise NotAllowed("Only the social worker who raised the request can withdraw it")
        if latest.seq != seen:
            raise RequestChanged(latest)
        if state_of(latest.kind) not in rule.OPEN_STATES:
            raise NotAllowed("Only a request still waiting can be withdrawn")
        return _append(request, latest, seen, user, rule.WITHDRAWN, text.strip())
