"""Hand-worked CIN census children for the DfE rule tests: one clean case, one defect each.

The census year is 2015-16 (1 April 2015 to the reference date, 31 March 2016) unless a case
says otherwise. The clean child: referred Monday 1 June 2015; assessed 2 to 20 June (factor
1A); a section 47 enquiry from 3 June with its initial conference on Wednesday 24 June; a plan
from that conference, still open, reviewed on 20 September.
"""

from __future__ import annotations

from dataclasses import dataclass


def ass(start="2015-06-02", end: str | None = "2015-06-20", factors=("1A",)) -> str:
    items = f"<AssessmentActualStartDate>{start}</AssessmentActualStartDate>\n"
    if end:
        items += f"<AssessmentAuthorisationDate>{end}</AssessmentAuthorisationDate>\n"
    if factors:
        codes = "".join(f"<AssessmentFactors>{c}</AssessmentFactors>" for c in factors)
        items += f"<FactorsIdentifiedAtAssessment>{codes}</FactorsIdentifiedAtAssessment>\n"
    return f"<Assessments>\n{items}</Assessments>\n"


def s47(
    start: str | None = "2015-06-03",
    icpc: str | None = "2015-06-24",
    not_required="0",
    target: str | None = "2015-06-24",
) -> str:
    items = f"<S47ActualStartDate>{start}</S47ActualStartDate>\n" if start else ""
    if target:
        items += f"<InitialCPCtarget>{target}</InitialCPCtarget>\n"
    if icpc:
        items += f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>\n"
    items += f"<ICPCnotRequired>{not_required}</ICPCnotRequired>\n"
    return f"<Section47>\n{items}</Section47>\n"


def cpp(
    start="2015-06-24",
    end: str | None = None,
    previous: str | None = "0",
    category="NEG",
    latest: str | None = None,
    reviews=("2015-09-20",),
) -> str:
    items = f"<CPPstartDate>{start}</CPPstartDate>\n"
    if end:
        items += f"<CPPendDate>{end}</CPPendDate>\n"
    items += f"<InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>\n"
    items += f"<LatestCategoryOfAbuse>{latest or category}</LatestCategoryOfAbuse>\n"
    if previous is not None:
        items += f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>\n"
    if reviews:
        dates = "".join(f"<CPPreviewDate>{r}</CPPreviewDate>" for r in reviews)
        items += f"<Reviews>{dates}</Reviews>\n"
    return f"<ChildProtectionPlans>\n{items}</ChildProtectionPlans>\n"


def cin_plan(start="2015-06-21", end: str | None = None) -> str:
    items = f"<CINPlanStartDate>{start}</CINPlanStartDate>\n"
    if end:
        items += f"<CINPlanEndDate>{end}</CINPlanEndDate>\n"
    return f"<CINPlanDates>\n{items}</CINPlanDates>\n"


CLEAN_BLOCKS = ass() + s47() + cpp()


def ep(
    blocks: str = CLEAN_BLOCKS,
    referral="2015-06-01",
    *,
    closure: str | None = None,
    reason: str | None = None,
    icpc: str | None = None,
    nfa="0",
    need: str | None = "N1",
) -> str:
    items = f"<CINreferralDate>{referral}</CINreferralDate>\n<ReferralSource>6</ReferralSource>\n"
    if need:
        items += f"<PrimaryNeedCode>{need}</PrimaryNeedCode>\n"
    if closure:
        items += f"<CINclosureDate>{closure}</CINclosureDate>\n"
    if reason:
        items += f"<ReasonForClosure>{reason}</ReasonForClosure>\n"
    if icpc:
        items += f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>\n"
    items += f"<ReferralNFA>{nfa}</ReferralNFA>\n"
    return f"<CINdetails>\n{items}{blocks}</CINdetails>\n"


def child(*episodes: str, birth="2010-05-01", death: str | None = None, cid="C1") -> str:
    ids = f"<LAchildID>{cid}</LAchildID>\n<PersonBirthDate>{birth}</PersonBirthDate>\n"
    ids += "<GenderCurrent>1</GenderCurrent>\n"
    if death:
        ids += f"<PersonDeathDate>{death}</PersonDeathDate>\n"
    return (
        f"<Child>\n<ChildIdentifiers>\n{ids}</ChildIdentifiers>\n"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n"
        f"{''.join(episodes or (ep(),))}</Child>\n"
    )


