"""CIN census codes in words: one mapping, every code list, nothing silently blanked."""

from __future__ import annotations

import pytest

from cpmonitor import codes
from cpmonitor.census.spec import CODE_LIST_CHANGES
from cpmonitor.measures.authorisation import REASONS_FOR_CLOSURE
from cpmonitor.measures.breakdowns import CATEGORIES, SEXES


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        ("EMO", "category", "Emotional abuse"),
        ("NEG", "category", "Neglect"),
        ("3D", "referral_source", "Health services: other primary health services"),
        ("N1", "primary_need", "Abuse or neglect"),
        (
            "RC7",
            "reason_for_closure",
            "Services ceased for any other reason, including child no longer in need",
        ),
        ("WBRI", "ethnicity", "White British"),
        ("M", "sex", "Male"),
        ("F", "sex", "Female"),
        ("3B", "factor", "Domestic abuse: a parent or carer"),
    ],
)
def test_the_codes_people_were_shown_are_words(code, kind, words):
    assert codes.in_words(code, kind) == words


def test_no_code_is_not_recorded_and_an_unknown_code_stays_visible():
    assert codes.in_words(None, "ethnicity") == "Not recorded"
    assert codes.in_words("  ", "ethnicity") == "Not recorded"
    assert codes.in_words("XXXX", "ethnicity") == "XXXX (not a CIN census code)"


@pytest.mark.parametrize(
    ("spec_list", "kind"),
    [
        ("CategoryOfAbuse", "category"),
        ("ReferralSource", "referral_source"),
        ("PrimaryNeedCode", "primary_need"),
        ("ReasonForClosure", "reason_for_closure"),
        ("AssessmentFactors", "factor"),
        ("Ethnicity", "ethnicity"),
        ("Disability", "disability"),
        ("Sex", "sex"),
    ],
)
def test_every_code_the_census_specification_allows_has_words(spec_list, kind):
    allowed = {c for _, row in CODE_LIST_CHANGES[spec_list] for c in row.split()}
    allowed = {c for c in allowed if not c.startswith("-")}
    assert sorted(allowed - set(codes.LISTS[kind])) == []


def test_the_measures_use_the_one_mapping():
    assert CATEGORIES is codes.CATEGORY_OF_ABUSE and SEXES is codes.SEX
    assert REASONS_FOR_CLOSURE is codes.REASON_FOR_CLOSURE


def test_assessment_factors_as_a_list_in_words():
    assert codes.factors_in_words(["3B", "16A"]) == "Domestic abuse: a parent or carer; Neglect"
    assert codes.factors_in_words([]) == "None recorded"
