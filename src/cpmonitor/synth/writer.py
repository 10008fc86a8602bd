"""Writing a CIN census return as XML: one council's canonical tables for one census year.

Elements follow the order of that year's specification (the ``xs:sequence`` of the XSDs):
``GenderCurrent`` (1/2/0) up to 2023-24 and ``Sex`` (M/F/U) from 2024-25, ``CINPlanDates``
from 2021-22 (see :mod:`.spec`). Booleans are written ``0``/``1``. The file says it is
synthetic in a comment and in its ``SoftwareCode`` (``cpmonitor-synth``); children are
``SYN`` numbers with no names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import polars as pl
from lxml import etree

from ..census.dataset import SYNTHETIC_SOFTWARE_CODE
from . import spec

SOFTWARE_CODE = SYNTHETIC_SOFTWARE_CODE  # the reader marks these returns synthetic
NOTICE = " Synthetic data made by cpmonitor synth: no real child, family or worker. "


def _release() -> str:
    try:
        return version("cpmonitor")
    except PackageNotFoundError:  # running from a source tree without metadata
        return "0"


def created_at(census_year: int, seed: int) -> datetime:
    """The return's ``DateTime``: a fixed time in May after the reference date (from the seed)."""
    return datetime(census_year, 5, 1, 9, 30) + timedelta(days=seed % 28, minutes=seed % 60)


@dataclass(frozen=True)
class WrittenReturn:
    """One file written: where, for whom, its children and the plans started in its year."""

    path: Path
    la: str
    census_year: int
    children: int
    plan_starts: int
    repeat_starts: int  # plan starts with NumberOfPreviousCPP >= 1


def _text(parent: etree._Element, tag: str, value) -> None:
    if value is None:
        return
    el = etree.SubElement(parent, tag)
    el.text = value.isoformat() if isinstance(value, date) else str(value)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _grouped(frame: pl.DataFrame, key: list[str]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        groups[tuple(row[k] for k in key)].append(row)
    return groups


def _header(la: str, census_year: int, created: datetime) -> etree._Element:
    header = etree.Element("Header")
    details = etree.SubElement(header, "CollectionDetails")
    _text(details, "Collection", "CIN")
    _text(details, "Year", census_year)
    _text(details, "ReferenceDate", date(census_year, 3, 31))
    source = etree.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la)
    _text(source, "SoftwareCode", SOFTWARE_CODE)
    _text(source, "Release", _release())
    _text(source, "SerialNo", "001")
    _text(source, "DateTime", created.isoformat(timespec="seconds"))
    return header


def write_return(
    tables: dict[str, pl.DataFrame],
    path: Path | str,
    *,
    la: str,
    census_year: int,
    created: datetime,
) -> int:
    """Write one council's return for ``census_year`` from its canonical tables.

    ``tables`` hold only that council and year (as :func:`.returns.return_tables` gives,
    filtered to ``la``). Returns the number of children written.
    """
    path = Path(path)
    with path.open("wb") as handle:
        _write(handle, tables, la, census_year, created)
        handle.write(b"\n")
    return tables["children"].height


