"""The web app in headless Chromium (Playwright): sign-in, dashboard, cohort filter, timeline,
upload; an axe-core accessibility check on every page; screenshots in test-artifacts/web/.

Skipped only when /usr/bin/chromium is absent and ``CPMONITOR_REQUIRE_BROWSER`` is not set
(CI sets it, so a missing browser fails there).
"""

from __future__ import annotations

import os
import re

import pytest
import web_browser
from web_browser import check_accessibility, shot, sign_in

from builders import skip_without_chromium

skip_without_chromium()

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# (users, checks) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# the browser tests' fixtures (web_browser): a page per test, the demo council
page, demo_returns, demo_loaded = (
    web_browser.page,
    web_browser.demo_returns,
    web_browser.demo_loaded,
)


def test_sign_in(page, live_server, make_user):
    make_user("manager", "mo")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next="))
    check_accessibility(page, "sign-in")
    shot(page, "01-sign-in")
    sign_in(page, live_server.url, "mo", "not the password")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct user name")
    check_accessibility(page, "sign-in error")
    shot(page, "02-sign-in-error")
    sign_in(page, live_server.url, "mo")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_dashboard(page, live_server, make_user, demo_loaded):
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    expect(page.locator("h1")).to_have_text("Repeat child protection plans")
    figure = page.locator(".app-figure")
    expect(figure).to_have_text(re.compile(r"^\d+(\.\d)?%$"))
    expect(page.locator("text=95% confidence interval")).to_be_visible()
    expect(page.locator("img.app-chart").first).to_have_attribute("alt", re.compile("England"))
    expect(page.locator("table", has_text="by year")).to_contain_text("2016-17")
    expect(page.locator("table", has_text="Initial category of abuse")).to_contain_text("Neglect")
    check_accessibility(page, "dashboard")
    shot(page, "03-dashboard")


def test_cohort_filter_and_timeline(page, live_server, make_user, demo_loaded):
    from cpmonitor.web.accounts.models import AccessLog

    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/repeat-plans/?period=2014-04-01..2017-03-31")
    rows = page.locator("table.govuk-table tbody tr")
    everyone = rows.count()
    assert everyone > 5
    check_accessibility(page, "cohort")
    page.select_option("#gap", "within")
    page.click("text=Apply filters")
    expect(page).to_have_url(re.compile("gap=within"))
    within = rows.count()
    assert 0 < within < everyone
    gaps = page.locator("table.govuk-table tbody tr td strong.govuk-tag").all_inner_texts()
    assert set(gaps) == {"within two years"}
    shot(page, "04-cohort-within-two-years")
    page.click("text=Plan started")  # sorted by start date already: now newest first
    expect(page).to_have_url(re.compile("sort=-start_date"))
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Plan started")

    first = rows.first.locator("td a").first
    child_id = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(f"Child {child_id}")
    expect(page.locator(".app-timeline")).to_contain_text("Child protection plan 2 started")
    check_accessibility(page, "timeline")
    shot(page, "05-timeline")
    assert AccessLog.objects.filter(child_id=child_id, action="view_timeline").count() == 1
    assert child_id not in page.url  # opaque reference in the address


def test_upload(page, live_server, make_user, demo_returns, task_worker):
    make_user("analyst", "ann")
    sign_in(page, live_server.url, "ann")
    page.goto(f"{live_server.url}/uploads/")
    check_accessibility(page, "uploads")
    page.set_input_files("#id_files", [str(p) for p in sorted(demo_returns.glob("*.xml"))])
    page.click("text=Upload and check")
    # The page updates itself (a script asking for the job's JSON), never reloading.
    expect(page.locator("h1")).to_have_text("Checked: waiting for you to confirm", timeout=60_000)
    expect(page.locator("#job-announce")).to_have_text("Checked: waiting for you to confirm")
    check_accessibility(page, "upload checked")
    shot(page, "06-upload-checked")
    page.click("text=Confirm and import")
    expect(page.locator(".govuk-panel__title")).to_have_text("Import complete", timeout=120_000)
    check_accessibility(page, "upload done")
    shot(page, "07-upload-done")
    page.goto(f"{live_server.url}/uploads/")
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(4)


