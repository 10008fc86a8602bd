"""The CIN census data items and code lists, by spec year (2012-13 to 2025-26).

Source: the DfE *Children in need census* specification of each year (data items N00097 …),
cross-checked against the schemas Social Finance wrote from it (``liia-tools-pipeline``,
``CIN_schema_2016.xsd`` … ``CIN_schema_2026.xsd``; see ``../shared/peer-cin-samples``).
A *census year* is the year the collection period ends on 31 March: 2016 means 2015-16.

What changed, and when (census year):

- 2017: ``SeenSocialWorker`` dropped from child protection plans.
- 2021: assessment factors 18A/19A (physical/sexual abuse) split into 18B/18C and 19B/19C
  (child on child / adult on child).
- 2022: factor 24A (child criminal exploitation); ``CINPlanDates`` (CIN plan start/end; DfE
  methodology: "from 2022 onwards children in need plans").
- 2023: referral source 5D (early help); reason for closure RC9 (closed after assessment,
  referred to early help).
- 2025: ``GenderCurrent`` (N00065: 1/2/0/9) replaced by ``Sex`` (N00783: M/F/U; CIN census
  2024 to 2025 business and technical specification).

Years before 2016 use the 2015-16 lists (the earliest schema we hold); items of their retired
modules (e.g. the 2012-13 initial and core assessments) are reported as unknown elements.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..periods import year_label  # noqa: F401 - the one census year label, used here and by the reader

FIRST_YEAR = 2013  # 2012-13
LAST_YEAR = 2026  # 2025-26

# Each code list: (census year from which it applies, codes) — a bare code is added that year,
# "-CODE" is withdrawn. Read a row as "from 2021: 18A and 19A go, 18B 18C 19B 19C come".
CODE_LIST_CHANGES: dict[str, tuple[tuple[int, str], ...]] = {
    "CategoryOfAbuse": ((FIRST_YEAR, "NEG PHY SAB EMO MUL"),),
    "ReferralSource": (
        (FIRST_YEAR, "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 6 7 8 9 10"),
        (2023, "5D"),
    ),
    "PrimaryNeedCode": ((FIRST_YEAR, "N0 N1 N2 N3 N4 N5 N6 N7 N8 N9"),),
    "ReasonForClosure": ((FIRST_YEAR, "RC1 RC2 RC3 RC4 RC5 RC6 RC7 RC8"), (2023, "RC9")),
    "AssessmentFactors": (
        (
            FIRST_YEAR,
            "1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A "
            "10A 11A 12A 13A 14A 15A 16A 17A 18A 19A 20 21 22A 23A",
        ),
        (2021, "-18A -19A 18B 18C 19B 19C"),
        (2022, "24A"),
    ),
    "Ethnicity": (
        (
            FIRST_YEAR,
            "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH "
            "CHNE OOTH REFU NOBT",
        ),
    ),
    "Disability": ((FIRST_YEAR, "NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA"),),
    "GenderCurrent": ((FIRST_YEAR, "1 2 0 9"),),
    "Sex": ((FIRST_YEAR, "M F U"),),
}

# Which code list an element's value is checked against.
CODE_LIST_OF: dict[str, str] = {
    "InitialCategoryOfAbuse": "CategoryOfAbuse",
    "LatestCategoryOfAbuse": "CategoryOfAbuse",
    "ReferralSource": "ReferralSource",
    "PrimaryNeedCode": "PrimaryNeedCode",
    "ReasonForClosure": "ReasonForClosure",
    "AssessmentFactors": "AssessmentFactors",
    "Ethnicity": "Ethnicity",
    "Disability": "Disability",
    "GenderCurrent": "GenderCurrent",
    "Sex": "Sex",
}

# Sex normalised to M/F/U: GenderCurrent 1 male, 2 female, 0 not recorded or unborn,
# 9 indeterminate; Sex M/F/U (from 2024-25).
SEX: dict[str, dict[str, str]] = {
    "GenderCurrent": {"1": "M", "2": "F", "0": "U", "9": "U"},
    "Sex": {"M": "M", "F": "F", "U": "U"},
}

# Booleans (yesnotype): the spec says 0/1; councils' files also hold true/false in any case.
BOOLEANS: dict[str, bool] = {"0": False, "1": True, "false": False, "true": True}

# The elements of each block, by name (order does not matter to the reader). Items that are
# read but not loaded into the tables (UPNs, SeenSocialWorker, header details) are listed so
# that they are not reported as unknown.
ELEMENTS: dict[str, frozenset[str]] = {
    "Message": frozenset({"Header", "Children"}),
    "Header": frozenset({"CollectionDetails", "Source"}),
    "CollectionDetails": frozenset({"Collection", "Year", "ReferenceDate"}),
    "Source": frozenset({"SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"}),
    "Children": frozenset({"Child"}),
    "Child": frozenset({"ChildIdentifiers", "ChildCharacteristics", "CINdetails"}),
    "ChildIdentifiers": frozenset(
        {
            "LAchildID",
            "UPN",
            "FormerUPN",
            "UPNunknown",
            "PersonBirthDate",
            "ExpectedPersonBirthDate",
            "GenderCurrent",
            "Sex",
            "PersonDeathDate",
        }
    ),
    "ChildCharacteristics": frozenset({"Ethnicity", "Disabilities"}),
    "CINdetails": frozenset(
        {
            "CINreferralDate",
            "ReferralSource",
            "PrimaryNeedCode",
            "CINclosureDate",
            "ReasonForClosure",
            "DateOfInitialCPC",
            "Assessments",
            "CINPlanDates",
            "Section47",
            "ReferralNFA",
            "ChildProtectionPlans",
        }
    ),
    "Assessments": frozenset(
        {
            "AssessmentActualStartDate",
            "AssessmentInternalReviewDate",
            "AssessmentAuthorisationDate",
            "FactorsIdentifiedAtAssessment",
        }
    ),
    "CINPlanDates": frozenset({"CINPlanStartDate", "CINPlanEndDate"}),
    "Section47": frozenset(
        {"S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"}
    ),
    "ChildProtectionPlans": frozenset(
        {
            "CPPstartDate",
            "CPPendDate",
            "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse",
            "NumberOfPreviousCPP",
            "SeenSocialWorker",
            "Reviews",
        }
    ),
    "Reviews": frozenset({"CPPreviewDate"}),
    "Disabilities": frozenset({"Disability"}),
    "FactorsIdentifiedAtAssessment": frozenset({"AssessmentFactors"}),
}

# The type of each data item that is loaded (the rest are blocks, or read and not loaded).
DATE_ITEMS = frozenset(  # xs:date, YYYY-MM-DD
    {
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "PersonDeathDate",
        "CINreferralDate",
        "CINclosureDate",
        "DateOfInitialCPC",
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "CINPlanStartDate",
        "CINPlanEndDate",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "CPPstartDate",
        "CPPendDate",
        "CPPreviewDate",
    }
)
YES_NO_ITEMS = frozenset({"ReferralNFA", "ICPCnotRequired"})  # yesnotype
COUNT_ITEMS = frozenset({"NumberOfPreviousCPP"})  # integer >= 0

# Items that may occur more than once in their block (maxOccurs="unbounded").
REPEATED = frozenset(
    {
        "CINdetails",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ChildProtectionPlans",
        "Disability",
        "AssessmentFactors",
        "CPPreviewDate",
    }
)

# Mandatory items (minOccurs=1 in the schemas). The sex item is mandatory too: which one
# depends on the year (see ``Spec.sex_item``).
MANDATORY: dict[str, tuple[str, ...]] = {
    "Child": ("ChildIdentifiers", "ChildCharacteristics", "CINdetails"),
    "ChildIdentifiers": ("LAchildID",),
    "ChildCharacteristics": ("Ethnicity",),
    "CINdetails": ("CINreferralDate", "ReferralSource", "ReferralNFA"),
    "Assessments": ("AssessmentActualStartDate",),
    "CINPlanDates": ("CINPlanStartDate",),
    "Section47": ("S47ActualStartDate", "ICPCnotRequired"),
    "ChildProtectionPlans": (
        "CPPstartDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    ),
    "Disabilities": ("Disability",),
    "FactorsIdentifiedAtAssessment": ("AssessmentFactors",),
    "Reviews": ("CPPreviewDate",),
}

# Items that belong to some spec years only: (first census year, last census year).
ITEM_YEARS: dict[str, tuple[int, int]] = {
    "GenderCurrent": (FIRST_YEAR, 2024),
    "Sex": (2025, LAST_YEAR),
    "CINPlanDates": (2022, LAST_YEAR),
    "SeenSocialWorker": (FIRST_YEAR, 2016),
}


@dataclass(frozen=True)
class Spec:
    """The CIN census specification of one census year (``year`` = the year ending 31 March)."""

    year: int
    codes: dict[str, frozenset[str]]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def sex_item(self) -> str:
        """``GenderCurrent`` up to 2023-24, ``Sex`` from 2024-25."""
        return "Sex" if self.year >= ITEM_YEARS["Sex"][0] else "GenderCurrent"

    def has_item(self, name: str) -> bool:
        """Whether item ``name`` is part of this year's specification."""
        first, last = ITEM_YEARS.get(name, (FIRST_YEAR, LAST_YEAR))
        return first <= self.year <= last

    def code_list(self, element: str) -> frozenset[str]:
        """The valid codes for ``element`` (e.g. ``InitialCategoryOfAbuse``) this year."""
        return self.codes[CODE_LIST_OF[element]]


def _codes_in(changes: tuple[tuple[int, str], ...], year: int) -> frozenset[str]:
    codes: set[str] = set()
    for since, change in changes:
        if since > year:
            break
        for code in change.split():
            if code.startswith("-"):
                codes.discard(code[1:])
            else:
                codes.add(code)
    return frozenset(codes)


@cache
def spec(year: int) -> Spec:
    """The specification for census ``year``; years outside 2013..2026 get the nearest one."""
    year = min(max(year, FIRST_YEAR), LAST_YEAR)
    return Spec(year, {name: _codes_in(ch, year) for name, ch in CODE_LIST_CHANGES.items()})
