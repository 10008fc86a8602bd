"""The upload size limit (CPMONITOR_UPLOAD_MAX_MB) is enforced as the upload streams in: a file
over it is never written anywhere, neither to the upload folder nor to a temporary file, and
the form says so (issue 12, item 4)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory, override_settings
from web_returns import KIDS_2016, cin_xml

from cpmonitor.web.uploads.limits import RefusedFile
from cpmonitor.web.uploads.models import UploadJob

pytestmark = pytest.mark.django_db(transaction=True)


def files_under(folder: Path) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()]


@pytest.fixture
def stored(monkeypatch) -> list[int]:
    """Bytes handed to Django's own handlers, which keep them (in memory or a temporary file)."""
    received: list[int] = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        keep = handler.receive_data_chunk

        def counting(self, raw_data, start, keep=keep):
            if getattr(self, "activated", True):  # (the memory handler passes big files on)
                received.append(len(raw_data))
            return keep(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return received


@pytest.fixture
def temp_dir(tmp_path):
    """Django's temporary upload files go here (files over 1 KB go to disk, not memory)."""
    folder = tmp_path / "tmp-uploads"
    folder.mkdir()
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(folder), FILE_UPLOAD_MAX_MEMORY_SIZE=1024):
        yield folder


def test_a_body_over_the_limit_is_refused_on_the_form_and_nothing_of_it_is_written(
    client_as, temp_dir, stored
):
    before = files_under(settings.CPMONITOR_UPLOAD_DIR)
    big = SimpleUploadedFile("cin_huge.xml", b"<Message>" + b" " * 300_000 + b"</Message>")
    with override_settings(CPMONITOR_UPLOAD_MAX_MB=0.1):  # 100 KB
        r = client_as("analyst").post("/uploads/", {"files": [big]})
    page = r.content.decode()
    assert r.status_code == 200 and UploadJob.objects.count() == 0
    assert "cin_huge.xml is 293 KB: the largest file accepted is 0.1 MB" in page
    assert sum(stored) == 0  # not a byte kept, in memory or in a temporary file
    assert files_under(settings.CPMONITOR_UPLOAD_DIR) == before
    assert files_under(temp_dir) == []


def test_files_each_under_the_limit_but_over_it_together_are_refused_saying_so(
    client_as, temp_dir, stored
):
    xml = cin_xml("999", 2016, KIDS_2016).encode()
    a, b = (SimpleUploadedFile(f"cin_{n}_2016.xml", xml + b" " * 60_000) for n in "ab")
    with override_settings(CPMONITOR_UPLOAD_MAX_MB=0.1):
        r = client_as("analyst").post("/uploads/", {"files": [a, b]})
    page = r.content.decode()
    assert r.status_code == 200 and UploadJob.objects.count() == 0
    assert "These 2 files are" in page and "the most accepted in one upload is 0.1 MB" in page
    assert sum(stored) == 0 and files_under(temp_dir) == []


def test_an_upload_under_the_limit_is_stored_as_before(client_as, temp_dir):
    xml = cin_xml("999", 2016, KIDS_2016).encode()
    r = client_as("analyst").post(
        "/uploads/", {"files": [SimpleUploadedFile("cin_999_2016.xml", xml)]}
    )
    assert r.status_code == 302
    (job,) = UploadJob.objects.all()
    assert Path(job.files[0]["path"]).read_bytes() == xml


def test_a_body_that_passes_the_limit_without_saying_so_is_cut_off_at_that_chunk(temp_dir, stored):
    """A request whose Content-Length understates its body: the file's temporary copy goes."""
    body_file = SimpleUploadedFile("cin_sneaky.xml", b"x" * 500_000)
    request = RequestFactory().post("/uploads/", {"files": [body_file]})
    body = request.body
    meta = dict(request.META, CONTENT_LENGTH="50000")  # says 50 KB, sends 500 KB
    with override_settings(CPMONITOR_UPLOAD_MAX_MB=0.1):
        parser = MultiPartParser(meta, io.BytesIO(body), request.upload_handlers)
        _post, files = parser.parse()
    (upload,) = files.getlist("files")
    assert isinstance(upload, RefusedFile) and upload.size == 500_000
    assert sum(stored) <= 0.1 * 1024 * 1024  # no more than the limit was ever kept
    assert files_under(temp_dir) == []  # and that is deleted
