"""The one demo council (:mod:`cpmonitor.synth.demo`): written once, reused, the same anywhere."""

from __future__ import annotations

from datetime import date

from cpmonitor.annexa.reader import read_annex_a
from cpmonitor.synth.demo import DEMO, sized, write_demo

SMALL = sized(children=40)  # the demo council at a test's size: nothing else differs


def test_the_demo_council_is_la_335_from_2012_13_to_an_annex_a_at_31_august_2026():
    assert (DEMO.la, DEMO.children, DEMO.seed) == ("335", 5000, 0)
    assert (DEMO.years[0], DEMO.years[-1], DEMO.annex_a) == (2013, 2026, date(2026, 8, 31))
    assert (SMALL.la, SMALL.seed, SMALL.years, SMALL.annex_a) == (
        DEMO.la,
        DEMO.seed,
        DEMO.years,
        DEMO.annex_a,
    )


def test_the_demo_writes_fourteen_returns_and_one_annex_a_workbook(tmp_path):
    files = write_demo(tmp_path, SMALL)
    assert files.made
    assert files.returns[0].name == "cin_census_335_2012-13.xml"
    assert files.returns[-1].name == "cin_census_335_2025-26.xml"
    assert len(files.returns) == 14
    assert files.annex_a.name == "annex_a_335_2026-08-31.xlsx"


def test_a_second_run_reuses_the_files_the_first_wrote(tmp_path):
    first = write_demo(tmp_path, SMALL)
    stamps = {p: p.stat().st_mtime_ns for p in first.files}
    again = write_demo(tmp_path, SMALL)
    assert not again.made
    assert again.files == first.files
    assert {p: p.stat().st_mtime_ns for p in again.files} == stamps


def test_a_folder_made_from_another_definition_is_made_again(tmp_path):
    write_demo(tmp_path, sized(children=30))
    stale = tmp_path / "cin_census_335_2011-12.xml"  # an older demo's extra year
    stale.write_text("<Message/>")
    files = write_demo(tmp_path, SMALL)
    assert files.made and not stale.exists()
    assert '"children": "40"' in (tmp_path / "demo.json").read_text()


def test_the_same_definition_gives_the_same_council_in_any_folder(tmp_path):
    one = write_demo(tmp_path / "out", SMALL)
    two = write_demo(tmp_path / "data", SMALL)
    for a, b in zip(one.returns, two.returns, strict=True):
        assert a.read_bytes() == b.read_bytes()
    first, second = read_annex_a(one.annex_a), read_annex_a(two.annex_a)
    assert (
        (first.la, first.extract_date) == (second.la, second.extract_date) == ("335", DEMO.annex_a)
    )
    for key in first.lists:  # every value but the file's own path
        assert first.lists[key].drop("source_file").equals(second.lists[key].drop("source_file"))
