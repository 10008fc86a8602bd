"""The managers' early-warning list in headless Chromium: the list, its downloads (CSV and
Excel, logged) and an axe-core check; screenshot in test-artifacts/web/ (30-…)."""

from __future__ import annotations

import re

import pytest
import web_browser as browser_tests
from playwright.sync_api import expect

# the browser tests' fixtures (one Chromium per module, a page per test, the demo council)
page = browser_tests.page
demo_returns = browser_tests.demo_returns
demo_loaded = browser_tests.demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_early_warning_list_and_its_downloads(page, live_server, make_user, demo_loaded):
    from cpmonitor.web.accounts.models import AccessLog

    make_user("manager", "mo")
    browser_tests.sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/what-changed/early-warning/?by=category")
    expect(page.locator("h1")).to_have_text("Early warning: who may come back")
    browser_tests.check_accessibility(page, "early warning")
    browser_tests.shot(page, "30-early-warning")
    listed = page.locator("#early-warning tbody tr").count()
    for link, ext in (("CSV", "csv"), ("Excel", "xlsx")):
        with page.expect_download() as download:
            page.click(f"a.govuk-link:text-is('{link}')")
        assert download.value.suggested_filename.endswith(f".{ext}")
    exports = AccessLog.objects.filter(action=AccessLog.EXPORT_EARLY_WARNING)
    assert [e.detail.split(",")[0] for e in exports.order_by("id")] == ["CSV", "XLSX"]
    assert all(e.detail.endswith(f"by category, {listed} listed") for e in exports)


def test_a_bad_early_warning_date_follows_the_gov_uk_error_pattern(
    page, live_server, make_user, demo_loaded
):
    make_user("manager", "mo")
    browser_tests.sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/what-changed/early-warning/")
    page.fill("#id_as_at_0", "31")
    page.fill("#id_as_at_1", "2")
    page.fill("#id_as_at_2", "2026")
    page.click("button:text-is('Show')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    assert page.locator("#early-warning").count() == 0  # no list under the error
    assert page.input_value("#id_as_at_0") == "31"  # what was typed is kept
    browser_tests.check_accessibility(page, "early warning, bad date")
    browser_tests.shot(page, "30-early-warning-bad-date")
