"""The scrutiny report made in the background, in headless Chromium: ask on the Reports page,
watch the status page update itself (no reload), download the file; an interrupted job shown
as failed with what to do. axe-core on each state; screenshots in test-artifacts/web/ (30-…)."""

from __future__ import annotations

import re

import pytest
import web_browser as browser_tests
from django.utils import timezone
from playwright.sync_api import expect

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


def test_a_report_is_made_in_the_background_and_downloaded(
    page, live_server, make_user, demo_loaded, task_worker
):
    make_user("manager", "mo", councils=("335",))
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/reports/")
    page.fill("#id_period", "2016-17")
    page.check("text=Web page")
    page.click("text=Make the report")
    expect(page).to_have_url(re.compile(r"/reports/[0-9a-f-]{36}/$"))
    address = page.url
    # The page updates itself (the uploads' script asking for the job's JSON), never reloading.
    expect(page.locator("h1")).to_have_text("Your report is ready", timeout=120_000)
    expect(page.locator("#job-announce")).to_have_text("Your report is ready")
    assert page.url == address
    check_accessibility(page, "report ready")
    shot(page, "31-report-ready")
    with page.expect_download() as download:
        page.click("text=Download the report")
    assert download.value.suggested_filename.startswith("repeat-plans-report-335-")
    text = download.value.path().read_text(encoding="utf-8")
    assert "second or subsequent" in text
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("#recent-reports li")).to_have_count(1)


def test_a_waiting_and_an_interrupted_report_say_where_they_are(
    page, live_server, make_user, demo_loaded
):
    from cpmonitor.web.reports.models import ReportJob

    user = make_user("manager", "mo", councils=("335",))
    waiting = ReportJob.objects.create(user=user, la="335", fmt=".docx", stage="Waiting to start")
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/reports/{waiting.pk}/")  # no worker runs in this test
    expect(page.locator("h1")).to_have_text("Waiting to start")
    expect(page.locator("#job-stage")).to_have_text("Waiting for the background worker to start it")
    expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
    check_accessibility(page, "report waiting")
    shot(page, "30-report-waiting")
    job = ReportJob.objects.create(
        user=user, la="335", period="2016-17", fmt=".pdf", status="running", started=timezone.now()
    )  # what a worker killed while making it leaves: the job taken, its lock free
    page.goto(f"{live_server.url}/reports/{job.pk}/")
    expect(page.locator("h1")).to_have_text("The report could not be made")
    expect(page.locator(".govuk-error-summary")).to_contain_text("interrupted")
    expect(page.locator("button", has_text="Make the report again")).to_be_visible()
    check_accessibility(page, "report interrupted")
    shot(page, "32-report-interrupted")
