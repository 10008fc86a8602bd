"""Every data-quality issue code is in one table, with the severity it is raised with."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import cpmonitor
from builders import make_data, plan
from cpmonitor.benchmarks import BenchmarkStore
from cpmonitor.quality_codes import AFFECTS, ISSUE_CODES, PROBLEMS
from cpmonitor.report import build_report
from cpmonitor.report.model import Table

PACKAGE = Path(cpmonitor.__file__).parent
RAISERS = (
    "census/reader.py",
    "census/header.py",
    "census/files.py",
    "annexa/reader.py",
    "quality.py",
    "rules/run.py",
    "picture.py",
)
RAISED = re.compile(r'"(error|warning|notice)",\s*"([a-z][a-z0-9-]+)"')


def raised() -> set[tuple[str, str]]:
    """(code, severity) as the raising modules write them: ``"error", "bad-date"``."""
    found = set()
    for name in RAISERS:
        text = (PACKAGE / name).read_text(encoding="utf-8")
        found |= {(code, severity) for severity, code in RAISED.findall(text)}
    return found


def test_every_code_raised_is_in_the_table_with_the_severity_it_is_raised_with():
    table = {(c.code, c.severity) for c in ISSUE_CODES.values()}
    assert raised() - table == set()
    assert ("bad-date", "error") in raised() and ("repeated-item", "warning") in raised()


def test_every_code_in_the_table_is_raised_somewhere():
    assert set(ISSUE_CODES) - {code for code, _ in raised()} == set()


def test_the_report_words_a_plan_ending_before_it_starts_from_the_table(tmp_path):
    plans = [plan(f"F{i}", f"2015-{4 + i:02}-10", prev=0, year=2016) for i in range(8)]
    plans.append(plan("B", "2015-09-01", "2015-08-01", prev=0, year=2016))
    store = BenchmarkStore(tmp_path / "benchmarks.sqlite3")
    report = build_report(make_data(plans), "335", store=store, today=date(2026, 11, 26))
    quality = next(s for s in report.sections if s.key == "quality")
    table = next(b for b in quality.blocks if isinstance(b, Table) and b.key == "quality")
    first = table.rows[0]
    assert first[:3] == [
        "CPPendDate is before the plan's start date",
        "the gap before a repeat plan; plans ended and plans open",
        "error",
    ]
    assert first[0] == "CPPendDate " + PROBLEMS["plan-ends-before-start"]
    assert first[1] == AFFECTS["CPPendDate"]
