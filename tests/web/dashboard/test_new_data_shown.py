"""A new import is never shown stale data: the shared cache's keys change with every stored
return and every stored Annex A workbook (:func:`cpmonitor.web.store.cache.fingerprint`),
and a page reads the stored data's version once (one query), so all of it is of one version."""

from __future__ import annotations

import pytest
from annexa_workbooks import write_workbook
from django.db import connection
from django.test.utils import CaptureQueriesContext
from web_workbooks import BOOK, list7_rows

from cpmonitor.census.load import load
from cpmonitor.web.store import services

pytestmark = pytest.mark.django_db


def test_a_workbook_imported_alone_is_shown_on_the_dashboard_at_once(client_as, loaded, tmp_path):
    c = client_as("analyst")
    assert c.get("/dashboard/?la=999").context["visits"] is None  # figures now shared
    write_workbook(tmp_path / BOOK, {"CP": list7_rows()})
    services.import_census(load([tmp_path / BOOK]))  # no census return with it
    r = c.get("/dashboard/?la=999")
    assert r.context["visits"]["percent"] == 33.3
    assert "Statutory visits to children on a plan, at 31 August 2017" in r.content.decode()


@pytest.mark.parametrize("page", ["/dashboard/?la=999", "/repeat-plans/?la=999", "timeline"])
def test_a_page_asks_the_database_about_the_stored_returns_once(client_as, loaded, page):
    from cpmonitor.web.store.models import ChildRef

    if page == "timeline":
        page = f"/children/{ChildRef.objects.get(la='999', child_id='TL0001').ref}/"
    c = client_as("manager")
    assert c.get(page).status_code == 200  # the figures built and shared
    with CaptureQueriesContext(connection) as queries:
        assert c.get(page).status_code == 200
    about = [
        q["sql"] for q in queries if "store_importbatch" in q["sql"] or "annexaworkbook" in q["sql"]
    ]
    assert len(about) == 1, about  # the data version, once for the whole page
