"""Stored tables in bulk, straight through the database driver: the census tables
(:mod:`.services`) and the Annex A lists (:mod:`.annexa`) are written and read back this way.

Building a Django object per row would make a national load take hours, so rows go in with
``COPY`` (PostgreSQL) or ``executemany`` (SQLite), and come back as text that polars parses.
"""

from __future__ import annotations

import polars as pl
from django.db import connection


def bulk_insert(db_table: str, frame: pl.DataFrame) -> None:
    """Insert a frame fast: ``COPY ... (FORMAT csv)`` on PostgreSQL, ``executemany`` else.

    The CSV quotes every non-null text, so an empty code list ("") stays apart from null.
    """
    quoted = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = frame.write_csv(quote_style="non_numeric", include_header=False)
            with cursor.cursor.copy(f"COPY {db_table} ({quoted}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(text)
            return
        marks = ", ".join(["%s"] * frame.width)
        sql = f"INSERT INTO {db_table} ({quoted}) VALUES ({marks})"  # noqa: S608 (names are ours)
        for chunk in frame.iter_slices(20_000):
            cursor.executemany(sql, chunk.rows())


def column(values: tuple, dtype: pl.DataType, name: str) -> pl.Series:
    """A database column as the canonical polars type (dates and code lists arrive as text)."""
    if isinstance(dtype, pl.List):
        text = pl.Series(name, values, dtype=pl.Utf8)
        return text.str.split(",").list.eval(pl.element().filter(pl.element() != ""))
    if dtype == pl.Date:
        return pl.Series(name, values, dtype=pl.Utf8).str.to_date("%Y-%m-%d")
    return pl.Series(name, values, dtype=dtype, strict=False)


def select(name: str, dtype: pl.DataType) -> str:
    """A column in a ``SELECT``: dates as text."""
    quoted = connection.ops.quote_name(name)
    # as text: no per-value conversion to Python dates (parsed by polars, vectorised)
    return f"CAST({quoted} AS TEXT)" if dtype == pl.Date else quoted
