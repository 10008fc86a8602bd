"""E-mail notices through Django's e-mail framework (console backend unless configured).

They name no child and quote nothing written about one: a request number, the team, the
deadline and a link to the page, which needs sign-in and records who viewed it.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from cpmonitor.measures import authorisation as rule

log = logging.getLogger(__name__)

OUTCOME_WORDS = {
    rule.AUTHORISED: "authorised",
    rule.DECLINED: "declined",
    rule.RETURNED: "returned to you for more information",
}


def _send(subject: str, body: str, to: list[str]) -> int:
    """Send one message; a mail failure is logged, never lost silently, never fatal."""
    if not to:
        return 0
    try:
        return send_mail(subject, body, None, to)
    except OSError as exc:  # SMTP down: the record is safe; the page still shows the state
        log.warning("conference e-mail not sent (%s)", type(exc).__name__)
        return 0


def _link(link, request) -> str:
    return f"\n\nOpen the request: {link(request)}" if link else ""


def needs_decision(request, link=None, first: bool = True) -> int:
    """Tell the team's Group Managers that a request waits for their decision."""
    to = [u.email for u in request.team.group_managers() if u.email]
    what = "needs your decision" if first else "has more information and needs your decision"
    body = (
        f"Conference request {request.pk} from {request.raised_by_name} ({request.team.name}) "
        f"{what}.\n\nThe child has had a child protection plan before, so the council's rule "
        "asks a Group Manager to authorise the initial child protection conference. It is due "
        f"by {request.conference_due:%-d %B %Y} (15 working days from the section 47 start)."
        + _link(link, request)
    )
    return _send(f"Conference request {request.pk} {what}", body, to)


def decided(request, event, link=None) -> int:
    """Tell the social worker who raised the request what the Group Manager decided."""
    email = request.raised_by.email
    words = OUTCOME_WORDS[event.kind]
    changed = " (a changed decision)" if event.replaces_id else ""
    body = (
        f"Your conference request {request.pk} was {words} by {event.by_name}{changed}. "
        "Read the rationale on the request's page." + _link(link, request)
    )
    return _send(f"Conference request {request.pk}: {words}", body, [email] if email else [])
