"""Hand-worked re-plan risk after a plan ends (measures/risk.py), and a hypothesis comparison
with a straightforward Kaplan–Meier written out here."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import child, make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.risk import follow_up, replan_risk
from cpmonitor.periods import Period, financial_year
from cpmonitor.stats import round_half_up

ENDED = financial_year(2015)  # plans ending 1 April 2014 .. 31 March 2015
TO = date(2017, 3, 31)  # the data's end


def plans_of(plans, children=None):
    return build_history(make_data(plans, children)).plans


def follow(plans, children=None, to=TO):
    frame = follow_up(plans_of(plans, children), ENDED, to)
    return {r["child_id"]: (r["days"], r["new_plan"], r["censored_by"]) for r in frame.to_dicts()}


def test_a_plan_with_no_later_plan_is_followed_to_the_data_end_and_censored():
    got = follow([plan("A", "2014-01-01", "2015-03-01", year=2015)])
    assert got == {"A": ((TO - date(2015, 3, 1)).days, False, "data")}


def test_a_child_turning_18_is_censored_on_the_birthday_and_a_plan_after_it_is_not_seen():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", year=2015),
        plan("A", "2016-02-01", prev=1, year=2016),  # starts after the 18th birthday
    ]
    got = follow(plans, [child("A", birth="1998-01-10")])
    assert got == {"A": ((date(2016, 1, 10) - date(2014, 6, 1)).days, False, "18")}


def test_a_birthday_in_a_non_leap_year_falls_on_1_march_for_a_leap_day_child():
    plans = [plan("A", "2014-01-01", "2014-06-01", year=2015)]
    got = follow(plans, [child("A", birth="2000-02-29")], to=date(2019, 3, 31))
    assert got["A"] == ((date(2018, 3, 1) - date(2014, 6, 1)).days, False, "18")


def test_no_birth_date_follows_to_the_data_end():
    got = follow([plan("A", "2014-01-01", "2014-06-01", year=2015)], [child("A", birth=None)])
    assert got["A"] == ((TO - date(2014, 6, 1)).days, False, "data")


def test_only_the_first_of_two_later_plans_counts():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", year=2015),
        plan("A", "2014-09-01", "2014-10-01", prev=1, year=2015),
        plan("A", "2015-01-01", prev=2, year=2015),
    ]
    frame = follow_up(plans_of(plans), ENDED, TO)
    first = frame.filter(frame["end_date"] == date(2014, 6, 1)).row(0, named=True)
    assert (first["days"], first["new_plan"]) == (92, True)  # 1 June to 1 September
    second = frame.filter(frame["end_date"] == date(2014, 10, 1)).row(0, named=True)
    assert (second["days"], second["new_plan"]) == (92, True)  # 1 October to 1 January
    assert frame.height == 2  # both plans ending in 2014-15 are in the cohort


def test_a_next_plan_the_day_after_the_end_is_one_day_and_the_same_day_is_zero():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", year=2015),
        plan("A", "2014-06-02", prev=1, year=2015),
        plan("B", "2014-01-01", "2014-06-01", year=2015),
        plan("B", "2014-06-01", prev=1, year=2015),
    ]
    got = follow(plans)
    assert got["A"] == (1, True, None)
    assert got["B"] == (0, True, None)


def test_a_plan_starting_during_the_ended_plan_is_an_overlap_not_a_new_plan():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", year=2015),
        plan("A", "2014-03-01", "2014-04-01", prev=1, year=2015),  # overlaps, ends first
    ]
    got = follow_up(plans_of(plans), ENDED, TO)
    row = got.filter(got["start_date"] == date(2014, 1, 1)).row(0, named=True)
    assert row["new_plan"] is False


def test_a_next_plan_after_the_data_end_is_not_seen():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", year=2015),
        plan("A", "2017-06-01", prev=1, year=2018),
    ]
    assert follow(plans) == {"A": ((TO - date(2014, 6, 1)).days, False, "data")}


def test_ties_hand_worked_kaplan_meier_and_at_risk():
    # four plans end on 1 June 2014: two children come back on day 10, one is censored on
    # day 10 (turns 18), one comes back on day 200. Censored at 10 is at risk at 10.
    end = "2014-06-01"
    plans = [plan(c, "2014-01-01", end, year=2015) for c in "ABCD"]
    plans += [
        plan("A", "2014-06-11", prev=1, year=2015),
        plan("B", "2014-06-11", prev=1, year=2015),
        plan("D", "2014-12-18", prev=1, year=2015),  # 200 days
    ]
    children = [child("A"), child("B"), child("C", birth="1996-06-11"), child("D")]
    risk = replan_risk(plans_of(plans, children), ENDED, TO)
    assert risk.plans_ended == 4
    six, twelve, _ = risk.curve
    # S(10) = 1 − 2/4 = 1/2; at 182 days one plan (D) is at risk
    assert (six.probability, six.at_risk) == (50.0, 1)
    # S(200) = 1/2 × (1 − 1/1) = 0: certain by 12 months
    assert (twelve.probability, twelve.low, twelve.high, twelve.at_risk) == (100.0, 100.0, 100.0, 0)
    assert risk.as_dict()["curve"][0] == {
        "months": 6,
        "probability": 50.0,
        "low": six.low,
        "high": six.high,
        "at_risk": 1,
    }


def greenwood_log_log(s: float, terms: float) -> tuple[float, float]:
    """95% interval of S by Greenwood on the log(−log) scale (Kalbfleisch and Prentice)."""
    z = 1.959963984540054
    v = terms / math.log(s) ** 2
    return s ** math.exp(z * math.sqrt(v)), s ** math.exp(-z * math.sqrt(v))


def test_one_in_sixteen_rounds_half_up_and_the_interval_is_greenwoods():
    plans = [plan(f"C{i:02d}", "2014-01-01", "2014-06-01", year=2015) for i in range(16)]
    plans.append(plan("C00", "2014-06-11", prev=1, year=2015))
    risk = replan_risk(plans_of(plans), ENDED, TO)
    point = risk.point(6)
    assert point.probability == 6.3  # 6.25 half up (half-even would give 6.2)
    s_low, s_high = greenwood_log_log(15 / 16, 1 / (16 * 15))
    assert point.low == round_half_up(100 * (1 - s_high))
    assert point.high == round_half_up(100 * (1 - s_low))
    assert point.at_risk == 15


def test_no_new_plan_gives_zero_with_the_estimate_as_interval_and_unfollowed_is_unknown():
    plans = [plan("A", "2014-01-01", "2015-03-01", year=2015)]
    risk = replan_risk(plans_of(plans), ENDED, date(2015, 12, 31))  # followed 305 days
    six, twelve, two_years = risk.curve
    assert (six.probability, six.low, six.high, six.at_risk) == (0.0, 0.0, 0.0, 1)
    assert twelve.probability is None and twelve.at_risk == 0
    assert two_years.as_dict() == {
        "months": 24,
        "probability": None,
        "low": None,
        "high": None,
        "at_risk": 0,
    }


def test_no_plan_ended_gives_an_empty_curve():
    risk = replan_risk(plans_of([plan("A", "2016-01-01", year=2016)]), ENDED, TO)
    assert risk.plans_ended == 0
    assert [p.probability for p in risk.curve] == [None, None, None]


def test_by_plan_length_lists_every_band_with_edges_at_calendar_months():
    plans = [
        plan("A", "2014-03-01", "2014-05-31", year=2015),  # ends before 3 months: under 3
        plan("B", "2014-03-01", "2014-06-01", year=2015),  # the 3-month point: 3 to under 6
        plan("C", "2012-06-01", "2014-06-01", year=2015),  # 2 years or more
    ]
    groups = replan_risk(plans_of(plans), ENDED, TO, by="plan_length")
    assert [(g.group, g.plans_ended) for g in groups] == [
        ("Under 3 months", 1),
        ("3 months to under 6 months", 1),
        ("6 months to under 1 year", 0),
        ("1 year to under 2 years", 0),
        ("2 years or more", 1),
    ]
    assert groups[0].as_dict()["group"] == "Under 3 months"


def test_by_category_uses_the_latest_category_and_age_band_the_age_at_the_end():
    plans = [
        plan("A", "2014-01-01", "2014-06-01", cat="PHY", latest="NEG", year=2015),
        plan("B", "2014-01-01", "2014-06-01", cat="EMO", year=2015),
    ]
    children = [child("A", birth="2009-06-01"), child("B", birth="2013-06-02")]
    by_cat = {
        g.group: g.plans_ended
        for g in replan_risk(plans_of(plans, children), ENDED, TO, "category")
    }
    assert (by_cat["NEG"], by_cat["PHY"], by_cat["EMO"]) == (1, 0, 1)
    by_age = {
        g.group: g.plans_ended
        for g in replan_risk(plans_of(plans, children), ENDED, TO, "age_band")
    }
    assert by_age["5 to 9"] == 1  # 5 on 1 June 2014
    assert by_age["Under 1"] == 1  # 364 days old


# --------------------------------------------------------------------------- hypothesis

START = date(2010, 1, 1)


def adult_on(birth: date) -> date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:
        return date(birth.year + 18, 3, 1)


def reference(children: dict, ended: Period, to: date):
    """Straightforward: each plan ending in the period, its next plan, follow-up, then the
    product-limit estimate and Greenwood's sum at each horizon, by hand."""
    rows = []
    for births_and_plans in children.values():
        birth, plans = births_and_plans
        for start, end in plans:
            if end is None or not ended.start <= end <= ended.end:
                continue
            later = [s for s, _ in plans if s >= end and s > start]
            stop = to if birth is None else min(to, adult_on(birth))
            nxt = min(later) if later else None
            if nxt is not None and nxt <= to and (birth is None or nxt < adult_on(birth)):
                rows.append(((nxt - end).days, True))
            else:
                rows.append((max((stop - end).days, 0), False))
    out = []
    for t in (182, 365, 730):
        s, terms = 1.0, 0.0
        for u in sorted({d for d, e in rows if e and d <= t}):
            n = sum(1 for d, _ in rows if d >= u)
            k = sum(1 for d, e in rows if e and d == u)
            s *= 1 - k / n
            terms += k / (n * (n - k)) if n > k else 0.0
        at_risk = sum(1 for d, _ in rows if d >= t)
        out.append((s, terms, at_risk))
    return len(rows), out


