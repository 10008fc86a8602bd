"""Report sections from hand-worked data: suppression, periods, benchmarks missing, errors."""

from __future__ import annotations

from datetime import date

import pytest

from builders import make_data, plan
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.periods import parse_period
from cpmonitor.report import SECTION_BUILDERS, ReportError, build_report, gather
from cpmonitor.report.model import KeyFigures, Notice, Paragraph

TODAY = date(2026, 11, 26)


def small_year() -> list[dict]:
    """2015-16: 20 plans start (all neglect), 3 of them repeat plans; 2 end in 2014-15."""
    rows = [plan(f"F{i:02}", f"2015-{4 + i % 9:02}-10", prev=0, year=2016) for i in range(17)]
    rows += [
        plan("R1", "2014-05-01", "2015-01-20", prev=0, year=2015),
        plan("R1", "2015-09-01", prev=1, year=2016),  # 7 months after: within two years
        plan("R2", "2012-05-01", "2013-02-01", prev=0, year=2015),
        plan("R2", "2015-10-01", prev=1, year=2016),  # over two years
        plan("R3", "2015-11-01", prev=2, year=2016),  # moved in: gap unknown
    ]
    return rows


def report(plans, store, **kw):
    return build_report(make_data(plans), "335", store=store, today=TODAY, **kw)


def headline_figure(rep) -> str:
    figures = next(b for b in rep.sections[0].blocks if isinstance(b, KeyFigures))
    return figures.items[0].value


def test_published_headline_and_tables_hide_three_repeat_plans(empty_store):
    rep = report(small_year(), empty_store)
    assert rep.period_label == "2015-16"
    assert headline_figure(rep) == C
    trend = rep.table("trend")
    assert trend.rows[-1][:4] == ["2015-16", 20, C, C]
    assert trend.rows[-1][4] == C  # the interval would give the count back
    # category: Neglect first 17 / repeat 3 -> both hidden (3 small, 17 by subtraction)
    category = {r[0]: r for r in rep.table("who_category").rows}
    assert category["Neglect"] == ["Neglect", C, C, 20, C]
    assert category["All plans"] == ["All plans", C, C, 20, C]
    gaps = {r[0]: r[1] for r in rep.table("gaps").rows}
    assert gaps["All repeat plans"] == C
    assert set(gaps.values()) <= {C, 0}
    text = " ".join(b.text for s in rep.sections for b in s.blocks if isinstance(b, Paragraph))
    assert "a number not shown (c)" in text.lower()


def test_restricted_shows_the_numbers(empty_store):
    rep = report(small_year(), empty_store, publish=False)
    assert headline_figure(rep) == "15.0%"
    assert rep.table("trend").rows[-1][:4] == ["2015-16", 20, 3, 15.0]
    gaps = {r[0]: r[1] for r in rep.table("gaps").rows}
    assert gaps["6 months to under 1 year"] == 1
    assert gaps["3 years to under 5 years"] == 0 and gaps["2 years to under 3 years"] == 1
    assert gaps["Not known (no earlier plan end on record)"] == 1
    assert rep.table("cohort").column("LAchildID") == ["R1", "R2", "R3"]
    assert rep.classification == "OFFICIAL-SENSITIVE"
    summary = [b.text for b in rep.sections[0].blocks if isinstance(b, Paragraph)]
    assert any(
        t.startswith("Out of the 3 repeat plans behind this figure of 15.0%, 1 started less")
        for t in summary
    )
    cohort = [b.text for b in rep.sections[2].blocks if isinstance(b, Paragraph)]
    assert not any(t.startswith("Out of the") for t in cohort)  # the summary paragraph once


def test_without_benchmarks_the_report_says_how_to_import_them(empty_store):
    rep = report(small_year(), empty_store, publish=False)
    notices = [b.text for b in rep.sections[1].blocks if isinstance(b, Notice)]
    assert any("not yet imported" in n and "cpmonitor benchmarks import" in n for n in notices)
    trend = rep.table("trend")
    # England from the built-in series (DfE D3, 2025 release): 2014-15 16.6, 2015-16 17.9
    assert trend.column("England %") == [16.6, 17.9]
    assert trend.column("Statistical neighbours' mean %") == [None, None]


def test_with_benchmarks_the_neighbours_mean_is_the_stores(bench_store):
    rep = report(small_year(), bench_store, publish=False)
    series = {r.label: r for r in bench_store.series("335").rows}
    assert rep.table("trend").column("Statistical neighbours' mean %") == [
        series["2014-15"].neighbours_mean,
        series["2015-16"].neighbours_mean,
    ]
    assert not [b for b in rep.sections[1].blocks if isinstance(b, Notice)]
    assert rep.council == "Walsall"


def test_year_to_date_at_a_date_inside_the_year(empty_store):
    plans = small_year() + [
        plan("Y1", "2016-05-01", prev=0, year=2017),
        plan("Y2", "2016-08-31", prev=1, year=2017),
        plan("Y3", "2016-09-01", prev=1, year=2017),  # after the as-at date
    ]
    inputs = gather(make_data(plans), "335", as_at=date(2016, 8, 31), store=empty_store)
    assert (inputs.period.start, inputs.period.end) == (date(2016, 4, 1), date(2016, 8, 31))
    assert not inputs.period_is_full_year
    rep = report(plans, empty_store, as_at=date(2016, 8, 31), publish=False)
    trend = rep.table("trend")
    assert trend.column("Year") == ["2014-15", "2015-16", "2016-17 to 31 Aug 2016"]
    assert trend.rows[-1][1:4] == [2, 1, 50.0]
    assert trend.rows[-1][6] is None  # no England figure for a part-year


