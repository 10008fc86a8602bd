"""Figures and charts computed once and shared by every worker process.

Through Django's cache framework (``settings.CACHES``): by default a file-based cache in the
data directory, which every gunicorn worker (and the task worker) on the machine reads and
needs no extra service; a deployment on several machines points ``CPMONITOR_CACHE_DIR`` at a
shared folder. Two kinds of key:

- :func:`cached` figures are keyed by :func:`data_version`, a fingerprint of every stored
  return (its id and file hash) and of the imported DfE benchmark files, so an import, a
  replaced return or new benchmarks give new keys and old entries are never read again (they
  expire, and the cache culls the oldest past ``MAX_ENTRIES``);
- :func:`by_content` results (the charts) are keyed by their own inputs: the same figures
  draw the same chart, whatever the data version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
_MISSING = object()


def _digest(parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def data_version() -> str:
    """Changes whenever a stored return is added, replaced or removed, or DfE files are
    imported (one small query over the import batches, one ``stat``)."""
    from cpmonitor.benchmarks.store import default_path

    from .store.models import ImportBatch

    batches = list(ImportBatch.objects.order_by("id").values_list("id", "sha256"))
    bench = default_path()
    stat = bench.stat() if bench.exists() else None
    store = (stat.st_size, stat.st_mtime_ns) if stat else None
    return _digest((batches, store))[:32]


def _get_or_compute(key: str, compute: Callable[[], T], timeout: int | None) -> T:
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


def cached(name: str, parts: tuple, compute: Callable[[], T], timeout: int | None = None) -> T:
    """``compute()`` for ``name`` and ``parts`` at the current data version, computed once
    for every process (values must pickle: dicts, lists, polars frames)."""
    return _get_or_compute(f"fig:{name}:{_digest((data_version(), parts))}", compute, timeout)


def by_content(name: str, inputs: tuple, compute: Callable[[], T]) -> T:
    """``compute()`` keyed by its inputs (``repr`` of them), e.g. a chart of given figures."""
    return _get_or_compute(f"content:{name}:{_digest(inputs)}", compute, None)
