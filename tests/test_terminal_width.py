"""At 80 columns the terminal never cuts a key: years, months, child IDs, file names, measure keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from cin_returns import child, episode, header, message, plan
from typer.testing import CliRunner

from cpmonitor.benchmarks.catalogue import MEASURES
from cpmonitor.cli import app

runner = CliRunner()
NARROW = {"COLUMNS": "80", "LINES": "50"}
LONG_ID = "LONGCHILDIDENTIFIER007"
LONG_FILE = "cin_census_return_metropolitan_borough_2015-16.xml"


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """Two years of LA 335 with a long child ID, a long file name and a bad ethnicity code."""
    folder = tmp_path / "returns"
    folder.mkdir()
    y2015 = child(LONG_ID, episodes=episode(plan("2014-05-01", "2014-11-01"), "2014-04-20"))
    (folder / "cin_2015.xml").write_text(message(y2015, header(2015, "335")), encoding="utf-8")
    y2016 = child(
        LONG_ID,
        chars="<Ethnicity>XXXX</Ethnicity>",
        episodes=episode(plan("2015-06-01", None, previous="1"), "2015-05-20"),
    )
    (folder / LONG_FILE).write_text(message(y2016, header(2016, "335")), encoding="utf-8")
    return folder


def narrow(*args: str) -> str:
    result = runner.invoke(app, list(args), env=NARROW)
    assert result.exit_code in (0, 1), result.output
    assert "…" not in result.stdout, result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    return result.stdout


def test_every_year_keeps_each_year_whole(returns):
    out = narrow("measures", str(returns), "--every-year")
    assert "2014-15" in out and "2015-16" in out


def test_rolling_keeps_each_month_whole(returns):
    out = narrow("measures", str(returns), "--rolling")
    assert "12 months to 2015-03-31" in out and "12 months to 2016-03-31" in out


def test_the_cohort_keeps_the_child_id_whole(returns):
    out = narrow("measures", str(returns))
    assert LONG_ID in out and "2015-06-01" in out


def test_validate_keeps_file_names_and_child_ids_whole(returns):
    out = narrow("validate", str(returns))
    assert LONG_FILE in out and LONG_ID in out


def test_benchmark_measure_keys_are_whole():
    out = narrow("benchmarks", "measures")
    assert all(key in out for key in MEASURES)


def _commands():
    """The words of every command and group: the app's own, then the benchmarks group's."""
    from cpmonitor.cli import benchmarks

    yield ()
    for info in app.registered_commands:
        yield (info.name,)
    yield ("benchmarks",)
    for info in benchmarks.app.registered_commands:
        yield ("benchmarks", info.name or info.callback.__name__)


@pytest.mark.parametrize("words", list(_commands()), ids=" ".join)
def test_help_keeps_every_option_and_summary_whole(words):
    """At 80 columns --help cuts no option name and no command's summary, and shows none of
    the markup meant for the developers' documentation."""
    import typer.main

    out = narrow(*words, "--help")
    command = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]
    for param in (p for p in command.params if p.param_type_name == "option"):
        assert all(name in out for name in param.opts + param.secondary_opts), param.opts
    described = [line for line in out.splitlines() if not line.startswith("Usage:")]
    assert not any(line.endswith("...") for line in described), out
    assert not any(mark in out for mark in ("``", ":mod:", ":func:", ":class:")), out
