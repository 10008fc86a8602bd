"""The history check says when the enquiry asked about is past the returns loaded (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def _check_page(client, people, date_fields, s47: date) -> str:
    client.force_login(people["sam"])
    data = {
        "child_id": "TL0002",
        "team": people["team"].pk,
        "reasons": "Bruising seen at nursery",
        **date_fields("s47_start", s47),
        **date_fields("proposed_date", s47),
    }
    assert client.post("/conferences/new/", data).status_code == 302
    return client.get("/conferences/new/check/").content.decode()


def test_an_enquiry_20_months_after_the_last_return_is_warned_about(
    client, people, loaded, date_fields
):
    page = _check_page(client, people, date_fields, date(2018, 11, 20))
    assert 'id="past-the-data"' in page
    assert "The returns loaded for LA 999 run to 31 March 2017" in page
    assert "19 months after that, on 20 November 2018" in page


def test_an_enquiry_inside_the_returns_is_not_warned_about(client, people, loaded, date_fields):
    page = _check_page(client, people, date_fields, date(2017, 1, 10))
    assert 'id="past-the-data"' not in page and "Plan 1: 10 June 2015" in page
