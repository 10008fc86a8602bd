"""Conference authorisation in headless Chromium: raise a request, the history check,
authorise, decline with a rationale, the overdue display, oversight; axe-core on every page;
screenshots in test-artifacts/web/conferences/ (the queue's also in docs/web-conferences-queue.png
when ``CPMONITOR_DOCS_SCREENSHOTS=1``).

Skipped only when /usr/bin/chromium is absent and ``CPMONITOR_REQUIRE_BROWSER`` is not set.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date

import pytest
import web_browser as tb

from cpmonitor.web.conferences import services
from cpmonitor.web.conferences.models import RequestEvent
from cpmonitor.workdays import add_working_days

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = tb.ARTIFACTS / "conferences"
DOCS = tb.ARTIFACTS.parents[1] / "docs" / "web-conferences-queue.png"
# the web tests' browser set-up: Chromium, a page per test, sign-in, axe-core
page = tb.page
sign_in, check_accessibility = tb.sign_in, tb.check_accessibility


def shot(page: Page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fill_date(page: Page, name: str, day: date) -> None:
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def raise_for(people, child_id: str, s47: date, user="sam"):
    return services.raise_request(
        user=people[user],
        team=people["team"],
        child_id=child_id,
        s47_start=s47,
        proposed_date=add_working_days(s47, 10),
        reasons="Bruising seen at nursery; the enquiry found it non-accidental.",
        what_changed="Mother's new partner moved in after the last plan ended.",
    )


def test_raise_a_request_with_the_history_check(page, live_server, people, loaded):
    sign_in(page, live_server.url, "sam")
    expect(page).to_have_url(f"{live_server.url}/conferences/")
    check_accessibility(page, "my requests (empty)")
    page.click("text=Raise a conference request")
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's LAchildID")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the section 47 enquiry start date"
    )
    check_accessibility(page, "raise: errors")
    shot(page, "01-raise-errors")
    page.fill("#id_child_id", "TL0002")
    fill_date(page, "s47_start", date(2017, 1, 10))
    fill_date(page, "proposed_date", date(2017, 1, 24))
    page.fill("#id_reasons", "Bruising seen at nursery; the enquiry found it non-accidental.")
    shot(page, "02-raise-filled")
    page.click("button:has-text('Continue')")

    expect(page.locator("h1")).to_have_text("Check the child's history")
    expect(page.locator(".govuk-summary-card__title")).to_have_text(
        "Plan 1: 10 June 2015 to 30 June 2016"
    )
    expect(page.locator("main")).to_contain_text("Emotional abuse")
    expect(page.locator("main")).to_contain_text("2 earlier plans not in the returns loaded")
    expect(page.locator("main")).to_contain_text("within two years")
    expect(page.locator("main")).to_contain_text("31 January 2017 (15 working days)")
    check_accessibility(page, "history check")
    shot(page, "03-history-check")

    # correcting the history: a plan in another council
    page.check("#id_history_right_1")
    page.fill("#id_other_plans", "1")
    page.fill("#id_other_plans_detail", "A plan in Sandwell in 2012 (neglect)")
    page.fill("#id_what_changed", "Mother's new partner moved in after the last plan ended.")
    check_accessibility(page, "history check, corrected")
    shot(page, "04-history-corrected")
    page.click("button:has-text('Send the request')")

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Request sent to your team's Group Managers"
    )
    expect(page.locator("h1")).to_contain_text("Child TL0002")
    expect(page.locator("#status .govuk-tag")).to_have_text("Waiting for a decision")
    expect(page.locator("main")).to_contain_text(
        "4: 3 from the returns, 1 more from the social worker"
    )
    check_accessibility(page, "request (worker)")
    shot(page, "05-request-sent")
    page.click("text=Back")
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(1)
    check_accessibility(page, "my requests")
    shot(page, "06-my-requests")


def test_authorise(page, live_server, people, loaded):
    req = raise_for(people, "TL0002", date(2017, 1, 10))
    sign_in(page, live_server.url, "gina")
    page.goto(f"{live_server.url}/conferences/queue/")
    expect(page.locator("#waiting tbody tr")).to_have_count(1)
    page.click("#waiting a:has-text('Decide')")
    expect(page).to_have_url(f"{live_server.url}/conferences/{req.pk}/")
    expect(page.locator("main")).to_contain_text("Plan 1: 10 June 2015 to 30 June 2016")
    check_accessibility(page, "request (Group Manager)")
    shot(page, "07-decide")
    page.check("#id_outcome_0")
    page.fill("#id_rationale", "The risk is current and the last plan's work did not last.")
    page.click("button:has-text('Record the decision')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Decision recorded: authorised"
    )
    expect(page.locator("#waiting")).to_contain_text("Nothing is waiting for your decision")
    expect(page.locator("#decided")).to_contain_text("Authorised")
    check_accessibility(page, "queue after a decision")
    shot(page, "08-authorised")
    event = RequestEvent.objects.get(request=req, seq=2)
    assert (event.kind, event.by_name) == ("authorised", "gina")


def test_decline_with_a_rationale(page, live_server, people, loaded):
    req = raise_for(people, "TL0003", date(2017, 1, 24))
    sign_in(page, live_server.url, "gus")
    page.goto(f"{live_server.url}/conferences/{req.pk}/")
    page.check("#id_outcome_1")
    page.click("button:has-text('Record the decision')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter rationale")
    check_accessibility(page, "decision: error")
    shot(page, "09-decline-error")
    page.click(".govuk-error-summary a")
    expect(page.locator("#id_rationale")).to_be_focused()
    page.check("#id_outcome_1")
    page.fill("#id_rationale", "A strategy meeting agreed a child in need plan instead.")
    page.click("button:has-text('Record the decision')")
    expect(page.locator("#decided")).to_contain_text("Declined")
    page.goto(f"{live_server.url}/conferences/{req.pk}/")
    expect(page.locator(".app-timeline")).to_contain_text(
        "A strategy meeting agreed a child in need plan instead."
    )
    expect(page.locator("#status .govuk-tag")).to_have_text("Declined")
    check_accessibility(page, "declined request")
    shot(page, "10-declined")


def test_overdue_stands_out_in_the_queue(page, live_server, people, loaded):
    today = date.today()
    raise_for(people, "TL0002", add_working_days(today, -20))  # 5 working days late
    raise_for(people, "TL0003", add_working_days(today, -13))  # 2 left
    raise_for(people, "TL0001", add_working_days(today, -1), user="sue")  # 14 left
    sign_in(page, live_server.url, "gina")
    page.goto(f"{live_server.url}/conferences/queue/")
    rows = page.locator("#waiting tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator(".govuk-tag--red")).to_have_text("Overdue by 5 working days")
    expect(rows.nth(1).locator(".govuk-tag--orange")).to_have_text("2 working days left")
    expect(rows.nth(2)).to_contain_text("14 working days left")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "1 request waiting for a decision is past the conference deadline"
    )
    check_accessibility(page, "queue")
    path = shot(page, "11-queue-overdue")
    if os.environ.get("CPMONITOR_DOCS_SCREENSHOTS") == "1":
        shutil.copy(path, DOCS)


def test_oversight_page(page, live_server, people, loaded, make_user):
    req = raise_for(people, "TL0002", date(2017, 1, 10))
    services.decide(
        request_id=req.pk, user=people["gina"], outcome="declined", rationale="No", seen=1
    )
    make_user("manager", "mo")
    sign_in(page, live_server.url, "mo")
    page.goto(f"{live_server.url}/conferences/oversight/")
    expect(page.locator("h1")).to_have_text("Conference authorisations")
    expect(page.locator(".app-key-figures")).to_contain_text("Declined")
    page.fill("#period", "not a period")
    page.click("button:has-text('Show')")
    expect(page.locator(".govuk-error-message")).to_contain_text("is not a period")
    check_accessibility(page, "oversight")
    page.fill("#period", "2016-17")
    page.click("button:has-text('Show')")
    expect(page).to_have_url(re.compile("period=2016-17"))
    expect(page.locator("main")).to_contain_text(
        "Conferences held without a recorded authorisation"
    )
    check_accessibility(page, "oversight 2016-17")
    shot(page, "12-oversight")
