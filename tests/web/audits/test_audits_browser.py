"""Case audits in headless Chromium: plan an audit, add family cases from the repeat cohort,
record themes, write the key learning, read the summary (auditor, then a manager); an axe-core
check on every page; screenshots in test-artifacts/web/ (20-…)."""

from __future__ import annotations

import pytest
import web_browser as browser_tests
from playwright.sync_api import Page, expect

# the browser tests' fixtures (one Chromium per module, a page per test, the demo council)
page = browser_tests.page
demo_returns = browser_tests.demo_returns
demo_loaded = browser_tests.demo_loaded
check_accessibility, shot, sign_in = (
    browser_tests.check_accessibility,
    browser_tests.shot,
    browser_tests.sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Page, name: str) -> None:
    check_accessibility(page, name)
    shot(page, name)


def add_family(page: Page, rows: list[int], label: str) -> None:
    """Tick cohort rows (1-based, among those still free) and add them as a new case."""
    free = page.locator("input[name=plan]")
    for i in rows:
        free.nth(i - 1).check()
    page.fill("#label", label)
    page.click("button:has-text('Add to the audit')")
    expect(page.locator("h1")).to_contain_text(label)


def record(page: Page, themes: list[str], judgement: str, learning: str) -> None:
    page.click("text=Record findings")
    expect(page.locator("h1")).to_contain_text("Findings:")
    for theme in themes:
        page.get_by_label(theme, exact=True).check()
    for question, answer in (
        ("q_direct_work", "partly"),
        ("q_lived_experience", "no"),
        ("q_step_down_adequate", "yes"),
    ):
        page.check(f"input[name={question}][value={answer}]")
    page.get_by_label(judgement, exact=True).check()
    page.fill("#id_learning", learning)
    page.check("#id_complete")


def test_an_audit_from_plan_to_summary(page, live_server, make_user, demo_loaded):
    from cpmonitor.web.audits.models import Audit, Finding

    make_user("auditor", "qa")
    sign_in(page, live_server.url, "qa")
    page.click("nav >> text=Case audits")
    expect(page.locator("h1")).to_have_text("Case audits")
    check(page, "20-audits-none")

    page.click("text=Plan an audit")
    page.fill("#id_title", "Repeat plans audit, 2016-17")
    page.fill("#id_period", "2016-17")
    page.fill("#id_audit_date", "2017-06-30")
    check(page, "21-audit-plan")
    page.click("button:has-text('Plan the audit')")
    expect(page.locator("h1")).to_have_text("Choose cases from the repeat cohort")
    assert page.locator("input[name=plan]").count() >= 4
    check(page, "22-audit-cohort")

    add_family(page, [2, 3, 4], "Family A")  # the demo's plans starting the same day
    expect(page.locator("table").first).to_contain_text("Repeat plan started")
    check(page, "23-audit-case")
    record(page, ["Neglect", "Domestic abuse"], "Requires improvement", "Little direct work.")
    check(page, "24-audit-record")
    page.click("button:has-text('Record version 1')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 1 recorded")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Complete")
    expect(page.get_by_role("button", name="Record a new version")).to_be_visible()
    check(page, "25-audit-case-recorded")

    page.click(f"text={Audit.objects.get().title}")
    page.click("text=Choose cases from the repeat cohort")
    add_family(page, [1], "Family B")
    record(page, ["Neglect", "Parental mental health"], "Good", "Plan ended too soon.")
    page.click("button:has-text('Record version 1')")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Complete")

    page.click(f"text={Audit.objects.get().title}")
    check(page, "26-audit-detail")
    page.click("a:has-text('Key learning')")
    page.fill(
        "#id_text", "Neglect featured in every family.\n\n- More direct work\n- Longer step-down"
    )
    check(page, "27-audit-key-learning")
    page.click("button:has-text('Record the key learning')")
    expect(page.locator("h1")).to_have_text("Repeat plans audit, 2016-17")
    summary = page.locator("main")
    expect(summary).to_contain_text("looked at 2 cases involving 4 children")
    expect(summary).to_contain_text("Neglect featured in the lives of all of the children")
    expect(page.locator("table", has_text="What featured")).to_contain_text("100.0")
    page.reload()  # without the notice, as a reader sees it
    check(page, "28-audit-summary")
    assert Finding.objects.count() == 2

    # a manager reads the summary, and cannot open the cases
    page.context.clear_cookies()
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.click("nav >> text=Case audits")
    expect(page.locator("text=Plan an audit")).to_have_count(0)
    check(page, "29-audits-manager")
    page.click("main >> text=Repeat plans audit, 2016-17")
    expect(page.locator("main")).to_contain_text("2 cases involving")
    response = page.goto(f"{live_server.url}/audits/{Audit.objects.get().pk}/")
    assert response.status == 403
