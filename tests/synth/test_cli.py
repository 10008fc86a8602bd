"""``cpmonitor synth``: files, a line per year, and clear errors for bad input."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cpmonitor.cli import app
from cpmonitor.cli.synth import parse_years
from cpmonitor.synth import SynthError

runner = CliRunner()


def test_writes_one_return_per_year_and_a_summary_line_each(tmp_path):
    out = tmp_path / "returns"
    args = ["synth", "--la", "335", "--years", "2019-2021", "--children", "200", "--seed", "5"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "cin_census_335_2018-19.xml",
        "cin_census_335_2019-20.xml",
        "cin_census_335_2020-21.xml",
    ]
    lines = [line for line in result.stdout.splitlines() if "plan starts" in line]
    assert len(lines) == 3
    assert lines[0].startswith("2018-19") and "children" in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--la", "33"], "3-digit"),
        (["--la", "999"], "not an English council"),
        (["--years", "2010-2015"], "between 2013"),
        (["--years", "2020-2016"], "backwards"),
        (["--years", "twenty"], "cannot read years"),
        (["--children", "5"], "at least 10"),
        (["--profile", "rising"], "unknown profile"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, args, message):
    result = runner.invoke(app, ["synth", "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_parse_years():
    assert parse_years("2013-2025") == tuple(range(2013, 2026))
    assert parse_years("2016") == (2016,)
    assert parse_years("2015-16") == (2016,)
    assert parse_years("2015..2017") == (2015, 2016, 2017)
    with pytest.raises(SynthError):
        parse_years("2015-17")
