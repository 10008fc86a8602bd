"""Fixtures for the report tests: a small synthetic council, benchmark stores, rendered reports.

The council is small (about 400 children a year, some 30 plan starts), so published reports
have suppressed numbers in them. Rendering is done once per session and mode: PDF is the slow
format, and only these two fixtures render it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from builders import SHARED
from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.census.load import load
from cpmonitor.report import build_report, write_report
from cpmonitor.report.model import Chart
from cpmonitor.synth import simulate, write_returns

LA = "335"
YEARS = range(2013, 2027)
TODAY = date(2026, 11, 26)
DFE = SHARED / "cpp-benchmark-data"
D3 = DFE / "dfe_ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv"
SN_2025 = DFE / "statistical_neighbours" / "sn_model_2025_wide.csv"


@pytest.fixture(scope="session")
def returns_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic CIN census returns of a small council, 2012-13 to 2025-26."""
    folder = tmp_path_factory.mktemp("returns")
    sim = simulate(la=LA, years=YEARS, children=400, seed=11, profile="demo")
    write_returns(sim, folder)
    return folder


@pytest.fixture(scope="session")
def census(returns_dir: Path):
    return load([returns_dir])


@pytest.fixture(scope="session")
def child_ids(census) -> set[str]:
    """Every LAchildID in the returns."""
    return set(census["children"]["child_id"].to_list())


@pytest.fixture(scope="session")
def bench_store(tmp_path_factory: pytest.TempPathFactory) -> BenchmarkStore:
    """DfE table D3 and the 2025 statistical-neighbour list, imported from ../shared."""
    if not DFE.is_dir():
        pytest.fail(f"the DfE benchmark files are missing: {DFE}")
    store = BenchmarkStore(tmp_path_factory.mktemp("bench") / "benchmarks.sqlite3")
    store.import_files([D3, SN_2025])
    return store


@pytest.fixture
def empty_store(tmp_path: Path) -> BenchmarkStore:
    return BenchmarkStore(tmp_path / "benchmarks.sqlite3")


def _render(census, store, folder: Path, publish: bool) -> SimpleNamespace:
    report = build_report(
        census, LA, publish=publish, store=store, compare_published=False, today=TODAY
    )
    name = "publish" if publish else "restricted"
    files = {
        ext: write_report(report, folder / f"{name}.{ext}")
        for ext in ("html", "pdf", "docx", "xlsx")
    }
    return SimpleNamespace(report=report, **files)


@pytest.fixture(scope="session")
def published(census, bench_store, tmp_path_factory) -> SimpleNamespace:
    """The published report in every format (``.report`` and ``.html``/``.pdf``/… paths)."""
    return _render(census, bench_store, tmp_path_factory.mktemp("published"), publish=True)


@pytest.fixture(scope="session")
def restricted(census, bench_store, tmp_path_factory) -> SimpleNamespace:
    """The restricted report in every format."""
    return _render(census, bench_store, tmp_path_factory.mktemp("restricted"), publish=False)


def unprintable_chart() -> Chart:
    """A chart matplotlib cannot draw (two value labels for one bar), not drawn yet."""
    return Chart(
        key="bad-chart",
        title="Plans by year",
        alt="",
        draw="bar_chart",
        data={
            "labels": ["2015-16"],
            "series": {"Council": [1.0]},
            "value_labels": {"Council": ["1", "2"]},
        },
    )
