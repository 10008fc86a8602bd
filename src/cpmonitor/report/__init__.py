"""The committee report on repeat child protection plans: HTML, PDF, Word and Excel.

The 2016 Walsall scrutiny report (``../shared/context/``), generated for any council and any
period from its CIN census returns and the imported DfE benchmarks. Sections are data built
only from the core measures (:mod:`.sections`, in order in :data:`SECTION_BUILDERS`); renderers
lay them out; charts come from one place (:mod:`cpmonitor.charts`), the same in every format.

Python API::

    from cpmonitor.census.load import load
    from cpmonitor.report import build_report, write_report

    data = load(["returns/"])
    report = build_report(data, la="335")                 # year to date at the latest return
    report = build_report(data, la="335", publish=False)  # restricted: cohort, OFFICIAL-SENSITIVE
    write_report(report, "out/report.pdf")                # .html .pdf .docx .xlsx

Modes: published (default) suppresses small numbers (:mod:`cpmonitor.disclosure`) and holds
no child identifier; restricted adds the children behind the figure and the marking.
"""

from cpmonitor._lazy import lazy_exports

_EXPORTS = {
    "FORMATS": ".build",
    "TITLE": ".build",
    "build_report": ".build",
    "write_report": ".build",
    "ReportError": ".inputs",
    "ReportInputs": ".inputs",
    "gather": ".inputs",
    "Report": ".model",
    "Section": ".model",
    "SECTION_BUILDERS": ".sections",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = [
    "FORMATS",
    "SECTION_BUILDERS",
    "TITLE",
    "Report",
    "ReportError",
    "ReportInputs",
    "Section",
    "build_report",
    "gather",
    "write_report",
]
