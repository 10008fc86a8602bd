"""The demo keeps its benchmarks to itself, says the default it uses, and prints runnable hints."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.cli import app
from cpmonitor.cli.demo import run_demo
from cpmonitor.cli.terminal import command
from cpmonitor.synth import DEMO_CHILDREN

from .conftest import D3, SN_2025

runner = CliRunner()


def test_the_demo_does_not_pick_up_neighbours_imported_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path / "user"))
    BenchmarkStore().import_files([D3, SN_2025])  # a user's own imports, from another checkout
    written = run_demo(tmp_path / "out", children=300, benchmark_files=None, formats=("html",))
    html = written[0].read_text(encoding="utf-8")
    assert "Benchmarks are not yet imported" in html
    assert "Statistical neighbours" not in html.split("Benchmarks are not yet imported")[0]
    assert BenchmarkStore(tmp_path / "out" / "benchmarks.sqlite3").releases() == []


def test_demo_help_states_the_default_it_uses():
    result = runner.invoke(app, ["demo", "--help"], env={"COLUMNS": "200"})
    assert f"(default {DEMO_CHILDREN:,})" in " ".join(result.output.split())  # words, not wraps


def test_hints_name_a_command_the_shell_can_run(monkeypatch):
    monkeypatch.setenv("UV_RUN_RECURSION_DEPTH", "1")
    assert command().endswith("uv run cpmonitor")
    monkeypatch.delenv("UV_RUN_RECURSION_DEPTH")
    monkeypatch.setattr("shutil.which", lambda name: f"/home/me/.local/bin/{name}")
    assert command() == "cpmonitor"
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("sys.argv", [str(Path(".venv/bin/cpmonitor")), "demo"])
    assert command() == ".venv/bin/cpmonitor"
