"""``python -m cpmonitor.web verify_records``: check the hash chain of every append-only table.

Exit status 0 when every chain is intact, 1 when one is broken (with the first row that does
not follow). Prints each table's row count and last hash, to be recorded elsewhere.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cpmonitor.web.append_only import append_only_models, verify


class Command(BaseCommand):
    help = "Check that no append-only record (access log, sign-ins, conferences, audit findings) was changed, removed or slipped in."

    def handle(self, *args, **options):
        broken = []
        for model in append_only_models():
            report = verify(model)
            if report.intact:
                self.stdout.write(
                    f"{report.table}: {report.rows} rows, chain intact, last hash {report.last_hash}"
                )
            else:
                broken.append(report.table)
                self.stdout.write(
                    f"{report.table}: BROKEN at row id {report.broken_at} (row {report.rows} in id "
                    "order): it, or a row before it, was changed, removed or inserted outside the app"
                )
        if broken:
            raise CommandError(f"hash chain broken in {', '.join(broken)}", returncode=1)
