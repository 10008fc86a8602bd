"""The report's data-quality section says which DfE rule failures change the repeat figure."""

from __future__ import annotations

from datetime import date

from cin_returns import header, message
from dfe_cases import IMPACT_CHILDREN as CHILDREN

from cpmonitor.census.load import load
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.periods import financial_year
from cpmonitor.report import build_report

TODAY = date(2026, 11, 26)


def _report(tmp_path, store, publish: bool):
    path = tmp_path / "cin_2016.xml"
    path.write_text(message(CHILDREN, header(2016)), encoding="utf-8")
    return build_report(
        load(path),
        "201",
        period=financial_year(2016),
        publish=publish,
        store=store,
        compare_published=False,
        today=TODAY,
    )


def test_restricted_report_shows_each_failure_and_the_figure_without_it(tmp_path, empty_store):
    table = _report(tmp_path, empty_store, publish=False).table("dfe_impact")
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Plans that should not be counted"] == [
        "8832",
        1,
        "33.3% (-9.6 points) without them",
    ]
    assert rows["Plans whose start date (so their year) is contradicted"][2] == (
        "50.0% (+7.1 points) without them"
    )
    assert rows["Plans with no NumberOfPreviousCPP, counted as first plans"][2] == (
        "57.1% (+14.2 points) if each were a repeat"
    )
    assert rows["Repeat plans whose previous plan's end date is contradicted"][:2] == ["8565", 1]


def test_published_report_hides_one_plan_and_the_figure_that_would_reveal_it(tmp_path, empty_store):
    rep = _report(tmp_path, empty_store, publish=True)
    rows = {r[0]: r[1:] for r in rep.table("dfe_impact").rows}
    assert rows["Plans that should not be counted"] == ["8832", C, C]
    texts = [getattr(b, "text", "") for s in rep.sections for b in s.blocks]
    assert any(t.startswith("DfE's CIN census validation rules found") for t in texts)