def test_every_other_page_is_accessible(page, live_server, make_user, demo_loaded):
    make_user("analyst", "ann")
    sign_in(page, live_server.url, "ann")
    for path, name in [
        ("/children/", "find-child"),
        ("/data-quality/", "data-quality"),
        ("/reports/", "reports"),
        ("/account/sign-ins/", "my-sign-ins"),
        ("/account/two-factor/", "two-factor"),
        ("/account/password/", "password"),
        ("/no-such-page/", "not-found"),
        ("/access-log/", "forbidden"),
    ]:
        page.goto(f"{live_server.url}{path}")
        check_accessibility(page, name)
        shot(page, f"10-{name}")
    page.goto(f"{live_server.url}/children/")
    page.fill("#id_child_id", "NOT-A-CHILD")
    page.click("button:has-text('Find')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "find-child error")

    page.context.clear_cookies()
    make_user("administrator", "ada")
    sign_in(page, live_server.url, "ada")
    expect(page).to_have_url(f"{live_server.url}/access-log/")
    check_accessibility(page, "access-log")
    shot(page, "11-access-log")
    page.context.clear_cookies()
    make_user(None, "nobody")
    sign_in(page, live_server.url, "nobody")
    expect(page.locator("h1")).to_have_text("You do not have a role yet")
    check_accessibility(page, "no-role")


@pytest.fixture
def troubled_loaded(tmp_path):
    """LA 999's returns imported, then LA 998's two returns that contradict each other."""
    from web_returns import KIDS_2016, KIDS_2017, TROUBLED_2016, TROUBLED_2017, cin_xml

    from cpmonitor.census.load import load
    from cpmonitor.web.store import services

    returns = {"999": (KIDS_2016, KIDS_2017), "998": (TROUBLED_2016, TROUBLED_2017)}
    for la, (first, second) in returns.items():
        (tmp_path / f"cin_{la}_2016.xml").write_text(cin_xml(la, 2016, first))
        (tmp_path / f"cin_{la}_2017.xml").write_text(cin_xml(la, 2017, second))
    files = sorted(tmp_path.glob("*.xml"))
    services.import_census(load(files), hashes={str(f): services.file_sha256(f) for f in files})
    return tmp_path


def test_the_council_picture_pages(
    page, live_server, make_user, troubled_loaded, monkeypatch, task_worker
):
    """Dashboard (stale data, same-year benchmarks), Data quality (validate's issues) and the
    upload check (what it replaces, figures before and after) as a user sees them."""
    from datetime import date

    from web_returns import KIDS_2017, Kid, Plan, cin_xml

    from cpmonitor.web.store import pictures

    monkeypatch.setattr(pictures, "today", lambda: date(2018, 12, 1))
    make_user("analyst", "ann", councils=("998", "999"))
    sign_in(page, live_server.url, "ann")
    page.goto(f"{live_server.url}/dashboard/?la=998")
    expect(page.locator(".app-data-warning")).to_contain_text("run to 31 March 2017")
    expect(page.locator("#data-age")).to_contain_text("20 months before 1 December 2018")
    errors = pictures.stored_picture("998").issue_counts["error"]  # cpmonitor's 2, and DfE's
    expect(page.locator(".govuk-tag--red")).to_have_text(f"{errors} errors")
    check_accessibility(page, "dashboard with stale data")
    shot(page, "12-dashboard-stale-data")
    page.goto(f"{live_server.url}/data-quality/?la=998")
    expect(page.locator("table").first).to_contain_text("overlapping-plans")
    check_accessibility(page, "data quality with cross-return issues")
    shot(page, "13-data-quality-cross-return")

    corrected = [
        Kid("TL0001", referral="2015-05-01", plans=[Plan("2015-11-01", None, "NEG", previous=2)]),
        *KIDS_2017,
    ]
    upload = troubled_loaded / "upload" / "cin_999_2017_v2.xml"
    upload.parent.mkdir()
    upload.write_text(cin_xml("999", 2017, corrected))
    page.goto(f"{live_server.url}/uploads/")
    page.set_input_files("#id_files", [str(upload)])
    page.click("text=Upload and check")
    expect(page.locator("h1")).to_have_text("Checked: waiting for you to confirm", timeout=60_000)
    expect(page.locator("#replaces")).to_contain_text("cin_999_2017.xml")
    expect(page.locator("#changes")).to_contain_text("66.7% → 75.0%")
    check_accessibility(page, "upload check with replacements")
    shot(page, "14-upload-check-replaces")


def test_the_synthetic_banner(page, live_server, make_user, demo_loaded):
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    banner = page.get_by_role("region", name="Synthetic data")
    expect(banner).to_contain_text("made by cpmonitor's simulator")
    check_accessibility(page, "synthetic banner")
