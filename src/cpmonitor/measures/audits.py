"""Quality-assurance case audits of repeat-plan families: the themes, and an audit's summary.

The 2016 scrutiny report (``../shared/context/``, section 2) was written from such an audit:
"8 cases involving 26 children … Neglect and domestic abuse feature in the lives of all of
the children … extensive professional activity … cycles of improvement followed by
subsequent deterioration … records did not always provide enough information about the
children's home lives or the direct work undertaken". An auditor picks families from the
repeat cohort (:func:`cpmonitor.measures.repeat.repeat_cohort`), records for each case which
themes featured, what the records show, a graded judgement and the learning; this module
counts them.

Pure: plain data in (:class:`AuditRecord`), plain data out (:class:`AuditSummary`). No Django;
the web app and the report call :func:`summarise`. The theme list is :data:`THEMES` (one
place: edit it here to configure it; an exported audit carries the list it was recorded with).

Counting rules:

- A case is a family: one or more children. Only **complete** cases count (the auditor marked
  the case's latest finding complete); cases in progress are reported as such, never counted.
- A theme *featured* in a case when the auditor answered "yes"; its children are the children
  of those cases ("in the lives of all of the children" = featured in every complete case).
- Shares are of the complete cases (or of their children), rounded half up to one decimal
  place (:func:`cpmonitor.stats.percent`).
- Judgements use the four grades councils and Ofsted use (Ofsted, *Inspecting local authority
  children's services* framework): outstanding, good, requires improvement, inadequate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..periods import Period, PeriodError
from ..stats import percent

#: Theme kinds: did it feature in the case (yes/no); what the records show (yes/partly/no/n.a.).
FEATURED, EVIDENCED = "featured", "evidenced"
YES, PARTLY, NO, NOT_APPLICABLE = "yes", "partly", "no", "not_applicable"
NOT_RECORDED = "not_recorded"  # no answer in the case's finding (a draft, or a new theme)
ANSWERS: dict[str, tuple[str, ...]] = {
    FEATURED: (YES, NO),
    EVIDENCED: (YES, PARTLY, NO, NOT_APPLICABLE),
}
ANSWER_LABELS = {
    YES: "Yes",
    PARTLY: "Partly",
    NO: "No",
    NOT_APPLICABLE: "Not applicable",
    NOT_RECORDED: "Not recorded",
}


@dataclass(frozen=True)
class Theme:
    """One thing an auditor looks for in a case: ``kind`` is :data:`FEATURED` or
    :data:`EVIDENCED`; ``key`` is stored with each finding, so keep it when relabelling."""

    key: str
    label: str
    kind: str
    hint: str = ""

    @property
    def answers(self) -> tuple[str, ...]:
        return ANSWERS[self.kind]


#: The audit's themes, in the order the auditor and the reader see them.
THEMES: tuple[Theme, ...] = (
    Theme("neglect", "Neglect", FEATURED),
    Theme("domestic_abuse", "Domestic abuse", FEATURED),
    Theme("parental_mental_health", "Parental mental health", FEATURED),
    Theme("parental_substance_misuse", "Parental alcohol or drug misuse", FEATURED),
    Theme(
        "improvement_then_deterioration",
        "Cycles of improvement followed by deterioration",
        FEATURED,
        "Care improved during or after a plan, then deteriorated again",
    ),
    Theme(
        "activity_little_change",
        "Extensive professional activity with little change",
        FEATURED,
        "Meetings, assessments, agreements, visits and plans, with minimal impact for the child",
    ),
    Theme(
        "intervention_unclear",
        "Difficult to determine the intervention that would bring change",
        FEATURED,
    ),
    Theme(
        "plan_ended_too_early",
        "The previous plan ended too early",
        FEATURED,
        "Risk had not reduced enough, or change was not yet sustained, when the plan ended",
    ),
    Theme(
        "direct_work",
        "Direct work with the child evidenced",
        EVIDENCED,
        "The records show the direct work done with each child",
    ),
    Theme(
        "lived_experience",
        "The child's lived experience recorded",
        EVIDENCED,
        "The records say enough about the child's home life and what it is like for them",
    ),
    Theme(
        "step_down_adequate",
        "Step-down support after the previous plan adequate",
        EVIDENCED,
        "Support at a lower level after the plan ended was enough to keep the change going",
    ),
)

#: Graded judgements, best first (key, label).
GRADES: tuple[tuple[str, str], ...] = (
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
)
NOT_GRADED = "not_graded"
GRADE_LABELS = {**dict(GRADES), NOT_GRADED: "Not graded"}

FILE_FORMAT = "cpmonitor case audit"
FILE_VERSION = 1


class AuditDataError(ValueError):
    """Audit data that cannot be summarised (message for the user, naming what is wrong)."""


@dataclass(frozen=True)
class AuditedCase:
    """One family case as the auditor last recorded it (the latest version of its finding).

    ``answers``: theme key -> answer; a theme left out is :data:`NOT_RECORDED`.
    ``judgement``: a key of :data:`GRADES`, or ``None``.
    """

    label: str
    children: int
    answers: Mapping[str, str] = field(default_factory=dict)
    judgement: str | None = None
    learning: str = ""
    complete: bool = False


@dataclass(frozen=True)
class AuditRecord:
    """An audit as planned and recorded: no child identifiers, only cases and their answers."""

    title: str
    la: str
    scope: str
    audit_date: date
    period: Period
    cases: tuple[AuditedCase, ...] = ()
    key_learning: str = ""
    themes: tuple[Theme, ...] = THEMES


@dataclass(frozen=True)
class ThemeCount:
    """How often each answer was given for one theme, over the complete cases."""

    theme: Theme
    cases: dict[str, int]  # answer (and NOT_RECORDED) -> complete cases
    children: dict[str, int]  # answer (and NOT_RECORDED) -> children in those cases
    total_cases: int
    total_children: int

    def case_share(self, answer: str = YES) -> float | None:
        return percent(self.cases[answer], self.total_cases)

    def child_share(self, answer: str = YES) -> float | None:
        return percent(self.children[answer], self.total_children)

    @property
    def in_every_case(self) -> bool:
        """Featured in every complete case (so in the lives of all of the children)."""
        return self.total_cases > 0 and self.cases[YES] == self.total_cases


@dataclass(frozen=True)
class JudgementCount:
    key: str
    label: str
    cases: int
    share: float | None


@dataclass(frozen=True)
class AuditSummary:
    """What the audit found, counted over its complete cases (see the module's rules)."""

    title: str
    la: str
    scope: str
    audit_date: date
    period: Period
    cases_planned: int
    children_planned: int
    cases: int
    children: int
    themes: tuple[ThemeCount, ...]
    judgements: tuple[JudgementCount, ...]
    learning: tuple[tuple[str, str], ...]  # (case label, learning) of complete cases
    key_learning: str

    @property
    def cases_in_progress(self) -> int:
        return self.cases_planned - self.cases

    @property
    def featured(self) -> tuple[ThemeCount, ...]:
        return tuple(t for t in self.themes if t.theme.kind == FEATURED)

    @property
    def evidenced(self) -> tuple[ThemeCount, ...]:
        return tuple(t for t in self.themes if t.theme.kind == EVIDENCED)

    @property
    def in_every_case(self) -> tuple[Theme, ...]:
        """The themes that featured in every complete case (report, 2.3)."""
        return tuple(t.theme for t in self.featured if t.in_every_case)


def check_record(record: AuditRecord) -> None:
    """Raise :class:`AuditDataError` naming the case and theme of any answer not allowed."""
    keys = [t.key for t in record.themes]
    if len(set(keys)) != len(keys):
        raise AuditDataError("the theme list names a theme twice")
    for theme in record.themes:
        if theme.kind not in ANSWERS:
            raise AuditDataError(
                f"theme {theme.key!r}: kind {theme.kind!r} is not {FEATURED!r} or {EVIDENCED!r}"
            )
    themes = {t.key: t for t in record.themes}
    for case in record.cases:
        if case.children < 1:
            raise AuditDataError(f"case {case.label!r}: a case has at least one child")
        for key, answer in case.answers.items():
            if key not in themes:
                raise AuditDataError(f"case {case.label!r}: {key!r} is not one of the themes")
            if answer not in themes[key].answers:
                allowed = ", ".join(themes[key].answers)
                raise AuditDataError(
                    f"case {case.label!r}: {answer!r} is not an answer to "
                    f"{themes[key].label!r} ({allowed})"
                )
        if case.judgement is not None and case.judgement not in dict(GRADES):
            allowed = ", ".join(k for k, _ in GRADES)
            raise AuditDataError(
                f"case {case.label!r}: judgement {case.judgement!r} is not one of {allowed}"
            )


def summarise(record: AuditRecord) -> AuditSummary:
    """Count the complete cases of ``record``: themes, judgements and learning."""
    check_record(record)
    done = [c for c in record.cases if c.complete]
    total_cases, total_children = len(done), sum(c.children for c in done)
    themes = []
    for theme in record.themes:
        answers = (*theme.answers, NOT_RECORDED)
        cases = dict.fromkeys(answers, 0)
        children = dict.fromkeys(answers, 0)
        for case in done:
            answer = case.answers.get(theme.key, NOT_RECORDED)
            cases[answer] += 1
            children[answer] += case.children
        themes.append(ThemeCount(theme, cases, children, total_cases, total_children))
    graded = _count(c.judgement or NOT_GRADED for c in done)
    judgements = [
        JudgementCount(
            key, GRADE_LABELS[key], graded.get(key, 0), percent(graded.get(key, 0), total_cases)
        )
        for key in [*dict(GRADES), NOT_GRADED]
        if key != NOT_GRADED or graded.get(NOT_GRADED)
    ]
    return AuditSummary(
        title=record.title,
        la=record.la,
        scope=record.scope,
        audit_date=record.audit_date,
        period=record.period,
        cases_planned=len(record.cases),
        children_planned=sum(c.children for c in record.cases),
        cases=total_cases,
        children=total_children,
        themes=tuple(themes),
        judgements=tuple(judgements),
        learning=tuple((c.label, c.learning.strip()) for c in done if c.learning.strip()),
        key_learning=record.key_learning.strip(),
    )


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


# ------------------------------------------------------------------ the audit file (JSON)


def record_to_json(record: AuditRecord) -> dict:
    """``record`` as a JSON-ready dictionary (no child identifiers: cases, counts, answers)."""
    return {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "title": record.title,
        "la": record.la,
        "scope": record.scope,
        "audit_date": record.audit_date.isoformat(),
        "period": {"start": record.period.start.isoformat(), "end": record.period.end.isoformat()},
        "themes": [
            {"key": t.key, "label": t.label, "kind": t.kind, "hint": t.hint} for t in record.themes
        ],
        "key_learning": record.key_learning,
        "cases": [
            {
                "label": c.label,
                "children": c.children,
                "answers": dict(c.answers),
                "judgement": c.judgement,
                "learning": c.learning,
                "complete": c.complete,
            }
            for c in record.cases
        ],
    }


def record_from_json(data: object, source: str = "the audit file") -> AuditRecord:
    """An :class:`AuditRecord` from :func:`record_to_json`'s form; clear errors naming ``source``."""

    def fail(what: str) -> AuditDataError:
        return AuditDataError(f"{source}: {what}")

    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise fail(f'not a case audit exported by cpmonitor (no "format": "{FILE_FORMAT}")')
    if data.get("version") != FILE_VERSION:
        raise fail(
            f"version {data.get('version')!r} is not one this cpmonitor reads ({FILE_VERSION})"
        )

    def text(obj: dict, name: str, where: str, required: bool = True) -> str:
        value = obj.get(name, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise fail(f"{where}{name!r} must be {'non-empty ' if required else ''}text")
        return value

    def day(value: object, where: str) -> date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise fail(f"{where} {value!r} is not a date (YYYY-MM-DD)") from None

    period = data.get("period")
    if not isinstance(period, dict):
        raise fail("'period' must have a start and an end")
    try:
        span = Period(
            day(period.get("start"), "period start"), day(period.get("end"), "period end")
        )
    except PeriodError as exc:
        raise fail(str(exc)) from None
    themes = []
    for i, t in enumerate(_list(data, "themes", fail), 1):
        if not isinstance(t, dict):
            raise fail(f"theme {i} must be an object")
        where = f"theme {i}: "
        themes.append(
            Theme(
                text(t, "key", where),
                text(t, "label", where),
                text(t, "kind", where),
                text(t, "hint", where, required=False),
            )
        )
    cases = []
    for i, c in enumerate(_list(data, "cases", fail), 1):
        if not isinstance(c, dict):
            raise fail(f"case {i} must be an object")
        where = f"case {i}: "
        children = c.get("children")
        if not isinstance(children, int) or isinstance(children, bool):
            raise fail(f"{where}'children' must be a whole number")
        answers = c.get("answers", {})
        if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
        ):
            raise fail(f"{where}'answers' must map theme keys to answers")
        judgement = c.get("judgement")
        if judgement is not None and not isinstance(judgement, str):
            raise fail(f"{where}'judgement' must be text or null")
        complete = c.get("complete", False)
        if not isinstance(complete, bool):
            raise fail(f"{where}'complete' must be true or false")
        cases.append(
            AuditedCase(
                label=text(c, "label", where),
                children=children,
                answers=answers,
                judgement=judgement,
                learning=text(c, "learning", where, required=False),
                complete=complete,
            )
        )
    record = AuditRecord(
        title=text(data, "title", ""),
        la=text(data, "la", ""),
        scope=text(data, "scope", "", required=False),
        audit_date=day(data.get("audit_date"), "audit_date"),
        period=span,
        cases=tuple(cases),
        key_learning=text(data, "key_learning", "", required=False),
        themes=tuple(themes),
    )
    try:
        check_record(record)
    except AuditDataError as exc:
        raise fail(str(exc)) from None
    return record


def _list(data: dict, name: str, fail) -> Sequence:
    value = data.get(name)
    if not isinstance(value, list):
        raise fail(f"{name!r} must be a list")
    return value


def read_audit(path: Path | str) -> AuditRecord:
    """Read an audit file written by :func:`write_audit` (or the web app's download)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuditDataError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AuditDataError(f"{path.name}: not a JSON file ({exc})") from None
    return record_from_json(data, path.name)


def write_audit(record: AuditRecord, path: Path | str) -> Path:
    """Write ``record`` as JSON (UTF-8, indented) to ``path``."""
    path = Path(path)
    path.write_text(json.dumps(record_to_json(record), indent=2, ensure_ascii=False), "utf-8")
    return path
