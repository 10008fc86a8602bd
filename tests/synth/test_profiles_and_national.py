"""Repeat-plan profiles, council codes and the national in-memory path."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cpmonitor.census.tables import SCHEMAS
from cpmonitor.synth import (
    DEMO_LA,
    CouncilCodeError,
    ProfileError,
    check_la,
    national_census_data,
    national_councils,
)
from cpmonitor.synth.profiles import ENGLAND, multipliers, repeat_odds, targets


def test_profiles():
    assert targets("england", [2013, 2025]).tolist() == [14.9, 24.5]
    assert targets("england", [2026]).tolist() == [24.5]  # the nearest year beyond the table
    m = multipliers(np.array([10, 15, 20, 25, 30]))
    assert (np.diff(m) > 0).all()
    twenty = float(multipliers(np.array([20.0]))[0])
    assert repeat_odds({2016: 20.0}, [2015, 2016]) == (twenty, twenty)
    assert repeat_odds("flat", [2016]) == (1.0,)  # the model's own level
    with pytest.raises(ProfileError):
        targets("rising", [2016])
    assert set(ENGLAND) == set(range(2013, 2026))


def test_council_codes():
    assert check_la(" 335 ") == DEMO_LA
    for bad in ("35", "3355", "abc", "999"):
        with pytest.raises(CouncilCodeError):
            check_la(bad)


def test_national_councils_are_distinct_real_councils_of_varied_size():
    councils = national_councils(150, range(2013, 2026), seed=0)
    codes = [c.la for c in councils]
    assert len(set(codes)) == 150
    sizes = [c.children for c in councils]
    assert max(sizes) > 5 * min(sizes)
    assert all(len(c.repeat_odds) == 13 for c in councils)


def test_national_census_data_small():
    data = national_census_data(councils=4, years=range(2020, 2023), seed=1)
    assert len(data.las) == 4
    assert len(data.returns) == 12
    for name, frame in data.tables.items():
        assert frame.schema == pl.Schema(SCHEMAS[name]), name
    plans = data["cp_plans"]
    assert set(plans["la"]) == set(data.las)
    assert set(plans["census_year"]) == {2020, 2021, 2022}
    only = national_census_data(councils=4, years=range(2020, 2023), seed=1, tables=["cp_plans"])
    assert set(only.tables) >= {"cp_plans"}
    assert only["cp_plans"].equals(plans)
