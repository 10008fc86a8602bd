"""The report's sections: each a function from :class:`~cpmonitor.report.inputs.ReportInputs` to a Section.

:data:`SECTION_BUILDERS` is the report, in order; a later capability (e.g. Group Manager
authorisations) adds its builder to the list. A builder may return ``None`` to leave its
section out. Builders word and lay out the core's answers and apply :mod:`cpmonitor.disclosure`
(published mode); they never count anything themselves.

One module per section (:mod:`.headline` the summary, :mod:`.trend`, :mod:`.cohort`,
:mod:`.who`, :mod:`.case_audit`, :mod:`.what_changed`, :mod:`.related`, :mod:`.performance`,
:mod:`.authorisation`, :mod:`.quality`, :mod:`.method`); pieces two sections share (disclosed
counts, percentages and intervals as shown, the neighbours' sentence) are in :mod:`.common`.
A new section is a new module here and a line in :data:`SECTION_BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..inputs import ReportInputs
from ..model import Section
from .authorisation import authorisation
from .case_audit import case_audit
from .cohort import cohort
from .headline import headline
from .method import method
from .performance import performance
from .quality import quality
from .related import related
from .trend import trend
from .what_changed import what_changed
from .who import who

#: The report, in order. Add a builder here to add a section.
SECTION_BUILDERS: list[Callable[[ReportInputs], Section | None]] = [
    headline,
    trend,
    cohort,
    who,
    case_audit,  # only when a case audit is given
    what_changed,  # the change since a year earlier, and who may come back
    related,
    performance,  # only with assessments or an Annex A workbook
    authorisation,  # only when authorisation records are given
    quality,
    method,
]

#: The builders that read the later parts of the inputs (:data:`~cpmonitor.report.inputs.LATER`:
#: the related measures, the performance figures, the data-quality checks): the report
#: computes those just before the first of them, once the sections before it (and their
#: charts) are under way.
NEEDS_LATER: frozenset[Callable[[ReportInputs], Section | None]] = frozenset(
    {related, performance, quality}
)
