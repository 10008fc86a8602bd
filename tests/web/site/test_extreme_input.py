"""Extreme dates and periods get a clear message and HTTP 400, never a server error; a refused
request logs one line with no child data (issue 12, item 9)."""

from __future__ import annotations

import io
import logging

import pytest

from cpmonitor.web.store.models import ChildRef

pytestmark = pytest.mark.django_db

EXTREMES = ["9999-12-31", "0001-01-01", "1949-12-31", "2100-01-01"]


@pytest.mark.parametrize("day", EXTREMES)
def test_the_dashboard_as_at_an_impossible_date_says_so(client_as, loaded, day):
    c = client_as("manager")
    c.raise_request_exception = False
    r = c.get(f"/dashboard/?as_at={day}")
    assert r.status_code == 400
    assert (
        f"The date {day} is not between 1950-01-01 and 2099-12-31: check the year"
        in r.content.decode()
    )


def test_the_dashboard_as_at_text_that_is_no_date_says_so(client_as, loaded):
    c = client_as("manager")
    r = c.get("/dashboard/?as_at=yesterday")  # (31/08/2016, the UK way, is read as a date)
    assert r.status_code == 400
    assert "There is a problem" in r.content.decode()
    assert "Year to date as at must" in r.content.decode()


@pytest.mark.parametrize(
    "period", ["9998-99", "0001-01-01..9999-12-31", "9999-12-30..9999-12-31", "0000-01"]
)
@pytest.mark.parametrize("url", ["/conferences/oversight/", "/repeat-plans/"])
def test_an_extreme_period_says_so(client_as, loaded, period, url):
    c = client_as("group_manager")
    c.raise_request_exception = False
    r = c.get(url, {"period": period})
    assert r.status_code == 400, r.status_code
    assert (
        "govuk-error-message" in r.content.decode() or "govuk-error-summary" in r.content.decode()
    )


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_report_form_as_at_an_impossible_date_says_so(client_as, loaded, day):
    c = client_as("manager")
    c.raise_request_exception = False
    r = c.post("/reports/", {"as_at": day, "fmt": ".html", "period": ""})
    assert r.status_code == 400
    assert "is not between 1950-01-01 and 2099-12-31" in r.content.decode()


def test_the_report_form_over_an_extreme_period_says_so(client_as, loaded):
    c = client_as("manager")
    c.raise_request_exception = False
    r = c.post("/reports/", {"period": "9998-99", "fmt": ".html"})
    assert r.status_code == 400
    assert "The year 9998-99 is not between 1950-51 and 2098-99" in r.content.decode()


@pytest.fixture
def log_output():
    handler = logging.getLogger("django").handlers[0]
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


def test_a_refused_page_logs_one_line_without_child_data(client_as, loaded, log_output):
    c = client_as("social_worker")
    ref = ChildRef.objects.get(child_id="TL0001").ref
    assert c.get(f"/children/{ref}/").status_code == 403
    lines = [line for line in log_output.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Forbidden" in lines[0] and "/children/<str:ref>/" in lines[0]
    assert ref not in lines[0] and "TL0001" not in lines[0]
