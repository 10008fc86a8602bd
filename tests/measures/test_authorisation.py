"""Hand-worked tests of the conference authorisation rule and its oversight figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from builders import _row, child, d, make_data, plan, s47
from cpmonitor.history import build_history
from cpmonitor.measures.authorisation import (
    AUTHORISED,
    DECLINED,
    EVENT_SCHEMA,
    INFORMATION_ADDED,
    NOT_REQUIRED,
    RAISED,
    REQUEST_SCHEMA,
    RETURNED,
    WITHDRAWN,
    authorisation_oversight,
    conference_due,
    conferences_for_repeat_children,
    history_check,
    request_states,
    working_days_left,
)
from cpmonitor.periods import Period


def episode(child_id, referral, closure=None, reason=None, icpc=None, year=2016, la="335"):
    """One CIN episode (``CINdetails``), closed with a reason or open."""
    return _row(
        child_id,
        year,
        la,
        referral_date=d(referral),
        referral_source="1A",
        primary_need="N1",
        closure_date=d(closure),
        reason_for_closure=reason,
        initial_cpc_date=d(icpc),
        referral_nfa=False,
    )


def cin_plan(child_id, referral, start, end=None, year=2016, la="335"):
    """One child in need plan in the episode referred on ``referral``."""
    return _row(child_id, year, la, referral_date=d(referral), start_date=d(start), end_date=d(end))


def with_referral(row: dict, referral: str) -> dict:
    return {**row, "referral_date": d(referral)}


@pytest.fixture
def history():
    plans = [
        # A: a plan ended by closure, then one stepped down to a CIN plan
        with_referral(plan("A", "2014-01-10", "2014-06-30", prev=0, year=2015), "2014-01-10"),
        plan("A", "2015-03-01", "2015-10-31", prev=1, cat="EMO", latest="NEG", year=2016),
        # B: one plan still open, recording two plans before it (not in these returns)
        plan("B", "2015-05-01", None, prev=2, year=2016),
        # a plan that starts after the enquiry is not a previous plan
        plan("A", "2016-12-01", None, prev=2, year=2017),
    ]
    data = make_data(
        plans,
        children=[child("A"), child("B"), child("C")],
        episodes=[
            episode("A", "2014-01-10", closure="2014-09-01", reason="RC7", year=2015),
            episode("A", "2015-03-01", year=2016),
        ],
        cin_plans=[cin_plan("A", "2015-03-01", "2015-11-01")],
    )
    return build_history(data)


def test_history_check_lists_plans_how_they_ended_and_the_gap(history):
    check = history_check(history, "335", "A", date(2016, 6, 1))
    rows = check.plans.to_dicts()
    assert [r["plan_number"] for r in rows] == [1, 2]
    assert [r["start_date"] for r in rows] == [date(2014, 1, 10), date(2015, 3, 1)]
    assert rows[1]["gap_days"] == 244  # 30 Jun 2014 to 1 Mar 2015
    assert (rows[1]["initial_category"], rows[1]["latest_category"]) == ("EMO", "NEG")
    assert rows[0]["ended"] == (
        "Ended 30 Jun 2014; case closed 1 Sep 2014 "
        "(Services ceased for any other reason, including child no longer in need)"
    )
    assert rows[1]["ended"] == (
        "Ended 31 Oct 2015; stepped down to a child in need plan from 1 Nov 2015"
    )
    assert check.recorded_previous == 1 and check.undated_plans == 0
    assert check.counted == 2 and check.needs_authorisation
    assert check.last_end == date(2015, 10, 31)
    assert check.days_since_last_end == 214
    assert check.within_two_years is True
    assert check.child_in_returns and not check.open_plan
    snapshot = check.as_dict()
    assert snapshot["plans"][0]["start_date"] == "2014-01-10" and snapshot["counted"] == 2


def test_the_look_back_counts_plans_open_in_the_last_n_years(history):
    one_year = history_check(history, "335", "A", date(2016, 6, 1), lookback_years=1)
    assert one_year.plans.get_column("counts").to_list() == [False, True]
    assert one_year.counted == 1
    # ended on the day the look-back starts: counts; a day earlier: does not
    assert history_check(history, "335", "A", date(2016, 10, 31), lookback_years=1).counted == 1
    late = history_check(history, "335", "A", date(2016, 11, 1), lookback_years=1)
    assert late.counted == 0 and not late.needs_authorisation
    assert late.plans_on_record == 2  # still shown to the worker


def test_number_of_previous_cpp_implies_undated_plans(history):
    check = history_check(history, "335", "B", date(2016, 1, 4))
    assert check.open_plan  # on a plan at the enquiry's start
    assert check.recorded_previous == 2 and check.undated_plans == 2
    assert check.counted == 3  # one in the returns and two recorded without dates
    assert check.days_since_last_end is None and check.within_two_years is None
    # with a look-back the undated plans are not counted (the worker adds any in it)
    assert history_check(history, "335", "B", date(2016, 1, 4), lookback_years=2).counted == 1


def test_no_previous_plan_needs_no_authorisation(history):
    known = history_check(history, "335", "C", date(2016, 6, 1))
    assert known.child_in_returns and known.plans_on_record == 0
    assert not known.needs_authorisation and known.recorded_previous is None
    new = history_check(history, "335", "NEW1", date(2016, 6, 1))
    assert not new.child_in_returns and not new.needs_authorisation
    elsewhere = history_check(history, "999", "A", date(2016, 6, 1))
    assert not elsewhere.child_in_returns
    with pytest.raises(ValueError, match="look-back"):
        history_check(history, "335", "A", date(2016, 6, 1), lookback_years=0)


def test_conference_deadline_in_working_days():
    # Christmas 2016: 26 and 27 December and 2 January were bank holidays
    due = conference_due(date(2016, 12, 20))
    assert due == date(2017, 1, 13)
    assert working_days_left(due, date(2016, 12, 20)) == 15
    assert working_days_left(due, date(2017, 1, 13)) == 0
    assert working_days_left(due, date(2017, 1, 14)) == -1  # the Saturday after: overdue
    assert working_days_left(due, date(2017, 1, 16)) == -1  # Monday: one working day late
    assert working_days_left(due, date(2017, 1, 17)) == -2


# ------------------------------------------------------------------ oversight


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def requests_and_events():
    requests = [
        (1, "A", "2016-06-01 09:00", "2016-06-01", True),
        (2, "B", "2016-06-02 08:00", "2016-06-02", True),
        (3, "C", "2016-06-10 12:00", "2016-06-10", False),
        (4, "D", "2016-07-01 12:00", "2016-07-01", True),
        (5, "E", "2016-07-05 12:00", "2016-07-05", True),
        (6, "F", "2016-07-06 08:00", "2016-07-01", True),
        (7, "W", "2016-05-31 23:30", "2016-05-31", True),  # 00:30 on 1 June in the UK
    ]
    events = [
        (1, 1, "2016-06-01 09:00", RAISED, None),
        (1, 2, "2016-06-01 13:00", AUTHORISED, None),
        (2, 1, "2016-06-02 08:00", RAISED, None),
        (2, 2, "2016-06-02 10:00", RETURNED, None),
        (2, 3, "2016-06-03 08:00", INFORMATION_ADDED, None),
        (2, 4, "2016-06-03 18:00", DECLINED, None),
        (3, 1, "2016-06-10 12:00", NOT_REQUIRED, None),
        (4, 1, "2016-07-01 12:00", RAISED, None),
        (5, 1, "2016-07-05 12:00", RAISED, None),
        (5, 2, "2016-07-05 15:00", RETURNED, None),
        (6, 1, "2016-07-06 08:00", RAISED, None),
        (6, 2, "2016-07-06 18:00", AUTHORISED, None),
        (6, 3, "2016-07-08 09:00", DECLINED, 2),  # the decision changed, referencing seq 2
        (7, 1, "2016-05-31 23:30", RAISED, None),
        (7, 2, "2016-06-01 09:00", WITHDRAWN, None),
    ]
    req = pl.DataFrame(
        [
            {
                "request_id": i,
                "la": "335",
                "child_id": c,
                "raised_at": at(r),
                "s47_start": d(s),
                "needs_authorisation": n,
            }
            for i, c, r, s, n in requests
        ],
        schema=REQUEST_SCHEMA,
    )
    ev = pl.DataFrame(
        [
            {"request_id": i, "seq": q, "at": at(t), "kind": k, "replaces": r}
            for i, q, t, k, r in events
        ],
        schema=EVENT_SCHEMA,
    )
    return req, ev


def test_request_states_follow_the_latest_event():
    req, ev = requests_and_events()
    states = {r["request_id"]: r for r in request_states(req, ev).iter_rows(named=True)}
    assert {i: s["state"] for i, s in states.items()} == {
        1: "authorised",
        2: "declined",
        3: "not_required",
        4: "awaiting",
        5: "returned",
        6: "declined",
        7: "withdrawn",
    }
    assert states[1]["hours_to_decision"] == 4
    assert states[2]["hours_to_decision"] == 34  # includes the day with the worker
    assert states[6]["hours_to_decision"] == 10  # to the first decision, later changed
    assert states[4]["hours_to_decision"] is None
    assert states[2]["times_returned"] == 1 and states[1]["times_returned"] == 0
    assert states[7]["month"] == date(2016, 6, 1)  # UK time decides the month


def conference_history():
    plans = [
        plan("A", "2015-01-01", "2015-06-30", prev=0),
        plan("A", "2016-06-15", None, prev=1, year=2017),  # from the conference of 15 June
        plan("B", "2013-01-01", "2014-03-01", prev=0, year=2014),
        plan("F", "2015-09-01", "2016-02-01", prev=0),
        plan("G", "2016-07-10", None, prev=1, year=2017),  # no conference date recorded
        plan("J", "2015-01-01", "2015-05-01", prev=0),
    ]
    section47 = [
        s47("A", "2016-06-01", "2016-06-15", year=2017),
        s47("B", "2016-06-02", "2016-06-20", year=2017),
        s47("F", "2016-07-01", "2016-07-07", year=2017),
        s47("H", "2016-06-20", "2016-06-25", year=2017),  # no previous plan: no rule
        s47("J", "2016-05-20", "2016-06-03", year=2017),
    ]
    return build_history(make_data(plans, section47=section47))


def test_conferences_for_children_with_a_previous_plan():
    history = conference_history()
    found = conferences_for_repeat_children(history)
    assert [(r["child_id"], r["conference_date"], r["source"]) for r in found.to_dicts()] == [
        ("A", date(2016, 6, 15), "DateOfInitialCPC (section 47)"),
        ("B", date(2016, 6, 20), "DateOfInitialCPC (section 47)"),
        ("F", date(2016, 7, 7), "DateOfInitialCPC (section 47)"),
        ("G", date(2016, 7, 10), "CPPstartDate"),  # NumberOfPreviousCPP 1 on the plan
        ("J", date(2016, 6, 3), "DateOfInitialCPC (section 47)"),
    ]
    # only plans open in the year before count: B (ended 2014), J (ended 1 May 2015, a
    # year and a month before) and G (undated) drop out
    recent = conferences_for_repeat_children(history, lookback_years=1)
    assert recent.get_column("child_id").to_list() == ["A", "F"]


def test_oversight_by_month_with_hand_worked_figures():
    req, ev = requests_and_events()
    result = authorisation_oversight(
        req,
        ev,
        conference_history(),
        Period(date(2016, 6, 1), date(2016, 7, 31)),
        today=date(2016, 7, 20),
        la="335",
        rule_from=date(2016, 6, 5),
    )
    june, july = result.months.to_dicts()
    assert june["month"] == date(2016, 6, 1)
    assert {k: june[k] for k in list(june)[1:11]} == {
        "requests": 4,
        "not_needing": 1,
        "needing": 3,
        "authorised": 1,
        "declined": 1,
        "awaiting": 0,
        "returned": 0,
        "withdrawn": 1,
        "returned_at_least_once": 1,
        "decided": 2,
    }
    assert (june["median_hours"], june["p90_hours"]) == (19.0, 31.0)  # of 4 and 34 hours
    assert (july["requests"], july["awaiting"], july["returned"], july["declined"]) == (3, 1, 1, 1)
    assert (july["median_hours"], july["p90_hours"]) == (10.0, 10.0)
    # hours 4, 10, 34: median 10; 90th percentile 10 + 0.8 × 24 = 29.2
    assert (result.totals["median_hours"], result.totals["p90_hours"]) == (10.0, 29.2)
    assert result.totals["requests"] == 7 and result.totals["decided"] == 3

    # J's conference (3 June) is before the rule came in; A is covered by request 1; F's
    # conference on 7 July was authorised then (changed to declined on 8 July); B's request
    # was declined and G had none.
    conf = {r["child_id"]: r["request_id"] for r in result.conferences.to_dicts()}
    assert conf == {"A": 1, "B": None, "F": 6, "G": None}
    assert result.unauthorised.get_column("child_id").to_list() == ["B", "G"]
    assert (june["repeat_conferences"], june["without_authorisation"]) == (2, 1)
    assert (july["repeat_conferences"], july["without_authorisation"]) == (2, 1)
    assert result.totals["without_authorisation"] == 2

    opened = result.open_requests.to_dicts()
    assert [r["request_id"] for r in opened] == [4, 5]
    # S47 start Fri 1 July 2016: 15 working days later is Fri 22 July; on 20 July, 2 left
    assert opened[0]["conference_due"] == date(2016, 7, 22)
    assert opened[0]["working_days_left"] == 2


def test_oversight_without_returns_or_requests():
    empty = build_history(make_data([]))
    req, ev = requests_and_events()
    result = authorisation_oversight(
        req.clear(),
        ev.clear(),
        empty,
        Period(date(2016, 6, 1), date(2016, 6, 30)),
        today=date(2016, 7, 1),
    )
    (june,) = result.months.to_dicts()
    assert june["requests"] == 0 and june["median_hours"] is None
    assert june["repeat_conferences"] is None  # nothing loaded: not checked, not zero
    assert result.notes and "No census return" in result.notes[0]


def test_months_after_the_returns_end_are_not_checked():
    req, ev = requests_and_events()
    history = conference_history()  # returns to 31 March 2017
    result = authorisation_oversight(
        req, ev, history, Period(date(2017, 3, 1), date(2017, 4, 30)), today=date(2017, 5, 1)
    )
    march, april = result.months.to_dicts()
    assert march["repeat_conferences"] == 0 and april["repeat_conferences"] is None
    assert "run to 31 March 2017" in result.notes[0]


def test_a_rule_newer_than_the_returns_checks_nothing():
    req, ev = requests_and_events()
    result = authorisation_oversight(
        req,
        ev,
        conference_history(),  # returns to 31 March 2017
        Period(date(2016, 4, 1), date(2017, 3, 31)),
        today=date(2026, 1, 5),
        rule_from=date(2025, 6, 1),
    )
    assert result.checked_to is None and result.totals["repeat_conferences"] is None
    assert set(result.months.get_column("repeat_conferences").to_list()) == {None}
    assert "no conference can be checked yet" in result.notes[0]


def test_within_two_years_is_one_rule_for_the_history_and_the_history_check():
    """A previous plan ending on 29 February 2016: its second anniversary is 28 February 2018."""
    from cpmonitor.history import within_two_years

    for start, expected in ((date(2018, 2, 27), True), (date(2018, 2, 28), False)):
        plans = [
            plan("A", "2015-06-01", "2016-02-29", prev=0, year=2016),
            plan("A", start.isoformat(), None, prev=1, year=2018),
        ]
        history = build_history(make_data(plans))
        in_history = history.plans.filter(pl.col("plan_number") == 2)["within_two_years"][0]
        check = history_check(history, "335", "A", start)
        assert in_history is expected
        assert check.within_two_years is expected
        assert within_two_years(start, date(2016, 2, 29)) is expected


def test_an_enquiry_after_the_latest_return_is_said_to_be_past_the_data(history):
    late = history_check(history, "335", "A", date(2018, 11, 20), data_to=date(2017, 3, 31))
    assert late.past_the_data
    assert late.data_warning == (
        "The returns loaded for LA 335 run to 31 March 2017, and this enquiry started 19 "
        "months after that, on 20 November 2018: any plan since 31 March 2017 is not in them. "
        "Check the case record for plans after that date."
    )
    assert late.as_dict()["data_to"] == "2017-03-31"
    inside = history_check(history, "335", "A", date(2017, 3, 31), data_to=date(2017, 3, 31))
    assert not inside.past_the_data and inside.data_warning is None
    unknown = history_check(history, "335", "A", date(2018, 11, 20))
    assert not unknown.past_the_data  # no data end given: nothing to say
