"""The report's Case audit section: only when given, suppression when published, every format,
and ``cpmonitor report --audit FILE.json``."""

from __future__ import annotations

import json
from datetime import date
from zipfile import ZipFile

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from builders import make_data, plan
from cpmonitor.cli import app
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.measures.audits import (
    FEATURED,
    NO,
    PARTLY,
    THEMES,
    YES,
    AuditedCase,
    AuditRecord,
    write_audit,
)
from cpmonitor.periods import Period
from cpmonitor.report import build_report, write_report
from cpmonitor.report.model import Bullets, Notice, Paragraph

TODAY = date(2026, 11, 26)
SIZES = {"A": 3, "B": 4, "C": 2, "D": 5, "E": 3, "F": 4, "G": 2, "H": 3}  # 8 cases, 26 children


def audit(cases=None) -> AuditRecord:
    """The 2016 report's audit: neglect and domestic abuse in all 8 cases (26 children);
    parental mental health in 3 cases (A, C, D: 10 children); direct work yes in 6 cases,
    partly in 2; judgements: good 6, requires improvement 2. One case still in progress."""
    if cases is None:
        cases = []
        for label, n in SIZES.items():
            answers = {t.key: NO for t in THEMES if t.kind == FEATURED}
            answers |= {"neglect": YES, "domestic_abuse": YES}
            if label in "ACD":
                answers["parental_mental_health"] = YES
            answers["direct_work"] = PARTLY if label in "GH" else YES
            grade = "requires_improvement" if label in "GH" else "good"
            cases.append(
                AuditedCase(f"Family {label}", n, answers, grade, f"Case {label} note", True)
            )
        cases.append(AuditedCase("Family I", 2, {"neglect": YES}, None, "", False))
    return AuditRecord(
        "June 2016 audit of repeat plans",
        "335",
        "Repeat plans starting 2016-04-01..2016-06-30",
        date(2016, 6, 30),
        Period(date(2016, 4, 1), date(2016, 6, 30)),
        tuple(cases),
        key_learning=(
            "Records do not always show the children's home lives.\n\n"
            "- More direct work with children\n- Longer step-down support"
        ),
    )


def year_of_plans() -> list[dict]:
    rows = [plan(f"F{i:02}", f"2015-{4 + i % 9:02}-10", prev=0, year=2016) for i in range(17)]
    rows += [plan("R1", "2014-05-01", "2015-01-20", year=2015), plan("R1", "2015-09-01", prev=1)]
    return rows


def build(store, **kw):
    return build_report(make_data(year_of_plans()), "335", store=store, today=TODAY, **kw)


def section(rep):
    return next(s for s in rep.sections if s.key == "case_audit")


def rows(rep, key) -> dict:
    return {r[0]: r[1:] for r in rep.table(key).rows}


def test_no_audit_no_section(empty_store):
    rep = build(empty_store)
    assert "case_audit" not in [s.key for s in rep.sections]


def test_published_the_2016_sentences_and_small_numbers_hidden(empty_store):
    rep = build(empty_store, audit=audit())
    keys = [s.key for s in rep.sections]
    assert keys.index("case_audit") == keys.index("who") + 1
    s = section(rep)
    text = " ".join(b.text for b in s.blocks if isinstance(b, Paragraph | Notice))
    assert "It looked at 8 cases involving 26 children." in text
    assert "Neglect and domestic abuse featured in the lives of all of the children" in text
    assert "Some more cases (a number not shown, c) were still being audited" in text
    themes = rows(rep, "case_audit_themes")
    assert themes["Neglect"] == [8, 100.0, 26, 100.0]
    # 3 of 8 cases (hidden, and 5 without); 10 of 26 children and 16 without are not small
    assert themes["Parental mental health"] == [C, C, 10, 38.5]
    assert themes["The previous plan ended too early"] == [0, 0.0, 0, 0.0]
    records = rows(rep, "case_audit_records")
    # partly 2 is hidden, so yes 6 is too (else 8 - 6 would give it back)
    assert records["Direct work with the child evidenced"] == [C, C, 0, 0, 0]
    assert records["The child's lived experience recorded"] == [0, 0, 0, 0, 8]
    judgements = rows(rep, "case_audit_judgements")
    assert judgements["Good"] == [C, C]  # 6, hidden beside requires improvement's 2
    assert judgements["Requires improvement"] == [C, C]
    assert judgements["Outstanding"] == [0, 0.0]
    assert judgements["All complete cases"] == [8, 100.0]
    # the key learning is published; each case's own learning is not
    assert any(
        isinstance(b, Bullets) and "More direct work with children" in b.items for b in s.blocks
    )
    assert "Case A note" not in str(s.blocks)
    with pytest.raises(KeyError):
        rep.table("case_audit_learning")


