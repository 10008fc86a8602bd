"""The dashboard's figures and the repeat-plans table are rendered once per data version and
choice, and the HTML is shared by every worker process (a template ``{% cache %}`` keyed by
the data version): a new return, another filter or another set of links gives a new
rendering, never an old one."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from cpmonitor.web.store import services
from cpmonitor.web.store.models import ChildRef

pytestmark = pytest.mark.django_db

SENTINEL = "<p>rendered by another worker</p>"


def _dashboard_key(page, can_see_visits=True, can_see_quality=True) -> str:
    """The ``{% cache %}`` key of the dashboard's figures (vary_on as the template gives it)."""
    return make_template_fragment_key(
        "dashboard", [page.context["fragment"], can_see_visits, can_see_quality]
    )


def test_a_second_request_is_served_the_first_ones_rendering(client_as, loaded):
    c = client_as("manager")
    first = c.get("/dashboard/")
    assert first.status_code == 200
    key = _dashboard_key(first)
    assert "Rolling 12 months" in cache.get(key)
    cache.set(key, SENTINEL)  # what the shared cache holds is what is served
    assert SENTINEL.encode() in c.get("/dashboard/").content


def test_a_new_return_is_never_shown_an_old_rendering(client_as, census):
    data, hashes = census
    services.import_census(data, hashes=hashes)
    c = client_as("manager")
    before = c.get("/dashboard/")
    cache.set(_dashboard_key(before), SENTINEL)
    # the same returns sent again as new files: a new data version
    data.returns[:] = [replace(r) for r in data.returns]
    services.import_census(data, hashes=dict.fromkeys(hashes, "1" * 64))
    after = c.get("/dashboard/")
    assert after.context["fragment"] != before.context["fragment"]
    assert SENTINEL.encode() not in after.content
    assert b"Rolling 12 months" in after.content


def test_links_a_role_may_not_follow_are_not_served_from_another_roles_rendering(client_as, loaded):
    analyst = client_as("analyst").get("/dashboard/")
    assert b"See the data-quality issues" in analyst.content
    auditor = client_as("auditor").get("/dashboard/")
    assert auditor.status_code == 200
    assert b"Rolling 12 months" in auditor.content
    assert b"See the data-quality issues" not in auditor.content


def test_each_filter_of_the_repeat_plans_table_has_its_own_rendering(client_as, loaded):
    c = client_as("manager")
    every = c.get("/repeat-plans/?period=2016-17")
    within = c.get("/repeat-plans/?period=2016-17&gap=within")
    assert every.status_code == within.status_code == 200
    assert every.context["fragment"] != within.context["fragment"]
    count = re.compile(rb"<strong>(\d+)</strong> repeat plans? match")
    assert int(count.search(every.content).group(1)) == len(every.context["rows"])
    assert int(count.search(within.content).group(1)) == len(within.context["rows"])
    table = re.compile(rb"<table.*</table>", re.S)
    again = c.get("/repeat-plans/?period=2016-17")
    assert table.search(again.content).group(0) == table.search(every.content).group(0)


def test_the_repeat_plans_rows_link_each_child_to_their_timeline(client_as, loaded):
    page = client_as("manager").get("/repeat-plans/?period=2016-17")
    rows = page.context["rows"]
    assert rows, "the test returns have repeat plans in 2016-17"
    for row in rows:
        ref = ChildRef.objects.get(la=row["la"], child_id=row["child_id"]).ref
        link = f'<a class="govuk-link" href="/children/{ref}/">{row["child_id"]}</a>'
        assert link.encode() in page.content
