"""Web store benchmark: census tables into the database, and back to the core, per council.

Synthetic councils (``cpmonitor.synth.national_census_data``, 13 census years each) are imported
by :func:`cpmonitor.web.store.services.import_census` (``executemany`` on SQLite, ``COPY`` on
PostgreSQL, one transaction). Baseline, in the same run: Django's ``bulk_create``
(``batch_size=2000``) of the same rows for the first council, the usual ORM way.
Then one council is read back (``census_data``) and its history built, as a dashboard does.

Run: ``uv run python -m perf.web_import [--councils N]`` — SQLite in a temporary folder,
or the database in ``DATABASE_URL`` (its tables are created by migrate; use a scratch database).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time


def _setup() -> None:
    os.environ.setdefault("CPMONITOR_DATA_DIR", tempfile.mkdtemp(prefix="cpmonitor-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _clear() -> None:
    from django.db import connection

    from cpmonitor.web.store.models import TABLE_MODELS, ChildRef, DataIssue, ImportBatch

    with connection.cursor() as cursor:
        for model in [*TABLE_MODELS.values(), DataIssue, ChildRef, ImportBatch]:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def _orm_baseline(data, la: str) -> tuple[int, float]:
    """Django bulk_create of one council's rows (what the service avoids)."""
    import polars as pl
    from django.db import transaction

    from cpmonitor.census.tables import SCHEMAS
    from cpmonitor.web.store.models import TABLE_MODELS, ImportBatch
    from cpmonitor.web.store.services import _as_text

    rows = 0
    start = time.perf_counter()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            la=la,
            census_year=1,
            file_name="baseline",
            sha256="-",
            reference_date="2000-03-31",
            year_source="header",
        )
        for name, model in TABLE_MODELS.items():
            frame = _as_text(name, data[name].filter(pl.col("la") == la))
            objs = [
                model(batch=batch, **dict(zip(SCHEMAS[name], r, strict=True)))
                for r in frame.iter_rows()
            ]
            model.objects.bulk_create(objs, batch_size=2000)
            rows += len(objs)
        transaction.set_rollback(True)
    return rows, time.perf_counter() - start


def run(councils: int = 10) -> None:
    _setup()
    from django.db import connection

    from cpmonitor.census.dataset import CensusData
    from cpmonitor.history import build_history
    from cpmonitor.synth import national_census_data
    from cpmonitor.web.store import services

    t = time.perf_counter()
    data = national_census_data(councils)
    las = data.las
    print(
        f"{len(las)} synthetic councils × 13 years generated in {time.perf_counter() - t:.1f} s"
        f" ({sum(f.height for f in data.tables.values()):,} rows); database: {connection.vendor}"
    )
    _clear()

    base_rows, base_s = _orm_baseline(data, las[0])
    print(
        f"baseline  Django bulk_create, 1 council: {base_rows:,} rows in {base_s:.2f} s "
        f"= {base_rows / base_s:,.0f} rows/s"
    )

    total_rows, per_council = 0, []
    for la in las:
        part = CensusData(
            tables={n: f.filter(f["la"] == la) for n, f in data.tables.items()},
            issues=[],
            returns=[r for r in data.returns if r.la == la],
        )
        t = time.perf_counter()
        result = services.import_census(part)
        per_council.append(time.perf_counter() - t)
        total_rows += result.rows
    total_s = sum(per_council)
    rate = total_rows / total_s
    print(
        f"cpmonitor import_census, {len(las)} councils: {total_rows:,} rows in {total_s:.1f} s "
        f"= {rate:,.0f} rows/s; per council {min(per_council):.2f}–{max(per_council):.2f} s "
        f"(mean {total_s / len(las):.2f} s)"
    )
    print(f"ratio: {rate / (base_rows / base_s):.1f}× the bulk_create baseline")

    t = time.perf_counter()
    again = services.import_census(part)
    print(
        f"re-import of the last council (unchanged): {time.perf_counter() - t:.2f} s, "
        f"changed={again.changed}"
    )

    t = time.perf_counter()
    back = services.census_data(las[0])
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    build_history(back)
    print(
        f"read one council back: {read_s:.2f} s; build its history: {time.perf_counter() - t:.2f} s"
    )
    _clear()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=10)
    run(parser.parse_args(sys.argv[1:]).councils)
