"""Ofsted Annex A workbooks into the database and back (part of the store service).

A workbook is identified by (council, extract date): the same file again (same SHA-256) is
unchanged, a different workbook for that council and day replaces the stored one whole.
Each list's rows are stored as read (:func:`cpmonitor.annexa.reader.list_schema`), so
:func:`stored_workbooks` gives back the :class:`~cpmonitor.annexa.reader.AnnexA` the file
reader gave (``file`` and ``source_file`` are the file's name, without the server folder it
was uploaded to), and :func:`cpmonitor.web.store.services.census_data` joins them into the
history with :func:`cpmonitor.annexa.join.with_annex_a`, as ``load`` does for files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
from django.db import connection

from cpmonitor.annexa.lists import LISTS
from cpmonitor.annexa.reader import AnnexA, list_schema
from cpmonitor.census.issues import Issue

from . import sql
from .models import ANNEX_A_MODELS, AnnexAIssue, AnnexAWorkbook, issue_fields

_SPECS = {spec.key: spec for spec in LISTS}


def label(annex: AnnexA) -> str:
    """How an import names a workbook: its file name, council and extract date."""
    return f"{Path(annex.file).name} (LA {annex.la}, Annex A at {annex.extract_date:%d/%m/%Y})"


def content_sha256(annex: AnnexA) -> str:
    """A hash of a workbook's rows, for data that did not come from a file we can hash."""
    digest = hashlib.sha256()
    for key in sorted(annex.lists):
        digest.update(key.encode())
        digest.update(annex.lists[key].write_csv().encode())
    return digest.hexdigest()


def _as_text(key: str, frame: pl.DataFrame) -> pl.DataFrame:
    schema = list_schema(_SPECS[key])
    return frame.select(
        pl.col(c).dt.strftime("%Y-%m-%d").alias(c) if t == pl.Date else pl.col(c)
        for c, t in schema.items()
    )


def import_workbook(annex: AnnexA, digest: str, user, size_bytes: int = 0) -> tuple[str, int]:
    """Store one workbook (inside the caller's transaction): ``added``, ``replaced`` or
    ``unchanged``, and the rows written."""
    existing = AnnexAWorkbook.objects.filter(la=annex.la, extract_date=annex.extract_date).first()
    if existing is not None and existing.sha256 == digest:
        return "unchanged", 0
    outcome = "added"
    if existing is not None:
        _delete_workbook(existing)
        outcome = "replaced"
    name = Path(annex.file).name[:255]
    book = AnnexAWorkbook.objects.create(
        la=annex.la,
        extract_date=annex.extract_date,
        file_name=name,
        sha256=digest,
        size_bytes=size_bytes,
        la_source=annex.la_source,
        date_source=annex.date_source,
        sheets=dict(annex.sheets),
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    rows = 0
    for key, frame in annex.lists.items():
        if not frame.height:
            continue
        part = _as_text(key, frame).with_columns(
            pl.lit(name).alias("source_file"), pl.lit(book.pk).alias("workbook_id")
        )
        sql.bulk_insert(ANNEX_A_MODELS[key]._meta.db_table, part)
        rows += part.height
    AnnexAIssue.objects.bulk_create(
        [AnnexAIssue(workbook=book, **issue_fields(i)) for i in annex.issues],
        batch_size=2000,
    )
    book.rows = rows
    book.save(update_fields=["rows"])
    return outcome, rows


def _delete_workbook(book: AnnexAWorkbook) -> None:
    with connection.cursor() as cursor:
        for model in [*ANNEX_A_MODELS.values(), AnnexAIssue]:
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE workbook_id = %s",  # noqa: S608
                [book.pk],
            )
    book.delete()


def _read_list(key: str, book: AnnexAWorkbook) -> pl.DataFrame:
    schema = list_schema(_SPECS[key])
    columns = ", ".join(sql.select(c, t) for c, t in schema.items())
    table = ANNEX_A_MODELS[key]._meta.db_table
    query = f"SELECT {columns} FROM {table} WHERE workbook_id = %s ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, [book.pk])
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=schema)
    data = list(zip(*rows, strict=True))
    return pl.DataFrame(
        [sql.column(data[i], dtype, c) for i, (c, dtype) in enumerate(schema.items())]
    )


def stored_workbooks(la: str | None = None) -> list[AnnexA]:
    """The stored workbooks (one council's, or all), oldest extract first, as read."""
    books = AnnexAWorkbook.objects.order_by("extract_date", "la", "id")
    if la is not None:
        books = books.filter(la=la)
    out = []
    for book in books:
        issues = [
            Issue(i.file, i.line, i.child, i.element, i.severity, i.code, i.message)
            for i in book.issues.order_by("id")
        ]
        out.append(
            AnnexA(
                file=book.file_name,
                la=book.la,
                la_source=book.la_source,
                extract_date=book.extract_date,
                date_source=book.date_source,
                lists={key: _read_list(key, book) for key in book.sheets},
                sheets=dict(book.sheets),
                issues=issues,
            )
        )
    return out
