"""The scrutiny report page: the core's report from the stored returns, downloaded."""

from __future__ import annotations

import io

import pytest

from cpmonitor.web.accounts.models import AccessLog

pytestmark = pytest.mark.django_db


def test_published_report_names_no_child(client_as, loaded):
    c = client_as("manager")
    assert c.get("/reports/").status_code == 200
    r = c.post("/reports/", {"period": "2015-16", "fmt": ".html"})
    assert r.status_code == 200, r.content[:3000]
    assert r["Content-Disposition"].endswith('.html"')
    text = r.content.decode()
    assert "second or subsequent" in text
    assert "TL000" not in text
    assert not AccessLog.objects.exists()


def test_restricted_report_is_logged(client_as, loaded):
    from openpyxl import load_workbook

    c = client_as("analyst")
    r = c.post("/reports/", {"period": "2016-17", "fmt": ".xlsx", "restricted": "on"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    cells = {str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v}
    assert "TL0003" in cells  # the repeat plan of 2016-17
    entry = AccessLog.objects.get()
    assert entry.action == "export_report" and entry.username == "analyst_user"


def test_a_bad_period_is_explained(client_as, loaded):
    r = client_as("manager").post("/reports/", {"period": "last year", "fmt": ".pdf"})
    assert r.status_code == 400
    assert b"There is a problem" in r.content and b"is not a period" in r.content
