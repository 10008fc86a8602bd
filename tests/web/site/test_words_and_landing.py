"""What people read on every page: GOV.UK dates, codes in words, where each role lands, the menu."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from cpmonitor.web.permissions import NAVIGATION
from cpmonitor.web.words import day, day_time, month


def test_dates_follow_the_govuk_style_guide():
    assert day(date(2022, 7, 8)) == "8 July 2022"
    assert month(date(2022, 7, 8)) == "July 2022"
    assert day_time(datetime(2022, 7, 8, 14, 35)) == "8 July 2022 at 2:35pm"
    assert day_time(datetime(2022, 7, 8, 9, 5)) == "8 July 2022 at 9:05am"
    assert day_time(datetime(2022, 7, 8, 12, 0)) == "8 July 2022 at midday"
    assert day_time(datetime(2022, 7, 8, 0, 0)) == "8 July 2022 at midnight"


def test_a_time_is_shown_in_uk_local_time(settings):
    settings.TIME_ZONE = "Europe/London"
    rendered = Template("{{ t|day_time }}").render(
        Context({"t": datetime(2022, 7, 8, 13, 35, tzinfo=UTC)})
    )
    assert rendered == "8 July 2022 at 2:35pm"  # British Summer Time


def test_every_template_can_show_codes_in_words():
    page = Template(
        '{{ e|in_words:"ethnicity" }}, {{ s|in_words:"sex" }}, {{ c|cell:"initial_category" }}'
    )
    assert page.render(Context({"e": "WBRI", "s": "F", "c": "EMO"})) == (
        "White British, Female, Emotional abuse"
    )


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("group_manager", "/conferences/queue/"),
        ("auditor", "/audits/"),
        ("manager", "/dashboard/"),
        ("analyst", "/dashboard/"),
        ("social_worker", "/conferences/"),
        ("administrator", "/access-log/"),
    ],
)
def test_each_role_lands_where_its_work_is(client_as, role, lands_on):
    r = client_as(role).get("/")
    assert r.status_code == 302 and r["Location"] == lands_on


def test_the_menu_names_each_thing_once(client_as):
    labels = [label for label, _, _ in NAVIGATION]
    assert len(labels) == len(set(labels))
    page = client_as("group_manager").get("/conferences/oversight/").content.decode()
    menu = page.split('id="navigation"')[1].split("</ul>")[0]
    assert menu.count("Conferences") == 1 and "Authorisations" not in menu
    # the queue is the item's page; on the oversight page the item is current, not the page
    assert 'href="/conferences/queue/" aria-current="true"' in menu
    assert (
        "govuk-service-navigation__item--active" in menu.split("Conferences")[0].rsplit("<li", 1)[1]
    )


def test_the_protective_marking_is_in_the_banner_not_a_phase_banner(client_as):
    page = client_as("manager").get("/dashboard/").content.decode()
    header = page.split('<header class="govuk-template__header">')[1].split("</header>")[0]
    assert "OFFICIAL-SENSITIVE" in header
    assert "govuk-phase-banner" not in page
