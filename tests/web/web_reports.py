"""The Reports page as a test uses it: ask, let the worker make the report, download it."""

from __future__ import annotations


def report_text(client, choices: dict) -> str:
    """Ask for a report on the Reports page, let the task worker make it, download it (the
    text of an HTML report)."""
    from cpmonitor.web.reports.models import ReportJob
    from cpmonitor.web.uploads.jobs import run_queued

    r = client.post("/reports/", choices)
    assert r.status_code == 302, r.content[:3000]
    run_queued()
    job = ReportJob.objects.latest("created")
    assert job.status == "done", job.error
    r = client.get(f"/reports/{job.pk}/download/")
    assert r.status_code == 200
    return b"".join(r.streaming_content).decode()
