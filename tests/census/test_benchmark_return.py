"""The large synthetic return of the ingest benchmark is a valid, clean CIN census return."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import xmlschema

from cpmonitor.census.reader import read_return

REPO = Path(__file__).resolve().parents[2]


def ingest_benchmark():
    spec = importlib.util.spec_from_file_location("bench_ingest", REPO / "perf" / "ingest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_return_is_valid_against_the_schema_and_reads_cleanly(tmp_path):
    bench = ingest_benchmark()
    path = bench.synthetic_return(tmp_path / "cin.xml", children=200, seed=7)
    errors = list(xmlschema.XMLSchema(str(bench.XSD)).iter_errors(str(path)))
    assert errors == []
    data = read_return(path)
    assert data.issues == []
    assert data["children"].height == 200 and data["cp_plans"].height > 20
    assert data["reviews"]["review_date"].max() <= data.returns[0].reference_date


def test_the_benchmark_runs_and_reports_ratios():
    result = ingest_benchmark().run(children=150, repeat=1)
    assert set(result["mb_per_s"]) == {
        "bare_iterparse",
        "parse_only",
        "cpmonitor",
        "xmlschema_to_dict",
    }
    assert result["cpmonitor_vs_bare_iterparse"] > 0
