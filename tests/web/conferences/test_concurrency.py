"""Two Group Managers deciding the same request at once: exactly one decision is recorded,
the other is told the request changed. Real concurrent transactions: two threads, each with
its own database connection, on SQLite and (``DATABASE_URL``) PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from cpmonitor.web.conferences import services
from cpmonitor.web.conferences.models import ConferenceRequest, RequestEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(results: list, barrier: threading.Barrier, **decision):
    """Decide in a new thread (its own connection); record what happened."""
    try:
        barrier.wait(timeout=10)
        event = services.decide(**decision)
        results.append(("won", decision["user"].username, event.kind))
    except services.RequestChanged as exc:
        results.append(("changed", decision["user"].username, exc.latest.by_name))
    except Exception as exc:  # noqa: BLE001  (reported by the test)
        results.append(("error", decision["user"].username, repr(exc)))
    finally:
        connections.close_all()


def _race(request_id: int, people, hold_lock: bool) -> list:
    results: list = []
    barrier = threading.Barrier(2 if not hold_lock else 3)
    threads = [
        threading.Thread(
            target=_in_thread,
            args=(results, barrier),
            kwargs={
                "request_id": request_id,
                "user": people[name],
                "outcome": outcome,
                "rationale": f"{name}'s reasons",
                "seen": 1,
            },
        )
        for name, outcome in (("gina", "authorised"), ("gus", "declined"))
    ]
    for t in threads:
        t.start()
    if hold_lock:
        # This thread holds the request's lock while both decisions start, so both must wait
        # for it and then for each other: the two transactions truly overlap.
        with transaction.atomic():
            ConferenceRequest.objects.select_for_update().get(pk=request_id)
            barrier.wait(timeout=10)
            if connection.vendor == "postgresql":
                assert _lock_waiters(2) == 2  # both deciders wait on the row lock
            else:
                time.sleep(0.5)
    for t in threads:
        t.join(timeout=60)
    return results


def _lock_waiters(expected: int, seconds: float = 30) -> int:
    """The sessions of this database waiting on a lock, asked until there are ``expected`` or
    ``seconds`` pass (on a loaded machine a thread may take a while to reach the lock)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view each time
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            waiting = cursor.fetchone()[0]
            if waiting >= expected or time.monotonic() > deadline:
                return waiting
            time.sleep(0.05)


@pytest.fixture
def request_id(people, loaded):
    req = services.raise_request(
        user=people["sam"],
        team=people["team"],
        child_id="TL0002",
        s47_start=date(2017, 1, 10),
        proposed_date=date(2017, 1, 24),
        reasons="Bruising",
        what_changed="New partner",
    )
    return req.pk


@pytest.mark.parametrize("hold_lock", [True, False], ids=["overlapping", "racing"])
def test_exactly_one_of_two_simultaneous_decisions_wins(request_id, people, hold_lock):
    results = _race(request_id, people, hold_lock)
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["changed", "won"], results
    (winner,) = [r for r in results if r[0] == "won"]
    (loser,) = [r for r in results if r[0] == "changed"]
    assert loser[2] == winner[1]  # told who changed it
    events = list(RequestEvent.objects.filter(request_id=request_id).order_by("seq"))
    assert [e.seq for e in events] == [1, 2]
    assert events[1].by_name == winner[1]


@pytest.mark.postgres
def test_the_unique_step_stops_a_second_append_without_the_lock(request_id, people):
    """Should a change ever skip the row lock, PostgreSQL's unique index still lets only one
    transaction append step 2; the other is told the request changed."""
    if connection.vendor != "postgresql":
        if os.environ.get("CPMONITOR_REQUIRE_POSTGRES"):
            pytest.fail("CPMONITOR_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("runs when DATABASE_URL points at PostgreSQL")
    request = ConferenceRequest.objects.get(pk=request_id)
    latest = RequestEvent.objects.get(request=request, seq=1)
    first_inserted = threading.Event()
    results: list = []

    def first():
        try:
            with transaction.atomic():
                services._append(request, latest, 1, people["gina"], "authorised", "Yes")
                first_inserted.set()
                time.sleep(0.5)  # the second insert now waits on the index entry
            results.append("first committed")
        finally:
            connections.close_all()

    def second():
        try:
            first_inserted.wait(timeout=10)
            with transaction.atomic():
                services._append(request, latest, 1, people["gus"], "declined", "No")
            results.append("second committed")
        except services.RequestChanged as exc:
            results.append(f"second told: changed by {exc.latest.by_name}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["first committed", "second told: changed by gina"]
    assert RequestEvent.objects.filter(request_id=request_id).count() == 2
