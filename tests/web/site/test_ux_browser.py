"""The pages people land on and filter, in Chromium: axe-core finds nothing at all (the
"region" rule included: the protective marking sits in the banner landmark), the menu fits
one line, codes are words, and a bad filter shows the GOV.UK error pattern.

Screenshots go to test-artifacts/web/ (ux-*.png) for a person to look at.
"""

from __future__ import annotations

import os
import re

import pytest
import web_browser
from web_browser import no_axe_violations, sign_in

from builders import skip_without_chromium

skip_without_chromium()

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = web_browser.page  # the browser tests' fixture: a page per test


def menu_lines(page: Page) -> float:
    """How many lines the service navigation takes (1.0: one line)."""
    return page.evaluate(
        "(() => { const items = [...document.querySelectorAll("
        "'.govuk-service-navigation__item')];"
        " const tops = new Set(items.map(i => Math.round(i.getBoundingClientRect().top)));"
        " return tops.size; })()"
    )


@pytest.mark.parametrize(
    ("role", "lands_on", "heading"),
    [
        ("group_manager", "/conferences/queue/", "Conference decisions"),
        ("analyst", "/dashboard/", "Repeat child protection plans"),
        ("auditor", "/audits/", None),
    ],
)
def test_each_role_lands_on_its_work_with_a_one_line_menu_and_no_axe_findings(
    page, live_server, make_user, loaded, role, lands_on, heading
):
    make_user(role, f"{role}-1")
    sign_in(page, live_server.url, f"{role}-1")
    expect(page).to_have_url(f"{live_server.url}{lands_on}")
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    assert menu_lines(page) == 1
    expect(page.locator("header .app-marking")).to_contain_text("OFFICIAL-SENSITIVE")
    no_axe_violations(page, f"landing-{role}")


def test_a_bad_dashboard_date_is_the_govuk_error_pattern(page, live_server, make_user, loaded):
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.fill("#id_as_at_0", "31")
    page.fill("#id_as_at_1", "13")
    page.fill("#id_as_at_2", "2016")
    page.click("text=Show")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Year to date as at must be a real date")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page.locator("#id_as_at_1")).to_have_value("13")
    expect(page.locator(".app-figure")).to_have_count(0)
    no_axe_violations(page, "dashboard-error")
    summary.locator("a").click()
    expect(page.locator("#id_as_at_0")).to_be_focused()


def test_the_cohort_and_a_timeline_show_words_not_codes(page, live_server, make_user, loaded):
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/repeat-plans/?period=2015-04-01..2017-03-31")
    table = page.locator("table.govuk-table")
    expect(table).to_contain_text("Emotional abuse")
    assert not re.search(r"\b(EMO|NEG|PHY|SAB|MUL)\b", table.inner_text())
    expect(page.locator("#id_start_2")).to_have_value("2015")
    no_axe_violations(page, "cohort")
    page.locator("table.govuk-table tbody a").first.click()
    main = page.locator("main")
    expect(main).to_contain_text("Referred by:")
    text = main.inner_text()
    assert "Source " not in text and "Reason RC" not in text
    short = r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b"
    assert not re.search(short, text) and not re.search(r"\b0\d [A-Z]", text)  # "08 Jul 2022"
    no_axe_violations(page, "timeline")


def test_a_bad_cohort_period_shows_no_table(page, live_server, make_user, loaded):
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/repeat-plans/")
    for box, value in (("start_0", "1"), ("start_1", "4"), ("start_2", "2017")):
        page.fill(f"#id_{box}", value)
    for box, value in (("end_0", "1"), ("end_1", "4"), ("end_2", "2016")):
        page.fill(f"#id_{box}", value)
    page.click("text=Apply filters")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date plans start up to must be the same as or after the date they start from"
    )
    expect(page.locator("table")).to_have_count(0)
    expect(page.locator("#id_start_2")).to_have_value("2017")
    no_axe_violations(page, "cohort-error")
