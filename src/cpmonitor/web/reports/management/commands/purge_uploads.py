"""``purge_uploads``: delete uploads, and reports made on the web, older than
``CPMONITOR_UPLOAD_RETENTION_HOURS``. (It lives with the reports app, which sits above the
uploads app, so that it can purge both without a loop.)"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cpmonitor.web.reports.jobs import purge as purge_reports
from cpmonitor.web.uploads.retention import purge, retention


class Command(BaseCommand):
    help = (
        "Delete uploaded returns and their check reports, and reports made on the web, "
        "older than the retention "
        "(CPMONITOR_UPLOAD_RETENTION_HOURS, default 24), confirmed or not."
    )

    def handle(self, *args, **options) -> None:
        done = purge()
        reports = purge_reports()
        if options["verbosity"] == 0:
            return
        hours = retention().total_seconds() / 3600
        self.stdout.write(
            f"Deleted {done.jobs} upload(s), {done.folders} stray folder(s) and {reports} "
            f"report(s) made on the web older than {hours:g} hours."
        )
