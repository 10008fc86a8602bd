"""Figures and charts computed once and shared by every worker process.

Through Django's cache framework (``settings.CACHES``): by default a file-based cache in the
data directory, which every gunicorn worker (and the task worker) on the machine reads and
needs no extra service; a deployment on several machines points ``CPMONITOR_CACHE_DIR`` at a
shared folder. Two kinds of key:

- figures (:func:`cpmonitor.web.store.cache.cached`) are keyed by the stored data's version,
  a fingerprint of every stored return and of the imported DfE benchmark files, so an
  import, a replaced return or new benchmarks give new keys and old entries are never read
  again (they expire, and the cache culls the oldest past ``MAX_ENTRIES``); that version is
  the store's to know, so it lives there and this module imports no app;
- :func:`by_content` results (the charts) are keyed by their own inputs: the same figures
  draw the same chart, whatever the data version.

Both kinds of key hold :func:`code_version` too: the cache outlives a restart (its entries
last a week), and a new or changed release must not show what older code computed, drew
or rendered.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
_MISSING = object()


def digest(parts: object) -> str:
    """A key part: the SHA-256 of ``repr(parts)``."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@functools.cache
def code_version() -> str:
    """A digest of cpmonitor's own files (code, templates, static files), read once per
    process (about 2 MB, some 20 ms)."""
    import cpmonitor

    root = Path(cpmonitor.__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def get_or_compute(key: str, compute: Callable[[], T], timeout: int | None) -> T:
    """The value cached under ``key``, else ``compute()`` stored there for ``timeout``."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


def by_content(name: str, inputs: tuple, compute: Callable[[], T]) -> T:
    """``compute()`` keyed by its inputs (``repr`` of them), e.g. a chart of given figures."""
    return get_or_compute(f"content:{name}:{digest((code_version(), inputs))}", compute, None)
