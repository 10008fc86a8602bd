"""Statutory visits on the dashboard, and for managers the children whose visit is overdue.

Both are thin: the figures are :func:`cpmonitor.measures.visits.visits` and
:func:`~cpmonitor.measures.visits.overdue` over the council's stored Annex A workbooks, at a
workbook's extract date (only a workbook extracted on a day knows each child's last visit on
or before it). The standard is the council's local standard in working days
(``CPMONITOR_VISIT_STANDARD_DAYS``; DfE sets none). The overdue list names children, teams
and workers: managers only, and every view is recorded in the access log.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.conf import settings
from django.shortcuts import render

from cpmonitor.annexa.reader import AnnexA
from cpmonitor.measures import visits as measures
from cpmonitor.report import words as w

from ..accounts.models import AccessLog
from ..store import services
from ..store.models import ChildRef
from .views import _asked, _la


def standard() -> int:
    """The council's local standard for statutory visits, in working days."""
    return getattr(
        settings, "CPMONITOR_VISIT_STANDARD_DAYS", measures.DEFAULT_STANDARD_WORKING_DAYS
    )


def workbook_on_or_before(annexes: list[AnnexA], la: str, day: date) -> AnnexA | None:
    """The council's newest workbook extracted on or before ``day`` (None: none)."""
    found = [a for a in annexes if a.la == la and a.extract_date <= day]
    return max(found, key=lambda a: a.extract_date) if found else None


def dashboard_visits(data, la: str, as_at: date) -> dict | None:
    """The visits summary for the dashboard: at the newest workbook extracted on or before
    ``as_at`` (the dashboard's date), or None when the council has no such workbook."""
    annex = workbook_on_or_before(data.annex_a, la, as_at)
    if annex is None:
        return None
    found = measures.visits([annex], annex.extract_date, la, standard())
    if found is None:  # pragma: no cover (the workbook is of that day)
        return None
    return {**found, "as_at_date": annex.extract_date}


def _extracts(la: str) -> list[date]:
    return sorted({a.extract_date for a in services.stored_data(la).annex_a if a.la == la})


def overdue_visits(request):
    """The children on a plan whose statutory visit is overdue, by team (managers only;
    access-logged). ``?as_at=`` picks a workbook's extract date; default the newest."""
    la = _la(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    asked, error = _asked(request)
    extracts = _extracts(la)
    if asked is not None and asked not in extracts:
        shown = ", ".join(w.day(d) for d in extracts) or "none"
        error = (
            f"There is no Annex A workbook for LA {la} extracted on {w.day(asked)}: the visits "
            f"are known only at an extract date (workbooks loaded: {shown})"
        )
        asked = None
    as_at = None if error else (asked or (extracts[-1] if extracts else None))
    rows: list[dict] = []
    summary = None
    teams: list[dict] = []
    if as_at is not None:
        annexes = services.stored_data(la).annex_a
        summary = measures.visits(annexes, as_at, la, standard())
        frame = measures.overdue(annexes, as_at, la, standard())
        refs = pl.DataFrame(
            list(ChildRef.objects.filter(la=la).values_list("child_id", "ref")),
            schema={"child_id": pl.Utf8, "ref": pl.Utf8},
            orient="row",
        )
        rows = frame.join(refs, on="child_id", how="left").sort(["team", "child_id"]).to_dicts()
        for team in dict.fromkeys(r["team"] for r in rows):
            teams.append({"team": team, "rows": [r for r in rows if r["team"] == team]})
    AccessLog.record(
        request,
        AccessLog.VIEW_OVERDUE_VISITS,
        la=la,
        detail=(f"as at {as_at.isoformat()}, {len(rows)} listed" if as_at else "no list shown"),
    )
    context = {
        "la": la,
        "as_at": as_at,
        "date_error": error,
        "extracts": extracts,
        "summary": summary,
        "teams": teams,
        "total": len(rows),
        "standard": standard(),
    }
    return render(request, "dashboard/overdue_visits.html", context, status=400 if error else 200)
