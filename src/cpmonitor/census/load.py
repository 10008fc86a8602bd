"""Load many CIN census returns (files or folders) into one :class:`CensusData`.

A file that cannot be read as a CIN census return is listed in ``CensusData.rejected`` with a
one-line reason; every other file still loads. Folders are searched recursively for ``*.xml``
returns and ``*.xlsx`` Ofsted Annex A workbooks; their other files are skipped with a notice
(hidden files silently). Workbooks are read after the returns (a workbook may take its council
from them) and joined into the history by :func:`cpmonitor.annexa.join.with_annex_a`.

Several census returns are read in parallel, one process per file on every core the process
may use (:data:`PARALLEL_MIN_BYTES` and more in all): the result is the same as a serial read,
in the same (file) order. Worker processes come from :mod:`.workers` (a forkserver that has
imported the reader); the calling process reads too, from the start.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

from .dataset import CensusData
from .files import find_returns, size_of, split_workbooks
from .issues import ReturnRejected
from .reader import read_return
from .workers import PARALLEL_MIN_BYTES, choose_workers, cpu_count
from .workers import pool as workers_pool

__all__ = ["PARALLEL_MIN_BYTES", "cpu_count", "find_returns", "load"]

LoadProgress = Callable[[int, int, str], None]

#: The interpreter's switch interval while returns are read in parallel (seconds; Python's
#: default is 0.005): how soon a thread that feeds a worker process runs again once it wakes.
FEEDER_SWITCH_INTERVAL = 0.001


def _read_one(
    file: str | Path,
    year: int | None,
    la: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> CensusData | ReturnRejected:
    """One file read, or why it was not (also in a worker process: both pickle)."""
    try:
        return read_return(file, year, la=la, progress=progress)
    except ReturnRejected as exc:
        return exc
    except Exception as exc:  # a defect of ours must not lose the other returns
        return ReturnRejected(
            str(file), f"could not be read (internal error: {type(exc).__name__})"
        )


def load(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    year: int | None = None,
    la: str | None = None,
    progress: LoadProgress | None = None,
    annex_la: str | None = None,
    as_at: date | None = None,
    workers: int | None = 1,
    known_las: Iterable[str] = (),
) -> CensusData:
    """Read every return in ``paths`` (files or folders) and put them together.

    ``year`` and ``la`` apply to returns whose header lacks them (see
    :func:`~cpmonitor.census.reader.read_return`). ``progress(done_bytes, total_bytes, file)``
    is called as files are read, for a progress bar (byte by byte in a serial read, file by
    file in a parallel one). ``.xlsx`` files are Annex A workbooks: ``annex_la`` (else ``la``)
    is their council and ``as_at`` their extract date when the workbook does not say (see
    :func:`~cpmonitor.annexa.reader.read_annex_a`); they are read after the returns, in this
    process. A workbook that names no council may take the one council of the returns read
    with it, or, when none was, of ``known_las`` (e.g. the councils already stored for the
    user who uploads it). ``workers``: processes to read the returns with; 1 (the default) reads in this
    process; ``None`` chooses: ``CPMONITOR_READ_WORKERS`` from the environment, else one per
    core (:func:`cpu_count`) when there are several files and :data:`PARALLEL_MIN_BYTES` to
    read, else 1. The command line asks for ``None``. As with any ``multiprocessing`` code, a
    script that asks for more than one must start from an ``if __name__ == "__main__":``
    block.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found, skipped, missing = find_returns(paths)
    files, workbooks = split_workbooks(found)
    sizes = [size_of(f) for f in files]
    total = sum(sizes)
    workers = choose_workers(workers, total, len(files))
    read = _read_parallel if workers > 1 else _read_serial
    results = read(files, sizes, year, la, progress, workers) if files else []
    parts = [r for r in results if isinstance(r, CensusData)]
    rejected = [*missing, *(r for r in results if isinstance(r, ReturnRejected))]
    annexes = []
    census_las = {r.la for p in parts for r in p.returns} or set(known_las)
    for book in workbooks:
        if progress is not None:
            progress(total, total, str(book))
        found = _read_annex_a(book, annex_la or la, as_at, census_las)
        (annexes if not isinstance(found, ReturnRejected) else rejected).append(found)
    data = CensusData.concat(parts)
    if annexes:
        from ..annexa.join import with_annex_a

        data = with_annex_a(data, annexes)
    data.issues[:0] = skipped
    data.rejected.extend(rejected)
    return data


