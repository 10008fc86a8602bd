"""Hand-worked tests of the case-audit summary (cpmonitor.measures.audits)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cpmonitor.measures.audits import (
    EVIDENCED,
    FEATURED,
    NO,
    NOT_APPLICABLE,
    NOT_RECORDED,
    PARTLY,
    THEMES,
    YES,
    AuditDataError,
    AuditedCase,
    AuditRecord,
    Theme,
    read_audit,
    record_from_json,
    record_to_json,
    summarise,
    write_audit,
)
from cpmonitor.periods import Period

JUNE_2016 = Period(date(2016, 4, 1), date(2016, 6, 30))


def case(label, children, yes=(), evidence=None, judgement="good", learning="", complete=True):
    answers = {t.key: (YES if t.key in yes else NO) for t in THEMES if t.kind == FEATURED}
    answers.update(evidence or {})
    return AuditedCase(label, children, answers, judgement, learning, complete)


def walsall_like() -> AuditRecord:
    """8 complete cases, 26 children (3+4+2+5+3+4+2+3), as in the 2016 report; one in progress.

    Neglect and domestic abuse in every case. Parental mental health in A, C, D (10 children).
    Improvement then deterioration in A, B, D, F, H (19 children). Direct work: yes A, B;
    partly C, D, E; no F, G; H not answered. Judgements: good A, B; requires improvement C to
    G; inadequate H.
    """
    both = ("neglect", "domestic_abuse")
    cycles = "improvement_then_deterioration"
    work = {"A": YES, "B": YES, "C": PARTLY, "D": PARTLY, "E": PARTLY, "F": NO, "G": NO}
    sizes = {"A": 3, "B": 4, "C": 2, "D": 5, "E": 3, "F": 4, "G": 2, "H": 3}
    grades = {"A": "good", "B": "good", "H": "inadequate"}
    cases = []
    for label, n in sizes.items():
        yes = (*both, *(["parental_mental_health"] if label in "ACD" else []))
        yes += (cycles,) if label in "ABDFH" else ()
        evidence = {"direct_work": work[label]} if label in work else {}
        cases.append(
            case(
                f"Family {label}",
                n,
                yes,
                evidence,
                grades.get(label, "requires_improvement"),
                learning=f"Learning {label}" if label in "AD" else "  ",
            )
        )
    cases.append(case("Family I", 2, ("neglect",), judgement=None, learning="x", complete=False))
    return AuditRecord(
        "Repeat plans audit",
        "335",
        "Repeat plans starting 2016-04-01..2016-06-30",
        date(2016, 6, 30),
        JUNE_2016,
        tuple(cases),
        key_learning="  Direct work is not always recorded.\n",
    )


def theme(summary, key):
    return next(t for t in summary.themes if t.theme.key == key)


def test_the_2016_audit_in_figures():
    s = summarise(walsall_like())
    assert (s.cases_planned, s.children_planned) == (9, 28)
    assert (s.cases, s.children, s.cases_in_progress) == (8, 26, 1)
    assert [t.key for t in s.in_every_case] == ["neglect", "domestic_abuse"]

    neglect = theme(s, "neglect")
    assert (neglect.cases[YES], neglect.children[YES]) == (8, 26)  # case I is not counted
    assert (neglect.case_share(), neglect.child_share()) == (100.0, 100.0)

    mental = theme(s, "parental_mental_health")
    assert (mental.cases[YES], mental.children[YES], mental.cases[NO]) == (3, 10, 5)
    assert mental.case_share() == 37.5  # 3 / 8
    assert mental.child_share() == 38.5  # 10 / 26 = 38.46
    assert not mental.in_every_case

    cycles = theme(s, "improvement_then_deterioration")
    assert (cycles.cases[YES], cycles.children[YES]) == (5, 19)
    assert (cycles.case_share(), cycles.child_share()) == (62.5, 73.1)  # 19 / 26 = 73.08

    work = theme(s, "direct_work")
    assert work.cases == {YES: 2, PARTLY: 3, NO: 2, NOT_APPLICABLE: 0, NOT_RECORDED: 1}
    assert work.children == {YES: 7, PARTLY: 10, NO: 6, NOT_APPLICABLE: 0, NOT_RECORDED: 3}
    assert work.case_share(PARTLY) == 37.5
    lived = theme(s, "lived_experience")
    assert lived.cases[NOT_RECORDED] == 8

    grades = {j.key: (j.cases, j.share) for j in s.judgements}
    assert grades == {
        "outstanding": (0, 0.0),
        "good": (2, 25.0),
        "requires_improvement": (5, 62.5),
        "inadequate": (1, 12.5),
    }
    assert s.learning == (("Family A", "Learning A"), ("Family D", "Learning D"))
    assert s.key_learning == "Direct work is not always recorded."


def test_shares_round_half_up_and_ungraded_cases_are_shown():
    themes = (Theme("neglect", "Neglect", FEATURED),)
    cases = (
        AuditedCase("One child", 1, {"neglect": YES}, None, complete=True),
        AuditedCase("Fifteen", 15, {"neglect": NO}, "good", complete=True),
    )
    record = AuditRecord("t", "335", "", date(2016, 6, 1), JUNE_2016, cases, themes=themes)
    s = summarise(record)
    assert theme(s, "neglect").child_share() == 6.3  # 1 / 16 = 6.25, half up
    assert theme(s, "neglect").case_share() == 50.0
    assert [(j.key, j.cases) for j in s.judgements][-1] == ("not_graded", 1)


def test_an_audit_with_no_complete_case_has_no_shares():
    record = AuditRecord(
        "t", "335", "", date(2016, 6, 1), JUNE_2016, (case("A", 2, complete=False),)
    )
    s = summarise(record)
    assert (s.cases, s.children, s.cases_planned, s.cases_in_progress) == (0, 0, 1, 1)
    assert theme(s, "neglect").case_share() is None
    assert s.in_every_case == ()
    assert all(j.share is None for j in s.judgements)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (AuditedCase("A", 2, {"hunger": YES}), "'hunger' is not one of the themes"),
        (AuditedCase("A", 2, {"neglect": PARTLY}), "'partly' is not an answer to 'Neglect'"),
        (AuditedCase("A", 2, {"direct_work": "maybe"}), "(yes, partly, no, not_applicable)"),
        (AuditedCase("A", 2, judgement="fine"), "judgement 'fine' is not one of outstanding"),
        (AuditedCase("A", 0), "at least one child"),
    ],
)
def test_answers_outside_the_lists_are_refused(bad, message):
    record = AuditRecord("t", "335", "", date(2016, 6, 1), JUNE_2016, (bad,))
    with pytest.raises(AuditDataError, match="case 'A'") as err:
        summarise(record)
    assert message in str(err.value)


def test_the_theme_list_is_one_list_with_unique_keys_and_both_kinds():
    keys = [t.key for t in THEMES]
    assert len(keys) == len(set(keys))
    assert {t.kind for t in THEMES} == {FEATURED, EVIDENCED}
    labels = " ".join(t.label for t in THEMES)
    for words in ("Neglect", "Domestic abuse", "improvement", "Direct work", "lived experience"):
        assert words in labels


def test_the_file_round_trips_and_holds_no_child_id(tmp_path):
    record = walsall_like()
    path = write_audit(record, tmp_path / "audit.json")
    again = read_audit(path)
    assert again == record
    assert summarise(again) == summarise(record)
    assert "child_id" not in path.read_text() and "LAchildID" not in path.read_text()


def _json(**changes) -> dict:
    data = record_to_json(walsall_like())
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a case audit exported by cpmonitor"),
        (_json(version=7), "version 7"),
        (_json(period={"start": "2016-04-01"}), "period end None is not a date"),
        (_json(period={"start": "2016-06-01", "end": "2016-04-01"}), "ends (2016-04-01) before"),
        (_json(audit_date="30/06/2016"), "audit_date '30/06/2016' is not a date"),
        (_json(title=" "), "'title' must be non-empty text"),
        (_json(cases=[{"label": "A", "children": "3"}]), "case 1: 'children' must be a whole"),
        (_json(cases=[{"label": "A", "children": 2, "complete": "yes"}]), "'complete' must be"),
        (
            _json(cases=[{"label": "A", "children": 2, "answers": {"neglect": "partly"}}]),
            "case 'A': 'partly' is not an answer to 'Neglect'",
        ),
        (_json(themes="neglect"), "'themes' must be a list"),
    ],
)
def test_bad_files_name_the_file_and_the_item(data, message):
    with pytest.raises(AuditDataError) as err:
        record_from_json(data, "audit.json")
    assert str(err.value).startswith("audit.json: ")
    assert message in str(err.value)


def test_unreadable_files_say_so(tmp_path):
    path = tmp_path / "audit.json"
    path.write_text("{not json")
    with pytest.raises(AuditDataError, match="audit.json: not a JSON file"):
        read_audit(path)
    with pytest.raises(AuditDataError, match="missing.json: cannot be read"):
        read_audit(tmp_path / "missing.json")


def test_a_file_keeps_its_own_theme_list():
    data = _json()
    data["themes"] = [{"key": "hunger", "label": "Hunger", "kind": "featured"}]
    data["cases"] = [{"label": "A", "children": 2, "answers": {"hunger": "yes"}, "complete": True}]
    s = summarise(record_from_json(data))
    assert [(t.theme.label, t.cases[YES]) for t in s.themes] == [("Hunger", 1)]
    assert json.loads(json.dumps(record_to_json(record_from_json(data))))["themes"][0]["key"] == (
        "hunger"
    )
