"""The demo council's record of conference authorisations (:mod:`cpmonitor.synth.conferences`):
one request for each conference of a child with a previous plan from the rule's start, decided
after it was raised, and exactly one conference held without authorisation."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from cpmonitor.census.load import load
from cpmonitor.history import build_history
from cpmonitor.measures.authorisation import (
    AUTHORISED,
    EVENT_SCHEMA,
    RAISED,
    REQUEST_SCHEMA,
    conference_due,
)
from cpmonitor.periods import parse_period
from cpmonitor.synth.conferences import DECISION_HOURS, demo_conferences, demo_records, rule_start
from cpmonitor.synth.demo import sized, write_demo
from cpmonitor.workdays import add_working_days

COUNCIL = sized(children=300)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder, COUNCIL)
    return build_history(load([folder]))


@pytest.fixture(scope="module")
def conferences(history):
    return demo_conferences(history, COUNCIL.la, COUNCIL.annex_a)


@pytest.fixture(scope="module")
def records(history):
    return demo_records(history, COUNCIL.la, COUNCIL.annex_a)


def test_the_rule_starts_on_1_january_before_the_census_year_of_the_data_end():
    assert rule_start(date(2026, 8, 31)) == date(2026, 1, 1)  # 2026-27 began 1 April 2026
    assert rule_start(date(2026, 3, 31)) == date(2025, 1, 1)  # 2025-26 began 1 April 2025
    assert rule_start(date(2026, 4, 1)) == date(2026, 1, 1)


def test_the_records_are_the_cores_plain_tables_with_the_rule_from_1_january(records):
    assert records.requests.schema == pl.Schema(REQUEST_SCHEMA)
    assert records.events.schema == pl.Schema(EVENT_SCHEMA)
    assert (records.rule_from, records.lookback_years, records.rule_on) == (
        date(2026, 1, 1),
        None,
        True,
    )
    assert records.requests.get_column("needs_authorisation").all()
    assert records.requests.get_column("la").unique().to_list() == [COUNCIL.la]


def test_every_request_is_for_a_child_with_an_earlier_plan(history, records, conferences):
    asked = conferences.drop_nulls("request_id")
    assert asked.height == records.requests.height > 3
    plans = history.plans.filter(pl.col("la") == COUNCIL.la)
    for row in asked.rows(named=True):
        earlier = plans.filter(
            (pl.col("child_id") == row["child_id"])
            & (pl.col("start_date") < row["conference_date"])
        )
        assert earlier.height >= 1 or (row["recorded_previous"] or 0) >= 1, row


def test_each_request_is_raised_the_working_day_after_the_s47_start_at_10_uk_time(conferences):
    for row in conferences.drop_nulls("request_id").rows(named=True):
        # the enquiry 12 working days before the conference: inside the statutory 15
        assert add_working_days(row["s47_start"], 12) == row["conference_date"]
        assert row["conference_date"] <= conference_due(row["s47_start"])
        raised = row["raised_at"].astimezone(LONDON)
        assert raised.date() == add_working_days(row["s47_start"], 1)
        assert (raised.hour, raised.minute) == (10, 0)


def test_each_decision_is_an_authorisation_after_its_request_by_the_hours_in_turn(
    records, conferences
):
    events = records.events
    assert events.get_column("kind").to_list() == [RAISED, AUTHORISED] * records.requests.height
    raised = events.filter(pl.col("kind") == RAISED).get_column("at")
    decided = events.filter(pl.col("kind") == AUTHORISED).get_column("at")
    assert (decided > raised).all()
    # the hours rotate over the conferences in date order (the unauthorised one included)
    rows = conferences.rows(named=True)
    for i, row in enumerate(rows):
        if row["request_id"] is not None:
            hours = (row["decided_at"] - row["raised_at"]).total_seconds() / 3600
            assert hours == DECISION_HOURS[i % len(DECISION_HOURS)]


def test_exactly_one_conference_is_held_without_authorisation_the_last_the_returns_cover(
    history, conferences
):
    returns_end = max(r.reference_date for r in history.data.returns)
    assert returns_end == date(2026, 3, 31)
    without = conferences.filter(pl.col("request_id").is_null())
    assert without.height == 1
    covered = conferences.filter(pl.col("conference_date") <= returns_end)
    assert without.row(0) == covered.row(-1)
    assert (
        conferences.get_column("conference_date")
        .is_between(date(2026, 1, 1), COUNCIL.annex_a)
        .all()
    )


def test_the_oversight_figures_show_every_request_authorised_and_one_conference_without(
    history, records
):
    last_year = records.oversight(history, parse_period("2025-26"), COUNCIL.la)
    assert last_year.checked_from == date(2026, 1, 1)  # the rule came in then
    assert last_year.totals["without_authorisation"] == 1
    assert last_year.totals["authorised"] == last_year.totals["requests"] > 0
    # every conference checked (1 January to 31 March 2026) was asked for, but one
    assert last_year.totals["repeat_conferences"] == last_year.totals["requests"] + 1


def test_a_council_with_no_returns_gets_a_clear_message(history):
    with pytest.raises(ValueError, match="no census return for LA 999"):
        demo_conferences(history, "999", COUNCIL.annex_a)
