"""The worker processes that read returns in parallel: a ``forkserver`` that has imported the
reader, so each file costs a fork, not a fresh interpreter (and no process is forked from one
whose polars thread pool is running).

The forkserver's own start (a new interpreter importing the reader: a few tenths of a second
on another core) can begin before anything else: :func:`start` is light to import and to call,
so a command calls it first, before its own imports, and the workers are ready when the
reading begins. :func:`pool` starts it too, if no one has.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

#: what the forkserver imports once for every worker it forks
PRELOAD = ["__main__", "cpmonitor.census.reader"]
#: Below this many bytes in all, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 8_000_000


def cpu_count() -> int:
    """The cores this process may run on (its affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers_from_environment() -> int | None:
    text = os.environ.get("CPMONITOR_READ_WORKERS", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(
            f"CPMONITOR_READ_WORKERS must be a whole number of 1 or more, not {text!r}"
        )
    return int(text)


def choose_workers(workers: int | None, total_bytes: int, files: int) -> int:
    """The processes to read ``files`` returns of ``total_bytes`` with: ``workers`` when given;
    for ``None``, ``CPMONITOR_READ_WORKERS`` from the environment, else one per core
    (:func:`cpu_count`) when there are :data:`PARALLEL_MIN_BYTES` to read, else 1; never more
    than there are files. (Raises ``ValueError`` for a setting that is not a whole number.)"""
    if workers is None:
        workers = workers_from_environment()
    if workers is None:
        workers = cpu_count() if total_bytes >= PARALLEL_MIN_BYTES else 1
    return max(1, min(workers, files))


def start_for(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Start the forkserver (:func:`start`) if reading ``paths`` as the command line does
    (``load(..., workers=None)``) will use worker processes; else do nothing. Never raises:
    whatever is wrong with the paths or the setting is reported by the load itself."""
    from .files import find_returns, size_of, split_workbooks

    try:
        returns, _workbooks = split_workbooks(find_returns(paths)[0])
        total = sum(size_of(f) for f in returns)
        if choose_workers(None, total, len(returns)) > 1:
            start()
    except (OSError, ValueError):
        return


def _context():
    """The forkserver context with the reader preloaded; ``None`` where there is none
    (Windows: workers are spawned)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start() -> None:
    """Start the forkserver now, in the background, if it is not running (a few
    milliseconds here; it imports the reader in its own process)."""
    if _context() is not None:
        from multiprocessing import forkserver

        forkserver.ensure_running()


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` reading processes, the forkserver started (see :func:`start`).

    Started here, in the calling thread, so that a thread that feeds the pool does not run
    that start-up code while this process's reading holds the interpreter lock.
    """
    context = _context()
    if context is None:
        return ProcessPoolExecutor(workers)
    start()
    from multiprocessing import popen_forkserver  # noqa: F401 (imported here, not in a feeder)

    return ProcessPoolExecutor(workers, mp_context=context)
