"""measures, validate and report with an Annex A workbook beside the census returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from annexa_workbooks import LIST7, list7_row, write_workbook
from cin_returns import child, episode, header, message, plan
from typer.testing import CliRunner

from cpmonitor.cli import app

runner = CliRunner()


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """LA 335: the 2015-16 return (C1's plan open at 31 March; C2's ended 1 June 2015) and an
    Annex A extracted on Monday 5 September 2016 with no council code in its name."""
    folder = tmp_path / "council"
    folder.mkdir()
    xml = child("C1", episodes=episode(plan("2015-07-01", None), referral="2015-06-20"))
    xml += child("C2", episodes=episode(plan("2014-05-01", "2015-06-01"), referral="2014-04-20"))
    (folder / "cin_2016.xml").write_text(message(xml, header(2016, "335")), encoding="utf-8")
    write_workbook(
        folder / "annex_a_2016-09-05.xlsx",
        {
            "List 7": [
                LIST7,
                list7_row("C1", "01/07/2015", end="15/07/2016", visit="10/07/2016"),
                list7_row("C2", "10/05/2016", prev=1, visit="19/08/2016", alone="N"),
                list7_row("C3", "01/06/2016", prev="lots", visit="05/09/2016", team="South"),
            ]
        },
    )
    return folder


def test_measures_defaults_to_the_year_to_date_with_visits_and_assessments(council):
    result = runner.invoke(app, ["measures", str(council), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["period"] == {
        "start": "2016-04-01",
        "end": "2016-09-05",
        "label": "2016-17 to 2016-09-05",
    }
    repeat = out["repeat_plans"]
    assert (repeat["plans_started"], repeat["repeat"], repeat["within_two_years"]) == (2, 1, 1)
    assert repeat["plans_ended"] == 1
    assert out["visits"]["children_on_plan"] == 2  # C2 and C3; C1 ended
    assert out["visits"]["visited_within_standard"] == 2  # 19 Aug: 10 working days before
    assert out["visits"]["seen_alone"] == 1
    assert out["assessments"] == {
        "completed": 0,
        "within_45_working_days": 0,
        "percent": None,
        "source": "CIN census",
    }
    teams = {r["value"]: r["total"] for r in out["breakdowns"]["allocated_team"]}
    assert teams == {"South": 1, "Team A": 1}
    assert out["annex_a"][0]["la_source"] == "census returns"


def test_measures_table_shows_the_visits_with_their_local_standard(council):
    result = runner.invoke(app, ["measures", str(council), "--visit-standard", "5"])
    assert result.exit_code == 0, result.output
    assert "visited within 5 working days (local standard)" in result.stdout


def test_validate_names_the_workbook_sheet_row_child_and_column(council):
    result = runner.invoke(app, ["validate", str(council), "--format", "json"])
    assert result.exit_code == 1, result.output
    bad = [i for i in json.loads(result.stdout) if i["code"] == "annex-a-bad-value"]
    assert [(Path(i["file"]).name, i["line"], i["child"], i["element"]) for i in bad] == [
        ("annex_a_2016-09-05.xlsx", 4, "C3", "List 7: Number of Previous Child Protection Plans")
    ]


def test_a_workbook_without_a_council_is_a_clear_error(tmp_path):
    book = write_workbook(
        tmp_path / "annex_a_2016-09-05.xlsx", {"L7": [LIST7, list7_row("C1", "01/06/2016")]}
    )
    result = runner.invoke(app, ["validate", str(book)])
    assert result.exit_code == 2
    assert "no council code" in result.stderr and "--la" in result.stderr
    result = runner.invoke(app, ["measures", str(book), "--la", "335", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["repeat_plans"]["plans_started"] == 1


def test_measures_for_a_period_not_ending_on_an_extract_day_say_why_there_are_no_visits(council):
    result = runner.invoke(app, ["measures", str(council), "--period", "2015-16"])
    assert result.exit_code == 0, result.output
    assert "no Annex A workbook extracted on 2016-03-31" in result.stdout
    out = runner.invoke(app, ["measures", str(council), "--period", "2015-16", "--format", "json"])
    assert json.loads(out.stdout)["visits"] is None
