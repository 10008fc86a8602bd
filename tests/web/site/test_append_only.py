"""Append-only tables refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) as raw SQL, and a hash
chain makes any change made past the triggers evident (``verify_records``).

Every test runs on the database ``DATABASE_URL`` names: SQLite by default, PostgreSQL in CI.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from cpmonitor.web import append_only
from cpmonitor.web.accounts.models import AccessLog, SignInEvent, Team
from cpmonitor.web.audits.models import Audit, AuditCase, Finding, KeyLearning
from cpmonitor.web.conferences.models import ConferenceRequest, RequestEvent

pytestmark = pytest.mark.django_db

TABLES = [
    "accounts_accesslog",
    "accounts_signinevent",
    "conferences_conferencerequest",
    "conferences_requestevent",
    "audits_finding",
    "audits_keylearning",
]


@pytest.fixture
def rows(make_user):
    """Two rows in every append-only table, written through the models."""
    user = make_user("group_manager", "gina")
    team = Team.objects.create(name="Team A", la="335")
    audit = Audit.objects.create(
        la="335",
        title="Repeat plans",
        period_start=dt.date(2016, 4, 1),
        period_end=dt.date(2017, 3, 31),
        audit_date=dt.date(2017, 5, 1),
        created_by=user,
    )
    case = AuditCase.objects.create(audit=audit, number=1, added_by=user)
    for n in (1, 2):
        AccessLog.objects.create(user=user, username="gina", action="view_timeline", la="335")
        SignInEvent.objects.create(
            username="gina", user=user, kind="success", ip_address="127.0.0.1"
        )
        req = ConferenceRequest.objects.create(
            la="335", child_id=f"C{n}", team=team, raised_by=user, raised_by_name="gina",
            s47_start=dt.date(2016, 5, 2), proposed_date=dt.date(2016, 5, 20),
            conference_due=dt.date(2016, 5, 23), reasons="Concerns", child_in_returns=True,
            plans_on_record=1, counted_from_record=1, previous_plans=1,
            history_snapshot={"plans": [{"start": "2015-01-01", "end": None}], "b": 1.5},
            rule_required=True, needs_authorisation=True,
        )  # fmt: skip
        RequestEvent.objects.create(
            request=req, seq=1, by=user, by_name="gina", kind="raised", text="r"
        )
        Finding.objects.create(
            case=case, version=n, answers={"neglect": "yes"}, judgement="good",
            recorded_by=user, recorded_by_name="gina",
        )  # fmt: skip
        KeyLearning.objects.create(
            audit=audit, version=n, text="t", recorded_by=user, recorded_by_name="g"
        )
    return user


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def refused(sql: str) -> None:
    with (
        pytest.raises((IntegrityError, DatabaseError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def test_every_append_only_model_has_its_table_here():
    assert sorted(m._meta.db_table for m in append_only.append_only_models()) == sorted(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_the_database_refuses_an_update_of_any_row(rows, table):
    refused(f"UPDATE {table} SET chain_hash = 'x'")
    assert count(table) == 2


@pytest.mark.parametrize("table", TABLES)
def test_the_database_refuses_deleting_one_row_or_all(rows, table):
    refused(f"DELETE FROM {table} WHERE id = (SELECT MAX(id) FROM {table})")
    refused(f"DELETE FROM {table}")
    assert count(table) == 2


@pytest.mark.parametrize("table", TABLES)
def test_postgresql_refuses_truncate(rows, table):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's (SQLite's DELETE FROM is refused above)")
    RawSQL().execute("SET CONSTRAINTS ALL IMMEDIATE")  # as if the rows had been committed
    refused(f"TRUNCATE {table} CASCADE")
    assert count(table) == 2


def test_a_decision_cannot_be_swapped_by_delete_and_insert(rows):
    """The probe's attack: a Group Manager's "authorised" replaced by "declined"."""
    event = RequestEvent.objects.create(
        request=ConferenceRequest.objects.first(), seq=2, by=rows, by_name="gina",
        kind="authorised", text="Yes",
    )  # fmt: skip
    refused(f"DELETE FROM conferences_requestevent WHERE id = {event.pk}")
    assert RequestEvent.objects.get(pk=event.pk).kind == "authorised"


class RawSQL:
    """Plain statements on the test's connection (a schema editor cannot open inside a test's
    transaction on SQLite)."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, ())  # with parameters, as a schema editor does ("%%" is "%")


def tamper(sql: str, table: str) -> None:
    """What someone with the database's owner rights could do: drop the triggers, then write."""
    append_only.drop_triggers(RawSQL(), [table])
    RawSQL().execute(sql)
    append_only.create_triggers(RawSQL(), [table])


def verify_output() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_records", stdout=out)
    except CommandError as e:
        return e.returncode, out.getvalue()
    return 0, out.getvalue()


def test_every_chain_written_by_the_app_verifies(rows):
    code, out = verify_output()
    assert code == 0
    for table in TABLES:
        assert f"{table}: 2 rows, chain intact, last hash " in out


@pytest.mark.parametrize(
    ("model", "change"),
    [
        (AccessLog, "UPDATE accounts_accesslog SET child_id = 'X' WHERE id = {first}"),
        (SignInEvent, "UPDATE accounts_signinevent SET kind = 'failure' WHERE id = {first}"),
        (RequestEvent, "UPDATE conferences_requestevent SET text = 'no' WHERE id = {first}"),
        (
            ConferenceRequest,
            "UPDATE conferences_conferencerequest SET history_snapshot = '{{}}' WHERE id = {first}",
        ),
        (Finding, "UPDATE audits_finding SET judgement = 'inadequate' WHERE id = {first}"),
        (KeyLearning, "UPDATE audits_keylearning SET text = 'other' WHERE id = {first}"),
    ],
)
def test_a_row_changed_past_the_triggers_breaks_its_chain_there(rows, model, change):
    first, second = model.objects.order_by("pk").values_list("pk", flat=True)
    tamper(change.format(first=first), model._meta.db_table)
    report = append_only.verify(model)
    assert report.broken_at == first
    code, out = verify_output()
    assert code == 1 and f"{model._meta.db_table}: BROKEN at row id {first}" in out


def test_a_row_deleted_past_the_triggers_breaks_the_chain_at_the_next(rows):
    first, second = AccessLog.objects.order_by("pk").values_list("pk", flat=True)
    tamper(f"DELETE FROM accounts_accesslog WHERE id = {first}", "accounts_accesslog")
    assert append_only.verify(AccessLog).broken_at == second


def test_a_row_inserted_with_a_made_up_hash_breaks_the_chain(rows):
    tamper(
        "INSERT INTO accounts_signinevent (at, username, kind, user_agent, chain_hash) "
        f"VALUES ('2026-01-01 00:00:00+00:00', 'gina', 'success', '', '{'a' * 64}')".replace(
            "%", "%%"
        ),
        "accounts_signinevent",
    )
    report = append_only.verify(SignInEvent)
    assert report.rows == 3 and not report.intact
