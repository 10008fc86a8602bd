"""Synthetic councils shared by the synth tests (session-scoped: simulated once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmonitor.synth import simulate, write_returns

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
XSD_DIR = SHARED / "peer-cin-samples" / "liia-tools-pipeline-xsd"
ALL_YEARS = range(2013, 2027)  # every spec year: 2012-13 .. 2025-26


@pytest.fixture(scope="session")
def small_sim():
    """A small council over every spec year, with the demo trend."""
    return simulate(children=400, years=ALL_YEARS, seed=7, profile="demo")


@pytest.fixture(scope="session")
def small_returns(small_sim, tmp_path_factory):
    """The small council's returns written as XML, one per census year."""
    out = tmp_path_factory.mktemp("returns")
    return write_returns(small_sim, out)


@pytest.fixture(scope="session")
def medium_sim():
    """A medium council (about 650 plan starts a year) for checking rates."""
    return simulate(children=9000, years=range(2013, 2026), seed=11, profile="flat")
