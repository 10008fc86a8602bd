"""Lockout after repeated failed sign-ins (NCSC: throttle guessing, let admins unlock).

A user name is locked when it has ``CPMONITOR_LOCKOUT_FAILURES`` failures within the last
``CPMONITOR_LOCKOUT_MINUTES`` minutes, counting only failures after its latest successful
sign-in or administrator unlock. The lock lifts by itself when the window passes.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import SignInEvent


def key(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def is_locked_out(username: str | None) -> bool:
    """Whether sign-in for ``username`` is refused now."""
    name = key(username)
    if not name:
        return False
    since = timezone.now() - timedelta(minutes=settings.CPMONITOR_LOCKOUT_MINUTES)
    reset = (
        SignInEvent.objects.filter(username=name)
        .filter(Q(kind=SignInEvent.SUCCESS) | Q(kind=SignInEvent.UNLOCKED))
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if reset is not None and reset > since:
        since = reset
    failures = SignInEvent.objects.filter(
        username=name, kind=SignInEvent.FAILURE, at__gt=since
    ).count()
    return failures >= settings.CPMONITOR_LOCKOUT_FAILURES


def client_details(request) -> dict:
    """IP address and browser of a request, for the sign-in history."""
    if request is None:
        return {}
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def unlock(username: str) -> None:
    """Lift a lockout now (an administrator's action)."""
    SignInEvent.objects.create(username=key(username), kind=SignInEvent.UNLOCKED)
