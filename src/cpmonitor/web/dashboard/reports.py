"""The scrutiny report page: the core's report (:mod:`cpmonitor.report`) from the stored returns."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cpmonitor.periods import PeriodError, check_date, parse_period

from .. import councils
from ..accounts.models import AccessLog
from ..audits import selectors as audits
from ..store import services
from . import selectors

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
}


class ReportForm(forms.Form):
    period = forms.CharField(
        label="Period",
        required=False,
        help_text="Leave blank for the year to date. Or a year (2015-16) or dates (2016-04-01..2016-08-31)",
    )
    as_at = forms.DateField(
        label="Figures as at",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD. Leave blank for the latest return's reference date",
    )
    fmt = forms.ChoiceField(
        label="Format",
        choices=[(".pdf", "PDF"), (".docx", "Word"), (".xlsx", "Excel"), (".html", "Web page")],
        initial=".pdf",
    )
    restricted = forms.BooleanField(
        label="Restricted version: lists the children behind the figure (OFFICIAL-SENSITIVE)",
        required=False,
    )

    def clean_as_at(self):
        day = self.cleaned_data["as_at"]
        try:
            return None if day is None else check_date(day, "The date")
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


@require_http_methods(["GET", "POST"])
def reports(request, la: str | None = None):
    """Generate and download the committee report (published by default: small numbers
    suppressed, no child identifiers); the restricted version is recorded in the access log."""
    from cpmonitor.report import ReportError

    las = councils.visible(request.user, services.loaded_las())
    if not las:
        return render(request, "dashboard/empty.html")
    la = request.POST.get("la") if request.POST.get("la") in las else las[0]
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data
        try:
            report = selectors.committee_report(
                la,
                choice["period"],
                choice["as_at"],
                choice["restricted"],
                request.POST.get("audit", ""),
            )
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            body = selectors.report_file(report, choice["fmt"])
            if choice["restricted"]:
                AccessLog.record(
                    request,
                    AccessLog.EXPORT_REPORT,
                    la=la,
                    detail=f"restricted report {choice['fmt']}, {report.period_label}",
                )
            name = f"repeat-plans-report-{la}-{date.today():%Y-%m-%d}{choice['fmt']}"
            response = HttpResponse(body, content_type=CONTENT_TYPES[choice["fmt"]])
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    posted = request.POST.get("audit", "") if request.method == "POST" else None
    context = {"form": form, "las": las, "la": la, **audits.report_choice(las, la, posted)}
    status = 400 if request.method == "POST" else 200  # a valid POST has returned the file
    return render(request, "dashboard/reports.html", context, status=status)
