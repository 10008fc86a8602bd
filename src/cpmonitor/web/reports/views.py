"""A report job's pages: where it has got to (and its JSON), the download, a retry."""

from __future__ import annotations

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import councils
from ..accounts.models import AccessLog
from ..uploads.retention import retention
from . import jobs
from .models import ReportJob


def _job(request, pk) -> ReportJob:
    """The job, for the user who asked for it only, while its council is still theirs."""
    job = get_object_or_404(ReportJob, pk=pk, user=request.user)
    if not councils.visible(request.user, [job.la]):
        raise Http404  # a council taken from them since: not theirs now
    return jobs.check_interrupted(job)


def status(request, job):
    """Where the report has got to. No automatic refresh (WCAG 2.2.1): the uploads' script
    asks for :func:`progress` and updates the page; without JavaScript, a Refresh link."""
    job = _job(request, job)
    context = {"job": job, "kept": jobs.file_kept(job), "deleted_at": job.created + retention()}
    return render(request, "reports/status.html", context)


def progress(request, job):
    """The job's state as JSON, for the status page's script."""
    job = _job(request, job)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "stage": job.stage,
            "running": job.running,
            "waiting": job.status == ReportJob.QUEUED,
        }
    )


def download(request, job):
    """The file, to the user who asked for it; the restricted version is logged."""
    job = _job(request, job)
    if not jobs.file_kept(job):
        raise Http404
    if job.restricted:
        AccessLog.record(
            request,
            AccessLog.EXPORT_REPORT,
            la=job.la,
            detail=f"restricted report {job.fmt}, {job.period_label}",
        )
    response = FileResponse(
        open(job.path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=job.download_name,
        content_type=ReportJob.CONTENT_TYPES[job.fmt],
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def retry(request, job):
    """Queue a failed report again, with the same choices."""
    job = _job(request, job)
    if not jobs.retry(job) and job.status == ReportJob.FAILED:
        raise Http404
    return redirect("reports:status", job=job.pk)
