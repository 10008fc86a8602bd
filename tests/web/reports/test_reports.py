"""The scrutiny report page: the core's report from the stored returns, made by a background
job (queued by the request, run by the worker) and downloaded by the user who asked for it."""

from __future__ import annotations

import io
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cpmonitor.web import job_locks
from cpmonitor.web.accounts.models import AccessLog
from cpmonitor.web.reports import jobs
from cpmonitor.web.reports.models import ReportJob
from cpmonitor.web.uploads import jobs as upload_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def _ask(client, **choices) -> ReportJob:
    r = client.post("/reports/", {"fmt": ".html", **choices})
    assert r.status_code == 302, r.content[:3000]
    job = ReportJob.objects.latest("created")
    assert r["Location"] == f"/reports/{job.pk}/"
    return job


def _made(client, **choices) -> ReportJob:
    job = _ask(client, **choices)
    upload_jobs.run_queued()
    job.refresh_from_db()
    return job


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="build_task").count()


def test_the_request_only_queues_the_report_and_the_worker_makes_it(client_as, loaded):
    c = client_as("manager")
    assert c.get("/reports/").status_code == 200
    job = _ask(c, period="2015-16")
    assert job.status == "queued" and _queued() == 1 and not job.path  # not made by the request
    page = c.get(f"/reports/{job.pk}/").content.decode()
    assert "Waiting for the background worker to start it" in page
    assert 'data-progress-url="/reports/' in page and "http-equiv" not in page  # no meta refresh
    upload_jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "done" and job.period_label
    page = c.get(f"/reports/{job.pk}/").content.decode()
    assert "Your report is ready" in page and f"/reports/{job.pk}/download/" in page


def test_the_published_report_downloads_and_names_no_child(client_as, loaded):
    c = client_as("manager")
    job = _made(c, period="2015-16")
    r = c.get(f"/reports/{job.pk}/download/")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert (
        r["Content-Disposition"].startswith("attachment") and '.html"' in r["Content-Disposition"]
    )
    text = b"".join(r.streaming_content).decode()
    assert "second or subsequent" in text
    assert "TL000" not in text
    assert not AccessLog.objects.exists()


def test_downloading_the_restricted_report_is_logged(client_as, loaded):
    from openpyxl import load_workbook

    c = client_as("analyst")
    job = _made(c, period="2016-17", fmt=".xlsx", restricted="on")
    assert not AccessLog.objects.exists()  # made, not yet downloaded
    r = c.get(f"/reports/{job.pk}/download/")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    cells = {str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v}
    assert "TL0003" in cells  # the repeat plan of 2016-17
    entry = AccessLog.objects.get()
    assert entry.action == "export_report" and entry.username == "analyst_user"
    assert entry.la == "999" and entry.detail.startswith("restricted report .xlsx")


def test_a_bad_period_is_explained_and_queues_nothing(client_as, loaded):
    r = client_as("manager").post("/reports/", {"period": "last year", "fmt": ".pdf"})
    assert r.status_code == 400
    assert b"There is a problem" in r.content and b"is not a period" in r.content
    assert not ReportJob.objects.exists() and _queued() == 0


def test_a_report_that_cannot_be_written_fails_saying_so_and_keeps_no_file(
    client_as, loaded, monkeypatch
):
    import cpmonitor.report

    def disk_full(report, path):
        Path(path).write_bytes(b"half a report")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cpmonitor.report, "write_report", disk_full)
    c = client_as("manager")
    job = _made(c, period="2015-16")
    assert job.status == "failed" and job.error == "The report could not be made (OSError)."
    assert not jobs.folder(job.pk).exists()
    page = c.get(f"/reports/{job.pk}/").content.decode()
    assert "The report could not be made" in page and job.error in page
    assert "Change your choices" in page and "Traceback" not in page
    assert c.get(f"/reports/{job.pk}/download/").status_code == 404


def test_only_the_user_who_asked_sees_the_job_or_its_file(client, client_as, make_user, loaded):
    job = _made(client_as("manager"), period="2015-16")
    client.force_login(make_user("manager", "another_manager"))
    for page in ("", "progress/", "download/"):
        assert client.get(f"/reports/{job.pk}/{page}").status_code == 404
    assert client.post(f"/reports/{job.pk}/retry/").status_code == 404


