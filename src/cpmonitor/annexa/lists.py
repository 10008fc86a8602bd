"""The Annex A lists cpmonitor reads, and how their header rows are recognised.

Ofsted's ILACS Annex A (current numbering): List 4 assessments, List 5 section 47 enquiries
and initial conferences, List 7 child protection. Column names follow Ofsted's template as
spelled in Social Finance's liia-tools Annex A schema; councils' exports change their case,
spacing and punctuation, add words, and use older (SIF-era) list numbers, so a list is found
by its header row, never by its sheet name or number:

- a header is normalised (lower case, every run of punctuation or spaces one space) and
  split into words; a column matches when the header holds every word of one of its
  patterns (``("plan", "start")`` matches "Child Protection Plan Start Date" and
  "CP plan - start date");
- a row is a list's header row when it has the list's *signature* column (the one no other
  list has: the plan start date for List 7) and a child ID column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import values

Pattern = tuple[str, ...]


def normalise(header: object) -> str:
    """``"Child Protection Plan: Start-Date "`` -> ``"child protection plan start date"``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).split())


@dataclass(frozen=True)
class Column:
    """One column of a list: its name in cpmonitor's tables, how to recognise its header,
    how to read its cells, and its name in Ofsted's template (for messages)."""

    name: str
    patterns: tuple[Pattern, ...]
    parse: Callable[[object], values.Parsed]  # one of the parsers in :mod:`.values`
    template: str

    def matches(self, header: str) -> bool:
        words = set(header.split())
        compact = header.replace(" ", "")
        return any(
            all(w in words for w in p) or (len(p) > 1 and "".join(p) in compact)
            for p in self.patterns
        )


@dataclass(frozen=True)
class ListSpec:
    """One Annex A list: its key, its number in the current Annex A, and its columns.

    ``columns[0]`` is the child ID and ``columns[1]`` the signature column.
    """

    key: str
    number: int
    title: str
    columns: tuple[Column, ...]
    #: the list's whole header row in Ofsted's template, in its order (the columns
    #: cpmonitor does not read included): what synthetic and test workbooks write
    header: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"List {self.number} ({self.title})"


#: Each list's header row as Ofsted's template (and liia-tools' schema) spells it.
LIST7_HEADER = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
    "Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
)
LIST4_HEADER = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Continuous Assessment Start Date",
    "Continuous Assessment Date of Authorisation",
    "Allocated Team",
    "Allocated Worker",
)
LIST5_HEADER = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Allocated Team",
    "Allocated Worker",
)

_CHILD_ID = Column(
    "child_id",
    (("child", "id"), ("child", "unique"), ("lachildid",), ("childid",)),
    values.parse_text,
    "Child Unique ID",
)
_COMMON = (
    Column("sex", (("gender",), ("sex",)), values.parse_sex, "Gender"),
    Column("ethnicity", (("ethnicity",), ("ethnic",)), values.parse_ethnicity, "Ethnicity"),
    Column("birth_date", (("birth",), ("dob",)), values.parse_date, "Date of Birth"),
)
_TEAM = Column("team", (("team",),), values.parse_text, "Allocated Team")
_WORKER = Column("worker", (("worker",),), values.parse_text, "Allocated Worker")

CHILD_PROTECTION = ListSpec(
    "child_protection",
    7,
    "child protection",
    (
        _CHILD_ID,
        Column(
            "start_date",
            (("protection", "plan", "start"), ("cp", "plan", "start"), ("cpp", "start")),
            values.parse_date,
            "Child Protection Plan Start Date",
        ),
        *_COMMON,
        Column(
            "initial_category",
            (("initial", "category"), ("initial", "abuse")),
            values.parse_category,
            "Initial Category of Abuse",
        ),
        Column(
            "latest_category",
            (("latest", "category"), ("latest", "abuse"), ("current", "category")),
            values.parse_category,
            "Latest Category of Abuse",
        ),
        Column(
            "last_visit",
            (("statutory", "visit"), ("last", "visit")),
            values.parse_date,
            "Date of the Last Statutory Visit",
        ),
        Column("seen_alone", (("alone",),), values.parse_yes_no, "Was the Child Seen Alone?"),
        Column(
            "latest_review",
            (("review",),),
            values.parse_date,
            "Date of latest review conference",
        ),
        Column(
            "end_date",
            (("plan", "end"), ("cpp", "end"), ("end", "date")),
            values.parse_date,
            "Child Protection Plan End Date",
        ),
        Column(
            "previous_plans",
            (("previous", "plans"), ("previous", "child", "protection"), ("previous", "cpp")),
            values.parse_count,
            "Number of Previous Child Protection Plans",
        ),
        _TEAM,
        _WORKER,
    ),
    header=LIST7_HEADER,
)

ASSESSMENTS = ListSpec(
    "assessments",
    4,
    "assessments",
    (
        _CHILD_ID,
        Column(
            "start_date",
            (("assessment", "start"),),
            values.parse_date,
            "Continuous Assessment Start Date",
        ),
        *_COMMON,
        Column(
            "authorisation_date",
            (("authorisation",), ("authorization",), ("assessment", "completion")),
            values.parse_date,
            "Continuous Assessment Date of Authorisation",
        ),
        _TEAM,
        _WORKER,
    ),
    header=LIST4_HEADER,
)

SECTION47 = ListSpec(
    "section47",
    5,
    "section 47 enquiries and initial conferences",
    (
        _CHILD_ID,
        Column(
            "start_date",
            (("section", "47"), ("s47",)),
            values.parse_date,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
        ),
        *_COMMON,
        Column(
            "icpc_not_required",
            (("unnecessary",), ("not", "required")),
            values.parse_yes_no,
            "Was an Initial Child Protection Conference deemed unnecessary?",
        ),
        Column(
            "icpc_date",
            (("date", "initial", "conference"), ("date", "icpc")),
            values.parse_date,
            "Date of Initial Child Protection Conference",
        ),
        Column(
            "resulted_in_plan",
            (("result",),),
            values.parse_yes_no,
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        ),
        _TEAM,
        _WORKER,
    ),
    header=LIST5_HEADER,
)

#: Every list read, the required one (List 7) first.
LISTS = (CHILD_PROTECTION, ASSESSMENTS, SECTION47)


def match_header(row: tuple[object, ...]) -> tuple[ListSpec, dict[int, Column]] | None:
    """The list whose header row ``row`` is, and which cell holds which column; or None.

    Each column takes the first cell it matches, the signature column first (so "CP plan
    start date" is the start date, not the end date), then the others in order; a cell holds
    one column at most.
    """
    headers = [normalise(cell) for cell in row]
    for spec in LISTS:
        signature = spec.columns[1]
        taken: dict[int, Column] = {}
        for column in (signature, spec.columns[0], *spec.columns[2:]):
            for i, header in enumerate(headers):
                if header and i not in taken and column.matches(header):
                    taken[i] = column
                    break
        names = {c.name for c in taken.values()}
        if {"child_id", signature.name} <= names:
            return spec, taken
    return None
