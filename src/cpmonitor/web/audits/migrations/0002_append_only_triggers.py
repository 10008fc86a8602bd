"""Case-audit findings and key learning are append-only in the database too (see :mod:`cpmonitor.web.append_only`)."""

from django.db import migrations

from cpmonitor.web.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]
    operations = [append_only_triggers("audits_finding", "audits_keylearning")]
