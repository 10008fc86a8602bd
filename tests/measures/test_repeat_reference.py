"""The vectorised measures against a slow, obviously-correct per-plan reference.

The reference reads the hand-written plan reports the way a careful analyst would with a
spreadsheet: keep the latest recorded value of each item of each plan (a blank never overwrites), walk each child's plans in date order, and
count. Hypothesis generates random histories (repeated reports, missing end dates and
NumberOfPreviousCPP, leap days, several councils) and random periods.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.repeat import MEASURES, repeat_plan_table
from cpmonitor.periods import Period
from cpmonitor.stats import percent

START = date(2011, 1, 1)
DAYS = 365 * 6


def two_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def reference(reports: list[dict], period: Period, la: str) -> dict:
    latest: dict[tuple, dict] = {}
    for order, r in sorted(enumerate(reports), key=lambda t: (t[1]["census_year"], t[0])):
        if r["start_date"] is not None:  # the latest recorded value of each item wins
            key = (r["la"], r["child_id"], r["start_date"])
            merged = dict(latest.get(key, {}))
            merged.update({k: v for k, v in r.items() if v is not None or k not in merged})
            latest[key] = merged
    plans = sorted((p for p in latest.values() if p["la"] == la), key=lambda p: p["start_date"])
    out = dict.fromkeys(MEASURES, 0)
    children = set()
    for p in plans:
        earlier = [
            q for q in plans if q["child_id"] == p["child_id"] and q["start_date"] < p["start_date"]
        ]
        ends = [q["end_date"] for q in earlier if q["end_date"] is not None]
        previous_end = max(ends) if ends else None
        started = period.start <= p["start_date"] <= period.end
        is_repeat = p["previous_plans"] is not None and p["previous_plans"] >= 1
        if started:
            out["plans_started"] += 1
            children.add(p["child_id"])
            if is_repeat or earlier:
                out["repeat_by_record_or_history"] += 1
            if is_repeat:
                out["repeat"] += 1
                if previous_end is None:
                    out["gap_unknown"] += 1
                elif p["start_date"] < two_years_after(previous_end):
                    out["within_two_years"] += 1
                else:
                    out["over_two_years"] += 1
        end = p["end_date"]
        if end is not None and period.start <= end <= period.end:
            out["plans_ended"] += 1
            if (end - p["start_date"]).days + 1 > 729:
                out["lasted_two_years_or_more"] += 1
        if p["start_date"] <= period.end and (end is None or end > period.end):
            out["open_at_end"] += 1
    out["children_started"] = len(children)
    out["percent"] = percent(out["repeat"], out["plans_started"])
    return out


@st.composite
def histories(draw):
    reports = []
    for n in range(draw(st.integers(1, 25))):
        child_id = f"{draw(st.integers(0, 6)):03d}"
        la = draw(st.sampled_from(["335", "336"]))
        start = START + timedelta(days=draw(st.integers(0, DAYS)))
        if draw(st.booleans()):
            start = draw(st.sampled_from([date(2012, 2, 29), date(2014, 4, 1), date(2016, 2, 29)]))
        length = draw(st.one_of(st.none(), st.integers(0, 1200)))
        end = None if length is None else start + timedelta(days=length)
        prev = draw(st.one_of(st.none(), st.integers(0, 3)))
        first_year = start.year + (start.month >= 4)
        for k in range(draw(st.integers(1, 3))):  # the same plan in several returns
            reported_end = end if (k > 0 or draw(st.booleans())) else None
            reports.append(
                plan(
                    child_id,
                    start.isoformat(),
                    reported_end and reported_end.isoformat(),
                    prev=prev,
                    la=la,
                    year=first_year + k,
                    line=n,
                )
            )
    return reports


@st.composite
def periods(draw):
    start = START + timedelta(days=draw(st.integers(0, DAYS)))
    return Period(start, start + timedelta(days=draw(st.integers(0, 800))))


@settings(max_examples=150, deadline=None)
@given(reports=histories(), period=periods())
def test_vectorised_measures_match_the_reference(reports, period):
    history = build_history(make_data(reports))
    table = repeat_plan_table(history.plans, [period])
    for row in table.iter_rows(named=True):
        expected = reference(reports, period, row["la"])
        assert {m: row[m] for m in MEASURES} == expected
