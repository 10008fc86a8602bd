"""Background work for uploads: check (read and validate) then import, each a task.

Each step is a task of the django-tasks framework on its database backend
(``settings.TASKS``): the request that starts it only writes a row, and a worker process
(``db_worker``; ``cpmonitor serve`` starts one) runs it, so the web server's processes stay
free and a job waits through a restart instead of being lost.

- **Exactly one import per confirm**: :func:`start` moves the job from the state it must be in
  (``checked``) with one conditional ``UPDATE`` and enqueues the task in the same transaction;
  a second confirm (a double click, two tabs) finds the job no longer ``checked`` and starts
  nothing.
- **Interrupted work shows as failed**: while a task runs it holds an exclusive lock
  (``flock``) on its job's lock file in ``CPMONITOR_JOB_LOCK_DIR``; the operating system
  releases it when the process ends, however it ends. :func:`check_interrupted` (called by
  the status page and its JSON) finds a job that a worker took but whose lock is free, and
  marks it failed, saying what to do; :func:`retry` starts the same step again (the import is
  one transaction, :func:`~cpmonitor.web.store.services.import_census`: all or nothing).
- The status page shows the progress stored on the job (see ``uploads/status.html``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cpmonitor.census.dataset import CensusData
from cpmonitor.census.load import load
from cpmonitor.periods import year_label

from .. import job_locks
from ..councils import councils_of, not_theirs
from ..store import services
from . import compare
from .models import UploadJob

log = logging.getLogger("cpmonitor.web.uploads")
ISSUES_SHOWN = 200
INTERRUPTED = (
    "The {step} was interrupted: the server stopped while it ran. Nothing was changed "
    "(an import is all or nothing)."
)


def _set(job_id, **fields) -> None:
    UploadJob.objects.filter(pk=job_id).update(**fields)


def read_files(job: UploadJob, share: tuple[int, int] = (0, 100)) -> CensusData:
    """Read every uploaded file with the core's loader (:func:`cpmonitor.census.load.load`),
    reporting the file being read and the progress (``share``: the percentages it spans).

    A file that cannot be read is rejected with the reason and the others still load.
    ``.xlsx`` files are Ofsted Annex A workbooks, read after the returns and joined in: their
    council comes from the file name, else the returns uploaded with them when that is one
    council, else the uploader's councils with returns stored; their extract date from the
    file name or a title row.
    """
    low, high = share
    names = uploaded_names(job)
    last = {"pct": -1, "file": None}

    def progress(done: int, total: int, file: str) -> None:
        if file != last["file"]:
            last["file"] = file
            _set(job.pk, stage=f"Reading {names.get(file) or _name(file)}")
        pct = min(high, low + (high - low) * done // max(total, 1))
        if pct != last["pct"]:
            last["pct"] = pct
            _set(job.pk, progress=pct)

    books = any(f["name"].lower().endswith(".xlsx") for f in job.files)
    known = set(services.loaded_las()) & set(councils_of(job.user)) if books else set()
    return load([f["path"] for f in job.files], progress=progress, known_las=known)


def discard_files(job: UploadJob) -> None:
    """Delete the uploaded files once they are no longer needed (imported or refused)."""
    for f in job.files:
        folder = Path(f["path"]).parent.parent
        shutil.rmtree(folder, ignore_errors=True)


def _name(path: str) -> str:
    return Path(path).name


def uploaded_names(job: UploadJob) -> dict[str, str]:
    """Each saved file's path -> the name it was uploaded as (what the user knows it by)."""
    return {f["path"]: f["name"] for f in job.files}


def check(job_id) -> None:
    """Read the files and record what was found; the analyst then confirms (or not)."""
    job = UploadJob.objects.get(pk=job_id)
    try:
        data = read_files(job)
        counts = Counter(i.severity for i in data.issues)
        report = {
            "returns": [
                {
                    "file": _name(r.file),
                    "la": r.la,
                    "census_year": r.census_year,
                    "year": year_label(r.census_year),
                    "children": r.children,
                    "year_source": r.year_source,
                }
                for r in data.returns
            ],
            "rejected": [
                {"file": uploaded_names(job).get(r.file) or _name(r.file), "reason": r.reason}
                for r in data.rejected
            ],
            "workbooks": [
                {
                    "file": uploaded_names(job).get(a.file) or _name(a.file),
                    "la": a.la,
                    "la_source": a.la_source,
                    "extract_date": f"{a.extract_date.day} {a.extract_date:%B %Y}",
                    "date_source": a.date_source,
                    "plans": a.plans.height,
                }
                for a in data.annex_a
            ],
            "counts": dict(counts),
            "issues": [
                {**i.as_dict(), "file": _name(i.file)}
                for i in sorted(
                    data.issues, key=lambda i: ("error", "warning", "notice").index(i.severity)
                )[:ISSUES_SHOWN]
            ],
            "issues_total": len(data.issues),
        }
        try:
            services.check_importable(data, uploaded_names(job))
            if reason := not_theirs(job.user, data.las):
                raise services.ImportRefused(reason)
            status = UploadJob.CHECKED
            # the stored returns and these together, as after the import: issues, what is
            # replaced, how the figures change
            _set(job_id, stage="Checking against the stored returns")
            report.update(compare.upload_check(data, {f["path"]: f["sha256"] for f in job.files}))
        except services.ImportRefused as exc:
            report["refused"] = exc.reason
            status = UploadJob.REFUSED
            discard_files(job)
        _set(job_id, status=status, report=report, progress=100, stage="Checked")
    except Exception as exc:  # never a traceback on a user's data
        log.exception("upload check failed")
        _set(
            job_id,
            status=UploadJob.FAILED,
            stage="Check failed",
            report={"error": f"The files could not be checked ({type(exc).__name__})."},
        )


