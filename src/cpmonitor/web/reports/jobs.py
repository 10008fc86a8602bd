"""The scrutiny report as a background task, like the upload jobs (:mod:`..uploads.jobs`).

The Reports page only writes a :class:`~.models.ReportJob` and queues :func:`build_task` on the
django-tasks database backend; a worker (``db_worker``, which ``cpmonitor serve`` starts)
builds the report (:func:`cpmonitor.report.build_report`) from the stored returns and writes
the file into the private report folder (``CPMONITOR_REPORT_DIR``, 0700, the file 0600). The
web process never builds a report, so a PDF of a large council no longer holds a worker.

- **Exactly one task per job**: :func:`start` moves the job from the state it must be in with
  one conditional ``UPDATE`` and queues the task in the same transaction.
- **Interrupted work shows as failed**: while the task runs it holds the job's lock file
  (``flock``, the same lock as an upload job's: released by the operating system however the
  worker ends). :func:`check_interrupted` (the status page and its JSON) marks a job a worker
  took but whose lock is free as failed, saying what to do; :func:`retry` queues it again.
- The file is deleted with its job after the uploads' retention (:func:`purge`).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cpmonitor.datadir import PRIVATE_FILE, private_dir, private_file

from .. import job_locks
from ..uploads.retention import retention
from .models import ReportJob

log = logging.getLogger("cpmonitor.web.reports")
INTERRUPTED = (
    "Making the report was interrupted: the server stopped while it ran. No file was kept."
)


def _set(job_id, **fields) -> int:
    return ReportJob.objects.filter(pk=job_id).update(**fields)


def folder(job_id) -> Path:
    """The job's own private folder (its file, and nothing else)."""
    return Path(settings.CPMONITOR_REPORT_DIR) / str(job_id)


def build(job_id) -> None:
    """Build the report the job asks for and write it to its private folder."""
    from cpmonitor.periods import parse_period
    from cpmonitor.report import ReportError, write_report

    from .selectors import committee_report

    job = ReportJob.objects.get(pk=job_id)
    try:
        _set(job_id, stage="Reading the stored returns and computing the figures")
        report = committee_report(
            job.la,
            parse_period(job.period) if job.period else None,
            job.as_at,
            job.restricted,
            job.audit,
        )
        _set(job_id, stage=f"Writing the {job.format_label} file")
        out = private_dir(folder(job_id)) / f"report{job.fmt}"
        # born private (0600), whatever the process's umask
        os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE))
        out = write_report(report, out)
        private_file(out)  # (a writer that replaces the file: private again)
        _set(
            job_id,
            status=ReportJob.DONE,
            stage="Ready",
            path=str(out),
            size=out.stat().st_size,
            period_label=report.period_label,
            finished=timezone.now(),
        )
    except ReportError as exc:  # the choices do not fit the data: say which
        shutil.rmtree(folder(job_id), ignore_errors=True)
        _set(job_id, status=ReportJob.FAILED, stage="Failed", error=str(exc))
    except Exception as exc:  # never a traceback on a user's page
        log.exception("report job failed")
        shutil.rmtree(folder(job_id), ignore_errors=True)
        _set(
            job_id,
            status=ReportJob.FAILED,
            stage="Failed",
            error=f"The report could not be made ({type(exc).__name__}).",
        )


@task()
def build_task(job_id: str) -> None:
    """The report, made by a worker, holding the job's lock while it runs."""
    with job_locks.holding(job_id):
        moved = ReportJob.objects.filter(pk=job_id, status=ReportJob.QUEUED).update(
            status=ReportJob.RUNNING, started=timezone.now(), stage="Starting"
        )
        if moved:  # (a job deleted or already done meanwhile: nothing to do)
            build(job_id)


def start(job: ReportJob, *, from_status: str = ReportJob.QUEUED) -> bool:
    """Queue the job's task, once: False (nothing queued) when it was no longer in
    ``from_status`` (a second retry, another tab)."""
    with transaction.atomic():
        moved = ReportJob.objects.filter(pk=job.pk, status=from_status).update(
            status=ReportJob.QUEUED,
            stage="Waiting to start",
            started=None,
            error="",
            interrupted=False,
        )
        if moved:
            _set(job.pk, task_id=str(build_task.enqueue(str(job.pk)).id))
    return bool(moved)


def check_interrupted(job: ReportJob) -> ReportJob:
    """Mark ``job`` failed if a worker took it and has since ended without finishing it."""
    if job.status != ReportJob.RUNNING or job.started is None or not job_locks.runner_gone(job.pk):
        return job
    ReportJob.objects.filter(pk=job.pk, status=job.status, started=job.started).update(
        status=ReportJob.FAILED, stage="Interrupted", error=INTERRUPTED, interrupted=True
    )
    shutil.rmtree(folder(job.pk), ignore_errors=True)  # a half-written file
    job.refresh_from_db()
    return job


def retry(job: ReportJob) -> bool:
    """Queue a failed job again (the same choices)."""
    return job.status == ReportJob.FAILED and start(job, from_status=ReportJob.FAILED)


def file_kept(job: ReportJob) -> bool:
    return job.status == ReportJob.DONE and bool(job.path) and Path(job.path).is_file()


def purge(now=None) -> int:
    """Delete report jobs and their files older than the uploads' retention
    (``CPMONITOR_UPLOAD_RETENTION_HOURS``): a restricted report names children. A job still
    being made is left to finish; a folder that belongs to no job goes once as old."""
    now = now or timezone.now()
    cutoff = now - retention()
    deleted = 0
    for job in ReportJob.objects.filter(created__lt=cutoff):
        job = check_interrupted(job)
        if job.status == ReportJob.RUNNING:
            continue
        shutil.rmtree(folder(job.pk), ignore_errors=True)
        deleted += ReportJob.objects.filter(pk=job.pk, status=job.status).delete()[0]
    root = Path(settings.CPMONITOR_REPORT_DIR)
    known = {str(pk) for pk in ReportJob.objects.values_list("pk", flat=True)}
    for stray in root.iterdir() if root.is_dir() else ():
        if stray.name not in known and stray.stat().st_mtime < cutoff.timestamp():
            if stray.is_dir():
                shutil.rmtree(stray, ignore_errors=True)
            else:
                stray.unlink(missing_ok=True)
    return deleted
