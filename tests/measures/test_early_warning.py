"""Hand-worked early-warning list (measures/early_warning.py)."""

from __future__ import annotations

from datetime import date

from builders import _row, d, make_data, plan, s47
from cpmonitor.history import build_history
from cpmonitor.measures.early_warning import early_warning, months_before, windows

AS_AT = date(2017, 3, 31)


def referral(child_id, on, year=2017):
    return _row(
        child_id,
        year,
        "335",
        referral_date=d(on),
        referral_source="1",
        primary_need="N1",
        closure_date=None,
        reason_for_closure=None,
        initial_cpc_date=None,
        referral_nfa=False,
    )


def assessment(child_id, on, year=2017):
    return _row(
        child_id,
        year,
        "335",
        referral_date=d(on),
        start_date=d(on),
        internal_review_date=None,
        authorisation_date=None,
        factors=[],
    )


def listed(plans, **extra):
    history = build_history(make_data(plans, **extra))
    frame, curves, window, reference = early_warning(history, AS_AT, "335")
    return frame, curves, window, reference


def test_the_windows_are_24_months_to_the_day_and_three_years_before():
    window, reference = windows(AS_AT)
    assert (window.start, window.end) == (date(2015, 4, 1), AS_AT)
    assert (reference.start, reference.end) == (date(2012, 4, 1), date(2015, 3, 31))
    assert months_before(date(2016, 8, 31), 6) == date(2016, 2, 29)


def test_who_is_on_the_list():
    plans = [
        plan("A", "2015-06-01", "2016-01-10", year=2016),  # referred again: listed
        plan("B", "2015-06-01", "2016-01-10", year=2016),  # no contact since: not listed
        plan("C", "2015-06-01", "2016-01-10", year=2016),  # back on a plan: not listed
        plan("C", "2016-09-01", prev=1, year=2017),
        plan("D", "2013-06-01", "2015-03-31", year=2015),  # ended before the 24 months
        plan("E", "2015-06-01", "2016-01-10", year=2016),  # section 47 since: listed
        plan("F", "2015-06-01", "2016-01-10", year=2016),  # referral before the end only
    ]
    frame, *_ = listed(
        plans,
        episodes=[
            referral("A", "2016-11-02"),
            referral("D", "2016-11-02"),
            referral("F", "2015-05-20", year=2016),
        ],
        assessments=[assessment("A", "2016-11-05"), assessment("C", "2016-08-01")],
        section47=[s47("E", "2017-03-31", year=2017)],
    )
    rows = {r["child_id"]: r for r in frame.to_dicts()}
    assert list(rows) == ["E", "A"]  # latest contact first
    assert rows["A"]["contacts"] == "Referral 2016-11-02; Assessment 2016-11-05"
    assert rows["E"]["contacts"] == "Section 47 enquiry 2017-03-31"
    assert rows["A"]["group"] == "6 months to under 1 year"


def test_the_groups_risk_comes_from_plans_that_ended_in_the_three_years_before():
    # reference: ten plans of 6 months to under 1 year ended 1 June 2013; four came back
    # 1 December 2013 (183 days: within 12 months, not 6)
    plans = []
    for i in range(10):
        plans.append(plan(f"R{i}", "2012-09-01", "2013-06-01", year=2014))
        if i < 4:
            plans.append(plan(f"R{i}", "2013-12-01", "2014-03-01", prev=1, year=2014))
    plans.append(plan("A", "2015-06-01", "2016-01-10", year=2016))
    frame, curves, *_ = listed(plans, episodes=[referral("A", "2016-11-02")])
    row = frame.row(0, named=True)
    assert (row["child_id"], row["risk_12"], row["risk_24"]) == ("A", 40.0, 40.0)
    group = next(c for c in curves if c.group == "6 months to under 1 year")
    assert group.plans_ended == 10  # the four later plans are 3-month plans: another group
