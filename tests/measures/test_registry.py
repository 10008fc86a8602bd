"""The repeat-plan measures in one table: the counts, the command line and the report agree."""

from __future__ import annotations

from datetime import date

from builders import make_data, plan
from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.cli.measures import MEASURE_LABELS
from cpmonitor.history import build_history
from cpmonitor.measures.registry import DEFINITIONS, REPEAT_MEASURES, TWO_YEARS_IN_DAYS
from cpmonitor.measures.repeat import EXTRA, repeat_plan_table
from cpmonitor.periods import parse_period
from cpmonitor.report import build_report
from cpmonitor.report.model import Definitions


def test_every_measure_counted_is_in_the_table_with_a_label_and_a_source():
    plans = [plan("A", "2015-06-01", prev=0), plan("B", "2015-07-01", prev=1)]
    table = repeat_plan_table(build_history(make_data(plans)).plans, [parse_period("2015-16")])
    counted = [c for c in table.columns if c not in ("la", "period", "period_start", "period_end")]
    assert counted == [*REPEAT_MEASURES, *EXTRA]
    assert all(m.label.strip() and m.source for m in REPEAT_MEASURES.values())


def test_the_command_line_labels_the_measures_as_the_table_does():
    assert MEASURE_LABELS["plans_started"] == "Plans started"
    assert MEASURE_LABELS["repeat"] == "Second or subsequent plans (DfE: NumberOfPreviousCPP ≥ 1)"
    assert list(MEASURE_LABELS) == list(REPEAT_MEASURES)


def test_the_report_states_every_definition_in_order_and_each_measure_has_one_of_them(tmp_path):
    store = BenchmarkStore(tmp_path / "benchmarks.sqlite3")
    plans = [plan(f"F{i}", f"2015-{4 + i:02}-10", prev=0, year=2016) for i in range(8)]
    report = build_report(make_data(plans), "335", store=store, today=date(2026, 11, 26))
    method = next(s for s in report.sections if s.key == "method")
    stated = next(b for b in method.blocks if isinstance(b, Definitions)).items
    assert stated == [(d.term, d.text) for d in DEFINITIONS]
    assert stated[0][0] == "Repeat plan (second or subsequent plan)"
    defined = {m.definition for m in REPEAT_MEASURES.values() if m.definition}
    assert defined <= set(DEFINITIONS)
    # DfE's D7 threshold: "more than 729 calendar days including days of cessation"
    lasting = dict(stated)["Plans lasting 2 years or more"]
    assert TWO_YEARS_IN_DAYS == 729 and "after more than 729 days" in lasting
