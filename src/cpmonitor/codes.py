"""CIN census codes in words: the one mapping every page, table and report shows people.

The codes and their meanings are the DfE *Children in need census* guide's code lists (the
same lists, by year, as :data:`cpmonitor.census.spec.CODE_LIST_CHANGES` checks returns
against): category of abuse (N00113/N00114), referral source (N00152), primary need (N00101),
reason for closure (N00103), factors identified at assessment (N00181), ethnicity (N00177),
disability (N00099) and sex. A value not in its list is shown as typed, marked as such —
never dropped, so a bad code in a return stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

NOT_RECORDED = "Not recorded"

CATEGORY_OF_ABUSE = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple",
}
SEX = {"M": "Male", "F": "Female", "U": "Unknown"}
REFERRAL_SOURCE = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance (including neighbours and childminders)",
    "1C": "Individual: self",
    "1D": "Individual: other (including strangers)",
    "2A": "School",
    "2B": "Education services",
    "3A": "Health services: GP",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: A&E (emergency department)",
    "3F": "Health services: other",
    "4": "Housing (council housing or housing association)",
    "5A": "Council services: social care (for example adult social care)",
    "5B": "Council services: other internal",
    "5C": "Council services: external (for example another council's children's social care)",
    "5D": "Council services: early help",
    "6": "Police",
    "7": "Other legal agency (including courts, probation and immigration)",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
PRIMARY_NEED = {
    "N0": "Not stated",
    "N1": "Abuse or neglect",
    "N2": "Child's disability or illness",
    "N3": "Parent's disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
REASON_FOR_CLOSURE = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to services of another local authority",
    "RC6": "Transferred to adult social care services",
    "RC7": "Services ceased for any other reason, including child no longer in need",
    "RC8": "Case closed after assessment, no further action",
    "RC9": "Case closed after assessment, referred to early help",
}
_WHO = {"A": "the child", "B": "a parent or carer", "C": "another person in the household"}
ASSESSMENT_FACTOR = {
    **{f"1{k}": f"Alcohol misuse: {v}" for k, v in _WHO.items()},
    **{f"2{k}": f"Drug misuse: {v}" for k, v in _WHO.items()},
    **{f"3{k}": f"Domestic abuse: {v}" for k, v in _WHO.items()},
    **{f"4{k}": f"Mental health: {v}" for k, v in _WHO.items()},
    **{f"5{k}": f"Learning disability: {v}" for k, v in _WHO.items()},
    **{f"6{k}": f"Physical disability or illness: {v}" for k, v in _WHO.items()},
    "7A": "Young carer",
    "8B": "Privately fostered: overseas child who intends to return",
    "8C": "Privately fostered: overseas child who intends to stay",
    "8D": "Privately fostered: UK child in education",
    "8E": "Privately fostered: UK child making alternative family arrangements",
    "8F": "Privately fostered: other",
    "9A": "Unaccompanied asylum-seeking child",
    "10A": "Going or being missing",
    "11A": "Child sexual exploitation",
    "12A": "Trafficking",
    "13A": "Gangs",
    "14A": "Socially unacceptable behaviour",
    "15A": "Self-harm",
    "16A": "Neglect",
    "17A": "Emotional abuse",
    "18A": "Physical abuse",
    "18B": "Physical abuse: child on child",
    "18C": "Physical abuse: adult on child",
    "19A": "Sexual abuse",
    "19B": "Sexual abuse: child on child",
    "19C": "Sexual abuse: adult on child",
    "20": "Other",
    "21": "No factors identified",
    "22A": "Female genital mutilation",
    "23A": "Abuse linked to faith or belief",
    "24A": "Child criminal exploitation",
}
ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy or Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
DISABILITY = {
    "NONE": "No disability",
    "MOB": "Mobility",
    "HAND": "Hand function",
    "PC": "Personal care",
    "INC": "Incontinence",
    "COMM": "Communication",
    "LD": "Learning",
    "HEAR": "Hearing",
    "VIS": "Vision",
    "BEH": "Behaviour",
    "CON": "Consciousness",
    "AUT": "Autism or Asperger syndrome",
    "DDA": "Other disability",
}

#: code list name -> its meanings
LISTS: dict[str, dict[str, str]] = {
    "category": CATEGORY_OF_ABUSE,
    "sex": SEX,
    "referral_source": REFERRAL_SOURCE,
    "primary_need": PRIMARY_NEED,
    "reason_for_closure": REASON_FOR_CLOSURE,
    "factor": ASSESSMENT_FACTOR,
    "ethnicity": ETHNICITY,
    "disability": DISABILITY,
}

#: column names in the core's tables -> the code list of their values
COLUMNS: dict[str, str] = {
    "initial_category": "category",
    "latest_category": "category",
    "previous_initial_category": "category",
    "sex": "sex",
    "referral_source": "referral_source",
    "primary_need": "primary_need",
    "reason_for_closure": "reason_for_closure",
    "ethnicity": "ethnicity",
}


def in_words(code: object, kind: str) -> str:
    """The meaning of ``code`` in the code list ``kind`` (see :data:`LISTS`).

    ``None`` or blank: "Not recorded". A code the list does not have: the code itself, said to
    be unknown, so a wrong value in a return is seen rather than hidden.
    """
    if code is None or str(code).strip() == "":
        return NOT_RECORDED
    text = str(code).strip()
    meanings = LISTS[kind]
    return meanings.get(text) or meanings.get(text.upper()) or f"{text} (not a CIN census code)"


def factors_in_words(codes) -> str:
    """Assessment factors as a sentence-case list: ``Domestic abuse: a parent or carer; …``."""
    shown = [in_words(c, "factor") for c in codes or []]
    return "; ".join(shown) if shown else "None recorded"


def with_words(
    fields: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, object]]
) -> tuple[list[str], Iterator[list[object]]]:
    """A download's headers and rows, with every coded column (:data:`COLUMNS`) in words and
    its code in the column after it: ``Category of abuse`` = ``Emotional abuse``, ``Category
    of abuse code`` = ``EMO``. People read the words; analysts reconcile the codes with the
    census. ``fields``: (column, header) pairs; ``rows``: mappings from column to value. A
    missing code is "Not recorded" in words and blank as a code, never the code alone.
    """
    headers: list[str] = []
    for column, header in fields:
        headers += [header, f"{header} code"] if column in COLUMNS else [header]

    def worded(row: Mapping[str, object]) -> list[object]:
        out: list[object] = []
        for column, _header in fields:
            value = row.get(column)
            if column in COLUMNS:
                out += [in_words(value, COLUMNS[column]), value]
            else:
                out.append(value)
        return out

    return headers, (worded(row) for row in rows)
