"""Background work for uploads: check (read and validate) then import, in a thread each.

A thread keeps the page responsive for large returns; the status page refreshes itself
(``<meta http-equiv="refresh">``, no JavaScript) and shows the progress stored on the job.
The import itself is one database transaction (:func:`~cpmonitor.web.store.services.import_census`).
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections import Counter
from pathlib import Path

from django.db import close_old_connections, connection

from cpmonitor.census.dataset import CensusData
from cpmonitor.census.issues import ReturnRejected
from cpmonitor.census.reader import read_return

from ..councils import not_theirs
from ..store import services
from .models import UploadJob

log = logging.getLogger("cpmonitor.web.uploads")
ISSUES_SHOWN = 200
_threads: dict[str, threading.Thread] = {}


def _set(job_id, **fields) -> None:
    UploadJob.objects.filter(pk=job_id).update(**fields)


def read_files(job: UploadJob, share: tuple[int, int] = (0, 100)) -> CensusData:
    """Read every uploaded file, reporting progress by bytes read; bad files are rejected."""
    parts, rejected = [], []
    total = sum(f["size"] for f in job.files) or 1
    before = 0
    low, high = share
    last = [-1]

    def progress(done: int, _size: int) -> None:
        pct = low + (high - low) * (before + done) // total
        if pct != last[0]:
            last[0] = pct
            _set(job.pk, progress=pct)

    for f in job.files:
        _set(job.pk, stage=f"Reading {f['name']}")
        try:
            parts.append(read_return(f["path"], progress=progress))
        except ReturnRejected as exc:
            rejected.append(exc)
        before += f["size"]
    data = CensusData.concat(parts)
    data.rejected.extend(rejected)
    return data


def discard_files(job: UploadJob) -> None:
    """Delete the uploaded files once they are no longer needed (imported or refused)."""
    for f in job.files:
        folder = Path(f["path"]).parent.parent
        shutil.rmtree(folder, ignore_errors=True)


def _name(path: str) -> str:
    return Path(path).name


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
                    "year": f"{r.census_year - 1}-{r.census_year % 100:02d}",
                    "children": r.children,
                    "year_source": r.year_source,
                }
                for r in data.returns
            ],
            "rejected": [{"file": _name(r.file), "reason": r.reason} for r in data.rejected],
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
            services.check_importable(data)
            if reason := not_theirs(job.user, [r.la for r in data.returns]):
                raise services.ImportRefused(reason)
            status = UploadJob.CHECKED
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


def start(target, job_id, *args) -> threading.Thread:
    """Run ``target(job_id, *args)`` in a thread with its own database connection."""

    def work() -> None:
        close_old_connections()
        try:
            target(job_id, *args)
        finally:
            connection.close()

    thread = threading.Thread(target=work, name=f"upload-{job_id}", daemon=True)
    _threads[str(job_id)] = thread
    thread.start()
    return thread


def wait(job_id, timeout: float = 120) -> None:
    """Wait for a job's thread to finish (tests, and the demo loader)."""
    thread = _threads.get(str(job_id))
    if thread is not None:
        thread.join(timeout)
