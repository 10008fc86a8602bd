"""Reading Annex A workbooks: lists found by their headers, every value form, bad values."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from annexa_workbooks import LIST7, list7_row, write_workbook

from cpmonitor.annexa.reader import read_annex_a
from cpmonitor.census.issues import ReturnRejected


def test_list7_is_found_under_title_rows_in_any_sheet_with_drifted_headers(tmp_path):
    drifted = [
        "CHILD unique id",
        "gender",
        "ethnicity",
        "date of birth",
        "age",
        "disability",
        "CP Plan - Start Date",
        "Initial category of abuse:",
        "latest  CATEGORY of abuse",
        "Date of last statutory visit",
        "Seen alone (Y/N)",
        "Latest review conference date",
        "CP Plan - End Date",
        "EPO or police powers",
        "No. of previous CP plans",
        "Team",
        "Social worker",
    ]
    # the sheet for List 7 is called "Sheet3" and follows an unrelated sheet; two title rows
    path = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {
            "Contents": [["Annex A for inspection"], ["List 1 contacts"]],
            "Sheet3": [
                ["List 7 - Child protection"],
                ["Produced 31 August 2016"],
                drifted,
                list7_row("C1", "12/05/2016", prev=1, cat="NEG", visit="2016-08-30"),
            ],
        },
    )
    annex = read_annex_a(path)
    assert annex.sheets == {"child_protection": "Sheet3"}
    row = annex.plans.row(0, named=True)
    assert row["child_id"] == "C1"
    assert row["start_date"] == date(2016, 5, 12)
    assert row["initial_category"] == "NEG"
    assert row["last_visit"] == date(2016, 8, 30)
    assert row["seen_alone"] is True
    assert row["previous_plans"] == 1
    assert row["team"] == "Team A" and row["worker"] == "Worker 1"
    assert row["line"] == 4 and row["sheet"] == "Sheet3"
    assert not [i for i in annex.issues if i.severity != "notice"]


def test_dates_read_as_excel_dates_serial_numbers_dd_mm_yyyy_and_iso_text(tmp_path):
    path = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {
            "List 7": [
                LIST7,
                list7_row("E", datetime(2016, 5, 1)),
                list7_row("S", 42491),  # Excel's serial number for 1 May 2016
                list7_row("D", "01/05/2016"),
                list7_row("I", "2016-05-01"),
                list7_row("T", "2016-05-01T00:00:00"),
            ]
        },
    )
    starts = read_annex_a(path).plans.get_column("start_date").to_list()
    assert starts == [date(2016, 5, 1)] * 5


def test_categories_read_as_template_options_words_or_census_codes(tmp_path):
    forms = [
        "a) Neglect",
        "Physical abuse",
        "SAB",
        "d) emotional abuse",
        "e) Multiple/not recommended",
        "neglect",
    ]
    rows = [list7_row(f"C{i}", "01/05/2016", cat=c) for i, c in enumerate(forms)]
    path = write_workbook(tmp_path / "annex_a_335_2016-08-31.xlsx", {"L7": [LIST7, *rows]})
    cats = read_annex_a(path).plans.get_column("initial_category").to_list()
    assert cats == ["NEG", "PHY", "SAB", "EMO", "MUL", "NEG"]


def test_yes_no_read_in_any_case_and_unknown_is_not_recorded(tmp_path):
    forms = ["Y", "no", "YES", "b) No", "a) yes", "c) Unknown", None]
    rows = [list7_row(f"C{i}", "01/05/2016", alone=a) for i, a in enumerate(forms)]
    path = write_workbook(tmp_path / "annex_a_335_2016-08-31.xlsx", {"L7": [LIST7, *rows]})
    annex = read_annex_a(path)
    assert annex.plans.get_column("seen_alone").to_list() == [
        True,
        False,
        True,
        False,
        True,
        None,
        None,
    ]
    assert not [i for i in annex.issues if i.code == "annex-a-bad-value"]


def test_a_bad_value_is_an_issue_naming_file_sheet_row_child_and_column_and_the_row_still_loads(
    tmp_path,
):
    rows = [
        list7_row("C1", "01/05/2016", end="31/02/2016", cat="Bullying", prev="two", alone="maybe")
    ]
    path = write_workbook(tmp_path / "annex_a_335_2016-08-31.xlsx", {"CP list": [LIST7, *rows]})
    annex = read_annex_a(path)
    row = annex.plans.row(0, named=True)
    assert row["start_date"] == date(2016, 5, 1)  # the rest of the row loaded
    assert row["end_date"] is None and row["initial_category"] is None
    assert row["previous_plans"] is None and row["seen_alone"] is None
    assert row["team"] == "Team A"
    bad = {i.element: i for i in annex.issues if i.code == "annex-a-bad-value"}
    assert set(bad) == {
        "CP list: Child Protection Plan End Date",
        "CP list: Initial Category of Abuse",
        "CP list: Latest Category of Abuse",
        "CP list: Number of Previous Child Protection Plans",
        "CP list: Was the Child Seen Alone?",
    }
    end = bad["CP list: Child Protection Plan End Date"]
    assert (end.file, end.line, end.child, end.severity) == (str(path), 2, "C1", "error")
    assert "'CP list' row 2" in end.message and "'31/02/2016' is not a date" in end.message


def test_a_row_without_a_plan_start_or_child_id_is_left_out_with_an_error(tmp_path):
    rows = [list7_row("C1", None), list7_row(None, "01/05/2016"), list7_row("C3", "01/05/2016")]
    path = write_workbook(tmp_path / "annex_a_335_2016-08-31.xlsx", {"L7": [LIST7, *rows]})
    annex = read_annex_a(path)
    assert annex.plans.get_column("child_id").to_list() == ["C3"]
    codes = {i.code: i for i in annex.issues if i.severity == "error"}
    assert codes["annex-a-no-plan-start"].child == "C1"
    assert "1 row(s)" in codes["annex-a-no-child-id"].message


def test_a_workbook_without_list7_is_rejected_whole_with_one_line(tmp_path):
    path = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {"List 4": [["Child Unique ID", "Continuous Assessment Start Date"], ["C1", "01/05/2016"]]},
    )
    with pytest.raises(ReturnRejected) as caught:
        read_annex_a(path)
    assert "no Annex A List 7" in caught.value.reason and "\n" not in caught.value.reason


def test_a_file_that_is_not_a_workbook_is_rejected(tmp_path):
    path = tmp_path / "annex_a_335_2016-08-31.xlsx"
    path.write_text("not a zip")
    with pytest.raises(ReturnRejected, match="not a readable Excel workbook"):
        read_annex_a(path)


def test_lists_4_and_5_are_read_where_present(tmp_path):
    path = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {
            "List 4": [
                [
                    "Child Unique ID",
                    "Continuous Assessment Start Date",
                    "Continuous Assessment Date of Authorisation",
                    "Allocated Team",
                ],
                ["C1", "01/05/2016", "30/06/2016", "Team B"],
            ],
            "List 5": [
                [
                    "Child Unique ID",
                    "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "Was an Initial Child Protection Conference deemed unnecessary?",
                    "Date of Initial Child Protection Conference",
                    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                ],
                ["C1", "01/07/2016", "b) No", "20/07/2016", "a) Yes"],
            ],
            "List 7": [LIST7, list7_row("C1", "20/07/2016")],
        },
    )
    annex = read_annex_a(path)
    assert annex.lists["assessments"].row(0, named=True)["authorisation_date"] == date(2016, 6, 30)
    s47 = annex.lists["section47"].row(0, named=True)
    assert s47["start_date"] == date(2016, 7, 1) and s47["icpc_date"] == date(2016, 7, 20)
    assert s47["icpc_not_required"] is False and s47["resulted_in_plan"] is True


def test_council_code_comes_from_la_then_the_file_name_then_one_councils_returns(tmp_path):
    sheets = {"L7": [LIST7, list7_row("C1", "01/05/2016")]}
    named = write_workbook(tmp_path / "annex_a_335_2016-08-31.xlsx", sheets)
    assert (read_annex_a(named, la="201").la, read_annex_a(named, la="201").la_source) == (
        "201",
        "--la",
    )
    assert (read_annex_a(named).la, read_annex_a(named).la_source) == ("335", "file name")
    plain = write_workbook(tmp_path / "annex_a_2016-08-31.xlsx", sheets)
    beside = read_annex_a(plain, census_las={"201"})
    assert (beside.la, beside.la_source) == ("201", "census returns")
    with pytest.raises(ReturnRejected, match="no council code: .*give --la") as caught:
        read_annex_a(plain, census_las={"201", "202"})
    assert "201, 202" in caught.value.reason


def test_extract_date_comes_from_the_file_name_then_a_title_row_then_as_at(tmp_path):
    rows = [LIST7, list7_row("C1", "01/05/2016")]
    named = write_workbook(tmp_path / "annex_a_335_20160831.xlsx", {"L7": rows})
    assert (read_annex_a(named).extract_date, read_annex_a(named).date_source) == (
        date(2016, 8, 31),
        "file name",
    )
    titled = write_workbook(
        tmp_path / "annex_a_335.xlsx", {"L7": [["Child protection, as at 31/07/2016"], *rows]}
    )
    assert (read_annex_a(titled).extract_date, read_annex_a(titled).date_source) == (
        date(2016, 7, 31),
        "title row",
    )
    bare = write_workbook(tmp_path / "cp_335.xlsx", {"L7": rows})
    given = read_annex_a(bare, as_at=date(2016, 6, 30))
    assert (given.extract_date, given.date_source) == (date(2016, 6, 30), "--as-at")
    with pytest.raises(ReturnRejected, match="no extract date"):
        read_annex_a(bare)


def test_lists_one_below_another_in_a_sheet_are_each_read(tmp_path):
    path = write_workbook(
        tmp_path / "annex_a_335_2016-08-31.xlsx",
        {
            "All lists": [
                ["List 4: assessments"],
                ["Child Unique ID", "Continuous Assessment Start Date", "Date of Authorisation"],
                ["C1", "01/05/2016", "30/06/2016"],
                [],
                ["List 7: child protection"],
                LIST7,
                list7_row("C1", "20/07/2016"),
            ]
        },
    )
    annex = read_annex_a(path)
    assert annex.sheets == {"assessments": "All lists", "child_protection": "All lists"}
    assert annex.lists["assessments"].get_column("child_id").to_list() == ["C1"]
    assert annex.plans.row(0, named=True)["line"] == 7
    assert not [i for i in annex.issues if i.code == "annex-a-bad-value"]
