"""``cpmonitor report`` and ``cpmonitor demo`` from the command line / Python API."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from builders import SHARED
from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.cli import app
from cpmonitor.cli.demo import run_demo

runner = CliRunner()
DFE = SHARED / "cpp-benchmark-data"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(folder))
    return folder


def test_report_command_writes_html(returns_dir, tmp_path, data_dir):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(returns_dir), "--la", "335", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "for publication" in result.output and str(out) in result.output
    html = out.read_text(encoding="utf-8")
    assert "Walsall" in html  # DfE's name for code 335
    assert "not yet imported" in html  # nothing in this user's benchmark store


def test_report_command_restricted_xlsx_with_a_period(returns_dir, tmp_path, data_dir):
    out = tmp_path / "r.xlsx"
    result = runner.invoke(
        app,
        [
            "report",
            str(returns_dir),
            "--la",
            "335",
            "--period",
            "2016-04-01..2016-08-31",
            "--restricted",
            "--name",
            "Test council",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "RESTRICTED" in result.output and "2016-17 to 31 Aug 2016" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--la", "335", "--out", "report.txt"], "must end in"),
        (["--la", "999", "--out", "report.html"], "LA 999 is not in the returns loaded"),
        (
            ["--la", "335", "--period", "2016", "--out", "report.html"],
            "--period 2016: write the census year as 2015-16 (the year ending 31 March 2016)",
        ),
        (
            ["--la", "335", "--as-at", "31/08/2016", "--out", "report.html"],
            "--as-at 31/08/2016: not a date; expected a date written YYYY-MM-DD, e.g. 2016-08-31",
        ),
        (
            ["--la", "335", "--period", "2030-31", "--out", "report.html"],
            "--period 2030-31: the returns loaded cover 1 April 2012 to 31 March 2026, so there "
            "is nothing to report for that period",
        ),
        (
            ["--la", "335", "--as-at", "2016-13-01", "--out", "report.html"],
            "--as-at 2016-13-01: not a date (there is no month 13)",
        ),
        (
            ["--la", "335", "--year", "2016", "--out", "report.html"],
            "--year 2016: write the census year as 2015-16",
        ),
    ],
)
def test_report_command_errors_are_one_line(returns_dir, tmp_path, data_dir, args, message):
    args = [a if not a.startswith("report.") else str(tmp_path / a) for a in args]
    result = runner.invoke(app, ["report", str(returns_dir), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_demo_without_benchmark_files(tmp_path, data_dir):
    written = run_demo(tmp_path / "out", children=300, benchmark_files=None, formats=("html",))
    assert [p.name for p in written] == ["report.html"]
    html = written[0].read_text(encoding="utf-8")
    assert "Demo council (synthetic)" in html and "A synthetic council" in html
    assert "not yet imported" in html
    assert len(list((tmp_path / "out" / "returns").glob("*.xml"))) == 14
    assert [p.name for p in (tmp_path / "out" / "returns").glob("*.xlsx")] == [
        "annex_a_335_2026-08-31.xlsx"
    ]
    assert BenchmarkStore().releases() == []


def test_demo_imports_the_dfe_files_beside_the_repository(tmp_path, data_dir):
    if not DFE.is_dir():
        pytest.fail(f"the DfE benchmark files are missing: {DFE}")
    written = run_demo(tmp_path / "out", children=300, benchmark_files=DFE, formats=("xlsx",))
    assert written[0].name == "report.xlsx"
    store = BenchmarkStore(tmp_path / "out" / "benchmarks.sqlite3")  # the demo's own store
    assert len(store.releases()) == 5
    assert BenchmarkStore().releases() == []  # the user's store is left alone
    assert store.series("335").rows[-1].neighbours_mean is not None


def test_report_command_writes_several_formats_from_one_read(
    returns_dir, tmp_path, data_dir, monkeypatch
):
    import cpmonitor.cli.terminal as terminal

    reads = []
    real = terminal.load_returns
    monkeypatch.setattr(terminal, "load_returns", lambda *a, **k: reads.append(1) or real(*a, **k))
    import cpmonitor.cli.report as report_cli

    monkeypatch.setattr(report_cli, "load_returns", terminal.load_returns)
    html, xlsx = tmp_path / "a.html", tmp_path / "a.xlsx"
    args = ["report", str(returns_dir), "--la", "335", "--out", str(html), "--out", str(xlsx)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert reads == [1]
    assert "Walsall" in html.read_text(encoding="utf-8")
    assert xlsx.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert str(html) in result.output and str(xlsx) in result.output


def test_report_command_refuses_a_bad_second_out_before_reading(returns_dir, tmp_path, data_dir):
    args = ["report", str(returns_dir), "--la", "335", "--out", str(tmp_path / "a.html")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "must end in" in result.output
    assert not (tmp_path / "a.html").exists()
