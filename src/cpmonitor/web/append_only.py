"""Append-only tables: database triggers that refuse changes, and a hash chain over each table.

**Triggers** (one definition, every app). PostgreSQL refuses ``UPDATE`` and ``DELETE`` (row
triggers) and ``TRUNCATE`` (a statement trigger: row triggers do not fire on it). SQLite
refuses ``UPDATE`` and ``DELETE`` (SQLite has no ``TRUNCATE``; its ``DELETE FROM t`` fires the
delete trigger). The models refuse both too (:class:`AppendOnlyModel`, below: every app's
append-only models derive from it), and nothing in the app offers either. The test runner empties tables between transactional tests
with the triggers suspended (``tests/web/conftest.py``); nothing else does.

On SQLite, a migration that rebuilds one of these tables (most ``AlterField`` changes) drops
its triggers with the old table: such a migration must end with :func:`append_only_triggers`
again. ``tests/web/site/test_append_only.py`` checks every append-only table refuses raw SQL.

**Hash chain** (tampering evident). Each row carries ``chain_hash``: an HMAC-SHA256, keyed by
the site's secret key, of the previous row's ``chain_hash`` and the row's own values (every
column but the id). A row changed, deleted or inserted out of turn by someone who got past the
triggers breaks the chain from that row on; without the secret key the chain cannot be
re-forged. ``python -m cpmonitor.web verify_records`` checks every table and prints each
table's row count and last hash: record those elsewhere (e.g. with each committee report) to
notice rows removed from the end. Rows are chained in id order; a lock per table (PostgreSQL
advisory lock; SQLite's ``BEGIN IMMEDIATE``) makes two writers take turns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, migrations, models, transaction

_FUNCTION = (
    "CREATE OR REPLACE FUNCTION cpmonitor_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'append-only table %%', TG_TABLE_NAME; END; "
    "$$ LANGUAGE plpgsql"
)
GENESIS = "0" * 64
CHAIN_FIELD = "chain_hash"


def create_triggers(schema_editor, tables) -> None:
    """Add the refusing triggers to ``tables`` (PostgreSQL or SQLite)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_FUNCTION)
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION cpmonitor_append_only()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION cpmonitor_append_only()"
            )
        elif vendor == "sqlite":
            for verb in ("update", "delete"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_append_only_no_{verb} BEFORE {verb.upper()} "
                    f"ON {table} BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END"
                )


def drop_triggers(schema_editor, tables) -> None:
    """Remove the triggers (any generation of them) from ``tables``."""
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            for name in ("append_only", "append_only_truncate"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
        elif vendor == "sqlite":
            for name in ("no_update", "append_only_no_update", "append_only_no_delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")


def append_only_triggers(*tables: str) -> migrations.RunPython:
    """A migration operation adding (and on reverse, dropping) the triggers on ``tables``."""

    def create(apps, schema_editor):
        drop_triggers(schema_editor, tables)
        create_triggers(schema_editor, tables)

    def drop(apps, schema_editor):
        drop_triggers(schema_editor, tables)

    return migrations.RunPython(create, drop)


def without_append_only_triggers(*tables: str) -> migrations.RunPython:
    """A migration operation dropping the triggers (reverse: adding them) before a change."""

    def drop(apps, schema_editor):
        drop_triggers(schema_editor, tables)

    def create(apps, schema_editor):
        create_triggers(schema_editor, tables)

    return migrations.RunPython(drop, create)


# ------------------------------------------------------------------ the models' base class


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} records cannot be changed")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} records cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} records cannot be changed")


class AppendOnlyModel(models.Model):
    """A record that can be added, never changed or deleted, chained to the one before."""

    objects = AppendOnlyQuerySet.as_manager()
    chain_hash = models.CharField(
        max_length=64,
        editable=False,
        default="",
        help_text="HMAC of the previous row's chain hash and this row (cpmonitor.web.append_only)",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} records cannot be changed")
        kwargs["force_insert"] = True
        insert_sealed(self, lambda: super(AppendOnlyModel, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} records cannot be deleted")


# ------------------------------------------------------------------ hash chain


def _key() -> bytes:
    from django.conf import settings

    return hashlib.sha256(b"cpmonitor append-only chain\0" + settings.SECRET_KEY.encode()).digest()


def _plain(value):
    """A value as the database gives it back, in a form JSON writes the same way every time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | tuple):
        return json.loads(json.dumps(value))
    return value


def row_values(obj) -> str:
    """The row's values (every column but the id and the chain hash), canonical JSON."""
    fields = {
        f.attname: _plain(f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname != CHAIN_FIELD
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(previous: str, obj) -> str:
    """The chain hash of ``obj`` following a row whose chain hash is ``previous``."""
    message = previous.encode() + b"\0" + row_values(obj).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _lock(model) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model._meta.db_table.encode())]
            )
    # SQLite: the enclosing transaction began IMMEDIATE (settings), so it holds the write lock.


def insert_sealed(obj, save) -> None:
    """Insert ``obj`` (``save()`` does the insert) with its chain hash, one writer at a time."""
    model = type(obj)
    with transaction.atomic():
        _lock(model)
        last = model._base_manager.order_by("-pk").values_list(CHAIN_FIELD, flat=True).first()
        setattr(obj, CHAIN_FIELD, link(last or GENESIS, obj))
        save()


def seal_existing(model) -> None:
    """Chain a table's existing rows in id order (a migration, with the triggers dropped)."""
    previous = GENESIS
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
        previous = link(previous, obj)
        model._base_manager.filter(pk=obj.pk).update(**{CHAIN_FIELD: previous})


def seal_operation(app_label: str, *model_names: str) -> migrations.RunPython:
    """A migration operation chaining the existing rows of ``model_names``."""

    def seal(apps, schema_editor):
        for name in model_names:
            seal_existing(apps.get_model(app_label, name))

    return migrations.RunPython(seal, migrations.RunPython.noop)


@dataclass(frozen=True)
class ChainReport:
    table: str
    rows: int
    last_hash: str
    broken_at: int | None  # id of the first row whose hash does not follow (None: intact)

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(model) -> ChainReport:
    """Recompute ``model``'s chain in id order; the first row that does not follow, if any."""
    previous, rows = GENESIS, 0
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
        rows += 1
        expected = link(previous, obj)
        if not hmac.compare_digest(expected, getattr(obj, CHAIN_FIELD) or ""):
            return ChainReport(model._meta.db_table, rows, previous, broken_at=obj.pk)
        previous = expected
    return ChainReport(model._meta.db_table, rows, previous, broken_at=None)


def append_only_models() -> list:
    """Every installed append-only model (subclasses of ``AppendOnlyModel``)."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]
