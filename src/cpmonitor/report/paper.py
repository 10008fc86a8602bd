"""The committee paper: the officers' own words around the analysis, in the 2016 paper's order.

A council committee paper (the 2016 Walsall scrutiny report in ``../shared/context/``) opens
with the meeting, the reason for scrutiny and the recommendations, then the background (the
figures), the audit findings and the officers' conclusion, and names its contact officers.
cpmonitor writes the figures and their sentences from the data; officers write the rest in a
small TOML file (``--front-matter paper.toml``), and every word of it is printed verbatim.

The file (every key but ``committee`` and ``date`` may be left out)::

    committee = "Education and Children's Services Overview and Scrutiny Committee"
    date = 2016-10-11                   # the meeting (a TOML date, YYYY-MM-DD)
    title = "Children who become subject to a plan for a second or subsequent time"
    wards = "All"
    portfolio = "Councillor Rose Burley"
    summary = \"\"\"Executive summary. A blank line starts a new paragraph.\"\"\"
    reason = \"\"\"Reason for scrutiny.\"\"\"
    recommendations = ["Scrutiny note the content of the report.", "..."]
    background_papers = "None."
    audit = \"\"\"Audit findings; lines starting "- " are a bulleted list.\"\"\"
    conclusion = \"\"\"The officers' conclusion.\"\"\"

    [[implications]]                    # as many as the council's template asks for
    heading = "Resource and legal considerations"
    text = \"\"\"...\"\"\"

    [[contacts]]
    name = "Mike Morris"
    role = "Principal Independent Reviewing Officer"
    phone = "01922 646640"
    email = "michael.morris@example.gov.uk"

Order of the paper: the meeting (in the report's opening summary list), executive summary,
reason for scrutiny, recommendations, background papers, the implications, contact officers
(all unnumbered, as in the seed); then the numbered analysis; the officers' audit findings
after the analysis (after the case audit section when there is one), the conclusion, and the
contact officers again; data quality and method close the paper as its appendices.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import words as w
from .formats import ReportError
from .model import Block, Bullets, Paragraph, Report, Section

APPENDICES = ("quality", "method")  # the report's closing sections: the paper ends before them
_TEXT = "text (in quotes)"
KEYS = {
    "committee": _TEXT,
    "date": "a date, written 2016-10-11 (no quotes)",
    "title": _TEXT,
    "wards": _TEXT,
    "portfolio": _TEXT,
    "summary": _TEXT,
    "reason": _TEXT,
    "recommendations": 'a list of texts, e.g. ["First.", "Second."]',
    "background_papers": _TEXT,
    "audit": _TEXT,
    "conclusion": _TEXT,
    "implications": "[[implications]] tables, each with heading and text",
    "contacts": "[[contacts]] tables, each with name, role, phone and email",
}
REQUIRED = ("committee", "date")
CONTACT_KEYS = ("name", "role", "phone", "email")
IMPLICATION_KEYS = ("heading", "text")


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""

    def line(self) -> str:
        """One line of the contact list: the officer's own words, joined."""
        details = ", ".join(p for p in (self.phone, self.email) if p)
        head = ", ".join(p for p in (self.name, self.role) if p)
        return f"{head}: {details}" if details else head


@dataclass(frozen=True)
class FrontMatter:
    """What officers write in the paper (see the module docstring for the file)."""

    committee: str
    date: date
    title: str = ""
    wards: str = ""
    portfolio: str = ""
    summary: str = ""
    reason: str = ""
    recommendations: tuple[str, ...] = ()
    background_papers: str = ""
    audit: str = ""
    conclusion: str = ""
    implications: tuple[tuple[str, str], ...] = ()
    contacts: tuple[Contact, ...] = field(default_factory=tuple)


def _fail(name: str, message: str) -> ReportError:
    return ReportError(f"--front-matter {name}: {message}")