CLEAN = child()


@dataclass(frozen=True)
class Case:
    rule: str
    what: str  # the defect, in words
    passing: str  # children's XML that meets the rule
    failing: str  # children's XML that breaks it once, in child C1
    child: str | None = "C1"  # where the failing issue is reported (None: the whole return)
    year: int = 2016
    issues: int = 1  # the rules on "more than one open …" name each of them


ENDED = dict(closure="2015-12-05", reason="RC1")  # an episode closed with its plan ended

CASES = [
    # plans
    Case(
        "1105",
        "plan starts before the referral",
        CLEAN,
        child(ep(ass() + s47(start="2015-05-20", icpc="2015-05-30") + cpp(start="2015-05-30"))),
    ),
    Case(
        "2883",
        "more plans start than conferences are held",
        CLEAN,
        child(ep(ass() + s47(icpc=None) + cpp())),
        child=None,
    ),
    Case(
        "2885",
        "plan starts a day after its conference",
        child(ep(ass() + cpp(), icpc="2015-06-24")),
        child(ep(ass() + s47() + cpp(start="2015-06-25"))),
    ),
    Case(
        "8565",
        "plan ends after its episode closed",
        child(ep(ass() + s47() + cpp(end="2015-12-05"), **ENDED)),
        child(ep(ass() + s47() + cpp(end="2015-12-06"), **ENDED)),
    ),
    Case(
        "8720",
        "plan starts after the reference date",
        CLEAN,
        child(ep(ass() + s47() + cpp(start="2016-04-04"))),
    ),
    Case(
        "8730", "NumberOfPreviousCPP missing", CLEAN, child(ep(ass() + s47() + cpp(previous=None)))
    ),
    Case(
        "8840",
        "plan starts and ends the same day",
        child(ep(ass() + s47() + cpp(end="2015-06-25", reviews=()))),
        child(ep(ass() + s47() + cpp(end="2015-06-24", reviews=()))),
    ),
    Case(
        "8832",
        "plan on a no-further-action referral",
        child(ep(nfa="1", blocks="")),
        child(ep(cpp(), nfa="1", icpc="2015-06-24")),
    ),
    Case(
        "8905",
        "initial category of abuse not in the code list",
        CLEAN,
        child(ep(ass() + s47() + cpp(category="XXX", latest="NEG"))),
    ),
    Case(
        "8910",
        "latest category of abuse not in the code list",
        CLEAN,
        child(ep(ass() + s47() + cpp(latest="XXX"))),
    ),
    Case(
        "8915",
        "plan starts after the child died",
        child(death="2015-06-24"),
        child(death="2015-06-23"),
    ),
    Case(
        "8920",
        "plan ends after the child died",
        child(ep(ass() + s47() + cpp(end="2015-10-01")), death="2015-10-01"),
        child(ep(ass() + s47() + cpp(end="2015-10-02")), death="2015-10-01"),
    ),
    Case(
        "8925",
        "plan ends before it starts",
        CLEAN,
        child(ep(ass() + s47() + cpp(end="2015-06-20", reviews=()))),
    ),
    Case(
        "8930",
        "plan ends before the census year",
        child(
            ep(
                ass("2015-01-06", "2015-01-20")
                + s47("2015-01-07", "2015-01-21")
                + cpp("2015-01-21", "2015-04-01", reviews=()),
                "2015-01-05",
                **ENDED,
            )
        ),
        child(
            ep(
                ass("2015-01-06", "2015-01-20")
                + s47("2015-01-07", "2015-01-21")
                + cpp("2015-01-21", "2015-03-31", reviews=()),
                "2015-01-05",
                **ENDED,
            )
        ),
    ),
    Case(
        "8935",
        "two open plans",
        child(
            ep(
                ass()
                + s47()
                + s47("2015-09-01", "2015-09-16", target="2015-09-16")
                + cpp(end="2015-09-01")
                + cpp("2015-09-16", reviews=())
            )
        ),
        child(
            ep(
                ass()
                + s47()
                + s47("2015-09-01", "2015-09-16", target="2015-09-16")
                + cpp()
                + cpp("2015-09-16", reviews=())
            )
        ),
        issues=2,
    ),
    Case(
        "8940",
        "the first plans of two episodes overlap",
        child(
            ep(ass() + s47() + cpp(end="2015-09-01"), closure="2015-09-02", reason="RC1"),
            ep(
                s47("2015-09-02", "2015-09-16", target="2015-09-16")
                + cpp("2015-09-16", reviews=()),
                "2015-09-02",
            ),
        ),
        child(
            ep(ass() + s47() + cpp(end="2015-09-01"), closure="2015-09-02", reason="RC1"),
            ep(
                s47("2015-08-02", "2015-08-14", target="2015-08-14")
                + cpp("2015-08-14", reviews=()),
                "2015-08-01",
            ),
        ),
    ),
    # reviews
    Case(
        "8841",
        "the second review is on the plan's start day",
        child(ep(ass() + s47() + cpp(reviews=("2015-06-25", "2015-09-20")))),
        child(ep(ass() + s47() + cpp(reviews=("2015-09-20", "2015-06-24")))),
    ),
    # section 47 enquiries and conferences
    Case(
        "1104",
        "conference before the referral",
        CLEAN,
        child(ep(ass() + s47("2015-05-20", "2015-05-29", target="2015-05-29") + cpp("2015-05-29"))),
    ),
    Case(
        "2884",
        "conference at both the enquiry and the episode level",
        child(ep(ass() + cpp(), icpc="2015-06-24")),
        child(ep(ass() + s47() + cpp(), icpc="2015-06-24")),
    ),
    Case(
        "2889",
        "enquiry starts before the referral",
        child(ep(ass() + s47(start="2015-06-01") + cpp())),
        child(ep(ass() + s47(start="2015-05-29") + cpp())),
    ),
    Case(
        "8615",
        "conference before the enquiry started",
        child(ep(ass() + s47(start="2015-06-24") + cpp())),
        child(ep(ass() + s47(start="2015-06-25") + cpp())),
    ),
    Case(
        "8675Q",
        "enquiry started over 15 working days before 31 March, no conference",
        child(ep(ass() + s47(start="2016-03-21", icpc=None, target=None), "2016-03-18")),
        child(ep(ass() + s47(start="2016-02-01", icpc=None, target=None), "2016-01-29")),
    ),
    Case(
        "8715",
        "conference before the census year",
        CLEAN,
        child(
            ep(
                ass("2015-03-02", "2015-03-20")
                + s47("2015-03-03", "2015-03-24")
                + cpp("2015-03-24"),
                "2015-03-02",
            )
        ),
    ),
    Case(
        "8740",
        "enquiry with no conference started before the census year",
        child(ep(s47(start="2015-04-01", icpc=None, target=None), "2015-04-01")),
        child(ep(s47(start="2015-03-20", icpc=None, target=None), "2015-03-20")),
    ),
    Case(
        "8839",
        "two enquiries open in one episode",
        child(ep(ass() + s47() + s47("2015-06-10", None, target=None) + cpp())),
        child(ep(ass() + s47(icpc=None, target=None) + s47("2015-06-10", None, target=None))),
        issues=2,
    ),
    Case(
        "8870Q",
        "conference target date on a Saturday",
        CLEAN,
        child(ep(ass() + s47(target="2015-06-27") + cpp())),
    ),
    Case(
        "8875",
        "conference on a Saturday",
        CLEAN,
        child(ep(ass() + s47(icpc="2015-06-27") + cpp("2015-06-27"))),
    ),
    Case(
        "8890",
        "an enquiry starts before the previous one's conference",
        child(ep(ass() + s47() + s47("2015-06-25", "2015-07-08", target="2015-07-08") + cpp())),
        child(ep(ass() + s47() + s47("2015-06-10", "2015-07-08", target="2015-07-08") + cpp())),
    ),
    # CIN episodes
    Case(
        "2990",
        "episode closed after assessment (RC8) holds a section 47 enquiry",
        child(ep(ass(), closure="2015-07-01", reason="RC8")),
        child(
            ep(
                ass() + s47(icpc=None, target=None, not_required="1"),
                closure="2015-07-01",
                reason="RC8",
            )
        ),
    ),
    Case("2991Q", "section 47 enquiry with no assessment", CLEAN, child(ep(s47() + cpp()))),
    Case(
        "8555Q",
        "referral after the child died",
        CLEAN,
        child(ep(ass(), closure="2015-07-01", reason="RC2"), death="2015-05-31"),
    ),
    Case(
        "8569Q",
        "referral from before the year flagged as no further action",
        child(ep("", "2015-04-01", nfa="1", closure="2015-04-01", reason="RC1")),
        child(ep("", "2015-03-02", nfa="1", closure="2015-04-01", reason="RC1")),
    ),
    Case(
        "8585Q",
        "closed as 'died' with no date of death",
        child(ep(ass(), closure="2015-07-01", reason="RC2"), death="2015-07-01"),
        child(ep(ass(), closure="2015-07-01", reason="RC2")),
    ),
    Case("8600", "referral after the reference date", CLEAN, child(ep("", "2016-04-01"))),
    Case(
        "8606",
        "referral more than 40 weeks before birth",
        child(ep(ass(), "2009-07-25"), birth="2010-05-01"),
        child(ep(ass(), "2009-07-24"), birth="2010-05-01"),
    ),
    Case(
        "8610",
        "primary need missing on a referral going on to further action",
        child(ep("", need=None, nfa="1")),
        child(ep(need=None)),
    ),
    Case(
        "8620",
        "episode closed before the census year",
        child(
            ep(ass("2015-01-06", "2015-01-20"), "2015-01-05", closure="2015-04-01", reason="RC8")
        ),
        child(
            ep(ass("2015-01-06", "2015-01-20"), "2015-01-05", closure="2015-03-31", reason="RC8")
        ),
    ),
    Case(
        "8630",
        "episode closed before it was referred",
        child(ep("", closure="2015-06-01", reason="RC8")),
        child(ep("", closure="2015-05-31", reason="RC8")),
    ),
    Case(
        "8805",
        "closure date with no reason",
        child(ep(ass(), closure="2015-07-01", reason="RC8")),
        child(ep(ass(), closure="2015-07-01")),
    ),
    Case("8810", "reason for closure with no closure date", CLEAN, child(ep(reason="RC1"))),
    Case(
        "8815",
        "two open episodes",
        child(
            ep(ass("2015-04-02", "2015-04-10"), "2015-04-01", closure="2015-04-10", reason="RC8"),
            ep(),
        ),
        child(ep(ass("2015-04-02", "2015-04-10"), "2015-04-01"), ep()),
        issues=2,
    ),
    Case(
        "8816",
        "the open episode is not the latest",
        child(
            ep(ass("2015-04-02", "2015-04-10"), "2015-04-01", closure="2015-04-10", reason="RC8"),
            ep(),
        ),
        child(
            ep(),
            ep(ass("2015-12-02", "2015-12-10"), "2015-12-01", closure="2015-12-10", reason="RC8"),
        ),
    ),
    Case(
        "8820",
        "a referral before the previous episode closed",
        child(
            ep(ass("2015-04-02", "2015-04-10"), "2015-04-01", closure="2015-06-01", reason="RC8"),
            ep(),
        ),
        child(
            ep(ass("2015-04-02", "2015-04-10"), "2015-04-01", closure="2015-06-02", reason="RC8"),
            ep(),
        ),
    ),
    Case(
        "8825Q",
        "closed after assessment (RC8) with no assessment",
        child(ep(ass(), closure="2015-07-01", reason="RC8")),
        child(ep("", closure="2015-07-01", reason="RC8")),
    ),
    Case(
        "8831",
        "section 47 enquiry on a no-further-action referral",
        child(ep("", nfa="1")),
        child(ep(s47(icpc=None, target=None, not_required="1"), nfa="1")),
    ),
    Case(
        "8867",
        "episode closed with its assessment not completed",
        child(ep(ass(), closure="2015-07-01", reason="RC8")),
        child(ep(ass(end=None, factors=()), closure="2015-07-01", reason="RC8")),
    ),
    Case(
        "8868",
        "episode closed with its enquiry neither conferenced nor marked not required",
        child(
            ep(
                ass() + s47(icpc=None, target=None, not_required="1"),
                closure="2015-07-01",
                reason="RC1",
            )
        ),
        child(ep(ass() + s47(icpc=None, target=None), closure="2015-07-01", reason="RC1")),
    ),
    # assessments
    Case(
        "1103",
        "assessment starts before the referral",
        CLEAN,
        child(ep(ass(start="2015-05-29") + s47() + cpp())),
    ),
    Case(
        "8608",
        "assessment ends before it starts",
        CLEAN,
        child(ep(ass("2015-06-20", "2015-06-02") + s47() + cpp())),
    ),
    Case(
        "8614",
        "factors on an assessment not completed",
        child(ep(ass(end=None, factors=()))),
        child(ep(ass(end=None))),
    ),
    Case(
        "8670Q",
        "assessment started over 45 working days before 31 March, not completed",
        child(ep(ass("2016-03-21", None, ()), "2016-03-18")),
        child(ep(ass("2015-12-01", None, ()), "2015-11-30")),
    ),
    Case(
        "8696",
        "assessment ended before the census year",
        CLEAN,
        child(ep(ass("2015-03-02", "2015-03-31"), "2015-03-02")),
    ),
    Case(
        "8736",
        "assessment not completed, started before the census year",
        child(ep(ass("2015-04-01", None, ()), "2015-04-01")),
        child(ep(ass("2015-03-31", None, ()), "2015-03-31")),
    ),
    Case(
        "8863Q",
        "an assessment starts while another is ongoing",
        child(ep(ass() + ass("2015-06-21", "2015-06-30") + s47() + cpp())),
        child(ep(ass() + ass("2015-06-10", "2015-06-30") + s47() + cpp())),
    ),
    Case(
        "8869",
        "factor 21 (no factors) with another factor",
        child(ep(ass(factors=("21",)))),
        child(ep(ass(factors=("21", "1A")))),
    ),
    Case(
        "8873Q",
        "the only assessment found no factors but the episode is not closed as RC8/RC9",
        child(ep(ass(factors=("21",)), closure="2015-07-01", reason="RC8")),
        child(ep(ass(factors=("21",)), closure="2015-07-01", reason="RC1")),
    ),
    Case(
        "8896",
        "two assessments open in one episode",
        child(ep(ass() + ass("2015-06-21", None, ()))),
        child(ep(ass("2015-06-02", None, ()) + ass("2015-06-21", None, ()))),
        issues=2,
    ),
    Case(
        "8897Q",
        "completed assessment with no factors",
        CLEAN,
        child(ep(ass(factors=()) + s47() + cpp())),
    ),
    Case(
        "8898",
        "the same factor twice",
        child(ep(ass(factors=("1A", "2A")) + s47() + cpp())),
        child(ep(ass(factors=("1A", "1A")) + s47() + cpp())),
    ),
]


