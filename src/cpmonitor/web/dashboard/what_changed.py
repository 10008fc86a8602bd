"""The "What changed" page and, for managers only, the early-warning list.

Both are thin: the figures and their words are the core's and the report's
(:mod:`cpmonitor.report.sections.what_changed`, unsuppressed as every dashboard figure is, for
officers), the list is :func:`cpmonitor.measures.early_warning.early_warning`. Every view and every
download (CSV or XLSX, written as the other child lists are: :mod:`cpmonitor.web.exports`)
of the list is recorded in the access log.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from cpmonitor import codes
from cpmonitor.measures.risk import GROUPING_NAMES
from cpmonitor.periods import PeriodError, parse_period, year_to_date
from cpmonitor.report import words as w
from cpmonitor.report.model import Chart, Heading, Notice, Paragraph, Table

from ..accounts.models import AccessLog
from ..exports import table_response
from ..store import services
from . import charts, filters, query, selectors

NUMERIC = ("count", "percent", "number", "interval")


def _blocks(section) -> list[dict]:
    """A report section's blocks as plain data for the template."""
    out = []
    for b in section.blocks:
        if isinstance(b, Paragraph):
            out.append({"kind": "p", "text": b.text, "lead": b.lead})
        elif isinstance(b, Notice):
            out.append({"kind": "notice", "text": b.text, "warning": b.kind == "warning"})
        elif isinstance(b, Heading):
            out.append({"kind": "h", "text": b.text})
        elif isinstance(b, Chart):
            out.append({"kind": "chart", "src": charts.from_report(b), "alt": b.alt})
        elif isinstance(b, Table):
            numeric = [c.kind in NUMERIC for c in b.columns]
            out.append(
                {
                    "kind": "table",
                    "key": b.key,
                    "title": b.title,
                    "headers": list(zip([c.label for c in b.columns], numeric, strict=True)),
                    "rows": [
                        [(w.cell(v, c), n) for v, c, n in zip(row, b.columns, numeric, strict=True)]
                        for row in b.rows
                    ],
                    "notes": b.notes,
                    "total_row": b.total_row,
                }
            )
    return out


def what_changed(request):
    """The change since a year earlier (chance, mix and rate) and the re-plan curves."""
    la = query.council(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    text = request.GET.get("period", "").strip()
    error = None
    period = year_to_date(selectors.latest_date(la))
    if text:
        try:
            period = parse_period(text)
        except PeriodError as exc:
            error = str(exc)
    context = {
        "la": la,
        "las": services.loaded_las(),
        "period": period,
        "period_name": w.period_name(period),
        "period_text": text,
        "period_error": error,
        "blocks": _blocks(selectors.what_changed(la, period)),
    }
    return render(request, "dashboard/what_changed.html", context)


def _early_warning(request) -> dict | None:
    """The list the page and its downloads show (``None``: no council loaded). Under a bad
    date (GOV.UK error pattern) only the form, with its error: ``rows`` is ``None``."""
    la = query.council(request)
    if la is None:
        return None
    by = request.GET.get("by", "plan_length")
    if by not in GROUPING_NAMES:
        by = "plan_length"
    form = filters.ListAsAtForm.from_query(request.GET)
    found = {"la": la, "by": by, "form": form, "rows": None}
    if not form.is_valid():
        return found
    as_at = form.cleaned_data["as_at"] or selectors.latest_date(la)
    rows, curves, window, reference = selectors.early_warning(la, as_at, by)
    found.update(
        as_at=as_at,
        form=filters.ListAsAtForm(initial={"as_at": as_at}),
        rows=rows,
        curves=curves,
        window=window,
        reference=reference,
    )
    return found


def _form_only(request, found):
    """The page with the form and its error, no list (HTTP 400)."""
    context = {
        "la": found["la"],
        "form": found["form"],
        "by": found["by"],
        "groupings": GROUPING_NAMES,
        "group_name": GROUPING_NAMES[found["by"]],
    }
    return render(request, "dashboard/early_warning.html", context, status=400)


def early_warning(request):
    """Children whose plan ended in the last 24 months and who are back in contact
    (managers only; access-logged)."""
    found = _early_warning(request)
    if found is None:
        return render(request, "dashboard/empty.html")
    if found["rows"] is None:
        return _form_only(request, found)
    la, as_at, by, rows = found["la"], found["as_at"], found["by"], found["rows"]
    AccessLog.record(
        request,
        AccessLog.VIEW_EARLY_WARNING,
        la=la,
        detail=f"as at {as_at.isoformat()}, by {by}, {len(rows)} listed",
    )
    context = {
        "la": la,
        "as_at": as_at,
        "form": found["form"],
        "by": by,
        "groupings": GROUPING_NAMES,
        "group_name": GROUPING_NAMES[by],
        "rows": rows,
        "window": found["window"],
        "window_text": w.period_span(found["window"]),
        "reference_text": w.period_span(found["reference"]),
        "curves": [c for c in found["curves"] if c.plans_ended],
        "export_query": request.GET.urlencode(),
    }
    return render(request, "dashboard/early_warning.html", context)


def early_warning_export(request):
    """The early-warning list as CSV or XLSX, as the page shows it (categories in words with
    their codes beside them); every download is recorded in the access log."""
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = _early_warning(request)
    if found is None:
        raise Http404
    if found["rows"] is None:
        return _form_only(request, found)
    la, as_at, by, rows = found["la"], found["as_at"], found["by"], found["rows"]
    fields = [
        ("child_id", "LAchildID"),
        ("start_date", "Plan started"),
        ("end_date", "Plan ended"),
        ("initial_category", "Category of abuse"),
        ("latest_category", "Latest category"),
        ("group_label", GROUPING_NAMES[by][:1].upper() + GROUPING_NAMES[by][1:]),
        ("contacts", "Since the plan ended"),
        ("risk_12", "New plan within 12 months, group %"),
        ("risk_24", "Within 24 months, group %"),
    ]
    headers, worded = codes.with_words(fields, rows)
    AccessLog.record(
        request,
        AccessLog.EXPORT_EARLY_WARNING,
        la=la,
        detail=f"{fmt.upper()}, as at {as_at.isoformat()}, by {by}, {len(rows)} listed",
    )
    name = f"early-warning-{la}-{as_at.isoformat()}"
    return table_response(fmt, name, "Early warning", headers, worded)
