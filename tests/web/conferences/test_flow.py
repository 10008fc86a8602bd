"""The request flow through the pages: raise, history check, queue, decide, answer, e-mails."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cpmonitor.web.accounts.models import AccessLog
from cpmonitor.web.conferences.models import ConferenceRequest, RequestEvent

pytestmark = pytest.mark.django_db

S47 = date(2017, 1, 10)


def step_one(client, people, child_id="TL0002", s47=S47, proposed=date(2017, 1, 24)):
    from cpmonitor.web.conferences.forms import DateInput  # noqa: F401  (the widget posted)

    def date_fields(name, day):
        return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}

    data = {
        "child_id": child_id,
        "team": people["team"].pk,
        "reasons": "Bruising seen at nursery",
        **date_fields("s47_start", s47),
        **date_fields("proposed_date", proposed),
    }
    return client.post("/conferences/new/", data)


def test_raise_a_request_for_a_child_with_a_previous_plan(
    client, people, loaded, django_capture_on_commit_callbacks
):
    client.force_login(people["sam"])
    r = step_one(client, people)
    assert r.status_code == 302 and r["Location"] == "/conferences/new/check/"
    check = client.get("/conferences/new/check/")
    page = check.content.decode()
    # the history check: the plan in the returns, its end, NumberOfPreviousCPP 2 on it
    assert "Plan 1: 10 June 2015 to 30 June 2016" in page
    assert "Emotional abuse" in page
    assert "2 earlier plans not in the returns loaded" in page
    assert "194 days before the enquiry started" in page  # 30 Jun 2016 to 10 Jan 2017
    assert "a Group Manager of Safeguarding North must authorise" in page
    assert "31 January 2017" in page  # 15 working days after 10 January 2017
    # confirming without what changed is refused with a GOV.UK error
    r = client.post("/conferences/new/check/", {"history_right": "yes"})
    assert (
        r.status_code == 200
        and "Enter what has changed since the last plan ended" in r.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/conferences/new/check/",
            {
                "history_right": "no",
                "other_plans": "1",
                "other_plans_detail": "A plan in Sandwell in 2012, neglect",
                "what_changed": "Mother's new partner has moved in",
            },
        )
    req = ConferenceRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/conferences/{req.pk}/"
    assert (req.la, req.child_id, req.s47_start, req.conference_due) == (
        "999",
        "TL0002",
        S47,
        date(2017, 1, 31),
    )
    assert (req.plans_on_record, req.recorded_previous, req.undated_plans) == (1, 2, 2)
    assert (req.counted_from_record, req.other_plans, req.previous_plans) == (3, 1, 4)
    assert (
        req.needs_authorisation and req.history_snapshot["plans"][0]["start_date"] == "2015-06-10"
    )
    (event,) = req.events.all()
    assert (event.seq, event.kind, event.by_name) == (1, "raised", "sam")
    # the Group Managers of the team are e-mailed; the message names no child
    (message,) = mail.outbox
    assert sorted(message.to) == ["gina@example.org", "gus@example.org"]
    assert "needs your decision" in message.subject
    assert "TL0002" not in message.subject + message.body
    assert f"/conferences/{req.pk}/" in message.body
    # the lookup and the page view are in the access log
    actions = list(AccessLog.objects.order_by("id").values_list("action", "child_id"))
    assert ("check_history", "TL0002") in actions
    assert client.session.get("conference_draft") is None


def test_no_previous_plan_is_recorded_as_not_needing_authorisation(client, people, loaded):
    client.force_login(people["sam"])
    step_one(client, people, child_id="TL0004")
    page = client.get("/conferences/new/check/").content.decode()
    assert "recorded as not needing authorisation" in page
    r = client.post("/conferences/new/check/", {"history_right": "yes"})
    req = ConferenceRequest.objects.get()
    assert r.status_code == 302 and not req.needs_authorisation
    assert req.events.get().kind == "not_required"
    assert mail.outbox == []


def test_a_new_child_and_a_plan_elsewhere_goes_to_the_queue(client, people, loaded):
    client.force_login(people["sam"])
    step_one(client, people, child_id="NEW0001")
    page = client.get("/conferences/new/check/").content.decode()
    assert "NEW0001 is not in the returns loaded for LA 999" in page
    r = client.post("/conferences/new/check/", {"history_right": "no", "other_plans": "1"})
    assert "Enter what you know about the other plans" in r.content.decode()
    r = client.post(
        "/conferences/new/check/",
        {
            "history_right": "no",
            "other_plans": "1",
            "other_plans_detail": "Birmingham, 2014",
            "what_changed": "Moved here in 2016",
        },
    )
    req = ConferenceRequest.objects.get()
    assert req.needs_authorisation and req.previous_plans == 1 and not req.child_in_returns


def test_step_one_errors_are_clear(client, people, loaded):
    client.force_login(people["sam"])
    r = client.post(
        "/conferences/new/",
        {
            "child_id": "",
            "team": people["team"].pk,
            "s47_start_0": "31",
            "s47_start_1": "2",
            "s47_start_2": "2017",
            "proposed_date_0": "1",
            "proposed_date_2": "2017",
        },
    )
    page = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in page
    assert "Enter the child&#x27;s LAchildID" in page
    assert "Section 47 enquiry start date must be a real date" in page
    assert "Proposed conference date must include a month" in page
    assert 'href="#id_s47_start_0"' in page
    r = step_one(client, people, s47=date(2017, 1, 10), proposed=date(2017, 1, 9))
    assert "must be on or after the enquiry started" in r.content.decode()


def test_queue_shows_days_left_and_overdue(client, people, loaded, raise_request, monkeypatch):
    from cpmonitor.web.conferences import views

    raise_request("TL0002", S47)  # due 31 Jan 2017
    raise_request("TL0003", date(2017, 1, 24), reasons="Second enquiry")  # due 14 Feb 2017
    monkeypatch.setattr(views, "_today", lambda: date(2017, 2, 2))  # Thursday
    client.force_login(people["gina"])
    page = client.get("/conferences/queue/").content.decode()
    assert "Waiting for your decision (2)" in page
    assert "Overdue by 2 working days" in page  # 1 and 2 February
    assert "8 working days left" in page  # 3, 6-10, 13, 14 February
    assert "1 request waiting for a decision is past the conference deadline" in page
    assert page.index("TL0002") < page.index("TL0003")  # soonest due first


def test_decide_with_rationale_then_change_the_decision(
    client, people, loaded, raise_request, django_capture_on_commit_callbacks
):
    req = raise_request()
    client.force_login(people["gina"])
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Record the decision" in page and "Plan 1: 10 June 2015" in page
    r = client.post(
        f"/conferences/{req.pk}/decision/", {"outcome": "authorised", "rationale": "", "seen": 1}
    )
    assert r.status_code == 400 and "Enter rationale" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/conferences/{req.pk}/decision/",
            {"outcome": "authorised", "rationale": "Risk is current; plan needed", "seen": 1},
        )
    assert r.status_code == 302
    assert mail.outbox[-1].to == ["sam@example.org"] and "authorised" in mail.outbox[-1].subject
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Record the new decision" in page and "Authorise the conference" not in page
    client.force_login(people["gus"])
    r = client.post(
        f"/conferences/{req.pk}/decision/",
        {
            "outcome": "declined",
            "rationale": "Strategy meeting agreed a CIN plan instead",
            "seen": 2,
        },
    )
    assert r.status_code == 302
    events = list(req.events.order_by("seq"))
    assert [e.kind for e in events] == ["raised", "authorised", "declined"]
    assert (
        events[2].replaces_id == events[1].pk and events[1].text == "Risk is current; plan needed"
    )
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Changes the decision of" in page


def test_return_for_information_and_answer(
    client, people, loaded, raise_request, django_capture_on_commit_callbacks
):
    req = raise_request()
    client.force_login(people["gina"])
    client.post(
        f"/conferences/{req.pk}/decision/",
        {"outcome": "returned", "rationale": "What did the school say?", "seen": 1},
    )
    client.force_login(people["sam"])
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Add the information asked for" in page and "What did the school say?" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/conferences/{req.pk}/information/", {"text": "School reports weight loss", "seen": 2}
        )
    assert r.status_code == 302
    assert [e.kind for e in req.events.order_by("seq")] == [
        "raised",
        "returned",
        "information_added",
    ]
    assert "has more information" in mail.outbox[-1].subject
    client.force_login(people["gina"])
    page = client.get("/conferences/queue/").content.decode()
    assert "Waiting for your decision (1)" in page


def test_a_stale_page_is_told_the_request_changed(client, people, loaded, raise_request):
    req = raise_request()
    client.force_login(people["gina"])
    client.post(
        f"/conferences/{req.pk}/decision/", {"outcome": "authorised", "rationale": "Yes", "seen": 1}
    )
    client.force_login(people["gus"])
    r = client.post(
        f"/conferences/{req.pk}/decision/",
        {"outcome": "declined", "rationale": "No", "seen": 1},
        follow=True,
    )
    page = r.content.decode()
    assert "This request changed while you were looking at it: Authorised by gina" in page
    assert RequestEvent.objects.filter(request=req).count() == 2


def test_the_worker_withdraws_an_open_request(client, people, loaded, raise_request):
    req = raise_request()
    client.force_login(people["sam"])
    r = client.post(f"/conferences/{req.pk}/withdraw/", {"text": "", "seen": 1})
    assert r.status_code == 400
    client.post(
        f"/conferences/{req.pk}/withdraw/", {"text": "Enquiry concluded: no conference", "seen": 1}
    )
    assert req.events.order_by("seq").last().kind == "withdrawn"
    client.force_login(people["gina"])
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Record the decision" not in page


def test_the_rule_switched_off_and_a_look_back(client, people, loaded, raise_request):
    from cpmonitor.web.conferences.models import CouncilRule

    rule = CouncilRule.objects.create(la="999", required=False)
    assert not raise_request().needs_authorisation
    rule.required, rule.lookback_years = True, 1
    rule.save()
    # TL0002's plan ended 30 June 2016: inside a one-year look-back from 10 January 2017
    inside = raise_request()
    assert (
        inside.needs_authorisation
        and inside.counted_from_record == 1
        and inside.lookback_years == 1
    )
    # 1 July 2017 is more than a year after it: no plan counts, nor the undated ones
    outside = raise_request(s47=date(2017, 7, 3), what_changed="")
    assert not outside.needs_authorisation and outside.counted_from_record == 0


def test_change_goes_back_to_step_one_with_the_answers(client, people, loaded):
    client.force_login(people["sam"])
    assert client.get("/conferences/new/check/")["Location"] == "/conferences/new/"  # no draft
    step_one(client, people)
    page = client.get("/conferences/new/?change=1").content.decode()
    assert 'value="TL0002"' in page
    assert 'name="s47_start_0" type="text" inputmode="numeric" value="10"' in page
    assert 'name="s47_start_2" type="text" inputmode="numeric" value="2017"' in page
    assert "Bruising seen at nursery" in page
