"""One council picture: the CLI, the report and the dashboard tell the same story (issue 9).

One fixture (LA 998, two returns that contradict each other) is read by ``cpmonitor measures``
and ``cpmonitor validate``, written into a report with ``build_report``, and imported and shown
on the dashboard; every figure and every issue count must agree.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from typer.testing import CliRunner
from web_returns import TROUBLED_2016, TROUBLED_2017, cin_xml

from cpmonitor.census.load import load
from cpmonitor.cli import app
from cpmonitor.report import build_report
from cpmonitor.web.store import pictures, services

pytestmark = pytest.mark.django_db

TODAY = date(2017, 4, 20)  # the day the 2016-17 return was sent


@pytest.fixture
def client_as(client_in):
    """Signed in as a user of LA 998's council, as well as the usual test councils."""
    return lambda role: client_in(role, ("998", "999", "335"))


def _cli(*args) -> object:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output  # validate exits 1 on errors
    return json.loads(result.stdout)


def test_the_cli_the_report_and_the_dashboard_show_the_same_figures_and_issues(
    client_as, tmp_path, monkeypatch
):
    for year, kids in ((2016, TROUBLED_2016), (2017, TROUBLED_2017)):
        (tmp_path / f"cin_998_{year}.xml").write_text(cin_xml("998", year, kids))
    files = sorted(tmp_path.glob("*.xml"))

    # the command line
    measures = _cli("measures", str(tmp_path))  # the latest year, 2016-17
    latest = measures["repeat_plans"]
    every_year = {
        r["period"]: r for r in _cli("measures", str(tmp_path), "--every-year")["periods"]
    }
    issues = Counter(i["severity"] for i in _cli("validate", str(tmp_path)))
    own = Counter(i["severity"] for i in _cli("validate", str(tmp_path), "--rules", "cpmonitor"))
    # hand-worked: 2 errors, the NumberOfPreviousCPP warning, and LA 998 (a test code, no
    # council) in each of the two returns' headers; DfE's rules find more
    assert own == {"error": 2, "warning": 3}

    # the report (restricted: no count suppressed)
    report = build_report(load(files), "998", publish=False, today=TODAY)
    trend = report.table("trend")
    report_years = {
        row[0]: {"plans_started": row[1], "repeat": row[2], "percent": row[3]} for row in trend.rows
    }
    quality = report.table("quality")
    report_issues = Counter()
    for severity, n in zip(quality.column("Severity"), quality.column("Records"), strict=True):
        report_issues[severity] += n

    # the dashboard, from the same files imported
    services.import_census(load(files), hashes={str(f): services.file_sha256(f) for f in files})
    monkeypatch.setattr(pictures, "today", lambda: TODAY)
    r = client_as("manager").get("/dashboard/?la=998")
    dashboard_years = {
        t["label"]: {"plans_started": t["started"], "repeat": t["repeat"], "percent": t["ours"]}
        for t in r.context["trend"]
    }
    dashboard_issues = Counter({k: v for k, v in r.context["issue_counts"].items() if v})

    assert r.context["ytd"].label == "2016-17"
    assert r.context["m"] == latest
    assert (latest["plans_started"], latest["repeat"], latest["percent"]) == (2, 1, 50.0)
    cli_years = {
        label: {k: row[k] for k in ("plans_started", "repeat", "percent")}
        for label, row in every_year.items()
    }
    assert cli_years == dashboard_years
    assert {label.split(" ")[-1]: v for label, v in report_years.items()} == dashboard_years
    # the report words cpmonitor's own findings in its quality table (DfE's rules have a part
    # of their own); the dashboard and the measures JSON count everything validate finds
    assert own == report_issues
    assert issues == dashboard_issues
    assert measures["issues"] == r.context["issue_counts"]
    assert {k: v for k, v in measures["issues"].items() if v} == dict(issues)
