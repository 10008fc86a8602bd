"""How the writer follows the CIN census specification of each year.

The facts (which item exists in which year, which codes each year's lists hold) live in
:mod:`cpmonitor.census.spec`; this module only turns them into what writing needs.

The sex item: ``GenderCurrent`` (1/2/0/9) up to the 2023-24 return, ``Sex`` (M/F/U) from the
2024-25 return. Evidence: Social Finance's schemas (``CIN_schema_2023.xsd``, which serves
2023-24 too, has ``GenderCurrent``; ``CIN_schema_2025.xsd`` has ``Sex``) and the DfE CIN
validator (data-to-insight/csc-validator-be-cin), whose 2024-25 rules check ``Sex`` (N00783),
e.g. rule 8750 "Sex must equal U for an unborn child".
"""

from __future__ import annotations

from datetime import date
from functools import cache

from cpmonitor.census import spec as census_spec

FIRST_YEAR, LAST_YEAR = census_spec.FIRST_YEAR, census_spec.LAST_YEAR

#: A code withdrawn from a list, and the one that carried its meaning before (18B/18C and
#: 19B/19C split 18A/19A in 2020-21: a return of an earlier year writes the old code).
EARLIER_CODE = {"18B": "18A", "18C": "18A", "19B": "19A", "19C": "19A"}
_SEX_CODES = {v: k for k, v in census_spec.SEX["GenderCurrent"].items() if k != "9"}


def sex_element(census_year: int) -> str:
    """``GenderCurrent`` up to 2023-24, ``Sex`` from 2024-25."""
    return census_spec.spec(census_year).sex_item


def sex_value(census_year: int, sex: str) -> str:
    """A canonical sex (M/F/U) as that year's item writes it (GenderCurrent: 1/2/0)."""
    return sex if sex_element(census_year) == "Sex" else _SEX_CODES[sex]


def has_cin_plan_dates(census_year: int) -> bool:
    """Whether that year's return carries ``CINPlanDates`` (from 2021-22)."""
    return census_spec.spec(census_year).has_item("CINPlanDates")


@cache
def first_day(element: str, code: str) -> date:
    """The first day a code may be used: 1 April of the census year whose list added it."""
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if code in census_spec.spec(year).code_list(element):
            return date(year - 1, 4, 1)
    raise ValueError(f"{code} is never in the {element} code list")


def factor_codes(census_year: int) -> frozenset[str]:
    """The assessment factor codes of that year's specification."""
    return census_spec.spec(census_year).code_list("AssessmentFactors")


def file_name(la: str, census_year: int) -> str:
    """The synthetic return's file name: ``cin_census_335_2015-16.xml``."""
    return f"cin_census_{la}_{census_spec.year_label(census_year)}.xml"
