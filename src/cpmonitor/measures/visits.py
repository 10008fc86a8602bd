"""Statutory visits to children on a child protection plan, from Ofsted Annex A List 7.

Source: *Working Together to Safeguard Children* requires the lead social worker to visit a
child on a plan and see them (alone where appropriate) "at a frequency set out in the plan";
DfE sets no national timescale and publishes no visits measure, so the standard is a council
setting. The default, :data:`DEFAULT_STANDARD_WORKING_DAYS` (10 working days, a common local
standard), is labelled as local wherever it is shown. Annex A List 7 gives each plan's "Date
of the Last Statutory Visit" and "Was the Child Seen Alone?".

At a day D (the period's last day), from the workbook extracted on D — only a workbook
extracted that day knows each child's last visit on or before it:

- ``children_on_plan``: children whose plan started on or before D and had not ended on or
  before it;
- ``visited_within_standard``: of those, the children whose last statutory visit was on or
  before D and no more than the standard in working days before it (England and Wales bank
  holidays, :mod:`cpmonitor.workdays`; a visit on D itself is 0 working days before it);
- ``percent``: 100 × visited / children, rounded half up to 1 decimal (as DfE rounds);
- ``seen_alone``: children on a plan whose last visit (on or before D) recorded them seen
  alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import polars as pl

from ..history import open_at
from ..stats import percent
from ..workdays import working_days_expr

if TYPE_CHECKING:
    from ..annexa.reader import AnnexA

DEFAULT_STANDARD_WORKING_DAYS = 10
STANDARD_NOTE = (
    "local standard: DfE sets no timescale for statutory visits to children on a plan "
    "(default 10 working days)"
)
NOT_RECORDED = "Not recorded"


def workbook_at(annexes: Sequence[AnnexA], as_at: date, la: str | None = None) -> AnnexA | None:
    """The workbook extracted on ``as_at`` (for ``la``; the last one loaded if several)."""
    found = [a for a in annexes if a.extract_date == as_at and (la is None or a.la == la)]
    return found[-1] if found else None


def children_on_plan(
    annex: AnnexA, as_at: date, standard: int = DEFAULT_STANDARD_WORKING_DAYS
) -> pl.DataFrame:
    """One row per child on a plan at ``as_at``: their last visit and whether it was in time.

    Columns: ``la, child_id, start_date, team, worker, last_visit, seen_alone``,
    ``working_days_since`` (null without a visit on or before ``as_at``) and ``within``.
    """
    plans = annex.plans.filter(open_at(as_at))
    # a child with two open plans (a data error) is one child, with their latest visit
    latest = (
        plans.sort(["child_id", "last_visit"], nulls_last=False)
        .group_by("child_id", maintain_order=True)
        .agg(pl.all().last())
    )
    visit = pl.when(pl.col("last_visit") <= as_at).then(pl.col("last_visit"))
    return (
        latest.with_columns(
            working_days_expr(visit, pl.lit(as_at, pl.Date)).alias("working_days_since"),
            # seen alone at a visit after the day is not known on the day
            pl.when(visit.is_not_null()).then(pl.col("seen_alone")).alias("seen_alone"),
            pl.col("team").fill_null(NOT_RECORDED),
            pl.col("worker").fill_null(NOT_RECORDED),
        )
        .with_columns((pl.col("working_days_since") <= standard).fill_null(False).alias("within"))
        .select(
            "la",
            "child_id",
            "start_date",
            "team",
            "worker",
            "last_visit",
            "seen_alone",
            "working_days_since",
            "within",
        )
        .sort(["team", "child_id"])
    )


def _counts(frame: pl.DataFrame) -> dict[str, Any]:
    children = frame.height
    visited = int(frame.get_column("within").sum())
    return {
        "children_on_plan": children,
        "visited_within_standard": visited,
        "percent": percent(visited, children),
        "seen_alone": int(frame.get_column("seen_alone").fill_null(False).sum()),
    }


def visits(
    annexes: Sequence[AnnexA],
    as_at: date,
    la: str | None = None,
    standard: int = DEFAULT_STANDARD_WORKING_DAYS,
    by_worker: bool = False,
) -> dict[str, Any] | None:
    """The visits measures at ``as_at`` (see the module), or None without a workbook of that day.

    Keys: ``children_on_plan``, ``visited_within_standard``, ``percent``, ``seen_alone``,
    ``standard_working_days``, ``as_at``, then ``standard`` (``"local"``), ``source_file``
    and ``by_team`` (the same counts per allocated team); ``by_worker`` only when asked (it
    names staff: restricted outputs only).
    """
    annex = workbook_at(annexes, as_at, la)
    if annex is None:
        return None
    frame = children_on_plan(annex, as_at, standard)
    out: dict[str, Any] = {
        **_counts(frame),
        "standard_working_days": standard,
        "as_at": as_at.isoformat(),
        "standard": "local",
        "standard_note": STANDARD_NOTE,
        "source_file": annex.file,
        "by_team": [
            {"team": team, **_counts(part)}
            for (team,), part in sorted(frame.group_by("team"), key=lambda g: str(g[0][0]))
        ],
    }
    if by_worker:
        out["by_worker"] = [
            {"team": team, "worker": worker, **_counts(part)}
            for (team, worker), part in sorted(
                frame.group_by("team", "worker"), key=lambda g: (str(g[0][0]), str(g[0][1]))
            )
        ]
    return out


def overdue(
    annexes: Sequence[AnnexA],
    as_at: date,
    la: str | None = None,
    standard: int = DEFAULT_STANDARD_WORKING_DAYS,
) -> pl.DataFrame | None:
    """The children on a plan at ``as_at`` whose visit is overdue (not within the standard),
    by team then child; None without a workbook of that day. Restricted: names children."""
    annex = workbook_at(annexes, as_at, la)
    if annex is None:
        return None
    return children_on_plan(annex, as_at, standard).filter(~pl.col("within"))
