"""``cpmonitor risk``, end to end from XML files (hand-worked figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cin_returns import child, episode, header, message, plan
from typer.testing import CliRunner

from cpmonitor.cli import app

runner = CliRunner()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """LA 335, 2014-15 and 2015-16: four plans end in 2014-15; one child comes back."""
    folder = tmp_path / "returns"
    y2015 = child("001", episodes=episode(plan("2014-05-01", "2014-08-01"), "2014-04-20"))
    y2015 += child("002", episodes=episode(plan("2014-05-01", "2014-10-01"), "2014-04-20"))
    y2015 += child("003", episodes=episode(plan("2014-05-01", "2014-12-01"), "2014-04-20"))
    y2015 += child("004", episodes=episode(plan("2014-06-01", "2015-02-01"), "2014-05-20"))
    write(folder, "cin_2015.xml", message(y2015, header(2015, "335")))
    # child 001 back 2015-01-30 (182 days after 1 August 2014)
    y2016 = child("001", episodes=episode(plan("2015-01-30", None, previous="1"), "2015-01-20"))
    write(folder, "cin_2016.xml", message(y2016, header(2016, "335")))
    return folder


def test_json_is_one_object_with_plans_ended_followed_to_and_the_curve(council):
    result = runner.invoke(app, ["risk", str(council), "--ended", "2014-15", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["plans_ended", "followed_to", "curve"]
    assert (out["plans_ended"], out["followed_to"]) == (4, "2016-03-31")
    six = out["curve"][0]
    assert list(six) == ["months", "probability", "low", "high", "at_risk"]
    # day 182: 001 comes back (event at 182), so 1 in 4: 25.0%; all four at risk that day
    assert (six["months"], six["probability"], six["at_risk"]) == (6, 25.0, 4)
    assert [p["months"] for p in out["curve"]] == [6, 12, 24]
    # 24 months: 004 ended 1 Feb 2015 and is followed only 424 days -> not that long
    assert out["curve"][2]["probability"] is None


def test_json_by_group_is_one_object_per_group(council):
    result = runner.invoke(
        app, ["risk", str(council), "--ended", "2014-15", "--by", "plan_length", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [g["group"] for g in out][:3] == [
        "Under 3 months",
        "3 months to under 6 months",
        "6 months to under 1 year",
    ]
    assert [g["plans_ended"] for g in out] == [0, 2, 2, 0, 0]
    assert all(list(g) == ["group", "plans_ended", "followed_to", "curve"] for g in out)


def test_table_fits_80_columns(council):
    result = runner.invoke(
        app, ["risk", str(council), "--ended", "2014-15", "--by", "category"], terminal_width=80
    )
    assert result.exit_code == 0, result.output
    assert "New plan after a plan ended in 2014-15" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "25.0%" in result.stdout


@pytest.mark.parametrize(
    ("args", "message_part"),
    [
        (["--ended", "2014-16"], "not a financial year"),
        (["--ended", "2014-15", "--la", "999"], "LA 999 is not in the returns loaded"),
        (["--ended", "2017-18"], "no plan in them can have ended in 2017-18"),
    ],
)
def test_bad_input_gives_a_clear_message(council, args, message_part):
    result = runner.invoke(app, ["risk", str(council), *args])
    assert result.exit_code == 2
    assert message_part in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_several_councils_need_la(council):
    other = child("009", episodes=episode(plan("2014-05-01", "2014-08-01"), "2014-04-20"))
    write(council, "cin_336.xml", message(other, header(2015, "336")))
    result = runner.invoke(app, ["risk", str(council), "--ended", "2014-15"])
    assert result.exit_code == 2
    assert "choose one with --la" in result.output
    ok = runner.invoke(
        app, ["risk", str(council), "--ended", "2014-15", "--la", "336", "--format", "json"]
    )
    assert json.loads(ok.stdout)["plans_ended"] == 1
