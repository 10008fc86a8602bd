"""Upload messages are plain sentences that name the file as it was uploaded, never a server path."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cpmonitor.census.dataset import CensusData
from cpmonitor.web.store import services
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob

pytestmark = pytest.mark.django_db(transaction=True)


def upload(client, files) -> tuple[UploadJob, str]:
    r = client.post("/uploads/", {"files": files})
    assert r.status_code == 302, r.content[:500]
    job = UploadJob.objects.latest("created")
    jobs.run_queued()  # the worker's loop, here in the test
    job.refresh_from_db()
    return job, client.get(f"/uploads/{job.pk}/").content.decode()


def test_a_file_that_is_not_a_return_is_named_as_uploaded_in_a_sentence(client_as, settings):
    c = client_as("analyst")
    job, page = upload(c, [SimpleUploadedFile("Notes (March).xml", b"<notes>hello</notes>")])
    assert job.status == "refused"
    assert (
        job.report["refused"] == "This file is not a readable CIN census return: Notes (March).xml."
    )
    assert (
        "This file is not a readable CIN census return: Notes (March).xml. Nothing was imported."
        in page
    )
    assert str(settings.CPMONITOR_UPLOAD_DIR) not in page
    assert "The this" not in page and "The these" not in page


def test_an_empty_file_is_named():
    from cpmonitor.web.uploads.views import UploadForm

    form = UploadForm(files={"files": SimpleUploadedFile("cin_2016.xml", b"")})
    assert not form.is_valid()
    assert form.errors["files"] == [
        "cin_2016.xml is empty: choose the census XML or Annex A file itself"
    ]


def test_the_refusal_reasons_are_sentences():
    with pytest.raises(services.ImportRefused) as nothing:
        services.check_importable(CensusData())
    assert (
        nothing.value.reason
        == "The upload holds no CIN census return or Annex A workbook to import."
    )
