"""Each DfE rule against its hand-worked clean case and defect (see ``dfe_cases.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cin_returns import header, message
from dfe_cases import CASES, CLEAN, Case, ass, child, cpp, ep, s47

from cpmonitor.census.load import load
from cpmonitor.rules import RULES, check_dfe_rules

BY_RULE = {c.rule: c for c in CASES}


def _check(tmp_path: Path, children: str, codes: list[str] | None, year: int = 2016):
    path = tmp_path / f"cin_{year}.xml"
    path.write_text(message(children, header(year)), encoding="utf-8")
    data = load(path)
    assert not data.rejected
    return check_dfe_rules(data, codes)


def _ids(case: Case) -> str:
    return f"{case.rule} {case.what}"


def test_every_declared_rule_has_a_hand_worked_case_and_no_case_is_for_an_unknown_rule():
    assert len(BY_RULE) == len(CASES), "one case per rule"
    assert set(BY_RULE) == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_rule_is_silent_on_its_clean_case(case: Case, tmp_path):
    assert _check(tmp_path, case.passing, [case.rule], case.year) == []


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_rule_fires_on_its_defect_naming_the_child_and_the_dfe_rule(case, tmp_path):
    found = _check(tmp_path, case.failing, [case.rule], case.year)
    assert len(found) == case.issues, [i.message for i in found]
    issue = found[-1]
    assert issue.child == case.child
    assert issue.code == f"dfe-{case.rule}"
    assert issue.message.startswith(f"DfE {case.rule}: {RULES[case.rule].message}")
    assert issue.severity == ("warning" if case.rule.endswith("Q") else "error")
    assert issue.file.endswith("cin_2016.xml")
    assert (issue.line is None) == (case.child is None)


def test_a_complete_consistent_child_raises_no_dfe_rule_at_all(tmp_path):
    assert _check(tmp_path, CLEAN, None) == []


def test_a_review_before_the_plan_is_reported_at_that_review_line_with_both_dates(tmp_path):
    children = child(ep(ass() + s47() + cpp(reviews=("2015-09-20", "2015-06-24"))))
    (issue,) = _check(tmp_path, children, ["8841"])
    xml = message(children, header(2016)).splitlines()
    assert "2015-06-24</CPPreviewDate>" in xml[issue.line - 1]
    assert issue.element == "CPPreviewDate"
    assert "CPPreviewDate 2015-06-24, CPPstartDate 2015-06-24" in issue.message


def test_activity_after_closure_names_the_late_item_in_its_own_block(tmp_path):
    children = child(
        ep(
            ass(end="2015-12-07") + s47() + cpp(end="2015-12-05"),
            closure="2015-12-05",
            reason="RC1",
        )
    )
    (issue,) = _check(tmp_path, children, ["8565"])
    assert issue.element == "AssessmentAuthorisationDate"
    assert "AssessmentAuthorisationDate 2015-12-07, CINclosureDate 2015-12-05" in issue.message


def test_a_rule_outside_its_years_is_not_checked(tmp_path, monkeypatch):
    from dataclasses import replace

    monkeypatch.setitem(RULES, "8840", replace(RULES["8840"], first_year=2017))
    assert _check(tmp_path, BY_RULE["8840"].failing, ["8840"]) == []


def test_rules_are_checked_return_by_return_so_a_child_in_two_years_does_not_overlap_itself(
    tmp_path,
):
    first = tmp_path / "cin_2016.xml"
    first.write_text(message(CLEAN, header(2016)), encoding="utf-8")
    second = tmp_path / "cin_2017.xml"
    later = child(ep(ass() + s47() + cpp(reviews=("2015-09-20", "2016-03-20"))))
    second.write_text(message(later, header(2017)), encoding="utf-8")
    found = check_dfe_rules(load(tmp_path), ["8940", "8935", "8815", "8890", "8863Q", "8820"])
    assert found == []


def test_a_transfer_in_plan_and_a_later_enquirys_plan_in_one_episode_both_meet_2885(tmp_path):
    transfer_in = cpp("2015-06-15", "2015-08-03", reviews=())
    later = s47("2015-10-05", "2015-10-19", target="2015-10-26") + cpp("2015-10-19", reviews=())
    children = child(ep(ass() + transfer_in + later, icpc="2015-06-15"))
    assert _check(tmp_path, children, ["2885"]) == []


def test_no_factors_at_the_only_assessment_of_an_open_episode_is_not_yet_8873q(tmp_path):
    children = child(ep(ass(factors=("21",))))
    assert _check(tmp_path, children, ["8873Q"]) == []
