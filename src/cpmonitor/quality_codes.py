"""Every data-quality issue code in one table: its severity, its wording, and what it affects.

Codes are raised by the readers (:mod:`cpmonitor.census.reader`, :mod:`cpmonitor.census.header`,
:mod:`cpmonitor.census.load`, :mod:`cpmonitor.annexa.reader`), the checks across returns
(:mod:`cpmonitor.quality`), the DfE rules' run (:mod:`cpmonitor.rules.run`; the rules' own
``dfe-…`` codes are in :mod:`cpmonitor.rules.registry`) and the council picture
(:mod:`cpmonitor.picture`), each with the severity given here (``tests/test_quality_codes.py``
holds them to it). The report's data-quality section words a finding as the element's name
followed by the code's
:attr:`IssueCode.problem`, and says what it affects from :data:`AFFECTS`, a table by element
since one code (``bad-date``) can touch several figures. Severities are those of
:class:`cpmonitor.census.issues.Issue`: ``error`` (not loaded as given), ``warning`` (loaded,
but worth checking), ``notice`` (informational).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IssueCode:
    """One issue code; ``problem`` completes "<element> …" (``None``: the code in words)."""

    code: str
    severity: str  # "error", "warning" or "notice"
    problem: str | None = None


ISSUE_CODES: dict[str, IssueCode] = {
    c.code: c
    for c in [
        # the census reader, one child of one return at a time
        IssueCode("bad-date", "error", "is not a valid date (left blank)"),
        IssueCode("bad-code", "error", "holds a code not in that year's code list (left blank)"),
        IssueCode("bad-number", "error", "is not a whole number (left blank)"),
        IssueCode("bad-boolean", "error", "is not 0 or 1 (left blank)"),
        IssueCode("missing-item", "error", "is missing, though mandatory"),
        IssueCode("repeated-item", "warning", "is given more than once (the last is used)"),
        IssueCode(
            "missing-child-id", "error", "is missing: the child cannot be linked to other returns"
        ),
        IssueCode("unknown-element", "notice"),
        IssueCode("misplaced-element", "warning"),
        IssueCode("stray-text", "notice"),
        # the census reader, once per file
        IssueCode("not-in-spec-year", "notice"),
        IssueCode("no-children", "warning"),
        IssueCode("header-late", "warning"),
        IssueCode("year-outside-spec", "warning"),
        IssueCode("bad-header", "warning"),
        IssueCode("header-mismatch", "warning"),
        IssueCode(
            "la-not-a-council", "warning", "is not the number of an English council (read as given)"
        ),
        IssueCode("lines-approximate", "notice"),
        IssueCode("header-reference-date", "warning"),
        IssueCode("year-mismatch", "warning"),
        IssueCode("year-not-in-header", "notice"),
        IssueCode("la-mismatch", "warning"),
        IssueCode("la-not-in-header", "warning"),
        # loading a folder; the DfE rules' run
        IssueCode("not-xml-file", "notice"),
        IssueCode("file-rejected", "error"),
        # the Annex A reader
        IssueCode("annex-a-bad-value", "error"),
        IssueCode("annex-a-no-plan-start", "error"),
        IssueCode("annex-a-no-child-id", "error"),
        IssueCode("annex-a-missing-columns", "notice"),
        IssueCode("annex-a-list-repeated", "notice"),
        IssueCode("annex-a-list-absent", "notice"),
        # the checks across returns (cpmonitor.quality)
        IssueCode("plan-ends-before-start", "error", "is before the plan's start date"),
        IssueCode(
            "plan-starts-after-reference-date", "error", "is after the return's reference date"
        ),
        IssueCode(
            "plan-ends-after-reference-date", "error", "is after the return's reference date"
        ),
        IssueCode(
            "duplicate-plan", "warning", "reports the same plan twice in one return (counted once)"
        ),
        IssueCode(
            "overlapping-plans", "error", "starts while the child's previous plan was still open"
        ),
        IssueCode(
            "previous-plans-below-history",
            "warning",
            "is lower than the child's earlier plans on record: the DfE figure misses a repeat plan",
        ),
        IssueCode(
            "changed-between-returns", "warning", "changed between returns (the latest is used)"
        ),
        IssueCode(
            "open-plan-not-carried-forward",
            "warning",
            "was open at 31 March but is missing from the next return (treated as still open)",
        ),
        IssueCode(
            "blanked-in-later-return",
            "warning",
            "was recorded in one return and left blank in a later one (the recorded value is kept)",
        ),
        # the council picture: a finding about the figures, not an item (FIGURE_FINDINGS)
        IssueCode("differs-from-published", "warning"),
    ]
}

#: How the report words each code after the element's name.
PROBLEMS: dict[str, str] = {c.code: c.problem for c in ISSUE_CODES.values() if c.problem}

#: What a data item in the returns feeds, in words.
AFFECTS: dict[str, str] = {
    "NumberOfPreviousCPP": "whether a plan counts as a repeat plan (the headline figure)",
    "CPPstartDate": "which period a plan is counted in, and the gap before a repeat plan",
    "CPPendDate": "the gap before a repeat plan; plans ended and plans open",
    "ChildProtectionPlans": "the plans counted",
    "InitialCategoryOfAbuse": "the category of abuse table",
    "LatestCategoryOfAbuse": "the category of abuse of earlier plans",
    "PersonBirthDate": "age at the start of the plan",
    "ExpectedPersonBirthDate": "age at the start of the plan (unborn children)",
    "GenderCurrent": "the sex table",
    "Sex": "the sex table",
    "CPPreviewDate": "reviews within timescales",
    "S47ActualStartDate": "conferences within 15 working days",
    "DateOfInitialCPC": "conferences within 15 working days",
    "AssessmentFactors": "factors at assessment",
    "AssessmentActualStartDate": "factors at assessment",
    "CINreferralDate": "linking plans to their assessments",
    "LAchildID": "linking a child's plans across returns (repeat plans and gaps)",
    "LEA": "which council's figures the return's plans count in",
}

#: Findings about the figures rather than an item: (the finding, what it affects), in words.
FIGURE_FINDINGS: dict[str, tuple[str, str]] = {
    "differs-from-published": (
        "A year's figure computed from the returns differs from DfE's published figure",
        "the comparison with DfE's published figures",
    ),
}
