"""Upload pages: upload, see the check, confirm the import, watch progress."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..councils import not_theirs
from . import jobs, retention, selectors, services
from .models import UploadJob


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _size(size: int) -> str:
    mb = size / 1024 / 1024
    return f"{mb:,.0f} MB" if mb >= 1 else f"{size / 1024:,.0f} KB"


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data]
        cleaned = []
        limit = settings.CPMONITOR_UPLOAD_MAX_MB
        for upload in files:
            if getattr(upload, "size", 0) > limit * 1024 * 1024:
                raise forms.ValidationError(
                    f"{upload.name} is {_size(upload.size)}: the largest file "
                    f"accepted is {limit:g} MB. A CIN census return of a large council is "
                    "well under this; check it is the right file.",
                    code="too_big",
                )
        if any(getattr(upload, "refused", False) for upload in files):  # limits.py
            total = sum(getattr(upload, "size", 0) for upload in files)
            raise forms.ValidationError(
                f"These {len(files)} files are {_size(total)} together: the most accepted in "
                f"one upload is {limit:g} MB. Upload them a few at a time.",
                code="too_big",
            )
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
            except forms.ValidationError as exc:
                if getattr(upload, "name", None) and exc.code == "empty":
                    raise forms.ValidationError(
                        f"{upload.name} is empty: choose the census XML or Annex A file itself",
                        code="empty",
                    ) from None
                raise
        return cleaned


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Census returns (XML) and Annex A workbooks (.xlsx)",
        help_text=(
            "One or more CIN census XML files and Ofsted Annex A workbooks. Put the council's "
            "3-digit code and the extract date in a workbook's name (annex_a_123_2026-08-31.xlsx)"
            " unless you upload it with that council's returns. Nothing is imported until you "
            "confirm."
        ),
    )


@require_http_methods(["GET", "POST"])
def index(request):
    """Upload files (saved, hashed, then checked in the background), and what is loaded."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        retention.purge()  # uploads older than the retention go as new ones arrive
    if request.method == "POST" and form.is_valid():
        job = services.receive(request.user, form.cleaned_data["files"])
        jobs.start_check(job)
        return redirect("uploads:status", job=job.pk)
    context = {"form": form, **selectors.loaded_for(request.user)}
    return render(request, "uploads/index.html", context)


def _job(request, pk) -> UploadJob:
    job = get_object_or_404(UploadJob, pk=pk, user=request.user)
    return jobs.check_interrupted(job)


def status(request, job):
    """Where the job has got to. No automatic refresh (WCAG 2.2.1): a small script asks for
    :func:`progress` and updates the page, and without JavaScript there is a Refresh link."""
    job = _job(request, job)
    context = {"job": job, "can_retry": job.report.get("interrupted") and jobs.files_kept(job)}
    return render(request, "uploads/status.html", context)


def progress(request, job):
    """The job's state as JSON, for the status page's script."""
    job = _job(request, job)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "stage": job.stage,
            "progress": job.progress,
            "running": job.running,
            "waiting": job.running and job.started is None,
        }
    )


@require_POST
def confirm(request, job):
    """The analyst has seen the issues and confirms: import all or nothing, once."""
    job = get_object_or_404(UploadJob, pk=job, user=request.user)
    if job.status not in (UploadJob.CHECKED, UploadJob.IMPORTING, UploadJob.DONE):
        raise Http404
    report = job.report
    las = [r["la"] for r in [*report.get("returns", []), *report.get("workbooks", [])]]
    if not_theirs(request.user, las):
        raise Http404  # the check refuses these; a council removed since: not theirs now
    jobs.start_import(job)  # a second confirm finds the import started and starts nothing
    return redirect("uploads:status", job=job.pk)


@require_POST
def retry(request, job):
    """Start an interrupted check or import again (its files are still here)."""
    job = _job(request, job)
    if not jobs.retry(job) and job.status == UploadJob.FAILED:
        raise Http404
    return redirect("uploads:status", job=job.pk)
