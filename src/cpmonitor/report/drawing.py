"""The report's charts drawn in a second process while this one computes the rest.

``cpmonitor report`` reads the returns on every core, then computes the report in one
process: the measures, then the data-quality checks (the DfE rules and how their failures
bear on the figure, about half a second), then the pages. The charts (six, with
matplotlib: about 0.85 s of CPU, and 0.65 s to import matplotlib) need only the small
figures of their sections, which are ready before the checks. So the command starts one
drawing process (:class:`ChartDrawer`) before it reads: that process imports matplotlib
and :mod:`cpmonitor.charts` while the returns are read (in its own interpreter, not
competing with the reading for this process's lock), and draws each chart as soon as its
section is built (:func:`cpmonitor.report.build.build_report`), on the core that the
reading no longer uses, while this process runs the checks. The pages take each drawing
when they need it (:attr:`cpmonitor.report.model.Chart.svg`, ``.png``).

The drawing is the same function with the same data (:mod:`cpmonitor.charts` is
deterministic: ids and hashes come from the chart's key), so the SVG and PNG are the same
bytes as if drawn here (tested). Nothing is kept between runs.

Failures: a chart that cannot be drawn gives a :class:`~.formats.ReportError` naming the
chart (the command prints it; no traceback). If the drawing process cannot start or stops
(e.g. killed), each chart not yet drawn is drawn in this process instead, and the report is
the same.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from functools import partial

from .model import Block, Chart

#: what each kind of drawing needs imported, done as soon as the process starts
MODULES = {
    "svg": ("cpmonitor.charts", "matplotlib.backends.backend_svg"),
    "png": ("cpmonitor.charts", "matplotlib.backends.backend_agg"),
}
#: the drawing each file format shows (HTML and PDF the SVG, Word and Excel the PNG)
KIND_BY_FORMAT = {".html": "svg", ".pdf": "svg", ".docx": "png", ".xlsx": "png"}


def kinds_for(suffixes: Iterable[str]) -> list[str]:
    """The kinds of drawing (``svg``, ``png``) that reports to files with these suffixes show."""
    kinds = []
    for suffix in suffixes:
        kind = KIND_BY_FORMAT.get(suffix.lower())
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def _start(modules: list[str]) -> None:
    # runs in the drawing process; a failure is met again, and reported, when a chart is drawn
    import importlib

    for name in modules:
        with suppress(Exception):
            importlib.import_module(name)
    gc.freeze()  # what was imported is never collected, nor walked as the process ends


def draw(name: str, data: dict, fmt: str, key: str) -> str | bytes:
    """``cpmonitor.charts.<name>(**data, fmt=fmt, key=key)``: one chart, in whichever process."""
    from .. import charts

    return getattr(charts, name)(**data, fmt=fmt, key=key)


class ChartDrawer:
    """One process drawing the report's charts (``kinds``: ``svg`` and/or ``png``), started
    at once; use it as a context manager (the process ends with the block)."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.kinds = [k for k in kinds if k in MODULES]
        self._pool: ProcessPoolExecutor | None = None
        if not self.kinds:
            return
        modules = list(dict.fromkeys(m for k in self.kinds for m in MODULES[k]))
        try:
            # spawn: a fresh interpreter, whatever the caller has imported or started
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            self._pool.submit(_start, modules)
        except (OSError, RuntimeError):  # cannot start a process here: draw in this one
            self.close()

    @property
    def running(self) -> bool:
        return self._pool is not None

    def submit(self, blocks: Iterable[Block]) -> None:
        """Start drawing every chart among ``blocks`` (in order), in each kind this drawer
        draws; the chart takes its drawing from here when it is first asked for it."""
        for chart in blocks:
            if not isinstance(chart, Chart):
                continue
            for kind in self.kinds:
                if self._pool is None:
                    return
                try:
                    future = self._pool.submit(draw, chart.draw, chart.data, kind, chart.key)
                except (BrokenProcessPool, RuntimeError, OSError):
                    self.close()  # the process has stopped: the rest are drawn here
                    return
                chart.drawing[kind] = partial(_drawn, future)

    def close(self) -> None:
        """End the drawing process (drawings not yet taken are dropped)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ChartDrawer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _drawn(future: Future) -> str | bytes | None:
    """The drawing, or ``None`` when the drawing process stopped or its answer was lost
    (the chart is then drawn in this process); an error of the drawing itself is raised."""
    try:
        return future.result()
    except (BrokenProcessPool, CancelledError, EOFError, OSError):
        return None
