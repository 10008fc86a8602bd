"""Build a report (data) and write it in the format its file name asks for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..benchmarks import BenchmarkStore
from ..census.dataset import CensusData
from ..measures.audits import AuditRecord
from ..measures.authorisation.oversight import AuthorisationRecords
from ..periods import Period
from . import words as w
from .formats import FORMATS, ReportError
from .inputs import add_later, gather
from .model import Block, Chart, Notice, Report
from .paper import FrontMatter, compose
from .sections import NEEDS_LATER, SECTION_BUILDERS
from .sections.performance import data_line

if TYPE_CHECKING:
    from .drawing import ChartDrawer

TITLE = "Children who became subject to a child protection plan for a second or subsequent time"


def build_report(
    data: CensusData,
    la: str,
    period: Period | None = None,
    as_at: date | None = None,
    publish: bool = True,
    store: BenchmarkStore | None = None,
    council_name: str | None = None,
    compare_published: bool = True,
    remarks: Sequence[str] = (),
    today: date | None = None,
    authorisations: AuthorisationRecords | None = None,
    audit: AuditRecord | None = None,
    front_matter: FrontMatter | None = None,
    drawer: ChartDrawer | None = None,
) -> Report:
    """The report for council ``la`` from loaded returns (see :func:`.inputs.gather`).

    ``front_matter``: the officers' words (:mod:`.paper`), making it the whole committee paper.
    ``drawer``: a process drawing the charts (:mod:`.drawing`): each section's charts are
    handed to it as soon as the section is built, and what only the sections after the
    charts show (the related measures and the data-quality checks: :func:`.inputs.add_later`)
    is computed just before the first of them, so the charts are drawn beside it.
    """
    inputs = gather(
        data,
        la,
        period,
        as_at,
        publish,
        store,
        council_name,
        compare_published,
        remarks,
        authorisations,
        audit=audit,
        today=today,
        later=False,
    )
    picture = inputs.picture
    sections = []
    for build in SECTION_BUILDERS:
        if build in NEEDS_LATER:
            add_later(inputs)
        section = build(inputs)
        if section is None:
            continue
        section.blocks = [_unless_suppressed(b) for b in section.blocks]
        if drawer is not None:
            drawer.submit(section.blocks)
        sections.append(section)
    produced = picture.today
    meta = [
        ("Council", f"{inputs.council}, LA {la}"),
        ("Period", f"{w.period_name(inputs.period)}: {w.period_span(inputs.period)}"),
        (
            "Data",
            f"{data_line(inputs)} ({picture.age.ago()})"
            + ("; synthetic, made by cpmonitor's simulator" if picture.synthetic else ""),
        ),
        ("Produced", f"{w.day(produced)} by cpmonitor"),
        (
            "Status",
            "For publication: numbers from 1 to 5 are suppressed (c)"
            if publish
            else "OFFICIAL-SENSITIVE: restricted, identifies children, do not publish",
        ),
    ]
    report = Report(
        title=TITLE,
        council=inputs.council,
        la=la,
        period_label=w.period_name(inputs.period),
        as_at=inputs.as_at,
        generated=produced,
        restricted=not publish,
        sections=sections,
        meta=meta,
        synthetic=picture.synthetic,
    )
    return compose(report, front_matter) if front_matter else report


def _unless_suppressed(block: Block) -> Block:
    """A chart whose every figure is suppressed, or that has none, becomes a sentence saying
    so (no empty axes)."""
    if isinstance(block, Chart) and block.empty and not block.suppressed:
        return Notice(f"{block.title}: no chart, because there is no figure to draw.")
    if isinstance(block, Chart) and block.suppressed:
        return Notice(
            f"{block.title}: no chart, because every figure in it is suppressed (c: a number "
            "from 1 to 5, or one that would reveal it) or nought."
        )
    return block


def write_report(report: Report, path: Path | str) -> Path:
    """Write ``report`` to ``path`` as HTML, PDF, DOCX or XLSX (from the extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(
            f"cannot tell the format from {path.name!r}: the file name must end in "
            + ", ".join(FORMATS)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        from .html import render_html

        path.write_text(render_html(report), encoding="utf-8")
    elif suffix == ".pdf":
        from .pdf import render_pdf

        path.write_bytes(render_pdf(report))
    elif suffix == ".docx":
        from .word import render_docx

        path.write_bytes(render_docx(report))
    else:
        from .excel import render_xlsx

        path.write_bytes(render_xlsx(report))
    return path
