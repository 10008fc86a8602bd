"""Upload jobs as background tasks: queued in the database, one import per confirm, an
interrupted job shown as failed with what to do, and retried."""

from __future__ import annotations

import fcntl
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cpmonitor.web import job_locks
from cpmonitor.web.store.models import ImportBatch
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob

pytestmark = pytest.mark.django_db(transaction=True)


def _checked(client, returns_dir) -> UploadJob:
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/xml")
        for p in sorted(returns_dir.glob("*.xml"))
    ]
    assert client.post("/uploads/", {"files": files}).status_code == 302
    job = UploadJob.objects.latest("created")
    assert job.status == "checking" and job.task == "check"  # queued, not run by the request
    jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "checked", job.report
    return job


def _queued(step: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=f"{step}_task").count()


def test_two_confirms_of_one_upload_queue_exactly_one_import(client_as, returns_dir):
    c = client_as("analyst")
    job = _checked(c, returns_dir)
    first = c.post(f"/uploads/{job.pk}/import/")
    second = c.post(f"/uploads/{job.pk}/import/")  # a double click, or a second tab
    assert first.status_code == second.status_code == 302
    assert _queued("import") == 1
    job.refresh_from_db()
    assert job.status == "importing" and job.started is None  # waiting for a worker
    jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "done" and ImportBatch.objects.count() == 2
    assert c.post(f"/uploads/{job.pk}/import/").status_code == 302  # after it: still nothing
    assert _queued("import") == 1


def test_the_progress_json_says_where_the_job_is(client_as, returns_dir):
    c = client_as("analyst")
    job = _checked(c, returns_dir)
    state = json.loads(c.get(f"/uploads/{job.pk}/progress/").content)
    assert state == {
        "status": "checked",
        "label": "Checked: waiting for you to confirm",
        "stage": "Checked",
        "progress": 100,
        "running": False,
        "waiting": False,
    }


def _crashed_mid_import(job: UploadJob) -> UploadJob:
    """What a worker killed during the import leaves: the job taken, its lock free."""
    UploadJob.objects.filter(pk=job.pk).update(
        status="importing", started=timezone.now(), stage="Importing cin_999_2016.xml"
    )
    job.refresh_from_db()
    return job


def test_an_import_whose_worker_died_shows_failed_with_what_to_do_and_can_be_retried(
    client_as, returns_dir
):
    c = client_as("analyst")
    job = _crashed_mid_import(_checked(c, returns_dir))
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    assert "Import failed: nothing was changed" in page
    assert "The import was interrupted: the server stopped while it ran" in page
    assert "Try the import again" in page
    job.refresh_from_db()
    assert job.status == "failed" and job.report["interrupted"] == "import"
    assert ImportBatch.objects.count() == 0

    assert c.post(f"/uploads/{job.pk}/retry/").status_code == 302
    assert c.post(f"/uploads/{job.pk}/retry/").status_code == 302  # twice: still one
    assert _queued("import") == 1
    jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "done" and "error" not in job.report
    assert ImportBatch.objects.count() == 2


def test_a_job_whose_worker_still_holds_its_lock_is_left_running(client_as, returns_dir):
    c = client_as("analyst")
    job = _crashed_mid_import(_checked(c, returns_dir))
    with open(job_locks.lock_path(job.pk), "a+b") as held:  # a live worker's lock
        fcntl.flock(held, fcntl.LOCK_EX)
        assert json.loads(c.get(f"/uploads/{job.pk}/progress/").content)["running"] is True
    job.refresh_from_db()
    assert job.status == "importing"


def test_an_interrupted_job_whose_files_are_gone_says_upload_again(client_as, returns_dir):
    c = client_as("analyst")
    job = _crashed_mid_import(_checked(c, returns_dir))
    jobs.discard_files(job)
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    assert "upload them again" in page and "Try the import again" not in page
    assert c.post(f"/uploads/{job.pk}/retry/").status_code == 404
