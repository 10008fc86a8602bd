"""The access log: written on every timeline view and export, append-only, admins only."""

from __future__ import annotations

import os

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from cpmonitor.web.accounts.models import AccessLog, SignInEvent
from cpmonitor.web.append_only import AppendOnlyError
from cpmonitor.web.store.models import ChildRef

pytestmark = pytest.mark.django_db


def test_viewing_a_timeline_and_exporting_are_recorded(client_as, loaded):
    c = client_as("manager")
    ref = ChildRef.objects.get(child_id="TL0003").ref
    r = c.get(f"/children/{ref}/")
    assert r.status_code == 200 and b"Child protection plan 2 started" in r.content
    r = c.get("/repeat-plans/export/?period=2016-17&gap=within&format=xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    view, export = AccessLog.objects.order_by("id")
    assert (view.username, view.action, view.la, view.child_id) == (
        "manager_user",
        "view_timeline",
        "999",
        "TL0003",
    )
    assert export.action == "export_cohort" and export.child_id == ""
    assert "XLSX" in export.detail and "2016-17" in export.detail and "gap=within" in export.detail


def test_only_administrators_see_the_log(client_as, make_user, loaded):
    assert client_as("manager").get("/access-log/").status_code == 403
    admin = make_user("administrator", "ada")
    from django.test import Client

    c = Client()
    c.force_login(admin)
    assert c.get("/access-log/").status_code == 200
    assert c.post("/access-log/").status_code == 405


def _entry(make_user) -> AccessLog:
    user = make_user("manager", "mo")
    return AccessLog.objects.create(
        user=user, username="mo", action="view_timeline", la="999", child_id="X1"
    )


def test_the_models_refuse_change_and_delete(make_user):
    entry = _entry(make_user)
    entry.child_id = "X2"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(child_id="X3")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SignInEvent.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).child_id == "X1"


def test_the_database_refuses_an_update(make_user):
    entry = _entry(make_user)
    sql = "UPDATE accounts_accesslog SET child_id = 'X9' WHERE id = %s"
    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AccessLog.objects.get(pk=entry.pk).child_id == "X1"


@pytest.mark.postgres
def test_postgresql_refuses_a_delete(make_user):
    if connection.vendor != "postgresql":
        if os.environ.get("CPMONITOR_REQUIRE_POSTGRES"):
            pytest.fail("CPMONITOR_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("runs when DATABASE_URL points at PostgreSQL")
    entry = _entry(make_user)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_accesslog WHERE id = %s", [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_it_read_only(client, make_user):
    entry = _entry(make_user)
    client.force_login(make_user("administrator", "ada"))
    base = f"/admin/accounts/accesslog/{entry.pk}"
    assert client.get("/admin/accounts/accesslog/").status_code == 200
    r = client.get(f"{base}/change/")
    assert r.status_code == 200 and b'name="_save"' not in r.content
    assert client.post(f"{base}/change/", {"child_id": "X5"}).status_code == 403
    assert client.get(f"{base}/delete/").status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/accounts/accesslog/add/").status_code == 403
    r = client.post(
        "/admin/accounts/accesslog/", {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    assert AccessLog.objects.get(pk=entry.pk).child_id == "X1"