def test_restricted_shows_every_number_and_each_case_learning(empty_store):
    rep = build(empty_store, audit=audit(), publish=False)
    themes = rows(rep, "case_audit_themes")
    assert themes["Parental mental health"] == [3, 37.5, 10, 38.5]
    assert rows(rep, "case_audit_judgements")["Requires improvement"] == [2, 25.0]
    assert rows(rep, "case_audit_learning")["Family A"] == ["Case A note"]
    text = " ".join(b.text for b in section(rep).blocks if isinstance(b, Paragraph | Notice))
    assert "1 more case was still being audited and not counted here" in text


def test_a_small_audit_hides_its_totals_and_says_nothing_in_all(empty_store):
    small = audit(
        [AuditedCase("Family A", 3, {"neglect": YES}, "good", "", True)]
        + [AuditedCase("Family B", 2, {"neglect": YES}, "good", "", True)]
    )
    s = section(build(empty_store, audit=small))
    text = " ".join(b.text for b in s.blocks if isinstance(b, Paragraph))
    assert "It looked at some cases (a number not shown, c) involving some children" in text
    assert "all of the children" not in text


def test_an_audit_with_nothing_complete_says_so(empty_store):
    open_only = audit([AuditedCase("Family A", 3, {}, None, "", False)])
    s = section(build(empty_store, audit=open_only))
    assert any(
        isinstance(b, Notice) and "No case in this audit is complete yet" in b.text
        for b in s.blocks
    )


def test_every_format_carries_the_section(empty_store, tmp_path):
    rep = build(empty_store, audit=audit())
    html = write_report(rep, tmp_path / "r.html").read_text()
    assert "Case audit" in html and "What featured in the cases audited" in html
    docx = write_report(rep, tmp_path / "r.docx")
    with ZipFile(docx) as z:
        assert "What featured in the cases audited" in z.read("word/document.xml").decode()
    book = load_workbook(write_report(rep, tmp_path / "r.xlsx"))
    found = [
        row
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        if row and row[0] == "Neglect" and 26 in row
    ]
    assert found, "the themes table is in the workbook"


def test_cli_report_with_audit_file(returns_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path / "data"))
    path = write_audit(audit(), tmp_path / "audit.json")
    out = tmp_path / "report.html"
    args = ["report", str(returns_dir), "--la", "335", "--out", str(out), "--audit", str(path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "26 children" in out.read_text()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}))
    result = CliRunner().invoke(app, [*args[:-1], str(bad)])
    assert result.exit_code == 2
    assert "bad.json: not a case audit exported by cpmonitor" in result.output
    assert "Traceback" not in result.output


@pytest.mark.browser
@pytest.mark.parametrize("publish", [True, False], ids=["published", "restricted"])
def test_the_section_in_html_is_accessible(empty_store, tmp_path, publish, browser):
    """axe-core in headless Chromium finds no violation in the report with the section."""
    from axe_playwright_python.sync_playwright import Axe

    html = write_report(build(empty_store, audit=audit(), publish=publish), tmp_path / "r.html")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(html.as_uri())
    assert page.locator("h2", has_text="Case audit").count() == 1
    violations = Axe().run(page).response["violations"]
    page.close()
    assert [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations] == []
