"""Sign-in events and the access log: refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) too, and
chain every row to the one before (see :mod:`cpmonitor.web.append_only`)."""

from django.db import migrations, models

from cpmonitor.web.append_only import (
    append_only_triggers,
    seal_operation,
    without_append_only_triggers,
)

TABLES = ("accounts_accesslog", "accounts_signinevent")
FIELD = models.CharField(
    max_length=64,
    editable=False,
    default="",
    help_text="HMAC of the previous row's chain hash and this row (cpmonitor.web.append_only)",
)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_early_warning_action")]
    operations = [
        without_append_only_triggers(*TABLES),
        migrations.AddField("accesslog", "chain_hash", FIELD),
        migrations.AddField("signinevent", "chain_hash", FIELD),
        seal_operation("accounts", "AccessLog", "SignInEvent"),
        append_only_triggers(*TABLES),
    ]
