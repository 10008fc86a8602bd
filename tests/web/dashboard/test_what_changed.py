"""The "What changed" page and the managers' early-warning list (access-logged)."""

from __future__ import annotations

import pytest
from web_downloads import rows_of
from web_returns import KIDS_2016, KIDS_2017, Kid, cin_xml

from cpmonitor.web.accounts.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_in_contact(db, tmp_path):
    """LA 999 as in the other web tests, and TL0001 (plan ended 1 December 2015) referred
    again on 1 October 2016 and assessed on 3 October 2016, with no new plan."""
    from cpmonitor.census.load import load
    from cpmonitor.web.store.services import import_census

    again = Kid("TL0001", referral="2016-10-01", assessment="2016-10-03")
    (tmp_path / "cin_999_2016.xml").write_text(cin_xml("999", 2016, KIDS_2016))
    (tmp_path / "cin_999_2017.xml").write_text(cin_xml("999", 2017, [*KIDS_2017, again]))
    return import_census(load(tmp_path))


def test_what_changed_shows_the_change_and_the_curves(client_as, loaded):
    r = client_as("analyst").get("/what-changed/?period=2016-17")
    assert r.status_code == 200
    text = r.content.decode()
    assert "What changed: 2016-17" in text
    # 2016-17: TL0003 repeat, TL0005 first (1 of 2); 2015-16: TL0001 and TL0002 repeat,
    # TL0003 first (2 of 3). The page says what the report says, every number shown.
    lead = next(b for b in r.context["blocks"] if b["kind"] == "p")
    assert lead["text"].startswith("50.0% of the plans starting in 2016-17 were repeat plans")
    assert "within what chance alone would give" in text
    assert any(b["kind"] == "chart" for b in r.context["blocks"])
    assert 'id="replan"' in text
    assert "Early warning" not in text  # analysts do not see the list's link


def test_a_period_that_is_not_one_is_explained(client_as, loaded):
    r = client_as("manager").get("/what-changed/?period=2016-18")
    assert r.status_code == 200
    assert "not a financial year" in r.content.decode()


def test_the_early_warning_list_is_for_managers_and_every_view_is_logged(
    client_as, back_in_contact
):
    manager = client_as("manager")
    page = manager.get("/what-changed/")
    assert "Early warning" in page.content.decode()
    r = manager.get("/what-changed/early-warning/")
    assert r.status_code == 200
    assert [row["child_id"] for row in r.context["rows"]] == ["TL0001"]
    assert r.context["rows"][0]["contacts"] == "Referral 2016-10-01; Assessment 2016-10-03"
    assert "OFFICIAL-SENSITIVE" in r.content.decode()
    entry = AccessLog.objects.get(action=AccessLog.VIEW_EARLY_WARNING)
    assert (entry.username, entry.la) == ("manager_user", "999")
    assert entry.detail == "as at 2017-03-31, by plan_length, 1 listed"


@pytest.mark.parametrize("role", ["analyst", "auditor", "social_worker", "administrator"])
def test_other_roles_are_refused_the_list(client_as, role):
    assert client_as(role).get("/what-changed/early-warning/").status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.VIEW_EARLY_WARNING).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_early_warning_list_downloads_as_the_page_shows_it_and_is_logged(
    client_as, back_in_contact, fmt
):
    r = client_as("manager").get(f"/what-changed/early-warning/export/?format={fmt}")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    rows = rows_of(r, fmt)
    header, (child,) = rows[0], rows[1:]
    row = dict(zip(header, child, strict=True))
    assert header[:3] == ["LAchildID", "Plan started", "Plan ended"]
    assert row["LAchildID"] == "TL0001"
    # the category in words, its code beside it, as every download (cpmonitor.codes)
    assert header.index("Category of abuse code") == header.index("Category of abuse") + 1
    assert (row["Category of abuse"], row["Category of abuse code"]) == ("Neglect", "NEG")
    assert row["Since the plan ended"] == "Referral 2016-10-01; Assessment 2016-10-03"
    entry = AccessLog.objects.get(action=AccessLog.EXPORT_EARLY_WARNING)
    assert (entry.username, entry.la) == ("manager_user", "999")
    assert entry.detail == f"{fmt.upper()}, as at 2017-03-31, by plan_length, 1 listed"


def test_the_early_warning_download_writes_formula_like_text_as_text(client_as, tmp_path):
    import csv
    import dataclasses
    import io

    from cpmonitor.census.load import load
    from cpmonitor.web.store.services import import_census

    formula = "=1+2"
    kids = [
        dataclasses.replace(k, child_id=formula) if k.child_id == "TL0001" else k for k in KIDS_2016
    ]
    again = Kid(formula, referral="2016-10-01")
    (tmp_path / "cin_999_2016.xml").write_text(cin_xml("999", 2016, kids))
    (tmp_path / "cin_999_2017.xml").write_text(cin_xml("999", 2017, [*KIDS_2017, again]))
    import_census(load(tmp_path))
    r = client_as("manager").get("/what-changed/early-warning/export/?format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert [row[0] for row in rows[1:]] == ["'=1+2"]


@pytest.mark.parametrize("role", ["analyst", "auditor", "social_worker"])
def test_other_roles_are_refused_the_download(client_as, back_in_contact, role):
    r = client_as(role).get("/what-changed/early-warning/export/?format=csv")
    assert r.status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.EXPORT_EARLY_WARNING).exists()


def test_a_download_in_another_format_is_not_found(client_as, back_in_contact):
    assert (
        client_as("manager").get("/what-changed/early-warning/export/?format=exe").status_code
        == 404
    )


def test_the_early_warning_date_is_a_gov_uk_date_and_a_bad_one_shows_the_form_alone(
    client_as, back_in_contact
):
    manager = client_as("manager")
    r = manager.get("/what-changed/early-warning/?as_at_0=31&as_at_1=3&as_at_2=2017")
    assert r.status_code == 200 and r.context["as_at"].isoformat() == "2017-03-31"
    assert 'name="as_at_0"' in r.content.decode()  # day, month and year boxes
    r = manager.get("/what-changed/early-warning/?as_at=2017-03-31")  # a link's one text
    assert r.status_code == 200 and r.context["as_at"].isoformat() == "2017-03-31"
    for bad in ("?as_at_0=31&as_at_1=2&as_at_2=2017", "?as_at=9999-12-31"):
        r = manager.get(f"/what-changed/early-warning/{bad}")
        body = r.content.decode()
        assert r.status_code == 400 and "There is a problem" in body
        assert "TL0001" not in body and 'id="early-warning"' not in body  # no list under it
        r = manager.get(f"/what-changed/early-warning/export/{bad}&format=csv")
        assert r.status_code == 400 and "There is a problem" in r.content.decode()
    # only the views that showed the list are in the access log
    assert AccessLog.objects.filter(action=AccessLog.VIEW_EARLY_WARNING).count() == 2
    assert not AccessLog.objects.filter(action=AccessLog.EXPORT_EARLY_WARNING).exists()
