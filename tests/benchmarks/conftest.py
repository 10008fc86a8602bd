"""Fixtures for the benchmark tests: the DfE files in ../shared, and stores in temporary dirs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from cpmonitor.benchmarks import BenchmarkStore

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "cpp-benchmark-data"

D3_2025 = DATA / "dfe_ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv"
D3_2024 = DATA / "dfe_ees" / "d3_cpps_subsequent_plan_2013_to_2024__release2024.csv"
D5 = DATA / "dfe_ees" / "d5_cpps_at31march_by_duration_2013_to_2025.csv"
B1 = DATA / "dfe_ees" / "b1_children_in_need_2013_to_2025.csv"
C1 = DATA / "dfe_ees" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
LAIT = DATA / "lait" / "bds_long_0.parquet"
LAIT_CSV = DATA / "derived" / "lait_cpp_measures_2016_2025.csv"
SN_2021_CSV = DATA / "statistical_neighbours" / "New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2021_XLSX = DATA / "statistical_neighbours" / "lait_sn_april_2021.xlsx"
SN_2025_CSV = DATA / "statistical_neighbours" / "sn_model_2025_wide.csv"
SN_2025_XLSX = DATA / "statistical_neighbours" / "lait_sn_may_2025.xlsx"
WALSALL = DATA / "derived" / "walsall_repeat_cpp_benchmark.csv"
LA_CODES = DATA / "derived" / "la_codes_from_ees_d3.csv"

ALL_FILES = [
    D3_2024,
    D3_2025,
    D5,
    B1,
    C1,
    LAIT,
    SN_2021_CSV,
    SN_2021_XLSX,
    SN_2025_CSV,
    SN_2025_XLSX,
]


@pytest.fixture(scope="session")
def dfe() -> SimpleNamespace:
    """The shared DfE files, by name (``dfe.D3_2025``...)."""
    if not DATA.is_dir():
        pytest.fail(f"the DfE benchmark files are missing: {DATA}")
    names = {k: v for k, v in globals().items() if isinstance(v, Path) and k.isupper()}
    return SimpleNamespace(**names, ALL=ALL_FILES)


@pytest.fixture(scope="session")
def full_store(tmp_path_factory: pytest.TempPathFactory, dfe: SimpleNamespace) -> BenchmarkStore:
    """Every shared DfE file imported once (read-only for the tests that use it)."""
    store = BenchmarkStore(tmp_path_factory.mktemp("bench") / "benchmarks.sqlite3")
    store.import_files(ALL_FILES)
    return store


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user data directory (CPMONITOR_DATA_DIR) for this test."""
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> BenchmarkStore:
    """An empty store in the test's data directory."""
    return BenchmarkStore()
