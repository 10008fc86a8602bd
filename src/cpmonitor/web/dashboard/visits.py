"""Statutory visits on the dashboard, and for managers the children whose visit is overdue.

Both are thin (the reads are in :mod:`.selectors`): the figures are
:func:`cpmonitor.measures.visits.visits` and :func:`~cpmonitor.measures.visits.overdue` over the council's stored Annex A workbooks, at a
workbook's extract date (only a workbook extracted on a day knows each child's last visit on
or before it). The standard is the council's local standard in working days
(``CPMONITOR_VISIT_STANDARD_DAYS``; DfE sets none). The overdue list names children, teams
and workers: managers only, and every view is recorded in the access log.
"""

from __future__ import annotations

from django.shortcuts import render

from cpmonitor.report import words as w

from ..accounts.models import AccessLog
from . import query, selectors


def overdue_visits(request):
    """The children on a plan whose statutory visit is overdue, by team (managers only;
    access-logged). ``?as_at=`` picks a workbook's extract date; default the newest."""
    la = query.council(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    asked, error = query.asked_date(request)
    extracts = selectors.visit_extracts(la)
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
        summary, rows = selectors.overdue_visits(la, as_at)
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
        "standard": selectors.visit_standard(),
    }
    return render(request, "dashboard/overdue_visits.html", context, status=400 if error else 200)
