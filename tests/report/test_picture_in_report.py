"""The report renders the council picture: like with like, differences said, synthetic marked."""

from __future__ import annotations

from dataclasses import replace

from builders import make_data, plan
from cpmonitor.periods import parse_period
from cpmonitor.report import build_report
from cpmonitor.report.model import KeyFigures, Notice, Paragraph

from .conftest import TODAY


def wolverhampton_2015_16() -> list[dict]:
    """LA 336, 2015-16: 40 plans start, 2 of them repeat plans (5.0%); DfE published 17.9%."""
    rows = [
        plan(f"F{i:02}", f"2015-{4 + i % 9:02}-10", prev=0, la="336", year=2016) for i in range(38)
    ]
    rows += [
        plan("R1", "2015-09-01", prev=1, la="336", year=2016),
        plan("R2", "2015-10-01", prev=1, la="336", year=2016),
    ]
    return rows


def texts(rep, key=None) -> str:
    return " ".join(
        b.text
        for s in rep.sections
        if key is None or s.key == key
        for b in s.blocks
        if isinstance(b, Paragraph | Notice)
    )


def key_figures(rep) -> dict[str, tuple[str, str]]:
    figures = next(b for b in rep.sections[0].blocks if isinstance(b, KeyFigures))
    return {f.label: (f.value, f.detail) for f in figures.items}


def test_a_past_year_is_compared_with_englands_figure_for_the_same_year(bench_store):
    rep = build_report(
        make_data(wolverhampton_2015_16()),
        "336",
        period=parse_period("2015-16"),
        store=bench_store,
        publish=False,
        today=TODAY,
    )
    figures = key_figures(rep)
    assert figures["England, 2015-16"][0] == "17.9%"
    assert "the same year" in figures["England, 2015-16"][1]
    summary = texts(rep, "summary")
    assert "England's figure for 2015-16 (17.9%) is above the interval" in summary
    assert "2024-25" not in summary and "24.5%" not in summary
    england = rep.table("trend").column("England %")
    assert england == [17.9]


def test_a_year_to_date_is_never_judged_against_a_published_year(bench_store):
    rows = [replace_year(r) for r in wolverhampton_2015_16()]
    rep = build_report(
        make_data(rows),
        "336",
        period=parse_period("2016-04-01..2016-08-31"),
        store=bench_store,
        publish=False,
        today=TODAY,
    )
    summary = texts(rep, "summary")
    assert "clearly" not in summary
    assert "There is no published figure for 2016-17 to 31 Aug 2016 to compare with" in summary
    assert "DfE publishes whole years only" in summary
    label = next(k for k in key_figures(rep) if k.startswith("England, "))
    assert label == "England, 2015-16"
    assert "a different period" in key_figures(rep)[label][1]
    assert rep.table("trend").column("England %")[-1] is None  # nothing beside the part-year


def replace_year(row: dict) -> dict:
    """The same plan one year later (2016-17), in the 2016-17 return."""
    start = row["start_date"].replace(year=row["start_date"].year + 1)
    return row | {
        "start_date": start,
        "referral_date": start,
        "census_year": 2017,
        "source_file": "cin_336_2017.xml",
    }


def test_a_difference_from_the_published_figure_is_a_finding_said_plainly(bench_store):
    rep = build_report(
        make_data(wolverhampton_2015_16()),
        "336",
        period=parse_period("2015-16"),
        store=bench_store,
        today=TODAY,
    )
    quality = texts(rep, "quality")
    assert "nothing that affects these figures" not in quality
    assert "differs from DfE's published figure, by up to 12.9 points (2015-16)" in quality
    assert "not the return DfE published from" in quality
    findings = rep.table("quality").column("Finding")
    assert any("differs from DfE's published figure" in f for f in findings)
    published = rep.table("published")
    assert published.rows == [["2015-16", 5.0, 5.0, 17.9, -12.9]]


def test_synthetic_returns_are_marked_and_never_compared_with_the_real_council(bench_store):
    data = make_data(wolverhampton_2015_16())
    data.returns[:] = [replace(r, synthetic=True) for r in data.returns]
    rep = build_report(data, "336", period=parse_period("2015-16"), store=bench_store, today=TODAY)
    assert rep.synthetic and rep.marking == "SYNTHETIC DATA"
    assert (
        "Data",
        "CIN census returns to 31 March 2016, 127 months before 26 November 2026; "
        "synthetic, made by cpmonitor's simulator",
    ) in rep.meta
    assert "Synthetic data: every child and every figure here was made by" in texts(rep, "summary")
    assert "not compared with the council's published figures" in texts(rep, "quality")
    quality = [t for t in rep.tables() if t.key == "quality"]
    assert not quality or not any("differs" in f for f in quality[0].column("Finding"))


def test_a_published_report_has_no_code_names_or_software_instructions(published):
    """Councillors read it: words, not column names or commands."""
    html = published.html.read_text(encoding="utf-8")
    for word in ("repeat_by_record_or_history", "cpmonitor benchmarks", "cpmonitor validate", "`"):
        assert word not in html
    assert "A lower figure is not always better" in html  # the seed's nuance, in the method
    summary = texts(published.report, "summary")
    assert summary.count("repeat plans behind this figure") <= 1
