"""The store: imports (idempotent, all or nothing, every release kept) and the year series."""

from __future__ import annotations

import csv
import shutil
import sqlite3

import polars as pl
import pytest

from cpmonitor.benchmarks import BenchmarkImportError, BenchmarkStore, UnknownArea
from cpmonitor.benchmarks.england import ENGLAND_REPEAT_PLANS
from cpmonitor.benchmarks.layouts import read_file
from cpmonitor.benchmarks.series import rank_and_quartile
from cpmonitor.stats import wilson_interval


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _row(series, label: str):
    return next(r for r in series.rows if r.label == label)


def test_store_lives_in_the_user_data_dir(store, data_dir):
    assert store.path == data_dir / "benchmarks.sqlite3"


def test_import_keeps_every_release(full_store):
    labels = [r.label for r in full_store.releases()]
    assert labels == [
        "D3 2024",
        "D3 2025",
        "D5 2025",
        "B1 2025",
        "C1 2025",
        "LAIT 2025",
        "SN 2021",
        "SN 2025",
        "SN 2025",
    ]
    assert full_store.neighbour_lists() == ["2021", "2025"]


def test_reimporting_the_same_files_changes_nothing(full_store, dfe, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(full_store.path, copy)
    before = _dump(copy)
    result = BenchmarkStore(copy).import_files(dfe.ALL)
    assert {f.status for f in result.files} == {"already imported"}
    assert _dump(copy) == before


def test_the_same_content_in_another_file_is_the_same_release(full_store, dfe, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(full_store.path, copy)
    before = _dump(copy)
    resaved = tmp_path / "d3_resaved.csv"
    resaved.write_bytes(b"\xef\xbb\xbf" + dfe.D3_2025.read_bytes().replace(b"\n", b"\r\n"))
    [outcome] = BenchmarkStore(copy).import_files([resaved]).files
    assert outcome.status == "already imported" and outcome.label == "D3 2025"
    assert _dump(copy) == before


def test_import_is_all_or_nothing(store, dfe, tmp_path):
    bad = tmp_path / "not_dfe.csv"
    bad.write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(BenchmarkImportError) as caught:
        store.import_files([dfe.D3_2025, dfe.SN_2025_CSV, bad])
    assert "Nothing was imported" in str(caught.value) and "not_dfe.csv" in str(caught.value)
    assert store.releases() == []
    assert store.observations("repeat_plans").is_empty()


def test_a_folder_imports_what_it_recognises_and_reports_the_rest(store, dfe):
    result = store.import_files([dfe.DATA / "derived"])
    by_name = {f.path.name: f.status for f in result.files}
    assert by_name["lait_cpp_measures_2016_2025.csv"] == "imported"
    assert by_name["walsall_repeat_cpp_benchmark.csv"] == "skipped"
    assert by_name["la_codes_from_ees_d3.csv"] == "skipped"


WALSALL_KEYS = ("walsall_cpp_subsequent", "walsall_cpp_start", "walsall_pct")


def test_walsall_and_england_and_both_neighbour_means_match_the_fixture(full_store, dfe):
    with dfe.WALSALL.open(encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    by_list = {
        "2021": {r.year: r for r in full_store.series("335", neighbours="2021").rows},
        "2025": {r.year: r for r in full_store.series("335", neighbours="2025").rows},
    }
    assert len(expected) == 13
    for fixture in expected:
        year = int(fixture["time_period"])
        row = by_list["2025"][year]
        assert row.label == fixture["year_label"].replace("/", "-")
        assert (row.la_numerator, row.la_denominator, row.la_value) == (
            int(fixture["walsall_cpp_subsequent"]),
            int(fixture["walsall_cpp_start"]),
            float(fixture["walsall_pct"]),
        )
        assert (row.england_numerator, row.england_denominator, row.england_value) == (
            int(fixture["england_cpp_subsequent"]),
            int(fixture["england_cpp_start"]),
            float(fixture["england_pct"]),
        )
        for label in ("2021", "2025"):
            got = by_list[label][year]
            assert got.neighbours_list == label
            assert got.neighbours_count == int(fixture[f"sn{label}_n"])
            assert got.neighbours_mean == pytest.approx(
                float(fixture[f"sn{label}_mean_pct"]), abs=0.005
            ), (label, year)


def test_neighbour_mean_is_over_the_neighbours_with_a_value(full_store):
    row = _row(full_store.series("335", neighbours="2025"), "2021-22")
    assert (row.neighbours_count, row.neighbours_size, row.neighbours_missing) == (9, 10, ["371"])
    # Doncaster 2021-22 is "u" in the 2025 release: left out, not counted as 0
    values = full_store.observations("repeat_plans").filter(
        (pl.col("year") == 2022)
        & pl.col("area").is_in(["354", "861", "357", "336", "831", "350", "372", "812", "333"])
    )
    assert row.neighbours_mean == pytest.approx(values.get_column("value").mean())


def test_england_2021_22_revision_is_visible_with_the_release_it_came_from(full_store):
    row = _row(full_store.series("335"), "2021-22")
    assert (row.england_value, row.england_numerator, row.england_release) == (
        22.7,
        14550,
        "D3 2025",
    )
    [revision] = [r for r in row.revisions if r.area == "england"]
    assert (revision.release, revision.value, revision.numerator) == ("D3 2024", 23.3, 14990)
    # as published in 2024: the old figure, and no 2024-25
    old = full_store.series("335", release=2024)
    assert _row(old, "2021-22").england_value == 23.3
    assert _row(old, "2021-22").revisions == []
    assert "2024-25" not in [r.label for r in old.rows if r.la_release]


def test_doncaster_and_yorkshire_revisions(full_store):
    doncaster = _row(full_store.series("371"), "2021-22")
    assert (doncaster.la_value, doncaster.la_status) == (None, "u")
    la_revision = next(r for r in doncaster.revisions if r.area == "la")
    assert (la_revision.release, la_revision.value, la_revision.numerator) == (
        "D3 2024",
        100.0,
        437,
    )
    assert doncaster.region_value == 23.6
    assert next(r for r in doncaster.revisions if r.area == "region").value == 28.0


def test_newest_release_wins_whatever_the_import_order(store, dfe):
    store.import_files([dfe.D3_2025])
    store.import_files([dfe.D3_2024])
    england = store.observations("repeat_plans").filter(
        (pl.col("level") == "national") & (pl.col("year") == 2022)
    )
    assert england.select("value", "release").row(0) == (22.7, "D3 2025")


def test_la_percent_recomputed_with_wilson_interval_and_rank(full_store):
    row = _row(full_store.series("335"), "2015-16")
    assert (row.la_numerator, row.la_denominator, row.la_value, row.la_value_published) == (
        93,
        541,
        17.2,
        17.2,
    )
    ci = wilson_interval(93, 541)
    assert (row.ci_low, row.ci_high) == (ci.low, ci.high)
    assert row.ci_low < 17.2 < row.ci_high
    values = full_store.observations("repeat_plans").filter(
        (pl.col("year") == 2016) & (pl.col("level") == "la") & pl.col("value").is_not_null()
    )
    assert row.rank_of == values.height
    assert row.rank == values.filter(pl.col("value") < 17.2).height + 1  # lower is better
    assert row.quartile == "B"
    assert row.funnel == "within the 95% limits"


def test_rank_and_quartile_follow_lait_with_polarity():
    values = pl.DataFrame({"area": ["a", "b", "c", "d", "e"], "value": [10.0, 20, 20, 30, 40]})
    low = {
        r["area"]: (r["rank"], r["quartile"]) for r in rank_and_quartile(values, "low").to_dicts()
    }
    assert low == {"a": (1, "A"), "b": (2, "A"), "c": (2, "A"), "d": (4, "C"), "e": (5, "D")}
    high = {
        r["area"]: (r["rank"], r["quartile"]) for r in rank_and_quartile(values, "high").to_dicts()
    }
    assert high == {"a": (5, "D"), "b": (3, "D"), "c": (3, "D"), "d": (2, "B"), "e": (1, "A")}
    none = rank_and_quartile(values, None)
    assert none.get_column("rank").null_count() == 5


def test_region_is_the_published_one_and_london_boroughs_get_london(full_store):
    walsall = _row(full_store.series("335"), "2024-25")
    assert (walsall.region_code, walsall.region_name, walsall.region_value) == (
        "E12000005",
        "West Midlands",
        26.7,
    )
    camden = _row(full_store.series("Camden"), "2021-22")
    assert (camden.region_code, camden.region_name, camden.region_value) == (
        "E12000007",
        "London",
        18.4,
    )


@pytest.mark.parametrize(
    "query", ["815", "E10000023", "E06000065", "North Yorkshire", "north yorkshire"]
)
def test_code_changes_followed_by_old_code_ons_code_and_name(full_store, query):
    series = full_store.series(query)
    assert series.la.code == "815"
    published = [r for r in series.rows if r.la_release]
    assert [r.year for r in published] == list(range(2013, 2026))
    assert {r.la_ons_code for r in published if r.year <= 2023} == {"E10000023"}
    assert {r.la_ons_code for r in published if r.year >= 2024} == {"E06000065"}
    assert any("E10000023" in note and "E06000065" in note for note in series.notes)


@pytest.mark.parametrize(
    ("query", "code", "mentions"),
    [
        ("Northamptonshire", "928", ["940", "941"]),
        ("E10000021", "928", ["940", "941"]),
        ("West Northamptonshire", "941", ["928"]),
        ("Dorset", "838", ["835"]),
        ("E10000009", "835", ["838", "839"]),
        ("Bournemouth, Christchurch & Poole", "839", ["835", "836", "837"]),
        ("Cumbria", "909", ["942", "943"]),
        ("E06000063", "942", ["909"]),
        ("Buckinghamshire", "825", ["E10000002", "E06000060"]),
        ("Somerset", "933", ["E10000027", "E06000066"]),
    ],
)
def test_reorganised_councils(full_store, query, code, mentions):
    series = full_store.series(query)
    assert series.la.code == code
    note = " ".join(series.notes)
    assert all(m in note for m in mentions), note


def test_northamptonshire_series_stops_where_its_successors_start(full_store):
    old = [r.year for r in full_store.series("928").rows if r.la_release]
    new = [r.year for r in full_store.series("940").rows if r.la_release]
    assert max(old) == 2021 and min(new) == 2022


def test_unknown_council_suggests_names(full_store):
    with pytest.raises(UnknownArea, match="Walsall"):
        full_store.series("Walsal")


def test_fresh_install_compares_with_england_built_in(store):
    series = store.series("335")
    assert [r.year for r in series.rows] == sorted(ENGLAND_REPEAT_PLANS)
    row = _row(series, "2015-16")
    assert (row.la_value, row.england_value) == (None, 17.9)
    assert row.england_release.startswith("built in")
    assert _row(series, "2011-12").england_value == 13.8
    assert any("import" in note for note in series.notes)


def test_built_in_england_series_is_the_published_one(dfe):
    national = read_file(dfe.D3_2025).frame.filter(pl.col("level") == "national")
    for year, starts, repeat, value in national.select(
        "year", "denominator", "numerator", "value"
    ).iter_rows():
        figure = ENGLAND_REPEAT_PLANS[year]
        assert (figure.starts, figure.repeat, figure.percent) == (starts, repeat, value)


def test_built_in_council_codes_are_the_published_ones(dfe):
    from cpmonitor.benchmarks.areas import LaDirectory

    directory = LaDirectory()
    with dfe.LA_CODES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        la = directory.get(row["old_la_code"])
        assert row["new_la_code"] in la.ons_codes
        assert directory.resolve(row["new_la_code"]).code == row["old_la_code"]
    assert len(directory) == len({r["old_la_code"] for r in rows})


def test_lait_measures_only_lait_carries(full_store):
    series = full_store.series("335", measure="plans_ended_2_years_or_more")
    row = _row(series, "2015-16")
    assert (row.la_value, row.la_status) == (None, "-")
    assert row.england_value == 3.8 and row.england_release == "LAIT 2025"
    assert series.measure.polarity == "low"
    with pytest.raises(KeyError, match="known measures"):
        full_store.series("335", measure="no_such_measure")


def test_neighbour_list_choice(full_store):
    assert full_store.series("335").neighbours.list_label == "2025"
    with pytest.raises(LookupError, match="2019"):
        full_store.series("335", neighbours="2019")
    no_row = full_store.series("942", neighbours="2021")
    assert no_row.rows[-1].neighbours_mean is None
    assert any("no row for Cumberland" in note for note in no_row.notes)


def test_to_frame_and_dicts(full_store):
    series = full_store.series("335")
    frame = series.to_frame()
    assert frame.height == len(series.rows)
    assert {"year", "la_repeat", "la_starts", "la_percent", "neighbours_mean"} <= set(frame.columns)
    record = next(d for d in series.to_dicts() if d["year"] == "2021-22")
    assert record["revisions"][0]["release"] == "D3 2024"


def test_count_measures_are_whole_numbers(full_store):
    row = _row(full_store.series("335", measure="plans_at_31_march"), "2012-13")
    assert row.la_value == 251 and isinstance(row.la_value, int)
    assert isinstance(row.england_value, int) and row.rank is None  # DfE gives no polarity
