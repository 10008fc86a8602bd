"""Statutory visits in Chromium: the dashboard's visits card, the managers' overdue list by
team and its date error, and the upload page listing the Annex A workbooks loaded; axe-core
finds nothing on any of them. Screenshots go to test-artifacts/web/ (ux-visits-*.png)."""

from __future__ import annotations

import os

import pytest
import web_browser
from annexa_workbooks import write_workbook
from web_browser import no_axe_violations, sign_in
from web_workbooks import BOOK, list7_rows

from builders import skip_without_chromium

skip_without_chromium()

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = web_browser.page  # the browser tests' fixture: a page per test


@pytest.fixture
def with_annex_a(db, returns_dir):
    from cpmonitor.census.load import load
    from cpmonitor.web.store import services

    write_workbook(returns_dir / BOOK, {"CP": list7_rows()})
    return services.import_census(load(returns_dir))


def test_a_manager_goes_from_the_visits_figure_to_the_overdue_children(
    page, live_server, make_user, with_annex_a
):
    make_user("manager", "mv")
    sign_in(page, live_server.url, "mv")
    page.goto(f"{live_server.url}/dashboard/?la=999")
    card = page.locator("#visits")
    expect(card).to_contain_text("Statutory visits to children on a plan, at 31 August 2017")
    expect(card).to_contain_text("33.3%")
    no_axe_violations(page, "visits-dashboard")
    card.locator("a").click()
    expect(page.locator("h1")).to_have_text("Children whose statutory visit is overdue")
    expect(page.locator("#team-1 caption")).to_have_text("Team A: 2 children")
    expect(page.locator("#team-1 tbody tr")).to_have_count(2)
    no_axe_violations(page, "visits-overdue")
    # the extract date is chosen from the workbooks loaded, not typed (one pattern: a date
    # is typed only where any date may be asked about)
    assert page.locator("#as_at option").all_inner_texts() == ["31 August 2017"]
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#team-1 caption")).to_have_text("Team A: 2 children")
    # a link or bookmark to a day with no workbook is explained
    page.goto(f"{live_server.url}/visits/overdue/?la=999&as_at=2017-08-30")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("no Annex A workbook for LA 999 extracted on 30 August 2017")
    expect(page.locator("#team-1")).to_have_count(0)
    no_axe_violations(page, "visits-overdue-error")


def test_the_upload_page_lists_the_workbooks_loaded(page, live_server, make_user, with_annex_a):
    make_user("analyst", "av")
    sign_in(page, live_server.url, "av")
    page.goto(f"{live_server.url}/uploads/")
    expect(page.locator("#workbooks")).to_contain_text(BOOK)
    expect(page.locator("#workbooks")).to_contain_text("31 August 2017")
    no_axe_violations(page, "visits-uploads")
