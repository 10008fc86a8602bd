"""Values outside the specification or sense become issues with file, line, child and item;
the value itself is kept (census/bounds.py and the reader's LEA check)."""

from __future__ import annotations

from datetime import date

import pytest
from cin_returns import child, episode, header, message, plan

from cpmonitor.census import bounds
from cpmonitor.census.reader import read_return


def codes(data, code: str) -> list:
    return [i for i in data.issues if i.code == code]


def test_a_child_id_longer_than_ten_characters_is_kept_and_reported_at_its_line(write):
    long_id = "X" * 42
    path = write(message(child("SHORT1") + child(long_id)))
    data = read_return(path)
    assert sorted(data["children"]["child_id"]) == sorted(["SHORT1", long_id])
    (issue,) = codes(data, "child-id-too-long")
    assert (issue.file, issue.child, issue.element) == (str(path), long_id, "LAchildID")
    assert issue.line == data["children"].filter(child_id=long_id)["line"][0]
    assert "42 characters" in issue.message and "up to 10" in issue.message


def test_a_child_id_of_exactly_ten_characters_is_within_the_specification(write):
    data = read_return(write(message(child("A" * 10))))
    assert codes(data, "child-id-too-long") == []


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1949-12-31", "2100-01-01"])
def test_a_date_outside_1950_to_2099_is_kept_and_reported_with_its_item(write, day):
    text = message(child("C1", episodes=episode(plan(start=day, end=None, reviews=()))))
    data = read_return(write(text))
    assert data["cp_plans"]["start_date"].to_list() == [date.fromisoformat(day)]
    (issue,) = codes(data, "date-out-of-range")
    assert (issue.child, issue.element) == ("C1", "CPPstartDate")
    assert issue.line == data["cp_plans"]["line"][0]
    assert day in issue.message and "1950-01-01" in issue.message


def test_dates_on_the_edges_of_the_sane_range_are_not_reported(write):
    inner = plan(start="1950-01-01", end="2099-12-31", reviews=())
    data = read_return(write(message(child("C1", episodes=episode(inner)))))
    assert codes(data, "date-out-of-range") == []


def test_a_birth_date_in_year_one_is_reported_on_the_child(write):
    kid = child("C1").replace("2010-05-01", "0001-01-01")
    (issue,) = codes(read_return(write(message(kid))), "date-out-of-range")
    assert (issue.child, issue.element) == ("C1", "PersonBirthDate")


def test_more_than_fifty_previous_plans_is_kept_and_reported(write):
    inner = plan(previous="999999") + plan(start="2015-08-01", previous="50")
    data = read_return(write(message(child("C1", episodes=episode(inner)))))
    assert sorted(data["cp_plans"]["previous_plans"]) == [50, 999999]
    (issue,) = codes(data, "previous-plans-implausible")
    assert (issue.child, issue.element) == ("C1", "NumberOfPreviousCPP")
    assert "999,999" in issue.message


def test_an_lea_that_is_no_council_is_a_warning_on_the_header_line(write):
    data = read_return(write(message(child("C1"), head=header(la="999"))))
    (issue,) = codes(data, "la-not-a-council")
    assert (issue.element, issue.severity, issue.line) == (
        "LEA",
        "warning",
        5,
    )  # <Source> is line 5
    assert data.returns[0].la == "999"
    assert (
        codes(read_return(write(message(child("C1"), head=header(la="335")))), "la-not-a-council")
        == []
    )


def test_the_same_child_twice_with_different_birth_dates_is_an_error_at_the_second(write):
    second = child("C1").replace("2010-05-01", "2011-07-09")
    path = write(message(child("C1") + child("C2") + second + child("C1")))
    data = read_return(path)
    assert data["children"].height == 4  # both kept
    (issue,) = codes(data, "child-birth-dates-differ")
    lines = data["children"].filter(child_id="C1")["line"].to_list()
    assert (issue.child, issue.element, issue.severity) == ("C1", "PersonBirthDate", "error")
    assert issue.line == lines[1]
    assert "2011-07-09" in issue.message and f"at line {lines[0]}" in issue.message


def test_findings_beyond_the_cap_are_counted_not_listed(write):
    tables = read_return(write(message("".join(child("Y" * 11 + str(n)) for n in range(5))))).tables
    issues = bounds.out_of_bounds(tables, "f.xml", limit=2)
    assert [i.child for i in issues][:2] == ["Y" * 11 + "0", "Y" * 11 + "1"]
    assert issues[2].line is None and "3 more 'child-id-too-long'" in issues[2].message


def test_one_date_out_of_range_among_dates_in_range_is_reported_alone(write):
    kids = child("C1") + child("C2").replace("2010-05-01", "9999-12-31") + child("C3")
    (issue,) = codes(read_return(write(message(kids))), "date-out-of-range")
    assert (issue.child, issue.element) == ("C2", "PersonBirthDate")
