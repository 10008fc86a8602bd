"""The oversight page and its exports show the core's figures; exports are logged; the web
report includes the authorisation section once there are requests."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from web_reports import report_text

from cpmonitor.periods import parse_period
from cpmonitor.web.accounts.models import AccessLog
from cpmonitor.web.conferences import selectors
from cpmonitor.web.conferences.models import ConferenceRequest, CouncilRule, RequestEvent

pytestmark = pytest.mark.django_db


def past_request(people, child_id, s47, raised, decided=None, outcome="authorised"):
    """A request raised (and decided) in the past, written as the service would have."""
    req = ConferenceRequest.objects.create(
        la="999",
        child_id=child_id,
        team=people["team"],
        raised_by=people["sam"],
        raised_by_name="sam",
        raised_at=raised,
        s47_start=s47,
        proposed_date=s47,
        conference_due=s47,
        reasons="r",
        child_in_returns=True,
        plans_on_record=1,
        counted_from_record=1,
        previous_plans=1,
        history_snapshot={},
        rule_required=True,
        needs_authorisation=True,
    )
    RequestEvent.objects.create(
        request=req, seq=1, at=raised, by=people["sam"], by_name="sam", kind="raised", text="r"
    )
    if decided:
        RequestEvent.objects.create(
            request=req,
            seq=2,
            at=decided,
            by=people["gina"],
            by_name="gina",
            kind=outcome,
            text="ok",
        )
    return req


@pytest.fixture
def history_2016(people, loaded):
    """The rule in force from April 2016; TL0003's plan of 15 Sep 2016 followed one that ended
    in January 2016 (a conference for a child with a previous plan); TL0002 is authorised
    (no conference in the returns); TL0005 waits."""
    CouncilRule.objects.create(la="999", in_force_from=date(2016, 4, 1))
    past_request(
        people,
        "TL0002",
        date(2016, 6, 1),
        datetime(2016, 6, 1, 9, tzinfo=UTC),
        datetime(2016, 6, 1, 15, tzinfo=UTC),
    )
    past_request(people, "TL0005", date(2016, 9, 1), datetime(2016, 9, 2, 9, tzinfo=UTC))


def test_the_page_shows_the_cores_figures(client, make_user, history_2016):
    client.force_login(make_user("manager", "mo"))
    r = client.get("/conferences/oversight/?la=999&period=2016-17")
    page = r.content.decode()
    core = selectors.oversight("999", parse_period("2016-17"))
    assert core.totals["requests"] == 2 and core.totals["authorised"] == 1
    assert core.totals["median_hours"] == 6.0
    assert core.unauthorised.get_column("child_id").to_list() == ["TL0003"]
    assert r.status_code == 200
    assert "Conferences held without a recorded authorisation (1)" in page
    assert "TL0003" in page and "15 September 2016" in page and "CPPstartDate" in page
    assert "Requests still open (1)" in page
    assert "conferences checked from 1 April 2016 to 31 March 2017" in page


def test_csv_and_xlsx_exports_are_logged(client, make_user, history_2016):
    client.force_login(make_user("analyst", "ann"))
    r = client.get("/conferences/oversight/export/?la=999&period=2016-17&format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][:3] == ["Month", "Requests", "Not needing authorisation"]
    assert [row[0] for row in rows[1:]][:3] == ["2016-04", "2016-05", "2016-06"]
    june = dict(zip(rows[0], rows[3], strict=True))
    assert (
        june["Requests"] == "1"
        and june["Authorised"] == "1"
        and june["Median hours to decision"] == "6.0"
    )
    assert rows[-1][0] == "Total"
    r = client.get("/conferences/oversight/export/?la=999&period=2016-17&format=xlsx")
    book = load_workbook(io.BytesIO(r.content))
    listed = list(book["Without authorisation"].iter_rows(values_only=True))
    assert listed[1][:2] == ("999", "TL0003")
    still_open = list(book["Still open"].iter_rows(values_only=True))
    assert [row[1] for row in still_open[1:]] == ["TL0005"]
    assert still_open[1][3] == "Waiting for a decision"  # in words, as on the pages
    assert still_open[1][2] == datetime(2016, 9, 2, 10, 0)
    assert [a.action for a in AccessLog.objects.order_by("id")] == ["export_oversight"] * 2
    assert client.get("/conferences/oversight/export/?format=pdf").status_code == 404


def test_a_bad_period_is_explained(client, make_user, history_2016):
    client.force_login(make_user("manager", "mo"))
    page = client.get("/conferences/oversight/?period=last+spring").content.decode()
    assert "is not a period" in page


@pytest.mark.django_db(transaction=True)  # the task worker makes the report
def test_the_web_report_includes_the_section(client, make_user, history_2016):
    client.force_login(make_user("manager", "mo"))
    html = report_text(client, {"la": "999", "period": "2016-17", "fmt": ".html"})
    assert "Group Manager authorisation of conferences" in html
