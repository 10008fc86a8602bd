"""The report's heavy imports, started in a background thread while the returns are read.

``cpmonitor report`` spends its first seconds reading returns (one process per core, the
calling process reading too) and only then needs its own code (the sections, measures and
picture: a fifth of a second to import), scipy (Fisher's exact test and the
Kaplan–Meier curve of :mod:`cpmonitor.measures`), matplotlib (the charts, unless a drawing
process draws them: :mod:`.drawing`), WeasyPrint (PDF),
python-docx or openpyxl, and England's bank holidays (working-day timescales). Importing them
costs about 2 s of CPU; done in a thread beside the calling process's reading, that work
overlaps the reading instead of following it: the calling process reads fewer files (it takes
the next unread file only when it is free, so a worker process takes more), and nothing is
imported that the command would not import anyway.

Only imports and data-free set-up happen here. A failure is ignored: the command imports the
same module again where it needs it and reports the error there, as it would without this.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable
from contextlib import suppress

#: modules every report needs, in the order they are first used
COMMON = (
    "cpmonitor.report.build",  # the sections, the measures, the picture
    "scipy.stats",  # measures.change (Fisher's exact test), measures.risk (Kaplan–Meier)
    "cpmonitor.report.html",
)
#: and those of each format (by file suffix)
BY_FORMAT = {
    ".html": (),
    ".pdf": ("weasyprint", "cpmonitor.report.pdf"),
    ".docx": ("cpmonitor.report.word",),
    ".xlsx": ("cpmonitor.report.excel",),
}


def modules_for(suffixes: Iterable[str], charts: bool = True) -> list[str]:
    """The modules to import ahead for reports written to files with these suffixes;
    ``charts``: the charts are drawn in this process, so the modules of the drawings these
    formats show are imported too (:data:`.drawing.MODULES`, as a drawing process imports
    them); ``charts=False``: another process draws them, and matplotlib is not imported here."""
    suffixes = [s.lower() for s in suffixes]
    wanted = list(COMMON)
    if charts:
        from .drawing import MODULES, kinds_for

        wanted += [m for kind in kinds_for(suffixes) for m in MODULES[kind]]
    for suffix in suffixes:
        wanted += BY_FORMAT.get(suffix, ())
    return list(dict.fromkeys(wanted))


def _warm(modules: list[str]) -> None:
    # a failure is met again, and reported, where the command imports or computes the same
    for name in modules:
        with suppress(Exception):
            importlib.import_module(name)
    with suppress(Exception):
        from ..workdays import _calendar

        _calendar()  # England's bank holidays, 1980-2050 (cached)


def warm_up(suffixes: Iterable[str], charts: bool = True) -> threading.Thread:
    """Start importing what a report to ``suffixes`` needs (``charts=False``: but not the
    charts' modules, see :func:`modules_for`); returns the (daemon) thread."""
    thread = threading.Thread(
        target=_warm, args=(modules_for(suffixes, charts),), name="cpmonitor-warm-up", daemon=True
    )
    thread.start()
    return thread
