"""The scrutiny report page: the core's report (:mod:`cpmonitor.report`) from the stored returns."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cpmonitor.periods import PeriodError, parse_period

from .. import councils
from ..audits import selectors as audits
from ..reports.models import ReportJob
from ..store import services
from .filters import OptionalDateField, date_text_into_boxes


class ReportForm(forms.Form):
    period = forms.CharField(
        label="Period",
        required=False,
        help_text="Leave blank for the year to date. Or a year (2015-16) or dates (2016-04-01..2016-08-31)",
    )
    as_at = OptionalDateField(
        label="Figures as at",
        help_text="For example, 31 8 2016. Leave it blank for the latest return's reference date",
    )
    fmt = forms.ChoiceField(
        label="Format",
        choices=list(ReportJob.FORMATS.items()),
        initial=".pdf",
    )
    restricted = forms.BooleanField(
        label="Restricted version: lists the children behind the figure (OFFICIAL-SENSITIVE)",
        required=False,
    )

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
    """Ask for the committee report (published by default: small numbers suppressed, no child
    identifiers). A valid request queues a background job (:mod:`cpmonitor.web.reports.jobs`)
    and goes to its status page, from which the file is downloaded; downloading the restricted
    version is recorded in the access log."""
    from cpmonitor.report import ReportError

    from ..reports import jobs

    las = councils.visible(request.user, services.loaded_las())
    if not las:
        return render(request, "dashboard/empty.html")
    la = request.POST.get("la") if request.POST.get("la") in las else las[0]
    form = ReportForm(
        date_text_into_boxes(request.POST, "as_at") if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data
        audit = request.POST.get("audit", "")
        try:
            audits.for_report(audit, la)  # a wrong audit is said now, not by the job
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            jobs.purge()  # reports older than the retention go as new ones are asked for
            job = ReportJob.objects.create(
                user=request.user,
                la=la,
                period=request.POST.get("period", "").strip(),
                as_at=choice["as_at"],
                fmt=choice["fmt"],
                restricted=choice["restricted"],
                audit=audit,
            )
            jobs.start(job)
            return redirect("reports:status", job=job.pk)
    context = {
        "form": form,
        "las": las,
        "la": la,
        "recent": ReportJob.objects.filter(user=request.user, la__in=las)[:5],
        "retention_hours": f"{jobs.retention().total_seconds() / 3600:g}",
        **audits.report_choice(
            las, la, request.POST.get("audit", "") if request.method == "POST" else None
        ),
    }
    status = 400 if request.method == "POST" else 200  # a valid POST has been redirected
    return render(request, "dashboard/reports.html", context, status=status)
