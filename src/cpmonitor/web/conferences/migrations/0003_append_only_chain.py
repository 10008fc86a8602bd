"""Conference requests and their events: refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) too, and
chain every row to the one before (see :mod:`cpmonitor.web.append_only`)."""

from django.db import migrations, models

from cpmonitor.web.append_only import (
    append_only_triggers,
    seal_operation,
    without_append_only_triggers,
)

TABLES = ("conferences_conferencerequest", "conferences_requestevent")
FIELD = models.CharField(
    max_length=64,
    editable=False,
    default="",
    help_text="HMAC of the previous row's chain hash and this row (cpmonitor.web.append_only)",
)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0002_append_only_triggers")]
    operations = [
        without_append_only_triggers(*TABLES),
        migrations.AddField("conferencerequest", "chain_hash", FIELD),
        migrations.AddField("requestevent", "chain_hash", FIELD),
        seal_operation("conferences", "ConferenceRequest", "RequestEvent"),
        append_only_triggers(*TABLES),
    ]
