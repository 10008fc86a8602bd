"""Code lists and items by spec year, checked against the schemas in ../shared."""

from __future__ import annotations

import pytest
from lxml import etree

from builders import SHARED
from cpmonitor.census.spec import (
    CODE_LIST_OF,
    ELEMENTS,
    FIRST_YEAR,
    LAST_YEAR,
    MANDATORY,
    spec,
    year_label,
)

XSD_DIR = SHARED / "peer-cin-samples" / "liia-tools-pipeline-xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"
# Code-list type names in those schemas.
XSD_TYPES = {
    "CategoryOfAbuse": "categoryofabusetype",
    "ReferralSource": "referralsourcetype",
    "PrimaryNeedCode": "primaryneedcodetype",
    "ReasonForClosure": "reasonforclosuretype",
    "AssessmentFactors": "assessmentfactorstype",
    "Ethnicity": "ethnicitytype",
    "Disability": "disabilitytype",
    "GenderCurrent": "gendertype",
    "Sex": "sextype",
}


def test_year_labels():
    assert year_label(2016) == "2015-16" and year_label(2001) == "2000-01"
    assert spec(2016).label == "2015-16"
    assert (spec(2001).year, spec(2040).year) == (FIRST_YEAR, LAST_YEAR)


def test_code_list_changes_by_year():
    factors = {y: spec(y).codes["AssessmentFactors"] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    assert "18A" in factors[2020] and "18A" not in factors[2021]
    assert {"18B", "18C", "19B", "19C"} <= factors[2021] and "18B" not in factors[2020]
    assert "24A" in factors[2022] and "24A" not in factors[2021]
    assert (
        "5D" in spec(2023).codes["ReferralSource"]
        and "5D" not in spec(2022).codes["ReferralSource"]
    )
    assert "RC9" in spec(2023).codes["ReasonForClosure"]
    assert "RC9" not in spec(2022).codes["ReasonForClosure"]
    assert spec(2016).codes["CategoryOfAbuse"] == {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_items_by_year():
    assert spec(2024).sex_item == "GenderCurrent" and spec(2025).sex_item == "Sex"
    assert not spec(2021).has_item("CINPlanDates") and spec(2022).has_item("CINPlanDates")
    assert spec(2016).has_item("SeenSocialWorker") and not spec(2017).has_item("SeenSocialWorker")
    assert spec(2016).has_item("CPPstartDate")


def official(enumeration) -> bool:
    """Those schemas mark codes kept against the DfE's change ("Retained despite official
    schema change due to client request"): 18A/19A after 2019-20."""
    notes = enumeration.findall(f"{XS}annotation/{XS}appinfo")
    return not any("despite official" in (n.text or "") for n in notes)


def xsd_enumerations(path) -> dict[str, set[str]]:
    tree = etree.parse(str(path))
    return {
        st.get("name"): {e.get("value") for e in st.iter(f"{XS}enumeration") if official(e)}
        for st in tree.iter(f"{XS}simpleType")
        if st.get("name")
    }


@pytest.mark.parametrize("year", [2017, 2021, 2022, 2023, 2025, 2026])
def test_code_lists_match_the_schema_of_the_year(year):
    xsd = xsd_enumerations(XSD_DIR / f"CIN_schema_{year}.xsd")
    ours = spec(year)
    for list_name, type_name in XSD_TYPES.items():
        if type_name not in xsd:  # Sex before 2025, GenderCurrent after
            continue
        assert ours.codes[list_name] == xsd[type_name], (year, list_name)


@pytest.mark.parametrize("year", [2017, 2021, 2022, 2023, 2025, 2026])
def test_elements_and_mandatory_items_match_the_schema(year):
    tree = etree.parse(str(XSD_DIR / f"CIN_schema_{year}.xsd"))
    seen: set[str] = set()
    mandatory: set[str] = set()
    for el in tree.iter(f"{XS}element"):
        name = el.get("name")
        seen.add(name)
        owner = el.getparent().getparent()  # xs:sequence -> xs:complexType
        if owner is None or owner.get("name") == "messagetype":
            continue
        if el.get("minOccurs", "1") != "0":
            mandatory.add(name)
    ours = set().union(*ELEMENTS.values())
    assert seen - {"Message"} <= ours
    ours_mandatory = {item for items in MANDATORY.values() for item in items}
    # the header's LEA, at least one Child, and the year's sex item are checked elsewhere
    ours_mandatory |= {"LEA", "Child", spec(year).sex_item}
    assert mandatory == ours_mandatory & seen, year  # (CINPlanDates only from 2021-22)
    assert set(CODE_LIST_OF) <= ours
