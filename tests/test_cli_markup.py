"""No value from a return, and no file name, is ever read as Rich markup by the command line
(issue 12: ``[/]`` as an LAchildID, a code or an LEA crashed ``validate`` and ``measures`` with
a ``MarkupError``; a file named ``[red]bad.xml`` printed as ``bad.xml``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cin_returns import child, episode, header, message, plan
from typer.testing import CliRunner

from cpmonitor.cli import app

runner = CliRunner()


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A good return, one with ``[/]`` as an LAchildID and a category, and one named
    ``[red]bad.xml`` that is not a return at all."""
    folder = tmp_path / "returns"
    folder.mkdir()
    good = child("007", episodes=episode(plan("2015-06-01", None), "2015-05-20"))
    (folder / "cin_2016.xml").write_text(message(good, header(2016, "335")))
    odd = child("[/]", episodes=episode(plan("2015-07-01", None, category="[/]"), "2015-06-20"))
    odd += child("[bold]x[/bold]", episodes=episode(plan("2015-08-01", None), "2015-07-20"))
    (folder / "cin_2017.xml").write_text(message(odd, header(2017, "335")))
    (folder / "[red]bad.xml").write_text("<NotACensus/>")
    return folder


def test_validate_prints_markup_like_values_and_names_as_they_are(returns):
    result = runner.invoke(app, ["validate", str(returns)], env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    out = result.output
    assert "[red]bad.xml" in out
    assert "│ [/]" in out  # the child and the code, in the issues table
    assert "cin_2016.xml" in out and "cin_2017.xml" in out  # every file's results


def test_measures_over_markup_like_values_gives_the_figures(returns):
    result = runner.invoke(app, ["measures", str(returns), "--period", "2015-16"])
    assert result.exit_code == 0, result.output
    assert "[red]bad.xml" in result.output
    assert "Repeat" in result.output or "repeat" in result.output


def test_an_lea_of_markup_is_reported_not_raised(tmp_path):
    path = tmp_path / "cin.xml"
    path.write_text(message(child("1"), header(2016, "[/]")))
    result = runner.invoke(app, ["validate", str(path)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "LEA '[/]' is not a 3-digit LA code" in result.output