# One 2015-16 return for the effect of failures on the repeat figure (tests/rules/test_impact.py
# works it by hand): seven plan starts, three repeats; C3's repeat on a no-further-action
# referral (8832), C4's plan a day after its conference (2885), C5's with no
# NumberOfPreviousCPP (8730), C6's first plan ending after its episode closed (8565).
C6 = child(
    ep(
        ass("2015-04-02", "2015-04-10")
        + s47("2015-04-02", "2015-04-15", target="2015-04-15")
        + cpp("2015-04-15", "2015-05-20", reviews=()),
        "2015-04-01",
        closure="2015-05-10",
        reason="RC1",
    ),
    ep(
        ass("2015-08-04", "2015-08-14")
        + s47("2015-08-05", "2015-08-20", target="2015-08-20")
        + cpp("2015-08-20", previous="1", reviews=()),
        "2015-08-03",
    ),
    cid="C6",
)
IMPACT_CHILDREN = (
    child(cid="C1")
    + child(ep(ass() + s47() + cpp(previous="1")), cid="C2")
    + child(ep(cpp(previous="1"), nfa="1", icpc="2015-06-24"), cid="C3")
    + child(ep(ass() + s47() + cpp(start="2015-06-25")), cid="C4")
    + child(ep(ass() + s47() + cpp(previous=None)), cid="C5")
    + C6
)
