"""Sign-in events and access-log entries are append-only in the database too (see :mod:`cpmonitor.web.append_only`)."""

from django.db import migrations

from cpmonitor.web.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [append_only_triggers("accounts_accesslog", "accounts_signinevent")]
