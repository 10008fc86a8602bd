"""Written returns read back (cpmonitor.census.load) equal the in-memory tables, cleanly."""

from __future__ import annotations

import polars as pl

from cpmonitor.census.load import load
from cpmonitor.census.tables import TABLES
from cpmonitor.quality import check_history
from cpmonitor.synth import census_data


def test_files_read_back_equal_the_in_memory_tables(small_sim, small_returns):
    folder = small_returns[0].path.parent
    read = load(folder)
    assert read.rejected == []
    assert read.issues == []  # not one data-quality issue in a synthetic return
    memory = census_data(small_sim)
    for name in TABLES:
        a = read[name].drop("source_file", "line").sort(pl.all())
        b = memory[name].drop("source_file", "line").sort(pl.all())
        assert a.schema == b.schema, name
        assert a.equals(b), name
    assert sorted((r.la, r.census_year, r.children) for r in read.returns) == sorted(
        (r.la, r.census_year, r.children) for r in memory.returns
    )


def test_the_history_passes_the_quality_checks(small_sim):
    data = census_data(small_sim)
    assert check_history(data) == []


def test_returns_written_by_synth_are_read_back_as_synthetic(small_sim, small_returns):
    """``Header/Source/SoftwareCode`` carries the simulator's mark, and the reader sees it."""
    read = load(small_returns[0].path.parent)
    assert read.returns and all(r.synthetic for r in read.returns)
    assert all(r.synthetic for r in census_data(small_sim).returns)


def test_a_return_from_another_system_is_not_synthetic(tmp_path):
    from cin_returns import child, episode, header, message, plan

    path = tmp_path / "cin.xml"
    path.write_text(message(child("A", episodes=episode(plan())), header(2016, "335")))
    assert [r.synthetic for r in load(path).returns] == [False]