@st.composite
def histories(draw):
    children = {}
    for i in range(draw(st.integers(1, 30))):
        birth = draw(st.one_of(st.none(), st.dates(date(1994, 1, 1), date(2014, 1, 1))))
        # ends bunch on a few days, so ties and horizons are hit
        day = START + timedelta(days=draw(st.integers(0, 5 * 365)))
        plans = []
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.integers(0, 800))
            end = day + timedelta(days=length) if draw(st.booleans()) or not plans else None
            plans.append((day, end))
            if end is None:
                break
            gap = draw(st.one_of(st.sampled_from([0, 1, 182, 365, 730]), st.integers(0, 500)))
            day = max(end + timedelta(days=gap), day + timedelta(days=1))
        children[f"{i:03d}"] = (birth, plans)
    return children


@settings(max_examples=60, deadline=None)
@given(histories(), st.integers(0, 4), st.integers(0, 3 * 365))
def test_matches_a_straightforward_kaplan_meier_on_random_histories(children, year, extra):
    ended = financial_year(2011 + year)
    to = ended.end + timedelta(days=extra)
    reports = [
        plan(c, s.isoformat(), e.isoformat() if e else None, year=2030)
        for c, (_, plans) in children.items()
        for s, e in plans
    ]
    kids = [
        child(c, birth=b.isoformat() if b else None, year=2030) for c, (b, _) in children.items()
    ]
    risk = replan_risk(plans_of(reports, kids), ended, to)
    n, expected = reference(children, ended, to)
    assert risk.plans_ended == n
    for point, (s, terms, at_risk) in zip(risk.curve, expected, strict=True):
        assert point.at_risk == at_risk
        if n == 0 or (at_risk == 0 and s > 0):
            assert point.probability is None
            continue
        assert point.probability == round_half_up(float(f"{100 * (1 - s):.9f}"))
        if 0 < s < 1:
            s_low, s_high = greenwood_log_log(s, terms)
            assert math.isclose(point.low, round_half_up(100 * (1 - s_high)), abs_tol=0.11)
            assert math.isclose(point.high, round_half_up(100 * (1 - s_low)), abs_tol=0.11)
        else:
            assert point.low == point.high == point.probability
