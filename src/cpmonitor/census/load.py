"""Load many CIN census returns (files or folders) into one :class:`CensusData`.

A file that cannot be read as a CIN census return is listed in ``CensusData.rejected`` with a
one-line reason; every other file still loads. Folders are searched recursively for ``*.xml``
returns and ``*.xlsx`` Ofsted Annex A workbooks; their other files are skipped with a notice
(hidden files silently). Workbooks are read after the returns (a workbook may take its council
from them) and joined into the history by :func:`cpmonitor.annexa.join.with_annex_a`.

Several census returns are read in parallel, one process per file on every core the process
may use (:data:`PARALLEL_MIN_BYTES` and more in all): the result is the same as a serial read,
in the same (file) order. Worker processes come from a ``forkserver`` that has imported the
reader once, so each file costs a fork, not a fresh interpreter (and no process is forked from
one whose polars thread pool is running); while they start, the calling process reads too.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

from .dataset import CensusData
from .issues import Issue, ReturnRejected
from .reader import read_return

LoadProgress = Callable[[int, int, str], None]

#: file suffixes read: CIN census returns and Ofsted Annex A workbooks
RETURN_SUFFIXES = (".xml", ".xlsx")
#: Below this many bytes in all, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 8_000_000


def cpu_count() -> int:
    """The cores this process may run on (its affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def find_returns(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[Issue], list[ReturnRejected]]:
    """The files to read: those given, and the ``*.xml`` files under the folders given.

    Returns (files, notices about skipped files, paths that do not exist).
    """
    files: list[Path] = []
    skipped: list[Issue] = []
    missing: list[ReturnRejected] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(path).parts):
                    continue
                if found.suffix.lower() in RETURN_SUFFIXES and not found.name.startswith("~$"):
                    files.append(found)
                else:
                    skipped.append(
                        Issue(
                            str(found),
                            None,
                            None,
                            None,
                            "notice",
                            "not-xml-file",
                            "Not an .xml return or .xlsx Annex A workbook; skipped",
                        )
                    )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ReturnRejected(str(path), "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped, missing


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


def _pool(workers: int) -> ProcessPoolExecutor:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(workers)  # Windows: spawn
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "cpmonitor.census.reader"])
    return ProcessPoolExecutor(workers, mp_context=context)


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
    files, skipped, missing = find_returns(paths)
    workbooks = [f for f in files if f.suffix.lower() == ".xlsx"]
    files = [f for f in files if f.suffix.lower() != ".xlsx"]
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    if workers is None:
        workers = _workers_from_environment()
    if workers is None:
        workers = cpu_count() if total >= PARALLEL_MIN_BYTES else 1
    workers = max(1, min(workers, len(files)))
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


def _workers_from_environment() -> int | None:
    text = os.environ.get("CPMONITOR_READ_WORKERS", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(
            f"CPMONITOR_READ_WORKERS must be a whole number of 1 or more, not {text!r}"
        )
    return int(text)


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

    ``workers - 1`` worker processes take files from the front while this process, instead
    of waiting for them to start, reads from the back every file no worker has begun.
    """
    total = sum(sizes)
    if progress is not None:
        progress(0, total, str(files[0]))
    results: list = [None] * len(files)
    with _pool(max(1, workers - 1)) as pool:
        futures = [pool.submit(_read_one, file, year, la) for file in files]
        for i in reversed(range(len(files))):
            if not futures[i].cancel():
                break  # a worker has this one, so every earlier one too
            results[i] = _read_one(files[i], year, la)
        done = 0
        for i, (file, size, future) in enumerate(zip(files, sizes, futures, strict=True)):
            if results[i] is None:
                try:
                    results[i] = future.result()
                except BrokenProcessPool:  # a worker died (out of memory, killed): read it here
                    results[i] = _read_one(file, year, la)
            done += size
            if progress is not None:
                progress(done, total, str(file))
    return results


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