class _Children:
    """A return's records grouped by child and episode, to build ``<Child>`` elements."""

    def __init__(self, tables: dict[str, pl.DataFrame], census_year: int) -> None:
        key = ["child_id", "referral_date"]
        self.episodes = _grouped(tables["episodes"].sort(key), ["child_id"])
        self.assessments = _grouped(tables["assessments"].sort([*key, "start_date"]), key)
        self.section47 = _grouped(tables["section47"].sort([*key, "start_date"]), key)
        self.cin_plans = _grouped(tables["cin_plans"].sort([*key, "start_date"]), key)
        self.cp_plans = _grouped(tables["cp_plans"].sort([*key, "start_date"]), key)
        self.reviews = _grouped(
            tables["reviews"].sort(["child_id", "plan_start", "review_date"]),
            ["child_id", "plan_start"],
        )
        self.year = census_year
        self.with_cin_plans = spec.has_cin_plan_dates(census_year)
        self.sex_tag = spec.sex_element(census_year)

    def element(self, c: dict) -> etree._Element:
        child = etree.Element("Child")
        ids = etree.SubElement(child, "ChildIdentifiers")
        _text(ids, "LAchildID", c["child_id"])
        _text(ids, "PersonBirthDate", c["birth_date"])
        _text(ids, "ExpectedPersonBirthDate", c["expected_birth_date"])
        _text(ids, self.sex_tag, spec.sex_value(self.year, c["sex"]))
        _text(ids, "PersonDeathDate", c["death_date"])
        chars = etree.SubElement(child, "ChildCharacteristics")
        _text(chars, "Ethnicity", c["ethnicity"])
        if c["disabilities"]:
            dis = etree.SubElement(chars, "Disabilities")
            for d in c["disabilities"]:
                _text(dis, "Disability", d)
        for e in self.episodes.get((c["child_id"],), []):
            self.episode(etree.SubElement(child, "CINdetails"), e)
        return child

    def episode(self, cd: etree._Element, e: dict) -> None:
        key = (e["child_id"], e["referral_date"])
        _text(cd, "CINreferralDate", e["referral_date"])
        _text(cd, "ReferralSource", e["referral_source"])
        _text(cd, "PrimaryNeedCode", e["primary_need"])
        _text(cd, "CINclosureDate", e["closure_date"])
        _text(cd, "ReasonForClosure", e["reason_for_closure"])
        _text(cd, "DateOfInitialCPC", e["initial_cpc_date"])
        for a in self.assessments.get(key, []):
            el = etree.SubElement(cd, "Assessments")
            _text(el, "AssessmentActualStartDate", a["start_date"])
            _text(el, "AssessmentInternalReviewDate", a["internal_review_date"])
            _text(el, "AssessmentAuthorisationDate", a["authorisation_date"])
            if a["factors"]:
                factors = etree.SubElement(el, "FactorsIdentifiedAtAssessment")
                for f in a["factors"]:
                    _text(factors, "AssessmentFactors", f)
        if self.with_cin_plans:
            for p in self.cin_plans.get(key, []):
                el = etree.SubElement(cd, "CINPlanDates")
                _text(el, "CINPlanStartDate", p["start_date"])
                _text(el, "CINPlanEndDate", p["end_date"])
        for s in self.section47.get(key, []):
            el = etree.SubElement(cd, "Section47")
            _text(el, "S47ActualStartDate", s["start_date"])
            _text(el, "InitialCPCtarget", s["icpc_target"])
            _text(el, "DateOfInitialCPC", s["icpc_date"])
            _text(el, "ICPCnotRequired", _flag(s["icpc_not_required"]))
        _text(cd, "ReferralNFA", _flag(e["referral_nfa"]))
        for p in self.cp_plans.get(key, []):
            el = etree.SubElement(cd, "ChildProtectionPlans")
            _text(el, "CPPstartDate", p["start_date"])
            _text(el, "CPPendDate", p["end_date"])
            _text(el, "InitialCategoryOfAbuse", p["initial_category"])
            _text(el, "LatestCategoryOfAbuse", p["latest_category"])
            _text(el, "NumberOfPreviousCPP", p["previous_plans"])
            dates = self.reviews.get((p["child_id"], p["start_date"]), [])
            if dates:
                rv = etree.SubElement(el, "Reviews")
                for r in dates:
                    _text(rv, "CPPreviewDate", r["review_date"])


def _write(handle, tables, la: str, census_year: int, created: datetime) -> None:
    children = _Children(tables, census_year)
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            header = _header(la, census_year, created)
            etree.indent(header, space="  ", level=1)
            xf.write("\n  ", etree.Comment(NOTICE), "\n  ", header, "\n  ")
            with xf.element("Children"):
                for row in tables["children"].sort("child_id").iter_rows(named=True):
                    child = children.element(row)
                    etree.indent(child, space="  ", level=2)
                    xf.write("\n    ", child)
                xf.write("\n  ")
            xf.write("\n")
