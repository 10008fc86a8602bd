"""Requests and their events are append-only: no model call, SQL statement, admin page or
app URL changes or deletes one."""

from __future__ import annotations

import os

import pytest
from django.contrib import admin
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import get_resolver, reverse

from cpmonitor.web.append_only import AppendOnlyError
from cpmonitor.web.conferences.models import ConferenceRequest, RequestEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(people, loaded, raise_request):
    """A request authorised by gina (events 1 and 2)."""
    from cpmonitor.web.conferences import services

    req = raise_request()
    services.decide(
        request_id=req.pk, user=people["gina"], outcome="authorised", rationale="Yes", seen=1
    )
    return req


def snapshot() -> dict:
    return {
        "requests": {r["id"]: r for r in ConferenceRequest.objects.values()},
        "events": {e["id"]: e for e in RequestEvent.objects.values()},
    }


def test_the_models_refuse_change_and_delete(decided):
    event = decided.events.get(seq=2)
    event.text = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    decided.reasons = "edited"
    with pytest.raises(AppendOnlyError):
        decided.save()
    with pytest.raises(AppendOnlyError):
        decided.delete()
    for queryset in (RequestEvent.objects.all(), ConferenceRequest.objects.all()):
        with pytest.raises(AppendOnlyError):
            queryset.update(la="000")
        with pytest.raises(AppendOnlyError):
            queryset.delete()
    with pytest.raises(AppendOnlyError):
        RequestEvent.objects.bulk_update([event], ["text"])
    assert RequestEvent.objects.get(pk=event.pk).text == "Yes"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE conferences_requestevent SET text = 'edited'",
        "UPDATE conferences_requestevent SET kind = 'declined' WHERE seq = 2",
        "UPDATE conferences_conferencerequest SET reasons = 'edited'",
    ],
)
def test_the_database_refuses_an_update(decided, sql):
    before = snapshot()
    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert snapshot() == before


def test_two_events_cannot_share_a_step(decided, people):
    """The unique (request, seq) constraint: the optimistic check's backstop."""
    with pytest.raises(IntegrityError), transaction.atomic():
        RequestEvent.objects.create(
            request=decided, seq=2, by=people["gus"], by_name="gus", kind="declined", text="No"
        )


@pytest.mark.postgres
def test_postgresql_refuses_a_delete(decided):
    if connection.vendor != "postgresql":
        if os.environ.get("CPMONITOR_REQUIRE_POSTGRES"):
            pytest.fail("CPMONITOR_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("runs when DATABASE_URL points at PostgreSQL")
    before = snapshot()
    for table in ("conferences_requestevent", "conferences_conferencerequest"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
    assert snapshot() == before


def test_they_are_not_in_the_admin(client, make_user, decided):
    assert ConferenceRequest not in admin.site._registry
    assert RequestEvent not in admin.site._registry
    client.force_login(make_user("administrator", "ada"))
    for url in (
        "/admin/conferences/requestevent/",
        f"/admin/conferences/requestevent/{decided.events.first().pk}/change/",
        "/admin/conferences/conferencerequest/",
        f"/admin/conferences/conferencerequest/{decided.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"post": "yes", "text": "edited"}).status_code in (403, 404), url


def _urls():
    """Every named URL pattern of the project (the role-matrix test's walk)."""
    from web_urls import walk_urls

    return [(name, p) for name, p in walk_urls(get_resolver().url_patterns) if p.name]


EDITS = {
    "outcome": "declined",
    "rationale": "edited",
    "text": "edited",
    "seen": "2",  # the latest event: a Group Manager's POST appends a changed decision
    "kind": "declined",
    "reasons": "edited",
    "child_id": "EDITED",
    "history_right": "yes",
    "what_changed": "edited",
    "post": "yes",
    "action": "delete_selected",
}


@pytest.mark.parametrize("role", ["social_worker", "group_manager", "administrator", "manager"])
def test_no_url_changes_or_deletes_an_event(client, people, make_user, decided, role):
    """GET and POST every URL of the app (sign-out aside) as each role, with data that
    tries to edit: earlier requests and events are exactly as they were (only appends)."""
    user = {"social_worker": people["sam"], "group_manager": people["gus"]}.get(role) or make_user(
        role, f"x-{role}"
    )
    before = snapshot()
    client.force_login(user)
    sample = {
        "pk": decided.pk,
        "id": decided.pk,
        "ref": "0000000000000000",
        "object_id": decided.pk,
    }
    for name, pattern in _urls():
        if name == "accounts:sign_out":
            continue
        kwargs = {k: sample.get(k, "1") for k in pattern.pattern.regex.groupindex}
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # noqa: BLE001  (admin URLs needing other arguments)
            continue
        client.get(url)
        client.post(url, {**EDITS, "_selected_action": [decided.pk]})
    after = snapshot()
    for table in ("requests", "events"):
        for pk, row in before[table].items():
            assert after[table].get(pk) == row, (table, pk)
