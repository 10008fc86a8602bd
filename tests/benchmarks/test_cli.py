"""``cpmonitor benchmarks``: import, show (table/json/csv, computed vs published), funnel."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cpmonitor.cli import app

runner = CliRunner()

REQUIRED_KEYS = {
    "year",
    "la_repeat",
    "la_starts",
    "la_percent",
    "la_status",
    "england_percent",
    "region_percent",
    "neighbours_mean",
    "neighbours_count",
}


@pytest.fixture
def imported(data_dir, dfe):
    result = runner.invoke(
        app,
        [
            "benchmarks",
            "import",
            str(dfe.D3_2024),
            str(dfe.D3_2025),
            str(dfe.SN_2021_CSV),
            str(dfe.SN_2025_CSV),
        ],
    )
    assert result.exit_code == 0, result.output
    return data_dir


def test_import_reports_each_release_and_where_the_store_is(imported):
    result = runner.invoke(app, ["benchmarks", "releases"])
    assert result.exit_code == 0
    for label in ("D3 2024", "D3 2025", "SN 2021", "SN 2025"):
        assert label in result.output
    assert (imported / "benchmarks.sqlite3").is_file()


def test_releases_at_80_columns_fold_file_names_and_cut_nothing(imported, dfe):
    result = runner.invoke(app, ["benchmarks", "releases"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "…" not in result.stdout and max(len(line) for line in lines) <= 80
    files = [line.split("│")[3].strip() for line in lines if line.count("│") == 7]
    assert dfe.D3_2025.name in "".join(files)  # folded onto the next lines, every character
    for label in ("D3 2024", "D3 2025", "SN 2021", "SN 2025"):
        assert label in result.stdout


def test_the_import_table_at_80_columns_folds_file_names_and_cuts_nothing(data_dir, dfe):
    files = [str(dfe.D3_2025), str(dfe.SN_2021_CSV)]
    result = runner.invoke(app, ["benchmarks", "import", *files], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "…" not in result.stdout and max(len(line) for line in lines) <= 80
    names = "".join(line.split("│")[1].strip() for line in lines if line.count("│") == 6)
    assert dfe.D3_2025.name in names and dfe.SN_2021_CSV.name in names


def test_reimport_says_already_imported(imported, dfe):
    result = runner.invoke(app, ["benchmarks", "import", str(dfe.D3_2025)])
    assert result.exit_code == 0
    assert "already imported" in result.output and "0 release(s) added" in result.output


def test_show_json_keys_and_the_walsall_2015_16_row(imported):
    result = runner.invoke(app, ["benchmarks", "show", "--la", "335", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(set(r) >= REQUIRED_KEYS for r in rows)
    row = next(r for r in rows if r["year"] == "2015-16")
    assert (row["la_repeat"], row["la_starts"], row["la_percent"], row["la_status"]) == (
        93,
        541,
        17.2,
        None,
    )
    assert (row["england_percent"], row["region_percent"], row["neighbours_count"]) == (
        17.9,
        18.5,
        10,
    )
    assert row["neighbours_mean"] == pytest.approx(17.61)
    assert row["neighbours_list"] == "2025" and row["polarity"] == "low"
    revised = next(r for r in rows if r["year"] == "2021-22")
    assert revised["england_percent"] == 22.7
    assert revised["revisions"][0]["value"] == 23.3


def test_show_neighbours_2021_and_release_2024(imported):
    result = runner.invoke(
        app,
        [
            "benchmarks",
            "show",
            "--la",
            "Walsall",
            "--neighbours",
            "2021",
            "--release",
            "2024",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {r["year"]: r for r in json.loads(result.stdout)}
    assert rows["2012-13"]["neighbours_mean"] == pytest.approx(15.74, abs=0.005)
    assert rows["2021-22"]["england_percent"] == 23.3
    assert rows["2024-25"]["la_percent"] is None


def test_show_csv(imported):
    result = runner.invoke(app, ["benchmarks", "show", "--la", "E08000030", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) >= REQUIRED_KEYS
    assert next(r for r in rows if r["year"] == "2015-16")["la_percent"] == "17.2"


def test_show_table(imported):
    result = runner.invoke(app, ["benchmarks", "show", "--la", "335"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Walsall (335, E08000030), West Midlands" in result.output
    assert "93 / 541" in result.output and "lower is better" in result.output
    assert "23.3 (14,990 / 64,390) in the D3 2024 release" in result.output


def test_unknown_council_is_a_clear_error(imported):
    result = runner.invoke(app, ["benchmarks", "show", "--la", "Atlantis"])
    assert result.exit_code == 1
    assert "no council matches 'Atlantis'" in result.output
    assert "Traceback" not in result.output


def test_unknown_layout_refused_naming_expected_columns(data_dir, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["benchmarks", "import", str(other)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output and "CPP_subsequent_percent" in result.output


def test_funnel_writes_svg_and_png(imported, tmp_path):
    out = tmp_path / "walsall.svg"
    result = runner.invoke(
        app, ["benchmarks", "funnel", "--la", "335", "--year", "2015-16", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.with_suffix(".png").is_file()
    assert "within the 95% limits" in result.output


def _cin_return(la: str, year: int, plans: list[tuple[str, int]]) -> str:
    """A minimal synthetic CIN census return: one child per plan start."""
    children = "".join(
        f"<Child><ChildIdentifiers><LAchildID>C{i:04d}</LAchildID><UPNunknown>UN1</UPNunknown>"
        "<PersonBirthDate>2010-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent>"
        "</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        f"</ChildCharacteristics><CINdetails><CINreferralDate>{start}</CINreferralDate>"
        "<ReferralSource>1A</ReferralSource><ReferralNFA>false</ReferralNFA>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><ChildProtectionPlans>"
        f"<CPPstartDate>{start}</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
        f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP></ChildProtectionPlans>"
        "</CINdetails></Child>"
        for i, (start, previous) in enumerate(plans)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31"
        "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>"
        f"<LEA>{la}</LEA><SoftwareCode>synthetic</SoftwareCode><Release>1</Release>"
        f"<SerialNo>1</SerialNo><DateTime>{year}-05-01T00:00:00</DateTime></Source></Header>"
        f"<Children>{children}</Children></Message>"
    )


def test_show_beside_the_councils_own_computed_figure(imported, tmp_path):
    # 4 plans start in 2015-16, 2 of them second or subsequent: 50.0% vs 17.2% published
    plans = [("2015-05-01", 0), ("2015-06-01", 1), ("2015-07-01", 0), ("2016-01-10", 2)]
    path = tmp_path / "cin_335_2016.xml"
    path.write_text(_cin_return("335", 2016, plans), encoding="utf-8")
    result = runner.invoke(
        app, ["benchmarks", "show", "--la", "335", "--returns", str(path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout) if r["year"] == "2015-16")
    assert (row["computed_repeat"], row["computed_starts"], row["computed_percent"]) == (2, 4, 50.0)
    assert row["computed_minus_published"] == 32.8
    assert (row["computed_minus_published_repeat"], row["computed_minus_published_starts"]) == (
        2 - 93,
        4 - 541,
    )
    table = runner.invoke(
        app, ["benchmarks", "show", "--la", "335", "--returns", str(path)], env={"COLUMNS": "120"}
    )
    assert "computed from its census returns vs published" in table.output
    assert "+32.8 pts" in table.output


def test_returns_for_another_council_are_refused(imported, tmp_path):
    path = tmp_path / "cin_201_2016.xml"
    path.write_text(_cin_return("201", 2016, [("2015-05-01", 0)]), encoding="utf-8")
    result = runner.invoke(app, ["benchmarks", "show", "--la", "335", "--returns", str(path)])
    assert result.exit_code == 1
    assert "the returns loaded are for LA 201, not Walsall (335)" in result.output
