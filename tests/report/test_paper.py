"""The committee paper: the officers' front matter, verbatim, around the analysis (2016 order)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from builders import make_data, plan
from cpmonitor.cli import app
from cpmonitor.report import ReportError, build_report
from cpmonitor.report.html import render_html
from cpmonitor.report.model import Bullets, Paragraph
from cpmonitor.report.paper import parse_front_matter, read_front_matter

EXAMPLE = Path(__file__).parents[2] / "docs" / "committee-paper.toml"
TODAY = date(2026, 11, 26)
REASON = "The percentage rose above the neighbours' average; Scrutiny must understand why."
PAPER = f"""
committee = "Children's Services Overview and Scrutiny Committee"
date = 2016-10-11
wards = "All"
summary = \"\"\"First paragraph of the summary,
wrapped in the file.

Second paragraph.\"\"\"
reason = "{REASON}"
recommendations = ["Scrutiny note the report.", "Scrutiny hold officers to account."]
audit = \"\"\"Themes:

- Neglect featured in every case.
- Records said too little about home life.\"\"\"
conclusion = "There will be continuing monitoring."

[[implications]]
heading = "Citizen impact"
text = "Better outcomes for children."

[[contacts]]
name = "A. Officer"
role = "Principal Independent Reviewing Officer"
phone = "01632 960000"
email = "a.officer@example.gov.uk"
"""


def year_of_plans() -> list[dict]:
    rows = [plan(f"F{i:02}", f"2015-{4 + i % 9:02}-10", prev=0, year=2016) for i in range(17)]
    rows += [plan("R1", "2015-09-01", prev=1, year=2016)]
    return rows


def paper(store, text: str = PAPER):
    return build_report(
        make_data(year_of_plans()),
        "335",
        store=store,
        today=TODAY,
        front_matter=parse_front_matter(text, "paper.toml"),
    )


def test_the_paper_follows_the_2016_order_with_the_analysis_numbered(empty_store):
    rep = paper(empty_store)
    keys = [s.key for s in rep.sections]
    opening = [
        "executive-summary",
        "reason-for-scrutiny",
        "recommendations",
        "implications-1",
        "contact-officers",
    ]
    assert keys[:5] == opening
    assert keys.index("summary") == 5
    assert keys.index("audit-findings") < keys.index("conclusion") < keys.index("quality")
    assert keys[-3:] == ["contact-officers-end", "quality", "method"]
    headings = [h for h, _ in rep.headings()]
    assert headings[:6] == [
        "Executive summary",
        "Reason for scrutiny",
        "Recommendations",
        "Citizen impact",
        "Contact officers",
        "1. Summary",
    ]


def test_the_officers_words_are_printed_verbatim(empty_store):
    rep = paper(empty_store)
    by_key = {s.key: s for s in rep.sections}
    summary = by_key["executive-summary"].blocks
    assert summary == [
        Paragraph("First paragraph of the summary, wrapped in the file."),
        Paragraph("Second paragraph."),
    ]
    assert by_key["reason-for-scrutiny"].blocks == [Paragraph(REASON)]
    assert by_key["recommendations"].blocks[1] == Bullets(
        ["Scrutiny note the report.", "Scrutiny hold officers to account."], numbered=True
    )
    assert by_key["audit-findings"].blocks[1] == Bullets(
        ["Neglect featured in every case.", "Records said too little about home life."]
    )
    assert by_key["contact-officers"].blocks == [
        Bullets(
            [
                "A. Officer, Principal Independent Reviewing Officer: 01632 960000, "
                "a.officer@example.gov.uk"
            ]
        )
    ]
    assert ("Committee", "Children's Services Overview and Scrutiny Committee") in rep.meta
    assert ("Date of meeting", "11 October 2016") in rep.meta


def test_the_html_numbers_only_the_analysis_and_lists_the_recommendations(empty_store):
    html = render_html(paper(empty_store))
    assert '<h2 class="govuk-heading-l" id="reason-for-scrutiny-h">Reason for scrutiny</h2>' in html
    assert 'id="summary-h">1. Summary</h2>' in html
    assert '<ol class="govuk-list govuk-list--number"><li>Scrutiny note the report.' in html
    assert "neighbours&#x27; average; Scrutiny must understand why." in html


def test_the_example_front_matter_in_the_docs_reads(empty_store):
    front = read_front_matter(EXAMPLE)
    assert front.committee.endswith("Scrutiny Committee")
    assert len(front.recommendations) == 2 and len(front.contacts) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('committee = "C"', "missing date (the committee and meeting date)"),
        ('committee = "C"\ndate = "11/10/2016"', "date must be a date, written 2016-10-11"),
        ('committee = "C"\ndate = 2016-10-11\nreasons = "x"', "unknown key reasons; the keys are"),
        ('committee = "C"\ndate = 2016-10-11\nreason = 3', "reason must be text (in quotes)"),
        (
            'committee = "C"\ndate = 2016-10-11\n[[contacts]]\nrole = "x"',
            "contacts number 1 has no name",
        ),
        ('committee = "C\ndate = 2016-10-11', "not valid TOML (Illegal character"),
    ],
)
def test_a_bad_front_matter_file_names_the_key_and_the_form_expected(text, message):
    with pytest.raises(ReportError) as error:
        parse_front_matter(text, "paper.toml")
    assert str(error.value).startswith("--front-matter paper.toml: ")
    assert message in str(error.value)


def test_the_command_writes_the_paper_and_rejects_a_bad_file(returns_dir, tmp_path):
    good = tmp_path / "paper.toml"
    good.write_text(PAPER, encoding="utf-8")
    out = tmp_path / "paper.docx"
    args = ["report", str(returns_dir), "--la", "335", "--no-compare-published", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--front-matter", str(good)])
    assert result.exit_code == 0, result.output
    text = [p.text for p in Document(str(out)).paragraphs]
    assert text.index("Reason for scrutiny") < text.index(REASON) < text.index("1. Summary")
    bad = tmp_path / "bad.toml"
    bad.write_text('committee = "C"', encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--front-matter", str(bad)])
    assert result.exit_code == 2
    assert "--front-matter bad.toml: missing date" in result.output
    assert "Traceback" not in result.output