def _read_annex_a(book: Path, la: str | None, as_at: date | None, census_las: set[str]):
    """One Annex A workbook read, or why it was not."""
    from ..annexa.reader import read_annex_a

    try:
        return read_annex_a(book, la, as_at, census_las)
    except ReturnRejected as exc:
        return exc
    except Exception as exc:  # a defect of ours must not lose the other files
        return ReturnRejected(
            str(book), f"could not be read (internal error: {type(exc).__name__})"
        )


def _read_serial(files, sizes, year, la, progress, _workers) -> list:
    total = sum(sizes)
    results = []
    done = 0
    for file, size in zip(files, sizes, strict=True):
        name = str(file)
        on_bytes = None
        if progress is not None:
            progress(done, total, name)

            def on_bytes(n: int, size: int, start: int = done, file: str = name) -> None:
                progress(start + min(n, size), total, file)

        results.append(_read_one(file, year, la, on_bytes))
        done += size
        if progress is not None:
            progress(done, total, name)
    return results


def _read_parallel(files, sizes, year, la, progress, workers) -> list:
    """Each file in its own process; results in file order, whatever order they finish in.

    ``workers - 1`` worker processes take files from the front and this process, from its
    first moment, takes them from the back: whoever is free takes the next file no one has
    begun, so no one waits while files are left. Each worker process is fed by a thread here
    that hands it one file at a time (no file waits, unread, in a queue that could not give
    it back) and that starts the pool too (the forkserver's first start takes a few tenths of
    a second) while this process already reads. ``progress`` is called in this thread, as
    each file is read by whoever read it.
    """
    total = sum(sizes)
    if progress is not None:
        progress(0, total, str(files[0]))
    results: list = [None] * len(files)
    lock = threading.Lock()
    ends = [0, len(files) - 1]  # the next file from the front, from the back
    read_elsewhere: queue.SimpleQueue = queue.SimpleQueue()  # a worker's file read, or a failure

    def take(end: int) -> int | None:
        with lock:
            front, back = ends
            if front > back:
                return None
            ends[end] += 1 if end == 0 else -1
            return front if end == 0 else back

    def feed(pool: ProcessPoolExecutor) -> None:
        try:
            while (i := take(0)) is not None:
                try:
                    results[i] = pool.submit(_read_one, files[i], year, la).result()
                except BrokenProcessPool:  # a worker died (out of memory, killed): read it here
                    results[i] = _read_one(files[i], year, la)
                read_elsewhere.put(i)
        except BaseException as exc:  # raised again in the calling thread
            read_elsewhere.put(exc)

    done = 0

    def reported(i: int | BaseException) -> None:
        nonlocal done
        if isinstance(i, BaseException):
            raise i
        done += sizes[i]
        if progress is not None:
            progress(done, total, str(files[i]))

    pool_size = max(1, workers - 1)
    switch = sys.getswitchinterval()
    # the feeders wait on their worker processes almost all the time; when one wakes, this
    # thread's reading (which holds the lock) lets it run after 1 ms rather than 5
    sys.setswitchinterval(min(switch, FEEDER_SWITCH_INTERVAL))
    try:
        with workers_pool(pool_size) as pool:
            for n in range(pool_size):
                threading.Thread(target=feed, args=(pool,), name=f"read-{n}", daemon=True).start()
            count = 0
            while (i := take(1)) is not None:
                results[i] = _read_one(files[i], year, la)
                reported(i)
                count += 1
                while not read_elsewhere.empty():
                    reported(read_elsewhere.get())
                    count += 1
            while count < len(files):
                reported(read_elsewhere.get())
                count += 1
    finally:
        sys.setswitchinterval(switch)
    return results
