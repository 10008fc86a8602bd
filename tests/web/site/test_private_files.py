"""Children's data on disk is the service user's only (0700 folders, 0600 files), and uploads
are deleted after the retention (CPMONITOR_UPLOAD_RETENTION_HOURS), confirmed or not."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from web_returns import KIDS_2016, cin_xml

from cpmonitor.datadir import private_dir, private_file
from cpmonitor.web import job_locks
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob
from cpmonitor.web.uploads.retention import purge

pytestmark = pytest.mark.django_db(transaction=True)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    """What a service started by a careless unit file has: files 0644, folders 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _upload(client, name="cin_999_2016.xml") -> UploadJob:
    xml = cin_xml("999", 2016, KIDS_2016).encode()
    r = client.post("/uploads/", {"files": [SimpleUploadedFile(name, xml)]})
    assert r.status_code == 302, r.content[:300]
    return UploadJob.objects.latest("created")


def test_an_uploaded_return_and_its_folders_are_private_under_a_loose_umask(client_as, loose_umask):
    job = _upload(client_as("analyst"))
    saved = Path(job.files[0]["path"])
    assert mode(saved) == 0o600
    assert mode(saved.parent) == mode(saved.parent.parent) == 0o700
    assert mode(settings.CPMONITOR_UPLOAD_DIR) == 0o700
    lock = job_locks.lock_path(job.pk)
    assert mode(lock) == 0o600 and mode(lock.parent) == 0o700
    jobs.run_queued()


def test_the_data_cache_and_lock_folders_are_private():
    for folder in (
        settings.DATA_DIR,
        settings.CACHES["default"]["LOCATION"],
        settings.CPMONITOR_JOB_LOCK_DIR,
        settings.CPMONITOR_UPLOAD_DIR,
    ):
        assert mode(folder) == 0o700, folder


def test_a_folder_or_file_made_world_readable_before_is_made_private(tmp_path):
    folder, file = tmp_path / "old", tmp_path / "old.sqlite3"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    file.write_text("x")
    file.chmod(0o644)
    private_dir(folder), private_file(file), private_file(tmp_path / "absent")
    assert (mode(folder), mode(file)) == (0o700, 0o600)


def test_the_service_makes_an_old_database_and_data_folder_private_and_new_files_too(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    (data / "cpmonitor.sqlite3").write_text("")
    (data / "cpmonitor.sqlite3").chmod(0o644)
    cache = tmp_path / "cache"
    script = (
        "import os; os.umask(0o022)\n"
        "import cpmonitor.web.settings as s\n"
        "open(s.DATA_DIR / 'new-file', 'w').close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CPMONITOR_DATA_DIR=str(data), CPMONITOR_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    assert mode(data) == mode(cache) == 0o700
    assert mode(data / "cpmonitor.sqlite3") == mode(data / "new-file") == 0o600
    assert mode(data / "secret_key") == 0o600


def _aged(job: UploadJob, hours: float) -> None:
    UploadJob.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(hours=hours))


@pytest.mark.parametrize("status", ["checked", "refused", "done", "failed"])
def test_an_upload_older_than_the_retention_is_deleted_with_its_files(client_as, status):
    job = _upload(client_as("analyst"))
    jobs.run_queued()
    UploadJob.objects.filter(pk=job.pk).update(status=status)
    folder = Path(settings.CPMONITOR_UPLOAD_DIR) / str(job.pk)
    _aged(job, 23.5)
    assert purge().jobs == 0 and folder.exists()  # 24 hours by default
    _aged(job, 24.5)
    assert purge().jobs == 1
    assert not folder.exists() and not UploadJob.objects.filter(pk=job.pk).exists()


def test_a_step_still_running_is_left_to_finish(client_as):
    job = _upload(client_as("analyst"))  # queued: checking, not yet taken by a worker
    _aged(job, 48)
    assert purge().jobs == 0 and UploadJob.objects.filter(pk=job.pk).exists()
    jobs.run_queued()


def test_the_retention_is_configurable(client_as, settings):
    settings.CPMONITOR_UPLOAD_RETENTION_HOURS = 1
    job = _upload(client_as("analyst"))
    jobs.run_queued()
    _aged(job, 1.5)
    assert purge().jobs == 1


def test_a_folder_that_belongs_to_no_upload_goes_once_as_old(tmp_path):
    stray = private_dir(Path(settings.CPMONITOR_UPLOAD_DIR) / "left-by-a-killed-request")
    (stray / "cin.xml").write_text("<Message/>")
    assert purge().folders == 0
    old = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(stray, (old, old))
    assert purge().folders == 1 and not stray.exists()


def test_each_upload_first_deletes_the_uploads_past_their_retention(client_as):
    c = client_as("analyst")
    old = _upload(c, "old_2016.xml")
    jobs.run_queued()
    _aged(old, 30)
    new = _upload(c)
    assert not UploadJob.objects.filter(pk=old.pk).exists()
    assert UploadJob.objects.filter(pk=new.pk).exists()
    jobs.run_queued()


def test_the_purge_command_says_what_it_deleted(client_as, capsys):
    job = _upload(client_as("analyst"))
    jobs.run_queued()
    _aged(job, 25)
    call_command("purge_uploads")
    assert (
        "Deleted 1 upload(s), 0 stray folder(s) and 0 report(s) made on the web older than 24 hours."
        in capsys.readouterr().out
    )


def test_a_file_over_the_size_limit_is_refused_naming_it(client_as, settings):
    settings.CPMONITOR_UPLOAD_MAX_MB = 0.01  # 10 KB
    big = SimpleUploadedFile("cin_big.xml", b"<Message>" + b" " * 20_000 + b"</Message>")
    r = client_as("analyst").post("/uploads/", {"files": [big]})
    page = r.content.decode()
    assert r.status_code == 200 and UploadJob.objects.count() == 0
    assert "cin_big.xml is 20 KB: the largest file accepted is 0.01 MB" in page
