"""Web tests: Django settings, users per role, and small synthetic CIN census returns as XML."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
os.environ.setdefault("CPMONITOR_DATA_DIR", tempfile.mkdtemp(prefix="cpmonitor-web-tests-"))

import django  # noqa: E402

django.setup()  # pytest-django only sets Django up itself when configured in pyproject

from cpmonitor.web.permissions import ROLES  # noqa: E402

PASSWORD = "correct horse battery staple 42"
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "web"


# ------------------------------------------------------------------ synthetic returns


@dataclass
class Plan:
    start: str
    end: str | None = None
    category: str = "NEG"
    previous: int | None = 0
    reviews: tuple[str, ...] = ()


@dataclass
class Kid:
    """One synthetic child: an episode from ``referral`` with optional plans."""

    child_id: str
    birth: str = "2012-05-01"
    sex: str = "1"
    referral: str = "2015-05-01"
    closure: str | None = None
    plans: list[Plan] = field(default_factory=list)
    s47: str | None = None
    icpc: str | None = None
    assessment: str | None = None
    factors: tuple[str, ...] = ("2A", "3A")


def _el(tag: str, value) -> str:
    return "" if value is None else f"<{tag}>{value}</{tag}>"


def cin_xml(la: str, year: int, kids: list[Kid]) -> str:
    """A CIN census return (spec-shaped) for ``la`` and census year ``year``."""
    children = []
    for k in kids:
        plans = "".join(
            "<ChildProtectionPlans>"
            + _el("CPPstartDate", p.start)
            + _el("CPPendDate", p.end)
            + _el("InitialCategoryOfAbuse", p.category)
            + _el("LatestCategoryOfAbuse", p.category)
            + _el("NumberOfPreviousCPP", p.previous)
            + (
                "<Reviews>" + "".join(_el("CPPreviewDate", r) for r in p.reviews) + "</Reviews>"
                if p.reviews
                else ""
            )
            + "</ChildProtectionPlans>"
            for p in k.plans
        )
        assessment = (
            "<Assessments>"
            + _el("AssessmentActualStartDate", k.assessment)
            + "<FactorsIdentifiedAtAssessment>"
            + "".join(_el("AssessmentFactors", f) for f in k.factors)
            + "</FactorsIdentifiedAtAssessment></Assessments>"
            if k.assessment
            else ""
        )
        s47 = (
            "<Section47>"
            + _el("S47ActualStartDate", k.s47)
            + _el("DateOfInitialCPC", k.icpc)
            + "<ICPCnotRequired>false</ICPCnotRequired></Section47>"
            if k.s47
            else ""
        )
        children.append(
            "<Child><ChildIdentifiers>"
            + _el("LAchildID", k.child_id)
            + "<UPNunknown>UN1</UPNunknown>"
            + _el("PersonBirthDate", k.birth)
            + _el("GenderCurrent", k.sex)
            + "</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
            + "<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>"
            + "<CINdetails>"
            + _el("CINreferralDate", k.referral)
            + "<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
            + _el("CINclosureDate", k.closure)
            + _el("ReasonForClosure", "RC1" if k.closure else None)
            + _el("DateOfInitialCPC", k.icpc)
            + assessment
            + s47
            + "<ReferralNFA>false</ReferralNFA>"
            + plans
            + "</CINdetails></Child>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>"
        f"</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>{la}</LEA>"
        "<SoftwareCode>cpmonitor tests</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo>"
        f"<DateTime>{year}-04-20T10:00:00</DateTime></Source></Header><Children>"
        + "\n".join(children)
        + "</Children></Message>\n"
    )


#: A small council over two census years: repeat plans within and over two years.
KIDS_2016 = [
    Kid(
        "TL0001",
        referral="2015-05-01",
        s47="2015-05-04",
        icpc="2015-05-20",
        assessment="2015-05-02",
        plans=[Plan("2015-05-20", "2015-12-01", "NEG", previous=1, reviews=("2015-08-20",))],
    ),
    Kid(
        "TL0002",
        birth="2009-02-02",
        referral="2015-06-01",
        plans=[Plan("2015-06-10", None, "EMO", previous=2)],
    ),
    Kid(
        "TL0003",
        birth="2014-01-01",
        referral="2015-07-01",
        plans=[Plan("2015-07-15", "2016-01-10", "PHY", previous=0)],
    ),
    Kid("TL0004", birth="2003-03-03", referral="2015-09-01", closure="2016-02-01"),
]
KIDS_2017 = [
    Kid(
        "TL0002",
        birth="2009-02-02",
        referral="2015-06-01",
        plans=[Plan("2015-06-10", "2016-06-30", "EMO", previous=2)],
    ),
    Kid(
        "TL0003",
        birth="2014-01-01",
        referral="2016-09-01",
        plans=[Plan("2016-09-15", None, "NEG", previous=1)],
    ),
    Kid(
        "TL0005",
        birth="2010-10-10",
        referral="2016-04-20",
        plans=[Plan("2016-05-01", None, "NEG", previous=0)],
    ),
]


@pytest.fixture
def returns_dir(tmp_path) -> Path:
    """Two returns for LA 999 (2015-16 and 2016-17) written as XML files."""
    (tmp_path / "cin_999_2016.xml").write_text(cin_xml("999", 2016, KIDS_2016))
    (tmp_path / "cin_999_2017.xml").write_text(cin_xml("999", 2017, KIDS_2017))
    return tmp_path


@pytest.fixture
def census(returns_dir):
    """The two returns read by the core's reader, with their file hashes."""
    from cpmonitor.census.dataset import CensusData
    from cpmonitor.census.reader import read_return
    from cpmonitor.web.store.services import file_sha256

    paths = sorted(returns_dir.glob("*.xml"))
    data = CensusData.concat(read_return(p) for p in paths)
    return data, {str(p): file_sha256(p) for p in paths}


@pytest.fixture
def loaded(db, census):
    """The two returns imported into the database."""
    from cpmonitor.web.store.services import import_census

    data, hashes = census
    return import_census(data, hashes=hashes)


# ------------------------------------------------------------------ users


@pytest.fixture
def make_user(db):
    from cpmonitor.web.accounts.roles import create_user

    def make(role: str | None, username: str | None = None):
        return create_user(username or f"{role or 'norole'}_user", PASSWORD, [role] if role else [])

    return make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in with a user of the given role."""

    def sign_in(role: str | None):
        user = make_user(role)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(params=sorted(ROLES))
def role(request) -> str:
    return request.param
