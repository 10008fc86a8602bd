"""A background job's lock: held by the worker while the job runs, so a job whose worker has
died (a crash, a restart) can be told from one still running.

The lock is an ``flock`` on a private file named after the job's id (a UUID) in
``CPMONITOR_JOB_LOCK_DIR``; the operating system releases it when the process ends. Where
there is no ``flock`` (Windows) interrupted jobs are not detected. Used by the upload jobs
(:mod:`cpmonitor.web.uploads.jobs`) and the report jobs (:mod:`cpmonitor.web.reports.jobs`);
imports no app.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from cpmonitor.datadir import PRIVATE_FILE, private_dir

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None


def lock_path(job_id) -> Path:
    """The job's lock file, made (private) if it is not there yet."""
    path = private_dir(settings.CPMONITOR_JOB_LOCK_DIR) / f"{job_id}.lock"
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    return path


@contextlib.contextmanager
def holding(job_id) -> Iterator[None]:
    """Hold the job's lock while the body runs; the lock file goes afterwards."""
    path = lock_path(job_id)
    with open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)


def runner_gone(job_id) -> bool:
    """Whether no process holds the job's lock (the worker that took it has ended)."""
    if fcntl is None:
        return False
    with open(lock_path(job_id), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True
