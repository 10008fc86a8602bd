"""Annex A workbooks in the database: the same AnnexA back, all-or-nothing, replacement by
council and extract date, and uploads that find the council or say how to give it."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from annexa_workbooks import write_workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from web_workbooks import BOOK, list7_rows

from cpmonitor.census.load import load
from cpmonitor.history import build_history
from cpmonitor.web.store import annexa, services
from cpmonitor.web.store.models import AnnexAPlan, AnnexAWorkbook, ImportBatch


@pytest.fixture
def with_book(returns_dir):
    write_workbook(returns_dir / BOOK, {"CP": list7_rows()})
    return returns_dir


def _named(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("source_file").str.split("/").list.last())


def _import(folder):
    data = load(folder)
    hashes = {str(p): services.file_sha256(p) for p in folder.iterdir()}
    return data, services.import_census(data, hashes=hashes)


@pytest.mark.django_db
def test_a_stored_workbook_gives_back_the_annex_a_and_tables_the_file_reader_gives(with_book):
    data, result = _import(with_book)
    assert any(BOOK in x and "Annex A at 31/08/2017" in x for x in result.added)
    back = services.census_data("999")
    [read], [stored] = data.annex_a, back.annex_a
    assert (stored.file, stored.la, stored.extract_date) == (BOOK, "999", date(2017, 8, 31))
    assert (stored.la_source, stored.date_source) == ("file name", "file name")
    assert stored.sheets == read.sheets == {"child_protection": "CP"}
    assert stored.plans.schema == read.plans.schema
    assert stored.plans.equals(_named(read.plans))
    assert [(i.code, i.child, i.line) for i in stored.issues] == [
        (i.code, i.child, i.line) for i in read.issues
    ]
    assert ("annex-a-bad-value", "TL0010", 6) in [(i.code, i.child, i.line) for i in back.issues]
    for name in ("cp_plans", "children"):
        assert (
            back[name]
            .sort("source_file", "child_id")
            .equals(_named(data[name]).sort("source_file", "child_id"))
        ), name
    # the history: TL0003's plan ends on the workbook's date, as from the files
    from_db = services.history("999").plans.drop("source_file")
    assert from_db.equals(build_history(data).plans.drop("source_file"))
    ended = from_db.filter(pl.col("child_id") == "TL0003")["end_date"].to_list()
    assert date(2017, 7, 10) in ended


@pytest.mark.django_db
def test_the_same_workbook_again_changes_nothing_and_a_new_one_for_that_day_replaces_it(
    with_book,
):
    _import(with_book)
    _, again = _import(with_book)
    assert not again.changed and any(BOOK in x for x in again.unchanged)
    write_workbook(with_book / BOOK, {"CP": list7_rows(visit_tl0005="02/08/2017")})
    _, third = _import(with_book)
    assert [x for x in third.replaced if BOOK in x]
    assert AnnexAWorkbook.objects.count() == 1 and AnnexAPlan.objects.count() == 4
    [stored] = annexa.stored_workbooks("999")
    visit = stored.plans.filter(pl.col("child_id") == "TL0005")["last_visit"][0]
    assert visit == date(2017, 8, 2)


@pytest.mark.django_db
def test_a_failure_while_storing_a_workbook_leaves_nothing_written(with_book, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(annexa, "import_workbook", broken)
    with pytest.raises(RuntimeError):
        _import(with_book)
    assert ImportBatch.objects.count() == 0 and AnnexAWorkbook.objects.count() == 0


@pytest.mark.django_db
def test_two_workbooks_of_one_council_and_day_are_refused_whole(with_book):
    write_workbook(with_book / "annex_a_999_31-08-2017.xlsx", {"CP": list7_rows()})
    with pytest.raises(services.ImportRefused, match="both LA 999's Annex A at 31/08/2017"):
        _import(with_book)
    assert ImportBatch.objects.count() == 0


# ---------------------------------------------------------------- uploads


def _upload(client, paths):
    from cpmonitor.web.uploads import jobs
    from cpmonitor.web.uploads.models import UploadJob

    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]
    assert client.post("/uploads/", {"files": files}).status_code == 302
    jobs.run_queued()
    return UploadJob.objects.latest("created")


def _confirm(client, job):
    from cpmonitor.web.uploads import jobs

    assert client.post(f"/uploads/{job.pk}/import/").status_code == 302
    jobs.run_queued()
    job.refresh_from_db()
    return job


@pytest.mark.django_db(transaction=True)
def test_a_workbook_uploaded_alone_takes_the_council_of_the_returns_stored(
    client_as, returns_dir, census, tmp_path
):
    data, hashes = census
    services.import_census(data, hashes=hashes)  # LA 999's returns; none for 335
    book = write_workbook(tmp_path / "annex_a_2017-08-31.xlsx", {"CP": list7_rows()})
    client = client_as("analyst")
    job = _upload(client, [book])
    assert job.status == "checked", job.report
    [shown] = job.report["workbooks"]
    assert shown["la"] == "999" and shown["la_source"] == "census returns"
    assert shown["extract_date"] == "31 August 2017" and shown["plans"] == 4
    page = client.get(f"/uploads/{job.pk}/").content.decode()
    assert "Annex A workbooks in this upload" in page and "31 August 2017" in page
    job = _confirm(client, job)
    assert job.status == "done", job.report
    assert [a.extract_date for a in services.census_data("999").annex_a] == [date(2017, 8, 31)]
    assert "Annex A workbooks loaded" in client.get("/uploads/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_workbook_with_no_council_to_be_found_is_refused_saying_how_to_give_it(
    client_as, tmp_path
):
    book = write_workbook(tmp_path / "annex_a_2017-08-31.xlsx", {"CP": list7_rows()})
    job = _upload(client_as("analyst"), [book])
    assert job.status == "refused"
    assert job.report["refused"] == (
        "annex_a_2017-08-31.xlsx cannot be imported: no council code: Annex A does not hold "
        "one; give --la, put the 3-digit code in the file name, or load it beside one "
        "council's census returns."
    )
    assert AnnexAWorkbook.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_workbook_of_another_council_is_refused(client_as, tmp_path):
    book = write_workbook(tmp_path / "annex_a_123_2017-08-31.xlsx", {"CP": list7_rows()})
    job = _upload(client_as("analyst"), [book])
    assert job.status == "refused"
    assert "LA 123, which is not one of your councils" in job.report["refused"]
