"""Uploads: check first, confirm, import all or nothing in the background; re-upload is a no-op."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from web_returns import KIDS_2016, cin_xml

from cpmonitor.web.store.models import TABLE_MODELS, ImportBatch
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob

pytestmark = pytest.mark.django_db(transaction=True)


def _files(returns_dir):
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/xml")
        for p in sorted(returns_dir.glob("*.xml"))
    ]


def _upload(client, files) -> UploadJob:
    r = client.post("/uploads/", {"files": files})
    assert r.status_code == 302, r.content[:500]
    job = UploadJob.objects.latest("created")
    jobs.run_queued()  # the worker's loop, here in the test
    job.refresh_from_db()
    return job


def _confirm(client, job) -> UploadJob:
    r = client.post(f"/uploads/{job.pk}/import/")
    assert r.status_code == 302
    jobs.run_queued()  # the worker's loop, here in the test
    job.refresh_from_db()
    return job


def test_upload_check_confirm_import(client_as, returns_dir):
    c = client_as("analyst")
    job = _upload(c, _files(returns_dir))
    assert job.status == "checked", job.report
    assert [r["year"] for r in job.report["returns"]] == ["2015-16", "2016-17"]
    assert ImportBatch.objects.count() == 0  # nothing before the analyst confirms
    page = c.get(f"/uploads/{job.pk}/")
    assert b"Confirm and import" in page.content and b"cin_999_2016.xml" in page.content
    job = _confirm(c, job)
    assert job.status == "done", job.report
    assert len(job.report["result"]["added"]) == 2
    assert ImportBatch.objects.count() == 2
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    assert "Import complete" in page and "Added: cin_999_2016.xml (LA 999, 2015-16)" in page
    assert "/uploads/" not in page.split("Import complete")[1].split("Returns in this upload")[0]
    assert c.get("/dashboard/").status_code == 200

    counts = {n: m.objects.count() for n, m in TABLE_MODELS.items()}
    again = _confirm(c, _upload(c, _files(returns_dir)))
    assert again.status == "done" and len(again.report["result"]["unchanged"]) == 2
    assert not again.report["result"]["added"] and not again.report["result"]["replaced"]
    assert {n: m.objects.count() for n, m in TABLE_MODELS.items()} == counts


def test_a_file_that_is_not_a_return_refuses_the_upload(client_as, returns_dir):
    c = client_as("analyst")
    files = [*_files(returns_dir), SimpleUploadedFile("notes.xml", b"<notes>hello</notes>")]
    job = _upload(c, files)
    assert job.status == "refused"
    assert job.report["rejected"][0]["file"].endswith("notes.xml")
    page = c.get(f"/uploads/{job.pk}/")
    assert b"cannot be imported" in page.content and b"Confirm and import" not in page.content
    assert c.post(f"/uploads/{job.pk}/import/").status_code == 404
    assert ImportBatch.objects.count() == 0


def test_issues_are_shown_before_confirming(client_as, tmp_path):
    c = client_as("analyst")
    text = cin_xml("999", 2016, KIDS_2016).replace(
        "<CPPstartDate>2015-07-15", "<CPPstartDate>2015-13-45"
    )
    job = _upload(c, [SimpleUploadedFile("bad_dates.xml", text.encode())])
    assert job.status == "checked" and job.report["counts"].get("error", 0) >= 1
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    assert "CPPstartDate" in page and "TL0003" in page


def test_a_running_job_page_has_a_refresh_link_and_a_script_not_a_meta_refresh(client_as):
    c = client_as("analyst")
    from django.contrib.auth.models import User

    job = UploadJob.objects.create(
        user=User.objects.get(username="analyst_user"),
        status="importing",
        progress=40,
        stage="Importing cin.xml",
    )
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page  # WCAG 2.2.1: no timed reload
    assert '<progress id="progress" class="app-progress" max="100" value="40">' in page
    assert f'href="/uploads/{job.pk}/">Refresh</a>' in page
    assert "upload-status.js" in page and f'data-progress-url="/uploads/{job.pk}/progress/"' in page
    assert 'role="status" aria-live="polite"' in page
    assert "Waiting for the background worker" in page  # no worker has taken it yet


def test_other_users_jobs_are_not_visible(client_as, make_user, returns_dir):
    c = client_as("analyst")
    job = _upload(c, _files(returns_dir))
    other = make_user("analyst", "ann2")
    c.force_login(other)
    assert c.get(f"/uploads/{job.pk}/").status_code == 404


@pytest.mark.parametrize("kind", ["not a return", "the same return twice"])
def test_a_refused_upload_never_shows_the_servers_folder(client_as, returns_dir, kind):
    from django.conf import settings

    c = client_as("analyst")
    files = _files(returns_dir)
    if kind == "not a return":
        files.append(SimpleUploadedFile("notes.xml", b"<notes>hello</notes>"))
    else:
        files.append(
            SimpleUploadedFile("copy.xml", (returns_dir / "cin_999_2016.xml").read_bytes())
        )
    job = _upload(c, files)
    assert job.status == "refused"
    page = c.get(f"/uploads/{job.pk}/").content.decode()
    folder = str(settings.CPMONITOR_UPLOAD_DIR)
    assert folder not in job.report["refused"] and folder not in page
    name = "notes.xml" if kind == "not a return" else "copy.xml"
    assert name in job.report["refused"]
