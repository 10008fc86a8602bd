"""The version of the stored data, and what every page asks about the stored returns.

:func:`data_version` changes whenever a return or an Annex A workbook is added, replaced or
removed (one query). A web request asks it once, when it first needs it, and every figure,
list and cache key of its page is of that version: it is set by Django's
``request_started`` signal in the thread serving the request and cleared by
``request_finished``; outside a request (tasks, commands) every call asks the database.
:func:`stored_returns` is read once per version in each process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import connection

from .models import AnnexAWorkbook, ImportBatch


def _version_now() -> tuple:
    batches, books = ImportBatch._meta.db_table, AnnexAWorkbook._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(id) FROM {batches}), (SELECT MAX(id) FROM {batches}), "  # noqa: S608 (names are ours)
            f"(SELECT COUNT(id) FROM {books}), (SELECT MAX(id) FROM {books})"
        )
        counts = tuple(cursor.fetchone())
    return (connection.alias, connection.settings_dict.get("NAME"), *counts)


_request = threading.local()


def _request_began(**_kwargs) -> None:
    _request.active, _request.version = True, None


def _request_ended(**_kwargs) -> None:
    _request.active, _request.version = False, None


request_started.connect(_request_began, dispatch_uid="cpmonitor-store-version")
request_finished.connect(_request_ended, dispatch_uid="cpmonitor-store-version")


def data_version() -> tuple:
    """Changes whenever a return or an Annex A workbook is added, replaced or removed (one
    query; in a web request, once for the whole request)."""
    if not getattr(_request, "active", False):
        return _version_now()
    if _request.version is None:
        _request.version = _version_now()
    return _request.version


@dataclass(frozen=True)
class StoredReturns:
    """What every page asks about the stored returns and workbooks, read once per data
    version: each return's (id, LA, census year, SHA-256, synthetic, reference date) and each
    workbook's (id, LA, SHA-256), in id order."""

    returns: tuple[tuple, ...]
    workbooks: tuple[tuple, ...]

    def las(self) -> list[str]:
        return sorted({r[1] for r in self.returns})

    def synthetic_las(self) -> list[str]:
        return sorted({r[1] for r in self.returns if r[4]})

    def latest_reference_date(self, la: str):
        dates = [r[5] for r in self.returns if r[1] == la and r[5] is not None]
        return max(dates, default=None)


_returns_memo: dict[tuple, StoredReturns] = {}


def stored_returns() -> StoredReturns:
    """The stored returns and workbooks at the current data version (read once per version
    in each process; in a request, no query beyond the version's)."""
    version = data_version()
    found = _returns_memo.get(version)
    if found is None:
        found = StoredReturns(
            tuple(
                ImportBatch.objects.order_by("id").values_list(
                    "id", "la", "census_year", "sha256", "synthetic", "reference_date"
                )
            ),
            tuple(AnnexAWorkbook.objects.order_by("id").values_list("id", "la", "sha256")),
        )
        _returns_memo.clear()  # only the newest version is asked about
        _returns_memo[version] = found
    return found


def forget() -> None:
    """Forget the version read and the returns' summary (after an import in this process)."""
    _returns_memo.clear()
    _request.version = None
