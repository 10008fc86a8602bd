"""Small synthetic CIN census returns written as XML, for the web tests."""

from __future__ import annotations

from dataclasses import dataclass, field


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


#: A council whose returns contradict each other (LA 998): overlapping plans for TX01,
#: NumberOfPreviousCPP 0 on TX02's second plan though a first is on record, and TX03's plan
#: ending before it starts. ``cpmonitor validate`` finds each across the two returns.
TROUBLED_2016 = [
    Kid(
        "TX01",
        referral="2015-05-01",
        plans=[
            Plan("2015-05-01", "2015-12-01", "NEG", previous=0),
            Plan("2015-10-01", None, "NEG", previous=1),
        ],
    ),
    Kid("TX02", referral="2015-05-01", plans=[Plan("2015-06-01", "2015-09-01", "EMO", previous=0)]),
    Kid("TX03", referral="2015-11-01", plans=[Plan("2016-01-10", "2015-12-01", "PHY", previous=0)]),
    Kid("TX04", referral="2015-07-01", plans=[Plan("2015-07-10", None, "NEG", previous=0)]),
]
TROUBLED_2017 = [
    Kid(
        "TX01",
        referral="2015-05-01",
        plans=[
            Plan("2015-05-01", "2015-12-01", "NEG", previous=0),
            Plan("2015-10-01", "2016-08-01", "NEG", previous=1),
        ],
    ),
    Kid("TX02", referral="2016-05-01", plans=[Plan("2016-06-01", None, "EMO", previous=0)]),
    Kid("TX04", referral="2015-07-01", plans=[Plan("2015-07-10", "2016-05-01", "NEG", previous=0)]),
    Kid("TX05", referral="2016-06-01", plans=[Plan("2016-07-01", None, "NEG", previous=2)]),
]