def run_import(job_id, user) -> None:
    """Read again and import all or nothing; record what changed."""
    job = UploadJob.objects.get(pk=job_id)
    try:
        data = read_files(job, share=(0, 60))
        hashes = {f["path"]: f["sha256"] for f in job.files}

        def progress(done: int, total: int, stage: str) -> None:
            _set(job_id, progress=60 + 40 * done // max(total, 1), stage=stage)

        result = services.import_census(data, hashes=hashes, user=user, progress=progress)
        report = {
            **job.report,
            "result": {
                "added": result.added,
                "replaced": result.replaced,
                "unchanged": result.unchanged,
                "rows": result.rows,
            },
        }
        _set(job_id, status=UploadJob.DONE, progress=100, stage="Imported", report=report)
    except services.ImportRefused as exc:
        _set(
            job_id,
            status=UploadJob.REFUSED,
            stage="Refused",
            report={**job.report, "refused": exc.reason},
        )
    except Exception as exc:
        log.exception("upload import failed")
        _set(
            job_id,
            status=UploadJob.FAILED,
            stage="Import failed",
            report={
                **job.report,
                "error": f"The import failed ({type(exc).__name__}); nothing was changed.",
            },
        )
    finally:
        discard_files(job)  # imported, refused or failed: the files are not needed again


@contextlib.contextmanager
def _running(job_id) -> Iterator[None]:
    """Hold the job's lock while its task runs (released by the OS if the process dies)."""
    with job_locks.holding(job_id):
        _set(job_id, started=timezone.now())
        yield


def files_kept(job: UploadJob) -> bool:
    """Whether the uploaded files are still on disk (an interrupted job can be retried)."""
    return bool(job.files) and all(Path(f["path"]).is_file() for f in job.files)


def check_interrupted(job: UploadJob) -> UploadJob:
    """Mark ``job`` failed if a worker took it and has since ended without finishing it."""
    if not job.running or job.started is None or not job_locks.runner_gone(job.pk):
        return job
    step = "import" if job.status == UploadJob.IMPORTING else "check"
    report = {**job.report, "error": INTERRUPTED.format(step=step), "interrupted": step}
    UploadJob.objects.filter(pk=job.pk, status=job.status, started=job.started).update(
        status=UploadJob.FAILED, stage=f"{step.capitalize()} interrupted", report=report
    )
    job.refresh_from_db()
    return job


@task()
def check_task(job_id: str) -> None:
    """The check, run by a worker."""
    with _running(job_id):
        check(job_id)


@task()
def import_task(job_id: str, user_id: int) -> None:
    """The import, run by a worker."""
    from django.contrib.auth import get_user_model

    with _running(job_id):
        run_import(job_id, get_user_model().objects.get(pk=user_id))


def _enqueue(job_id, step: str, user_id: int) -> None:
    result = (
        check_task.enqueue(str(job_id))
        if step == "check"
        else import_task.enqueue(str(job_id), user_id)
    )
    _set(job_id, task=step, task_id=str(result.id))


def start_check(job: UploadJob) -> None:
    """Queue the check of a new upload."""
    with transaction.atomic():
        _enqueue(job.pk, "check", job.user_id)


def start(job: UploadJob, step: str, *, from_status: str, stage: str) -> bool:
    """Move ``job`` from ``from_status`` and queue ``step``; False (and nothing queued) when
    the job was no longer in that state: a second confirm or retry starts nothing."""
    status = UploadJob.IMPORTING if step == "import" else UploadJob.CHECKING
    with transaction.atomic():
        moved = UploadJob.objects.filter(pk=job.pk, status=from_status).update(
            status=status, progress=0, stage=stage, started=None
        )
        if moved:
            _enqueue(job.pk, step, job.user_id)
    return bool(moved)


def start_import(job: UploadJob) -> bool:
    """The analyst confirmed: queue the import, once."""
    return start(job, "import", from_status=UploadJob.CHECKED, stage="Waiting to start")


def retry(job: UploadJob) -> bool:
    """Start an interrupted step again, when its files are still here."""
    step = job.report.get("interrupted")
    if job.status != UploadJob.FAILED or step not in ("check", "import") or not files_kept(job):
        return False
    report = {k: v for k, v in job.report.items() if k not in ("error", "interrupted")}
    UploadJob.objects.filter(pk=job.pk, status=UploadJob.FAILED).update(report=report)
    return start(job, step, from_status=UploadJob.FAILED, stage="Waiting to start")


def run_queued(max_tasks: int | None = None) -> None:
    """Run the queued tasks in this process until none is left (tests; the demo loader).

    The database worker of ``db_worker`` in batch mode, without its signal handlers.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"inline-{os.getpid()}",
        excluded_queue_names=[],
    ).run()
