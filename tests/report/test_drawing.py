"""The report's charts drawn in a second process (:mod:`cpmonitor.report.drawing`): the same
drawings as in this process, errors named, and a process that stops replaced by this one;
and what only the sections after the charts show (the related measures, the data-quality
checks), left until the first of them, with DfE's rules run ahead in a thread: the same."""

from __future__ import annotations

import dataclasses
import threading

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from cpmonitor.cli import app
from cpmonitor.report import ReportError, build_report, gather
from cpmonitor.report.drawing import ChartDrawer, kinds_for
from cpmonitor.report.html import render_html
from cpmonitor.report.inputs import LATER, add_later
from cpmonitor.report.model import Chart

from .conftest import LA, TODAY, unprintable_chart

runner = CliRunner()


def _fresh(chart: Chart) -> Chart:
    """The same chart, not drawn yet, with nothing under way elsewhere."""
    return dataclasses.replace(chart, drawing={})


@pytest.fixture(scope="module")
def drawn(census, bench_store):
    """The published report built with a drawing process for SVG and PNG (both taken)."""
    with ChartDrawer(["svg", "png"]) as drawer:
        assert drawer.running
        report = build_report(
            census, LA, store=bench_store, compare_published=False, today=TODAY, drawer=drawer
        )
        handed = [set(c.drawing) for c in report.charts()]
        for chart in report.charts():
            chart.svg, chart.png  # noqa: B018 - taken from the drawing process
    return report, handed


def test_each_chart_is_handed_to_the_drawing_process_in_both_kinds(drawn):
    report, handed = drawn
    assert len(handed) >= 5
    assert handed == [{"svg", "png"}] * len(handed)
    assert all(not c.drawing for c in report.charts())  # each drawing taken once


def test_a_chart_drawn_in_the_drawing_process_is_the_same_as_one_drawn_here(drawn):
    report, _ = drawn
    for chart in report.charts():
        here = _fresh(chart)
        assert chart.svg == here.svg
        assert chart.png == here.png


def test_the_report_built_with_a_drawing_process_is_the_report_built_without(drawn, published):
    report, _ = drawn
    assert render_html(report) == render_html(published.report)
    assert render_html(report, printed=True) == render_html(published.report, printed=True)


def test_the_parts_left_for_later_are_the_parts_gather_makes(census, bench_store):
    whole = gather(census, LA, store=bench_store, compare_published=False, today=TODAY)
    later = gather(census, LA, store=bench_store, compare_published=False, today=TODAY, later=False)
    assert not later.complete and later.issues == [] and later.related_benchmarks == {}
    add_later(later)
    assert later.complete and whole.complete
    for name in LATER:
        mine, theirs = getattr(later, name), getattr(whole, name)
        if isinstance(theirs, pl.DataFrame):
            assert_frame_equal(mine, theirs)
        else:
            assert mine == theirs, name
    assert whole.dfe_counts and whole.related_benchmarks and not whole.conferences.is_empty()


def test_a_chart_that_cannot_be_drawn_there_is_named_in_a_report_error():
    bad = unprintable_chart()
    with ChartDrawer(["svg"]) as drawer:
        drawer.submit([bad])
        assert set(bad.drawing) == {"svg"}
        with pytest.raises(ReportError, match="The chart “Plans by year” could not be drawn"):
            bad.svg  # noqa: B018
    with pytest.raises(ReportError, match="could not be drawn .ValueError"):
        _fresh(bad).svg  # noqa: B018 - drawn here: the same message


def test_when_the_drawing_process_stops_the_charts_are_drawn_here(drawn):
    report, _ = drawn
    charts = [_fresh(c) for c in report.charts()]
    with ChartDrawer(["svg"]) as drawer:
        drawer.submit(charts[:1])
        assert charts[0].svg == report.charts()[0].svg  # the process is up
        for process in list(drawer._pool._processes.values()):
            process.kill()
            process.join()
        drawer.submit(charts[1:])  # refused, or accepted and then lost: drawn here either way
        for chart, original in zip(charts[1:], report.charts()[1:], strict=True):
            assert chart.svg == original.svg


def test_formats_ask_for_the_drawings_they_show():
    assert kinds_for([".HTML", ".pdf"]) == ["svg"]
    assert kinds_for([".docx", ".html", ".xlsx"]) == ["png", "svg"]
    assert kinds_for([".txt"]) == []
    assert not ChartDrawer([]).running  # nothing to draw: no process


def test_the_command_reports_a_chart_that_cannot_be_drawn_in_one_line(
    returns_dir, tmp_path, monkeypatch
):
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path / "data"))

    def broken(name, data, fmt, key):
        raise ValueError("no room for the labels")

    # no drawing process, so the (broken) drawing happens in this process
    monkeypatch.setattr("cpmonitor.report.drawing.ChartDrawer.__init__", _no_process)
    monkeypatch.setattr("cpmonitor.report.drawing.draw", broken)
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(returns_dir), "--la", LA, "--out", str(out)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"Cannot write {out}: The chart “" in said and "could not be drawn" in said
    assert "(ValueError: no room for the labels)" in said
    assert "Traceback" not in said and not out.exists()


def _no_process(self, kinds):
    self.kinds, self._pool = list(kinds), None


def test_the_dfe_rules_run_ahead_in_a_thread_and_a_failure_there_is_met_again_here(
    census, bench_store, monkeypatch
):
    ran_in = []

    def failing(data):
        ran_in.append(threading.current_thread().name)
        raise RuntimeError("no rule table")

    monkeypatch.setattr("cpmonitor.rules.registry.dfe_findings", failing)
    with pytest.raises(RuntimeError, match="no rule table"):
        gather(census, LA, store=bench_store, compare_published=False, today=TODAY)
    assert [name.split("_")[0] for name in ran_in] == ["dfe-rules", "MainThread"]
