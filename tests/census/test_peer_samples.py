"""Every CIN census file other projects wrote loads without a crash; its faults are issues.

The files are in ``../shared/peer-cin-samples`` (read in place, never copied here).
"""

from __future__ import annotations

from datetime import date

import pytest

from builders import SHARED
from cpmonitor.census.load import load
from cpmonitor.census.reader import read_return

SAMPLES = sorted((SHARED / "peer-cin-samples").glob("*/*.xml"))


def test_the_samples_are_there():
    assert len(SAMPLES) >= 7


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_loads(path):
    data = read_return(path)
    assert data.returns[0].children == data["children"].height > 0
    assert data["episodes"].height >= data["children"].height
    for issue in data.issues:
        assert issue.file == str(path) and issue.severity in ("error", "warning", "notice")
        assert issue.code and issue.message and "\n" not in issue.message


def issues_of(name: str):
    (path,) = [p for p in SAMPLES if p.name == name]
    data = read_return(path)
    return data, {(i.code, i.element) for i in data.issues}


def test_validator_2026_sample_faults_are_reported():
    data, found = issues_of("CIN_Census_2026.xml")
    assert ("unknown-element", "PreProceedingsandFGDM") in found
    assert ("bad-code", "Sex") in found  # Sex given as 1
    assert ("bad-code", "AssessmentFactors") in found  # RB
    assert ("missing-item", "AssessmentFactors") in found  # an empty factors block
    assert ("stray-text", "UPNunknown") in found
    assert ("header-mismatch", "Year") in found
    # the rest of each child still loads, impossible dates included
    assert date(2028, 4, 28) in data["assessments"]["start_date"].to_list()
    assert data["cp_plans"]["previous_plans"].to_list() == [10]
    assert data["reviews"]["review_date"].to_list() == [date(2023, 2, 15)]


def test_header_faults_are_reported():
    data, found = issues_of("CIN_header_issues_100.xml")
    assert ("header-reference-date", "ReferenceDate") in found
    assert data.returns[0].census_year == 2023
    data, found = issues_of("fake_CIN_data.xml")
    assert data["children"].height == 332 and data["episodes"].height == 402
    assert set(data["children"]["sex"].unique().to_list()) <= {"M", "F", "U"}


def test_a_plan_reported_twice_is_loaded_twice_for_the_checks_downstream():
    data, _ = issues_of("CIN2rows.xml")
    assert data["cp_plans"].height == 2 and data["reviews"].height == 2


def test_both_folders_load_together(peer_samples):
    data = load([peer_samples])
    assert not data.rejected
    assert len(data.returns) == len(SAMPLES)
    assert {i.file.rsplit(".", 1)[-1] for i in data.issues if i.code == "not-xml-file"} == {
        "xsd",
        "md",
    }
