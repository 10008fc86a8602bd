"""``purge_uploads``: delete uploads older than ``CPMONITOR_UPLOAD_RETENTION_HOURS``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cpmonitor.web.uploads.retention import purge, retention


class Command(BaseCommand):
    help = (
        "Delete uploaded returns and their check reports older than the retention "
        "(CPMONITOR_UPLOAD_RETENTION_HOURS, default 24), confirmed or not."
    )

    def handle(self, *args, **options) -> None:
        done = purge()
        if options["verbosity"] == 0:
            return
        hours = retention().total_seconds() / 3600
        self.stdout.write(
            f"Deleted {done.jobs} upload(s) and {done.folders} stray folder(s) older than "
            f"{hours:g} hours."
        )
