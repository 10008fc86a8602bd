"""Dashboard and cohort pages: figures from the core, benchmarks beside them, filters, exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from builders import SHARED
from cpmonitor.web.dashboard.cohort import CohortFilter, filter_cohort

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_core_figures(client_as, loaded):
    from cpmonitor.measures import summary
    from cpmonitor.periods import year_to_date
    from cpmonitor.web.store import services

    r = client_as("manager").get("/dashboard/")
    assert r.status_code == 200
    expected = summary(services.history("999"), year_to_date(r.context["as_at"]), la="999")
    assert r.context["m"] == expected["repeat_plans"]
    m = r.context["m"]
    assert (m["repeat"], m["plans_started"]) == (1, 2)  # 2016-17: TL0003 repeat, TL0005 first
    assert b"50.0%" in r.content and b"1 of 2" in r.content
    assert [t["label"] for t in r.context["trend"]] == ["2015-16", "2016-17"]
    assert r.context["trend"][0]["England"] == 17.9  # built in: DfE table D3
    assert not r.context["benchmarks_imported"]
    assert b"No DfE benchmark files have been imported" in r.content


def test_an_as_at_date_that_is_not_a_date_is_explained(client_as, loaded):
    c = client_as("manager")
    r = c.get("/dashboard/?as_at=31/13/2016")
    assert r.status_code == 400 and b"Year to date as at must be a real date" in r.content
    r = c.get("/dashboard/?as_at=31/08/2016")  # a link written the UK way
    assert r.context["as_at"] == date(2016, 8, 31)


@pytest.mark.slow
def test_imported_benchmarks_bring_neighbours(client_as, tmp_path, monkeypatch):
    """With DfE files imported, the trend has England, the neighbours and the published figure."""
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path / "data"))  # a store of its own
    from cpmonitor import synth
    from cpmonitor.benchmarks import BenchmarkStore
    from cpmonitor.census.load import load
    from cpmonitor.web.store import services

    folder = tmp_path / "returns"
    synth.write_returns(synth.simulate(children=60, years=range(2015, 2017)), folder)
    services.import_census(load(folder))
    data = SHARED / "cpp-benchmark-data"
    BenchmarkStore().import_files(
        [
            data / "dfe_ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv",
            data / "statistical_neighbours" / "New_Statistical_Neighbour_Groupings_April_2021.csv",
        ]
    )
    r = client_as("manager").get("/dashboard/")
    assert r.context["benchmarks_imported"]
    names = r.context["bench_names"]
    assert "Statistical neighbours' mean" in names and "England" in names
    row = {t["label"]: t for t in r.context["trend"]}["2015-16"]
    assert row["England"] == 17.9
    # synthetic returns under Walsall's code are never set beside Walsall's published figure
    assert not any("(published)" in n for n in names)
    assert b"Statistical neighbours" in r.content


def test_cohort_filters(client_as, loaded):
    c = client_as("manager")
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31")
    assert {row["child_id"] for row in r.context["rows"]} == {"TL0001", "TL0002", "TL0003"}
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31&category=EMO")
    assert [row["child_id"] for row in r.context["rows"]] == ["TL0002"]
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31&previous=2")
    assert [row["child_id"] for row in r.context["rows"]] == ["TL0002"]
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31&gap=within")
    assert [row["child_id"] for row in r.context["rows"]] == ["TL0003"]  # 1 Jan to 15 Sep 2016
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31&age_band=1 to 4")
    assert [row["child_id"] for row in r.context["rows"]] == [
        "TL0001",
        "TL0003",
    ]  # aged 3, 2  # 1 Jan to 15 Sep 2016
    r = c.get("/repeat-plans/?period=2015-04-01..2017-03-31&sort=-start_date")
    assert [row["child_id"] for row in r.context["rows"]] == ["TL0003", "TL0002", "TL0001"]
    r = c.get("/repeat-plans/?period=next year")
    assert b"is not a period" in r.content


def test_csv_export_matches_the_page(client_as, loaded):
    c = client_as("manager")
    r = c.get("/repeat-plans/export/?period=2015-16&format=csv")
    assert r["Content-Type"].startswith("text/csv") and r["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][:3] == ["LAchildID", "Plan started", "Plan ended"]
    assert sorted(row[0] for row in rows[1:]) == ["TL0001", "TL0002"]
    assert c.get("/repeat-plans/export/?format=exe").status_code == 404


def test_filter_ignores_unknown_choices():
    chosen = CohortFilter.from_query({"gap": "sideways", "sort": "password", "category": "NEG"})
    assert chosen.gap == "" and chosen.sort == "start_date" and chosen.category == "NEG"
    assert "category=NEG" in chosen.describe()
    import polars as pl

    empty = pl.DataFrame(
        schema={c: pl.Utf8 for c in ("child_id", "gap_group", "initial_category", "age_band")}
        | {"start_date": pl.Date, "previous_plans": pl.Int32}
    )
    assert filter_cohort(empty, chosen).height == 0


def test_data_quality_lists_dfe_rule_failures_and_says_how_they_move_the_figure(client_as, loaded):
    from cpmonitor.web.store.models import DataIssue

    stored = set(DataIssue.objects.filter(code__startswith="dfe-").values_list("code", flat=True))
    assert "dfe-2885" in stored  # these small returns' plans have no conference on record
    r = client_as("manager").get("/data-quality/")
    assert r.status_code == 200
    assert b"DfE rule failures that change the repeat figure" in r.content
    impact = r.context["dfe_impact"]
    assert any(
        line.startswith("Plans whose start date (so their year) is contradicted") for line in impact
    )
    assert all("DfE" in line for line in impact)
