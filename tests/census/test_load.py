"""Loading many returns: files and folders, the bad ones listed, the rest loaded."""

from __future__ import annotations

from cin_returns import child, episode, header, message, plan

from cpmonitor.census.load import load


def test_a_folder_with_an_empty_file_and_other_kinds_still_loads_the_returns(write, tmp_path):
    write(message(child("A1", episodes=episode(plan()))), "cin_2016.xml")
    write(message(child("A1"), head=header(2017)), "sub/cin_2017.xml")
    write(b"", "empty.xml")
    write("LAchildID,CPPstartDate\n1,2016-01-01\n", "extract.csv")
    write("<?xml version='1.0'?><Workbook/>", "other.xml")
    write("ignored", ".hidden/cin_2018.xml")
    data = load([tmp_path])
    assert sorted(r.census_year for r in data.returns) == [2016, 2017]
    assert data["children"].height == 2 and data["cp_plans"].height == 1
    reasons = {r.file.rsplit("/", 1)[-1]: r.reason for r in data.rejected}
    assert set(reasons) == {"empty.xml", "other.xml"}
    assert "empty" in reasons["empty.xml"] and "<Workbook>" in reasons["other.xml"]
    skipped = [i for i in data.issues if i.code == "not-xml-file"]
    assert [i.file.rsplit("/", 1)[-1] for i in skipped] == ["extract.csv"]
    assert skipped[0].severity == "notice"


def test_files_and_folders_together_each_file_once(write, tmp_path):
    one = write(message(child("B1")), "a/cin_2016.xml")
    write(message(child("B2"), head=header(2017)), "b/cin_2017.xml")
    data = load([one, tmp_path / "a", tmp_path / "b"])
    assert sorted(data["children"]["child_id"].to_list()) == ["B1", "B2"]


def test_a_single_path_and_a_missing_one(write, tmp_path):
    path = write(message(child("C1")))
    assert load(path)["children"]["child_id"].to_list() == ["C1"]
    data = load([path, tmp_path / "missing.xml"])
    assert len(data.returns) == 1
    assert [r.reason for r in data.rejected] == ["no such file or folder"]


def test_an_explicit_file_is_read_whatever_its_extension(write):
    path = write(message(child("D1")), "cin_2016.txt")
    assert load([path])["children"]["child_id"].to_list() == ["D1"]


def test_year_and_la_apply_to_returns_without_them(write, tmp_path):
    write(message(child("E1"), head=""), "return_a.xml")
    write(message(child("E2")), "cin_2016.xml")
    data = load([tmp_path], year=2015, la="877")
    years = {r.file.rsplit("/", 1)[-1]: (r.census_year, r.year_source, r.la) for r in data.returns}
    assert years == {
        "return_a.xml": (2015, "--year", "877"),
        "cin_2016.xml": (2016, "header", "201"),
    }


def test_progress_counts_bytes_over_all_files(write, tmp_path):
    for n in range(3):
        write(message("".join(child(f"F{n}{k}") for k in range(50))), f"cin_{n}_2016.xml")
    total = sum(p.stat().st_size for p in tmp_path.iterdir())
    calls: list[tuple[int, int, str]] = []
    load([tmp_path], progress=lambda done, tot, file: calls.append((done, tot, file)))
    assert calls[-1][:2] == (total, total)
    assert all(tot == total for _, tot, _ in calls)
    done = [d for d, _, _ in calls]
    assert done == sorted(done)
    assert {f.rsplit("/", 1)[-1] for _, _, f in calls} == {f"cin_{n}_2016.xml" for n in range(3)}


def test_returns_of_several_councils_and_years_stack(write, tmp_path):
    write(message(child("G1"), head=header(2016, la="201")), "x/a.xml")
    write(message(child("G1"), head=header(2016, la="877")), "x/b.xml")
    write(message(child("G1"), head=header(2017, la="877")), "x/c.xml")
    data = load([tmp_path])
    assert data.las == ["201", "877"]
    pairs = sorted(data["children"].select("la", "census_year").iter_rows())
    assert pairs == [("201", 2016), ("877", 2016), ("877", 2017)]


def test_a_workbook_naming_no_council_takes_the_one_known_council_when_no_return_came_with_it(
    tmp_path,
):
    from annexa_workbooks import LIST7, list7_row, write_workbook

    book = write_workbook(
        tmp_path / "annex_a_2016-08-31.xlsx", {"L7": [LIST7, list7_row("C1", "01/05/2016")]}
    )
    assert [(a.la, a.la_source) for a in load([book], known_las={"201"}).annex_a] == [
        ("201", "census returns")
    ]
    (rejected,) = load([book], known_las={"201", "202"}).rejected
    assert "no council code" in rejected.reason and "201, 202" in rejected.reason
