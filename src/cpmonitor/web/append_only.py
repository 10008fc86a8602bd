"""Database triggers that refuse changes to append-only tables (one definition, every app).

PostgreSQL refuses UPDATE and DELETE. SQLite refuses UPDATE (a DELETE trigger there would also
stop the test runner's table flush); the models (:class:`accounts.models.AppendOnlyModel`)
refuse deletes on both databases and nothing in the app offers one.
"""

from __future__ import annotations

from django.db import migrations

_FUNCTION = (
    "CREATE OR REPLACE FUNCTION cpmonitor_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'append-only table %%', TG_TABLE_NAME; END; "
    "$$ LANGUAGE plpgsql"
)


def append_only_triggers(*tables: str) -> migrations.RunPython:
    """A migration operation adding (and on reverse, dropping) the triggers on ``tables``."""

    def create(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_FUNCTION)
        for table in tables:
            if vendor == "postgresql":
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION cpmonitor_append_only()"
                )
            elif vendor == "sqlite":
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'append-only table'); END"
                )

    def drop(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            elif vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")

    return migrations.RunPython(create, drop)
