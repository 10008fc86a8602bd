"""The report as data: sections of typed blocks that every renderer walks the same way.

Builders (:mod:`.sections`) fill these from the core measures, with small numbers already
suppressed in published mode; renderers (:mod:`.html`, :mod:`.pdf`, :mod:`.word`,
:mod:`.excel`) only lay them out. A value in a table is an ``int``, a ``float`` (shown to one
decimal place, rounded half up as DfE does), a ``date``, a ``(low, high)`` interval, text —
``"c"`` is a suppressed number — or ``None`` (no figure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

from .formats import ReportError

Value = int | float | str | date | tuple[float, float] | None
ColumnKind = Literal["text", "count", "percent", "number", "date", "interval"]
MISSING = "–"  # shown for "no figure" (None)


@dataclass
class Paragraph:
    text: str
    lead: bool = False  # the section's opening statement, set larger


@dataclass
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass
class Bullets:
    items: list[str]
    numbered: bool = False  # a numbered list (e.g. the paper's recommendations)


@dataclass
class Notice:
    """Something the reader must not miss (``warning``) or an aside (``inset``)."""

    text: str
    kind: Literal["warning", "inset"] = "inset"


@dataclass
class KeyFigure:
    label: str
    value: str
    detail: str = ""


@dataclass
class KeyFigures:
    items: list[KeyFigure]


@dataclass
class Definitions:
    """Terms and what they mean (a description list; a two-column table in Word/Excel)."""

    key: str
    title: str
    items: list[tuple[str, str]]


@dataclass
class Column:
    """A table column. ``codes``: its values are CIN census codes of that code list
    (:data:`cpmonitor.codes.LISTS`): every format shows them in words, and Excel adds the code
    in the column after (analysts reconcile with the census)."""

    label: str
    kind: ColumnKind = "count"
    codes: str | None = None


@dataclass
class Table:
    """A table with one header row; the first column heads each row.

    ``key`` names it everywhere (HTML id, Excel sheet, tests). ``total_row``: the last row is
    a total. ``detail``: a long table kept out of the printed paper (collapsed in HTML, left
    out of PDF and Word, a sheet in Excel).
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Value]]
    notes: list[str] = field(default_factory=list)
    total_row: bool = False
    detail: bool = False

    def column(self, label: str) -> list[Value]:
        """The values of the column headed ``label``."""
        i = [c.label for c in self.columns].index(label)
        return [row[i] for row in self.rows]


@dataclass
class Chart:
    """A chart drawn by :mod:`cpmonitor.charts` from plain data; the same picture in every format.

    ``draw``: the name of a function in :mod:`cpmonitor.charts`; ``data``: its keyword arguments.
    ``alt``: the text alternative (what the chart shows, in words); ``table``: the key of the
    table holding the same figures.
    """

    key: str
    title: str
    alt: str
    draw: str
    data: dict[str, Any]
    table: str | None = None
    intro: str = ""  # a sentence printed with the chart (kept on its page)

    @property
    def empty(self) -> bool:
        """No figure at all to draw (e.g. no theme recorded in the period)."""
        series = self.data.get("series") or {"": self.data.get("values", [])}
        return not [v for vs in series.values() for v in vs if v is not None]

    @property
    def suppressed(self) -> bool:
        """Every figure is suppressed (``"c"``) or nought: drawn, it would be empty axes."""
        series = self.data.get("series") or {"": self.data.get("values", [])}
        values = [v for vs in series.values() for v in vs]
        labels = [t for ts in (self.data.get("value_labels") or {}).values() for t in ts]
        return bool(values) and not any(values) and "c" in labels

    #: drawings under way elsewhere (:mod:`.drawing`), by kind: each gives the drawing, or
    #: ``None`` when it must be drawn here after all
    drawing: dict[str, Callable[[], Any]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def svg(self) -> str:
        """The chart as SVG text (drawn once)."""
        return self._drawn("svg")

    @cached_property
    def png(self) -> bytes:
        """The chart as PNG bytes (drawn once)."""
        return self._drawn("png")

    def _drawn(self, fmt: str) -> Any:
        """The drawing in ``fmt``, taken from the drawing process when one drew it, else drawn
        here; an error while drawing is a :class:`~.formats.ReportError` naming the chart."""
        from .drawing import draw

        try:
            waiting = self.drawing.pop(fmt, None)
            drawn = waiting() if waiting is not None else None
            return draw(self.draw, self.data, fmt, self.key) if drawn is None else drawn
        except Exception as exc:
            raise ReportError(
                f"The chart “{self.title}” could not be drawn ({type(exc).__name__}: {exc})."
            ) from exc


Block = Paragraph | Heading | Bullets | Notice | KeyFigures | Definitions | Table | Chart


@dataclass
class Section:
    """A titled part of the report. ``numbered=False``: the officers' front matter, whose
    headings carry no number (as in a committee paper); the analysis is numbered from 1."""

    key: str
    title: str
    blocks: list[Block]
    numbered: bool = True

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


@dataclass
class Report:
    """A whole report: front matter and sections, in order."""

    title: str
    council: str
    la: str
    period_label: str
    as_at: date
    generated: date
    restricted: bool
    sections: list[Section]
    meta: list[tuple[str, str]] = field(default_factory=list)
    synthetic: bool = False  # made from returns cpmonitor's simulator wrote

    CLASSIFICATION = "OFFICIAL-SENSITIVE"
    SYNTHETIC = "SYNTHETIC DATA"

    @property
    def classification(self) -> str | None:
        """The protective marking on every page (restricted reports only)."""
        return self.CLASSIFICATION if self.restricted else None

    @property
    def marking(self) -> str | None:
        """What every page carries: the synthetic-data mark and the protective marking."""
        parts = [self.SYNTHETIC] * self.synthetic + [self.CLASSIFICATION] * self.restricted
        return " · ".join(parts) or None

    @property
    def subtitle(self) -> str:
        return f"{self.council}: {self.period_label}"

    def headings(self) -> list[tuple[str, Section]]:
        """Each section with its heading as printed: ``"1. Summary"``, or the bare title of
        an unnumbered one (every renderer numbers the same way)."""
        shown, number = [], 0
        for section in self.sections:
            if section.numbered:
                number += 1
                shown.append((f"{number}. {section.title}", section))
            else:
                shown.append((section.title, section))
        return shown

    def table(self, key: str) -> Table:
        """The table called ``key`` (``KeyError`` if the report has none)."""
        for section in self.sections:
            for table in section.tables():
                if table.key == key:
                    return table
        raise KeyError(key)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]

    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts()]
