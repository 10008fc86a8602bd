"""Upload pages: upload, see the check, confirm the import, watch progress."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..councils import councils_of, not_theirs
from ..store.models import ImportBatch
from . import jobs
from .models import UploadJob


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Census returns (XML)",
        help_text="One or more CIN census XML files. Nothing is imported until you confirm.",
    )


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@require_http_methods(["GET", "POST"])
def index(request):
    """Upload files (saved, hashed, then checked in the background), and what is loaded."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = UploadJob.objects.create(user=request.user)
        folder = settings.CPMONITOR_UPLOAD_DIR / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for n, upload in enumerate(form.cleaned_data["files"]):
            name = _SAFE.sub("_", upload.name)[-100:] or "return.xml"
            (folder / f"{n:03d}").mkdir()
            path = folder / f"{n:03d}" / name  # one folder per file: the name stays as sent
            digest = hashlib.sha256()
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    digest.update(chunk)
                    out.write(chunk)
            saved.append(
                {
                    "name": upload.name[:200],
                    "path": str(path),
                    "sha256": digest.hexdigest(),
                    "size": upload.size,
                }
            )
        job.files = saved
        job.save(update_fields=["files"])
        jobs.start(jobs.check, job.pk)
        return redirect("uploads:status", job=job.pk)
    context = {
        "form": form,
        "batches": ImportBatch.objects.filter(la__in=councils_of(request.user)).select_related(
            "imported_by"
        ),
        "recent": UploadJob.objects.filter(user=request.user)[:10],
    }
    return render(request, "uploads/index.html", context)


def status(request, job):
    """Where the job has got to; refreshes itself while it runs."""
    job = get_object_or_404(UploadJob, pk=job, user=request.user)
    return render(request, "uploads/status.html", {"job": job})


@require_POST
def confirm(request, job):
    """The analyst has seen the issues and confirms: import all or nothing."""
    job = get_object_or_404(UploadJob, pk=job, user=request.user)
    if job.status != UploadJob.CHECKED:
        raise Http404
    if not_theirs(request.user, [r["la"] for r in job.report.get("returns", [])]):
        raise Http404  # the check refuses these; a council removed since: not theirs now
    UploadJob.objects.filter(pk=job.pk).update(
        status=UploadJob.IMPORTING, progress=0, stage="Starting"
    )
    jobs.start(jobs.run_import, job.pk, request.user)
    return redirect("uploads:status", job=job.pk)