def _text(name: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(name, f"{key} must be {_TEXT}, not {value!r}")
    return value


def _tables(name: str, key: str, value: object, keys: tuple[str, ...], required: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(name, f"{key} must be {KEYS[key]}")
    rows = []
    for i, entry in enumerate(value, 1):
        unknown = sorted(set(entry) - set(keys))
        if unknown:
            raise _fail(
                name, f"{key} number {i} has {', '.join(unknown)}; expected {', '.join(keys)}"
            )
        if not entry.get(required):
            raise _fail(name, f"{key} number {i} has no {required}")
        rows.append({k: _text(name, f"{key} number {i}: {k}", entry.get(k, "")) for k in keys})
    return rows


def parse_front_matter(text: str, name: str = "front matter") -> FrontMatter:
    """The front matter in TOML ``text``; ``ReportError`` naming the key and the form expected."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, f"not valid TOML ({exc})") from None
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise _fail(
            name,
            f"unknown key {', '.join(unknown)}; the keys are {', '.join(KEYS)}",
        )
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise _fail(name, f"missing {' and '.join(missing)} (the committee and meeting date)")
    when = raw["date"]
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            when = None
    if not isinstance(when, date) or hasattr(when, "hour"):
        raise _fail(name, f"date must be {KEYS['date']}, not {raw['date']!r}")
    recommendations = raw.get("recommendations", [])
    if isinstance(recommendations, str):
        recommendations = [recommendations]
    if not isinstance(recommendations, list):
        raise _fail(name, f"recommendations must be {KEYS['recommendations']}")
    texts = {
        k: _text(name, k, raw.get(k, "")) for k in KEYS if KEYS[k] == _TEXT and k != "committee"
    }
    implications = _tables(
        name, "implications", raw.get("implications", []), IMPLICATION_KEYS, "heading"
    )
    contacts = _tables(name, "contacts", raw.get("contacts", []), CONTACT_KEYS, "name")
    return FrontMatter(
        committee=_text(name, "committee", raw["committee"]),
        date=when,
        recommendations=tuple(
            _text(name, f"recommendation {i}", r) for i, r in enumerate(recommendations, 1)
        ),
        implications=tuple((i["heading"], i["text"]) for i in implications),
        contacts=tuple(Contact(**c) for c in contacts),
        **texts,
    )


def read_front_matter(path: Path | str) -> FrontMatter:
    """The front matter in the TOML file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(path.name, "no such file") from None
    except UnicodeDecodeError:
        raise _fail(path.name, "not a text file (save it as UTF-8)") from None
    except OSError as exc:
        raise _fail(path.name, f"cannot be read ({exc.strerror or exc})") from None
    return parse_front_matter(text, path.name)


def blocks(text: str) -> list[Block]:
    """Officers' text as blocks, word for word: a blank line starts a new paragraph, and a
    paragraph whose every line starts with "- " is a bulleted list. Lines inside a paragraph
    are joined with a space (a text file wraps where a printed paragraph does not)."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            out.append(Bullets([line[2:].strip() for line in lines]))
        else:
            out.append(Paragraph(" ".join(lines)))
    return out


def _contacts(front: FrontMatter, key: str) -> Section | None:
    if not front.contacts:
        return None
    return Section(key, "Contact officers", [Bullets([c.line() for c in front.contacts])], False)


def compose(report: Report, front: FrontMatter) -> Report:
    """``report`` as the whole committee paper: the officers' words around its sections."""
    opening: list[Section] = []

    def add(into: list[Section], key: str, title: str, text: str, numbered: bool) -> None:
        if text.strip():
            into.append(Section(key, title, blocks(text), numbered))

    add(opening, "executive-summary", "Executive summary", front.summary, False)
    add(opening, "reason-for-scrutiny", "Reason for scrutiny", front.reason, False)
    if front.recommendations:
        opening.append(
            Section(
                "recommendations",
                "Recommendations",
                [Paragraph("That:"), Bullets(list(front.recommendations), numbered=True)],
                False,
            )
        )
    add(opening, "background-papers", "Background papers", front.background_papers, False)
    for i, (heading, text) in enumerate(front.implications, 1):
        add(opening, f"implications-{i}", heading, text or "", False)
    if contacts := _contacts(front, "contact-officers"):
        opening.append(contacts)

    analysis = [s for s in report.sections if s.key not in APPENDICES]
    appendices = [s for s in report.sections if s.key in APPENDICES]
    closing: list[Section] = []
    add(closing, "audit-findings", "Audit findings", front.audit, True)
    add(closing, "conclusion", "Conclusion", front.conclusion, True)
    if closing and (contacts := _contacts(front, "contact-officers-end")):
        closing.append(contacts)

    meeting = [("Committee", front.committee), ("Date of meeting", w.day(front.date))]
    if front.wards:
        meeting.append(("Wards", front.wards))
    if front.portfolio:
        meeting.append(("Portfolio", front.portfolio))
    return replace(
        report,
        title=front.title or report.title,
        sections=opening + analysis + closing + appendices,
        meta=meeting + list(report.meta),
    )
