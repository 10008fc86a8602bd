"""Figures computed once per version of the stored data and shared by every worker process
(through :mod:`cpmonitor.web.shared_cache`).

:func:`fingerprint` covers every stored return and Annex A workbook (its id and file hash),
the imported DfE benchmark files and the code (:func:`~cpmonitor.web.shared_cache.code_version`):
an import, a replaced return, a new workbook, new benchmarks or a new release give new keys,
and old entries are never read again. It is worked out from
:func:`~.versions.stored_returns`, read once per :func:`~.versions.data_version` (the cheap
count of returns and workbooks that each process's own memos are keyed by).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..shared_cache import code_version, digest, get_or_compute
from .versions import stored_returns

T = TypeVar("T")


def fingerprint() -> str:
    """Changes whenever a stored return or Annex A workbook is added, replaced or removed, DfE
    files are imported or cpmonitor's code changes (from :func:`~.versions.stored_returns`,
    read once per version of the stored data; one ``stat``)."""
    from cpmonitor.benchmarks.store import default_path

    stored = stored_returns()
    batches = [(r[0], r[3]) for r in stored.returns]
    books = [(w[0], w[2]) for w in stored.workbooks]
    bench = default_path()
    stat = bench.stat() if bench.exists() else None
    store = (stat.st_size, stat.st_mtime_ns) if stat else None
    return digest((code_version(), batches, books, store))[:32]


def key(name: str, parts: tuple, version: str | None = None) -> str:
    """The cache key of ``name`` and ``parts`` at the current data version (``version``: one
    :func:`fingerprint` already asked, for many keys at once); also the key of a rendered
    page fragment made from them (a template's ``{% cache %}``)."""
    return f"fig:{name}:{digest((version or fingerprint(), parts))}"


def cached(name: str, parts: tuple, compute: Callable[[], T], timeout: int | None = None) -> T:
    """``compute()`` for ``name`` and ``parts`` at the current data version, computed once
    for every process (values must pickle: dicts, lists, polars frames)."""
    return cached_with_key(name, parts, compute, timeout)[0]


def cached_with_key(
    name: str, parts: tuple, compute: Callable[[], T], timeout: int | None = None
) -> tuple[T, str]:
    """:func:`cached`, and its key (one data version for both: e.g. the value and the key of
    its rendering)."""
    at = key(name, parts)
    return get_or_compute(at, compute, timeout), at
