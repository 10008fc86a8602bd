"""Uploads are kept for ``CPMONITOR_UPLOAD_RETENTION_HOURS`` (default 24), then deleted.

An uploaded return and the report of its check hold children's personal data. What is
imported lives on in the database (the import batches); the upload itself is only needed
until the analyst confirms or walks away. So every upload older than the retention is
deleted, whatever became of it: never confirmed (``checked``), refused, imported, failed, or
a check or import whose worker died (found by :func:`~.jobs.check_interrupted`). A step
still running is left alone. Folders in the upload directory that belong to no job (a
request killed while saving) go too, once as old.

:func:`purge` runs at the start of each upload (``uploads.views.index``: new personal data
arrives, old goes, no scheduler needed) and when ``cpmonitor serve`` starts; the management
command ``purge_uploads`` runs it from a timer (cron, systemd) where uploads are rare.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import jobs
from .models import UploadJob


@dataclass(frozen=True)
class Purged:
    jobs: int
    folders: int


def retention() -> timedelta:
    return timedelta(hours=float(settings.CPMONITOR_UPLOAD_RETENTION_HOURS))


def purge(now=None) -> Purged:
    """Delete the uploads (files, folder, job and its report) older than the retention."""
    now = now or timezone.now()
    cutoff = now - retention()
    deleted = 0
    for job in UploadJob.objects.filter(created__lt=cutoff):
        job = jobs.check_interrupted(job)
        if job.running:
            continue  # a worker is on it now; the next purge takes it
        jobs.discard_files(job)
        shutil.rmtree(Path(settings.CPMONITOR_UPLOAD_DIR) / str(job.pk), ignore_errors=True)
        deleted += UploadJob.objects.filter(pk=job.pk, status=job.status).delete()[0]
    known = {str(pk) for pk in UploadJob.objects.values_list("pk", flat=True)}
    folders = 0
    root = Path(settings.CPMONITOR_UPLOAD_DIR)
    oldest = cutoff.timestamp()
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.name not in known and folder.stat().st_mtime < oldest:
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                folder.unlink(missing_ok=True)
            folders += 1
    return Purged(deleted, folders)