def test_a_council_taken_from_the_user_since_hides_its_report(client_as, loaded):
    from cpmonitor.web.accounts.models import Council

    c = client_as("manager")
    job = _made(c, period="2015-16")
    job.user.councils.remove(Council.objects.get(la="999"))
    assert c.get(f"/reports/{job.pk}/download/").status_code == 404


def test_a_role_without_child_data_cannot_open_a_report_job(client, client_as, make_user, loaded):
    job = _made(client_as("manager"), period="2015-16")
    client.force_login(make_user("social_worker", "sw"))
    assert client.get(f"/reports/{job.pk}/").status_code == 403


def test_the_progress_json_says_where_the_job_is(client_as, loaded):
    c = client_as("manager")
    job = _ask(c, period="2015-16")
    state = json.loads(c.get(f"/reports/{job.pk}/progress/").content)
    assert state == {
        "status": "queued",
        "label": "Waiting to start",
        "stage": "Waiting to start",
        "running": True,
        "waiting": True,
    }
    upload_jobs.run_queued()
    state = json.loads(c.get(f"/reports/{job.pk}/progress/").content)
    assert state["status"] == "done" and state["running"] is False


def test_a_report_whose_worker_died_shows_failed_with_what_to_do_and_can_be_retried(
    client_as, loaded
):
    c = client_as("manager")
    job = _ask(c, period="2015-16")
    DBTaskResult.objects.all().delete()  # the worker took the task and was killed:
    ReportJob.objects.filter(pk=job.pk).update(status="running", started=timezone.now())
    page = c.get(f"/reports/{job.pk}/").content.decode()
    assert "The report could not be made" in page
    assert "interrupted: the server stopped while it ran" in page
    assert "Make the report again" in page
    job.refresh_from_db()
    assert job.status == "failed" and job.interrupted

    assert c.post(f"/reports/{job.pk}/retry/").status_code == 302
    assert c.post(f"/reports/{job.pk}/retry/").status_code == 302  # twice: still one
    assert _queued() == 1
    upload_jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "done" and not job.error and not job.interrupted
    assert c.get(f"/reports/{job.pk}/download/").status_code == 200


def test_a_report_whose_worker_still_holds_its_lock_is_left_running(client_as, loaded):
    import fcntl

    c = client_as("manager")
    job = _ask(c, period="2015-16")
    ReportJob.objects.filter(pk=job.pk).update(status="running", started=timezone.now())
    with open(job_locks.lock_path(job.pk), "a+b") as held:  # a live worker's lock
        fcntl.flock(held, fcntl.LOCK_EX)
        assert json.loads(c.get(f"/reports/{job.pk}/progress/").content)["running"] is True
    job.refresh_from_db()
    assert job.status == "running"


def test_the_file_is_private_and_deleted_with_its_job_after_the_retention(client_as, loaded):
    c = client_as("manager")
    job = _made(c, period="2015-16", fmt=".pdf")
    path = Path(job.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    ReportJob.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(hours=23))
    assert jobs.purge() == 0 and path.is_file()  # within the 24 hours: kept
    ReportJob.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(hours=25))
    assert jobs.purge() == 1
    assert not path.exists() and not path.parent.exists() and not ReportJob.objects.exists()


def test_the_reports_page_lists_the_users_recent_reports(client_as, loaded):
    c = client_as("manager")
    job = _made(c, period="2015-16")
    page = c.get("/reports/").content.decode()
    assert f"/reports/{job.pk}/" in page and "your report is ready" in page


def test_the_report_date_is_a_gov_uk_date_like_every_other_form(client_as, loaded):
    c = client_as("analyst")
    page = c.get("/reports/").content.decode()
    assert 'name="as_at_0"' in page and 'name="as_at_2"' in page
    job = _ask(c, as_at_0="31", as_at_1="8", as_at_2="2016")
    assert job.as_at.isoformat() == "2016-08-31"
    r = c.post("/reports/", {"fmt": ".html", "as_at_0": "31", "as_at_1": "2", "as_at_2": "2016"})
    body = r.content.decode()
    assert r.status_code == 400 and "There is a problem" in body
    assert 'value="31"' in body and 'value="2016"' in body  # what was typed is kept
