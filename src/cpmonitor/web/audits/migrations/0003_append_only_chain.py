"""Case-audit findings and key learning: refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) too, and
chain every row to the one before (see :mod:`cpmonitor.web.append_only`)."""

from django.db import migrations, models

from cpmonitor.web.append_only import (
    append_only_triggers,
    seal_operation,
    without_append_only_triggers,
)

TABLES = ("audits_finding", "audits_keylearning")
FIELD = models.CharField(
    max_length=64,
    editable=False,
    default="",
    help_text="HMAC of the previous row's chain hash and this row (cpmonitor.web.append_only)",
)


class Migration(migrations.Migration):
    dependencies = [("audits", "0002_append_only_triggers")]
    operations = [
        without_append_only_triggers(*TABLES),
        migrations.AddField("finding", "chain_hash", FIELD),
        migrations.AddField("keylearning", "chain_hash", FIELD),
        seal_operation("audits", "Finding", "KeyLearning"),
        append_only_triggers(*TABLES),
    ]
