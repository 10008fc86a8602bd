"""The simulator's Annex A workbook reads back cleanly and agrees with the simulated truth."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cpmonitor.annexa.reader import read_annex_a
from cpmonitor.synth import SynthError, simulate
from cpmonitor.synth.annexa import write_annex_a
from cpmonitor.workdays import working_days_between

AS_AT = date(2026, 8, 31)


@pytest.fixture(scope="module")
def sim():
    return simulate(years=range(2025, 2027), children=400, seed=3, until=AS_AT)


def test_the_simulation_runs_on_into_the_year_after_the_last_return(sim):
    assert sim.years == (2025, 2026, 2027)
    with pytest.raises(SynthError, match="Annex A date"):
        simulate(years=range(2025, 2027), children=400, until=date(2027, 8, 31))


def test_the_workbook_reads_back_without_a_bad_value_and_lists_the_plans_open_in_its_year(
    sim, tmp_path
):
    annex = read_annex_a(write_annex_a(sim, tmp_path, "335", AS_AT, seed=3))
    assert (annex.la, annex.extract_date) == ("335", AS_AT)
    assert set(annex.lists) == {"child_protection", "assessments", "section47"}
    assert annex.issues == []  # every column of Lists 4, 5 and 7, every value readable
    truth = sim["cp_plans"].filter(
        (pl.col("start_date") <= AS_AT)
        & (pl.col("end_date").is_null() | (pl.col("end_date") > date(2025, 8, 31)))
    )
    got = annex.plans
    assert sorted(zip(got["child_id"], got["start_date"], strict=True)) == sorted(
        zip(truth["child_id"], truth["start_date"], strict=True)
    )
    assert got.filter(pl.col("end_date") > AS_AT).height == 0  # not known on the day
    visited = got.filter(pl.col("last_visit").is_not_null())
    assert visited.filter(pl.col("last_visit") < pl.col("start_date")).height == 0
    assert visited.filter(pl.col("last_visit") > AS_AT).height == 0
    open_now = visited.filter(pl.col("end_date").is_null())
    gaps = [working_days_between(v, AS_AT) for v in open_now["last_visit"]]
    assert max(gaps) <= 15 and sum(g > 10 for g in gaps) < len(gaps) / 2