def test_default_period_is_the_year_to_date_at_the_latest_reference_date(empty_store):
    inputs = gather(make_data(small_year()), "335", store=empty_store)
    assert inputs.as_at == date(2016, 3, 31)
    assert inputs.period_is_full_year and inputs.period.label == "2015-16"
    assert [p.label for p in inputs.trend_periods] == ["2014-15", "2015-16"]


def test_a_chosen_period(empty_store):
    rep = report(small_year(), empty_store, period=parse_period("2014-15"), publish=False)
    assert rep.period_label == "2014-15"
    assert rep.table("trend").column("Year") == ["2014-15"]


def test_an_la_not_loaded_is_a_clear_error(empty_store):
    with pytest.raises(ReportError, match="LA 999 is not in the returns loaded"):
        gather(make_data(small_year()), "999", store=empty_store)


def test_every_section_in_order():
    assert [b.__name__ for b in SECTION_BUILDERS] == [
        "headline",
        "trend",
        "cohort",
        "who",
        "case_audit",
        "what_changed",
        "related",
        "authorisation",
        "quality",
        "method",
    ]


def test_method_cites_the_disclosure_rule_in_published_mode(empty_store):
    rep = report(small_year(), empty_store)
    method = rep.sections[-1]
    text = " ".join(getattr(b, "text", "") for b in method.blocks)
    assert "numbers from 1 to 5 are replaced by 'c'" in text
    restricted = report(small_year(), empty_store, publish=False).sections[-1]
    assert "no number is suppressed" in " ".join(getattr(b, "text", "") for b in restricted.blocks)


def test_data_quality_in_plain_words_and_the_records_only_when_restricted(empty_store):
    plans = small_year() + [
        plan("H1", "2013-06-01", "2014-02-01", prev=0, year=2015),
        plan("H1", "2015-12-01", prev=0, year=2016),  # earlier plan on record, recorded as 0
        plan("M1", "2016-01-05", prev=None, year=2016),  # NumberOfPreviousCPP missing
    ]
    published = report(plans, empty_store)
    quality = {r[0]: r for r in published.table("quality").rows}
    finding = (
        "NumberOfPreviousCPP is lower than the child's earlier plans on record: the DfE figure "
        "misses a repeat plan"
    )
    assert quality[finding][1:] == [
        "whether a plan counts as a repeat plan (the headline figure)",
        "warning",
        C,  # one record: suppressed in a published report
    ]
    notices = [
        b.text
        for b in next(s for s in published.sections if s.key == "quality").blocks
        if isinstance(b, Notice)
    ]
    assert any("have no NumberOfPreviousCPP" in n for n in notices)
    cohort_notices = [b.text for b in published.sections[2].blocks if isinstance(b, Notice)]
    assert any(
        n.startswith("Some more plans (a number not shown, c) started") for n in cohort_notices
    )
    with pytest.raises(KeyError):
        published.table("quality_records")

    restricted = report(plans, empty_store, publish=False)
    assert {r[1:] for r in map(tuple, restricted.table("quality").rows)} >= {
        ("whether a plan counts as a repeat plan (the headline figure)", "warning", 1)
    }
    records = restricted.table("quality_records")
    assert "H1" in records.column("LAchildID")


def test_a_period_with_no_plans_and_a_council_dfe_does_not_know(empty_store):
    plans = [plan("A", "2015-06-01", prev=0, la="999", year=2016)]
    rep = build_report(
        make_data(plans), "999", period=parse_period("2010-11"), store=empty_store, today=TODAY
    )
    assert rep.council == "LA 999"
    assert rep.table("trend").rows == [["2010-11", 0, 0, None, None, None, None, None]]
    texts = [getattr(b, "text", "") for s in rep.sections for b in s.blocks]
    assert "No child protection plan started from 1 April 2010 to 31 March 2011." in texts
    assert "No repeat plan started in the period." in texts
    assert any("LA code 999 is not a council DfE publishes figures for" in t for t in texts)
    from cpmonitor.report.html import render_html

    assert "LA 999" in render_html(rep)


def test_the_trend_in_words(empty_store):
    plans = small_year() + [
        plan(f"P{i}", "2014-06-01", prev=int(i < 2), year=2015) for i in range(8)
    ]
    rep = report(plans, empty_store, publish=False)
    texts = [b.text for b in rep.sections[1].blocks if isinstance(b, Paragraph)]
    # 2014-15: the 8 plans P0..P7 (2 repeat) and R1's first plan: 2 of 9 = 22.2% (England
    # 16.6); 2015-16: 3 of 20 = 15.0% (England 17.9)
    assert (
        "From 2014-15 to 2015-16 the council's figure ranged from 15.0% (2015-16) to 22.2% "
        "(2014-15). It was lower than England's in 1 of the 2 years with both figures. "
        "The latest figure, 15.0% for 2015-16, compares with 22.2% for 2014-15."
    ) in texts
