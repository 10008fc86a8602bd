"""The measures and validate commands, end to end from XML files (hand-worked figures)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from cin_returns import child, episode, header, message, plan
from typer.testing import CliRunner

from cpmonitor.cli import app
from cpmonitor.measures.repeat import MEASURES
from cpmonitor.rules import RULES

runner = CliRunner()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """Two returns of LA 335 (2014-15 and 2015-16)."""
    folder = tmp_path / "returns"
    y2015 = child("007", episodes=episode(plan("2014-05-01", "2014-11-01"), referral="2014-04-20"))
    y2015 += child("008", episodes=episode(plan("2015-01-10", None), referral="2015-01-02"))
    write(folder, "cin_2015.xml", message(y2015, header(2015, "335")))
    y2016 = child("007", episodes=episode(plan("2015-06-01", None, previous="1"), "2015-05-20"))
    y2016 += child("008", episodes=episode(plan("2015-01-10", "2015-09-01"), "2015-01-02"))
    y2016 += child("009", episodes=episode(plan("2016-03-31", None, reviews=()), "2016-03-01"))
    write(folder, "cin_2016.xml", message(y2016, header(2016, "335")))
    return folder


def test_measures_json_has_the_agreed_keys_and_hand_worked_values(council):
    result = runner.invoke(app, ["measures", str(council), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["period"]["start"] == "2015-04-01" and out["period"]["end"] == "2016-03-31"
    rp = out["repeat_plans"]
    assert list(rp) == list(MEASURES)
    assert (rp["plans_started"], rp["repeat"], rp["percent"]) == (2, 1, 50.0)
    assert (rp["within_two_years"], rp["over_two_years"], rp["gap_unknown"]) == (1, 0, 0)
    assert (rp["plans_ended"], rp["open_at_end"], rp["children_started"]) == (1, 2, 2)
    assert [row["child_id"] for row in out["cohort"]] == ["007"]
    assert out["cohort"][0]["gap_days"] == 212
    assert {"category", "age_band", "sex", "previous_plans"} <= set(out["breakdowns"])


def test_measures_for_a_date_range_and_every_year_as_csv(council):
    ytd = runner.invoke(
        app, ["measures", str(council), "--period", "2015-04-01..2015-08-31", "--format", "json"]
    )
    assert json.loads(ytd.stdout)["repeat_plans"]["plans_started"] == 1
    csv = runner.invoke(app, ["measures", str(council), "--every-year", "--format", "csv"])
    lines = csv.stdout.strip().splitlines()
    assert lines[0].startswith("la,period,period_start,period_end,plans_started,repeat,percent")
    assert [line.split(",")[1] for line in lines[1:]] == ["2014-15", "2015-16"]


def test_measures_table_is_readable(council):
    result = runner.invoke(app, ["measures", str(council)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "Repeat plans, % of plans started" in result.stdout
    assert "50.0" in result.stdout
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "Repeat plans, % of plans started" in line)
    # the percentage's interval is the row under it: Wilson for 1 of 2 is 9.5% to 90.5%
    assert "95% interval (Wilson)" in lines[at + 1] and "9.5–90.5" in lines[at + 1]


def test_measures_table_ends_with_the_issue_counts_validate_finds(council):
    table = runner.invoke(app, ["measures", str(council), "--la", "335"], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    found = runner.invoke(app, ["validate", str(council), "--format", "json"])
    counts = {"error": 0, "warning": 0, "notice": 0}
    for issue in json.loads(found.stdout):
        counts[issue["severity"]] += 1
    assert counts["error"] >= 1  # DfE 2885: child 007's 2015-16 plan has no conference
    words = ", ".join(f"{n:,} {s}{'' if n == 1 else 's'}" for s, n in counts.items())
    text = " ".join(table.stdout.split())
    assert (
        f"Data quality, LA 335: {words} in the returns loaded (cpmonitor validate lists them)"
        in text
    )
    assert text.endswith("(cpmonitor validate lists them).") or text.endswith("explains).")


def test_the_measures_issue_line_counts_the_years_apart_from_dfes_published_figures():
    from types import SimpleNamespace

    from rich.console import Console

    from cpmonitor.census.issues import Issue
    from cpmonitor.cli import measures

    def issue(severity, code):
        return Issue("cin_2016.xml", None, None, None, severity, code, "…")

    from cpmonitor.picture import CouncilPicture

    issues = [issue("error", "dfe-2885"), *[issue("warning", "differs-from-published")] * 2]
    counts = CouncilPicture.return_issue_counts.fget(SimpleNamespace(issues=issues))
    assert counts == {"error": 1, "warning": 0, "notice": 0}
    picture = SimpleNamespace(
        la="335",
        issues=issues,
        return_issue_counts=counts,
        published_differences=[object(), object()],
    )
    console = Console(record=True, width=200)
    original, measures.console = measures.console, console
    try:
        measures._print_issue_counts(picture)
    finally:
        measures.console = original
    assert console.export_text().strip() == (
        "Data quality, LA 335: 1 error, 0 warnings, 0 notices in the returns loaded "
        "(cpmonitor validate lists them); 2 years differ from DfE's published figure "
        "(the report explains)."
    )


def test_bad_period_is_a_clear_error(council):
    result = runner.invoke(app, ["measures", str(council), "--period", "2015"])
    assert result.exit_code == 2
    assert "--period 2015: write the census year as 2014-15" in result.output
    assert "Traceback" not in result.output


def test_validate_clean_returns_exit_0_under_cpmonitors_own_checks(council):
    result = runner.invoke(
        app, ["validate", str(council), "--rules", "cpmonitor", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert all(issue["severity"] != "error" for issue in json.loads(result.stdout))


def test_validate_checks_dfe_rules_by_default_plans_with_no_conference_break_2885(council):
    result = runner.invoke(app, ["validate", str(council), "--format", "json"])
    assert result.exit_code == 1
    found = {(i["code"], i["child"]) for i in json.loads(result.stdout)}
    assert ("dfe-2885", "007") in found  # the 2015-16 plan of 007 has no conference on record
    dfe_only = runner.invoke(app, ["validate", str(council), "--rules", "dfe", "--format", "json"])
    assert {i["code"][:4] for i in json.loads(dfe_only.stdout)} == {"dfe-"}


def test_validate_table_has_a_summary_line_per_rule_and_says_which_rules_found_nothing(council):
    result = runner.invoke(
        app, ["validate", str(council), "--rules", "dfe"], env={"COLUMNS": "200"}
    )
    assert (
        "DfE 2885 (error): Child protection plan shown as starting a different day" in result.stdout
    )
    assert f"{len(RULES)} DfE rules checked" in result.stdout
    assert "none found in the others: " in result.stdout and "8840" in result.stdout
    quiet = result.stdout.split("none found in the others: ")[1].split()
    codes = list(itertools.takewhile(lambda w: re.fullmatch(r"\d{4}Q?,?", w), quiet))
    numbers = [int(c.strip(",").rstrip("Q")) for c in codes]
    assert numbers == sorted(numbers) and len(numbers) > 20  # in DfE's numbering, as the table


def test_validate_rejects_an_unknown_rule_set_clearly(council):
    result = runner.invoke(app, ["validate", str(council), "--rules", "ofsted"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_validate_reports_errors_with_location_and_exit_1(tmp_path):
    kids = child("A1", episodes=episode(plan("2015-10-01", "2015-07-01"), "2015-09-01"))
    kids += child("A2", episodes=episode(plan("2015-10-01", None, previous=None), "2015-09-01"))
    write(tmp_path, "cin_2016.xml", message(kids, header(2016, "335")))
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert all(
        set(i) == {"file", "line", "child", "element", "severity", "code", "message"}
        for i in issues
    )
    codes = {(i["code"], i["child"], i["element"]) for i in issues}
    assert ("plan-ends-before-start", "A1", "CPPendDate") in codes
    assert any(c[1] == "A2" and c[2] == "NumberOfPreviousCPP" for c in codes)
    ends = next(i for i in issues if i["code"] == "plan-ends-before-start")
    assert ends["file"].endswith("cin_2016.xml") and ends["line"] > 0


def test_validate_previous_plans_below_history(council, tmp_path):
    kids = child("007", episodes=episode(plan("2015-06-01", None, previous="0"), "2015-05-20"))
    write(council, "cin_2016.xml", message(kids, header(2016, "335")))
    result = runner.invoke(app, ["validate", str(council), "--format", "json"])
    found = [i for i in json.loads(result.stdout) if i["code"] == "previous-plans-below-history"]
    assert len(found) == 1 and found[0]["child"] == "007"
    assert "1 earlier plan" in found[0]["message"]


def test_validate_unreadable_file_exit_2_and_the_rest_loads(council):
    write(council, "broken.xml", "<Message><Children>")
    result = runner.invoke(app, ["validate", str(council), "--format", "json"])
    assert result.exit_code == 2
    rejected = [i for i in json.loads(result.stdout) if i["code"] == "file-rejected"]
    assert len(rejected) == 1 and rejected[0]["file"].endswith("broken.xml")


def test_year_from_the_file_name_is_said(tmp_path):
    kids = child("B1", episodes=episode(plan("2015-06-01", None), "2015-05-01"))
    write(tmp_path, "cin_census_2015-16.xml", message(kids, header(None, "335")))
    result = runner.invoke(app, ["measures", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "2015-16 taken from the file name" in result.stderr
    out = json.loads(result.stdout)
    assert out["period"]["label"] == "2015-16"
    assert out["returns"][0]["year_source"] == "file name"


def test_nothing_readable_is_exit_2(tmp_path):
    write(tmp_path, "notes.xml", "not xml at all")
    result = runner.invoke(app, ["measures", str(tmp_path)])
    assert result.exit_code == 2
    assert "No CIN census return or Annex A workbook could be read" in result.output


def test_every_year_json_shows_dfe_figure_as_returned_beside_the_stitched_one(tmp_path):
    """The 2016 return corrects the 2015 return's NumberOfPreviousCPP from 0 to 1."""
    folder = tmp_path / "returns"
    a = episode(plan("2014-06-01", None, previous="0"), referral="2014-05-20")
    b = episode(plan("2014-07-01", "2015-01-01", previous="0"), referral="2014-06-20")
    write(
        folder,
        "cin_2015.xml",
        message(child("A", episodes=a) + child("B", episodes=b), header(2015, "335")),
    )
    a = episode(plan("2014-06-01", "2015-09-01", previous="1"), referral="2014-05-20")
    write(folder, "cin_2016.xml", message(child("A", episodes=a), header(2016, "335")))
    result = runner.invoke(app, ["measures", str(folder), "--every-year", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    first = out["periods"][0]
    assert first["period"] == "2014-15"
    assert (first["repeat"], first["plans_started"], first["percent"]) == (1, 2, 50.0)
    assert first["as_returned"] == {"plans_started": 2, "repeat": 0, "percent": 0.0}
    assert out["periods"][1]["as_returned"] == {"plans_started": 0, "repeat": 0, "percent": None}
    assert out["synthetic"] is False and out["data_to"] == "2016-03-31"


def test_measures_json_says_how_old_the_data_are_and_warns_past_them(council):
    result = runner.invoke(
        app, ["measures", str(council), "--period", "2016-01-01..2016-08-31", "--format", "json"]
    )
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["data_to"] == "2016-03-31"
    assert any("run to 31 March 2016" in n for n in out["notes"])
    assert "run to 31 March 2016" in result.stderr


def test_validate_dfe_rules_alone_says_how_many_unreadable_values_they_could_not_see(tmp_path):
    kids = child("A1", episodes=episode(plan("2015-13-01", None), "2015-09-01"))
    write(tmp_path, "cin_2016.xml", message(kids, header(2016, "335")))
    result = runner.invoke(
        app, ["validate", str(tmp_path), "--rules", "dfe"], env={"COLUMNS": "200"}
    )
    assert "value(s) the reader could not read are blank to these rules" in result.stdout
    assert "bad-date" not in result.stdout
    both = runner.invoke(app, ["validate", str(tmp_path)], env={"COLUMNS": "200"})
    assert "bad-date" in both.stdout and "dfe-8720" in both.stdout


def test_a_bad_number_of_reading_processes_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cpmonitor.cli import app

    (tmp_path / "cin.xml").write_text("<x/>")
    monkeypatch.setenv("CPMONITOR_READ_WORKERS", "0")
    result = CliRunner().invoke(app, ["measures", str(tmp_path)])
    assert result.exit_code == 2
    assert "CPMONITOR_READ_WORKERS must be a whole number of 1 or more" in result.output
    assert "Traceback" not in result.output
