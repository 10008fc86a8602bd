"""A signed-in session ends 30 minutes (``CPMONITOR_SESSION_MINUTES``) after its last request,
give or take the minute between two moves of its expiry, and a page view writes the session
at most once a minute (not on every request, which queued every page for SQLite's one write
lock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from cpmonitor.web.accounts import middleware

pytestmark = pytest.mark.django_db


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_within_a_minute_do_not_write_the_session_again(client_as, monkeypatch):
    c = client_as("manager")
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    c.get("/children/")
    first = _expiry(c)
    Session.objects.filter(session_key=c.session.session_key).update(
        expire_date=first - timedelta(seconds=5)
    )  # marked, so a save would show
    clock[0] += middleware.REFRESH_EVERY - 1
    c.get("/children/")
    assert _expiry(c) == first - timedelta(seconds=5)


def test_a_request_a_minute_later_moves_the_expiry_to_30_minutes_from_now(
    client_as, monkeypatch, settings
):
    c = client_as("manager")
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    c.get("/children/")
    Session.objects.filter(session_key=c.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    clock[0] += middleware.REFRESH_EVERY
    c.get("/children/")
    left = _expiry(c) - timezone.now()
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < left
    assert left <= timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_a_session_past_its_expiry_is_signed_out(client_as):
    c = client_as("manager")
    assert c.get("/children/").status_code == 200
    Session.objects.filter(session_key=c.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    page = c.get("/children/")
    assert page.status_code == 302 and page["Location"].startswith("/sign-in/")


def test_nobody_signed_in_no_session_is_written(client):
    assert client.get("/health/").status_code == 200
    assert client.get("/sign-in/").status_code == 200
    assert Session.objects.count() == 0
