"""What reading returns produces: the canonical tables, the issues found, and what was read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

import polars as pl

from .issues import Issue, ReturnRejected
from .tables import SCHEMAS, TABLES, empty

if TYPE_CHECKING:
    from ..annexa.reader import AnnexA

YearSource = Literal["header", "--year", "file name"]

#: ``Header/Source/SoftwareCode`` of every return cpmonitor's simulator writes: the mark that
#: nothing in it is real. The reader sets :attr:`ReturnInfo.synthetic` from it.
SYNTHETIC_SOFTWARE_CODE = "cpmonitor-synth"


def synthetic_mark(software_code: str | None) -> bool:
    """Whether a return's ``SoftwareCode`` is the simulator's mark."""
    return (software_code or "").strip().lower() == SYNTHETIC_SOFTWARE_CODE


@dataclass(frozen=True)
class ReturnInfo:
    """One return that was read: where its LA and census year came from, and its size."""

    file: str
    la: str
    census_year: int
    reference_date: date
    year_source: YearSource
    children: int
    size_bytes: int
    synthetic: bool = False  # written by cpmonitor's simulator (``Header/Source/SoftwareCode``)


@dataclass
class CensusData:
    """Canonical tables (see :mod:`.tables`) plus the issues and the returns behind them.

    ``annex_a``: the Ofsted Annex A workbooks read beside the returns (their List 7 plans and
    children are in ``cp_plans`` and ``children`` too; see :mod:`cpmonitor.annexa.join`).
    """

    tables: dict[str, pl.DataFrame] = field(default_factory=lambda: {t: empty(t) for t in TABLES})
    issues: list[Issue] = field(default_factory=list)
    returns: list[ReturnInfo] = field(default_factory=list)
    rejected: list[ReturnRejected] = field(default_factory=list)
    annex_a: list[AnnexA] = field(default_factory=list)

    def __getitem__(self, table: str) -> pl.DataFrame:
        return self.tables[table]

    @property
    def las(self) -> list[str]:
        return sorted({r.la for r in self.returns} | {a.la for a in self.annex_a})

    @classmethod
    def concat(cls, parts: Iterable[CensusData]) -> CensusData:
        """Put several reads together (the tables stacked, the issues and returns listed)."""
        parts = list(parts)
        out = cls()
        for name in TABLES:
            frames = [p.tables[name] for p in parts if p.tables[name].height]
            out.tables[name] = (
                pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=SCHEMAS[name])
            )
        for p in parts:
            out.issues.extend(p.issues)
            out.returns.extend(p.returns)
            out.rejected.extend(p.rejected)
            out.annex_a.extend(p.annex_a)
        return out
