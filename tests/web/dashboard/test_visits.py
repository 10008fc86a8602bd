"""Statutory visits on the dashboard (from the stored Annex A workbook) and the managers'
list of children whose visit is overdue, by team (access-logged, own councils only).

Hand-worked, at the workbook's extract date 31 August 2017 and the default local standard
of 10 working days: TL0003's plan ended on 10 July 2017 (not on a plan); TL0005 visited on
30 August (1 working day: within, seen alone); TL0009 visited on 1 August (21 working days,
the August bank holiday on the 28th not counted: overdue, not seen alone); TL0010's visit
date is not a date (no visit known: overdue). 3 on a plan, 1 within: 33.3%.
"""

from __future__ import annotations

from datetime import date

import pytest
from annexa_workbooks import write_workbook
from web_workbooks import BOOK, list7_rows

from cpmonitor.census.load import load
from cpmonitor.web.accounts.models import AccessLog
from cpmonitor.web.store import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_annex_a(db, returns_dir):
    write_workbook(returns_dir / BOOK, {"CP": list7_rows()})
    return services.import_census(load(returns_dir))


def test_the_dashboard_shows_the_visits_figure_and_the_year_to_date_from_annex_a(
    client_as, with_annex_a
):
    r = client_as("analyst").get("/dashboard/?la=999")
    assert r.status_code == 200
    v = r.context["visits"]
    assert (v["children_on_plan"], v["visited_within_standard"], v["percent"]) == (3, 1, 33.3)
    assert (v["seen_alone"], v["standard_working_days"], v["as_at"]) == (1, 10, "2017-08-31")
    text = r.content.decode()
    assert "Statutory visits to children on a plan, at 31 August 2017" in text
    assert "33.3%" in text and "council's local standard" in text
    # the year to date runs to the workbook's extract date: TL0009 and TL0010 started plans
    ytd = r.context["ytd"]
    assert (ytd.start, ytd.end) == (date(2017, 4, 1), date(2017, 8, 31))
    assert (r.context["m"]["plans_started"], r.context["m"]["repeat"]) == (2, 0)
    assert "/visits/overdue/" not in text  # analysts do not see the list's link


def test_the_dashboard_without_annex_a_shows_no_visits(client_as, loaded):
    r = client_as("analyst").get("/dashboard/?la=999")
    assert r.status_code == 200 and r.context["visits"] is None
    assert "Statutory visits" not in r.content.decode()


@pytest.mark.parametrize("role", ["manager", "group_manager"])
def test_managers_see_the_overdue_children_by_team_and_every_view_is_logged(
    client_as, with_annex_a, role
):
    client = client_as(role)
    assert "/visits/overdue/" in client.get("/dashboard/?la=999").content.decode()
    r = client.get("/visits/overdue/?la=999")
    assert r.status_code == 200
    [team] = r.context["teams"]
    assert team["team"] == "Team A"
    assert [(x["child_id"], x["worker"], x["working_days_since"]) for x in team["rows"]] == [
        ("TL0009", "Worker 1", 21),
        ("TL0010", "Worker 1", None),
    ]
    text = r.content.decode()
    assert "2</strong> of 3 children on a plan not visited within 10 working days" in text
    assert "None recorded on or before the extract date" in text
    assert "TL0005" not in text
    entry = AccessLog.objects.get(action=AccessLog.VIEW_OVERDUE_VISITS)
    assert (entry.la, entry.detail) == ("999", "as at 2017-08-31, 2 listed")


def test_other_roles_are_refused_the_overdue_list(client_as, with_annex_a):
    for role in ("analyst", "social_worker", "auditor", "administrator"):
        assert client_as(role).get("/visits/overdue/?la=999").status_code == 403, role
    assert not AccessLog.objects.filter(action=AccessLog.VIEW_OVERDUE_VISITS).exists()


def test_a_manager_of_another_council_sees_none_of_these_children(client, make_user, with_annex_a):
    client.force_login(make_user("manager", "manager_335", councils=("335",)))
    r = client.get("/visits/overdue/?la=999")
    text = r.content.decode()
    assert "TL0009" not in text and "TL0010" not in text


def test_a_day_with_no_workbook_or_not_a_date_is_explained(client_as, with_annex_a):
    client = client_as("manager")
    r = client.get("/visits/overdue/?la=999&as_at=2017-08-30")
    assert r.status_code == 400
    assert r.context["date_error"] == (
        "There is no Annex A workbook for LA 999 extracted on 30 August 2017: the visits are "
        "known only at an extract date (workbooks loaded: 31 August 2017)"
    )
    assert "TL0009" not in r.content.decode()
    r = client.get("/visits/overdue/?la=999&as_at=31/08/2017")
    assert r.status_code == 400 and "is not a date" in r.context["date_error"]
