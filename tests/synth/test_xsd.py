"""Every generated return validates against the schema of its year, and follows its spec."""

from __future__ import annotations

import re

import pytest
import xmlschema

from cpmonitor.census import spec as census_spec

from .conftest import ALL_YEARS, XSD_DIR

SCHEMA_YEARS = (2017, 2021, 2022, 2023, 2025, 2026)  # the schemas Social Finance wrote


def schema_for(census_year: int) -> int:
    """The newest schema year not after the census year; 2017's for earlier years."""
    return max((y for y in SCHEMA_YEARS if y <= census_year), default=SCHEMA_YEARS[0])


@pytest.fixture(scope="module")
def schemas():
    if not XSD_DIR.is_dir():
        pytest.skip(f"peer schemas not found at {XSD_DIR}")
    return {y: xmlschema.XMLSchema(XSD_DIR / f"CIN_schema_{y}.xsd") for y in SCHEMA_YEARS}


def test_a_return_for_every_spec_year(small_returns):
    assert [w.census_year for w in small_returns] == list(ALL_YEARS)
    assert all(w.children > 0 and w.plan_starts > 0 for w in small_returns)


@pytest.mark.parametrize("year", ALL_YEARS)
def test_return_validates_against_its_years_schema(year, small_returns, schemas):
    (written,) = [w for w in small_returns if w.census_year == year]
    errors = list(schemas[schema_for(year)].iter_errors(str(written.path)))
    assert errors == [], f"{written.path.name}: {errors[0]}"


def test_schema_choice():
    assert [schema_for(y) for y in (2013, 2020, 2021, 2022, 2023, 2024, 2025, 2026)] == [
        2017, 2017, 2021, 2022, 2023, 2023, 2025, 2026,
    ]  # fmt: skip


def _texts(path, tag):
    return re.findall(rf"<{tag}>([^<]*)</{tag}>", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("year", ALL_YEARS)
def test_items_and_codes_follow_the_years_spec(year, small_returns):
    (written,) = [w for w in small_returns if w.census_year == year]
    text = written.path.read_text(encoding="utf-8")
    spec = census_spec.spec(year)
    assert ("<Sex>" in text) == (year >= 2025)
    assert ("<GenderCurrent>" in text) == (year <= 2024)
    if year >= 2022:
        assert "<CINPlanDates>" in text
    else:
        assert "<CINPlanDates>" not in text
    for element in ("AssessmentFactors", "ReferralSource", "ReasonForClosure"):
        used = set(_texts(written.path, element))
        assert used <= spec.code_list(element), (element, used - spec.code_list(element))
    sexes = set(_texts(written.path, spec.sex_item))
    assert sexes <= spec.code_list(spec.sex_item)


def test_header(small_returns):
    written = small_returns[3]  # 2015-16
    text = written.path.read_text(encoding="utf-8")
    assert written.path.name == "cin_census_335_2015-16.xml"
    for item in (
        "<Collection>CIN</Collection>",
        "<Year>2016</Year>",
        "<ReferenceDate>2016-03-31</ReferenceDate>",
        "<SourceLevel>L</SourceLevel>",
        "<LEA>335</LEA>",
        "<SoftwareCode>cpmonitor-synth</SoftwareCode>",
        "<SerialNo>001</SerialNo>",
    ):
        assert item in text
    assert re.search(r"<DateTime>2016-0[5-6]-\d\dT\d\d:\d\d:00</DateTime>", text)
    assert "Synthetic data" in text.splitlines()[2]


def test_obviously_synthetic(small_returns):
    for written in small_returns:
        ids = _texts(written.path, "LAchildID")
        assert ids and all(re.fullmatch(r"SYN\d{6}", i) for i in ids)
