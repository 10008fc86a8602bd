"""Case audits in the web app: plan, cases from the core's cohort, versioned findings that
cannot be edited or deleted, the summary from the core, the report section, permissions."""

from __future__ import annotations

import json
import os
import re

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from web_reports import report_text

from cpmonitor.measures import repeat_cohort
from cpmonitor.measures.audits import record_from_json, summarise
from cpmonitor.periods import parse_period
from cpmonitor.web.accounts.models import AccessLog
from cpmonitor.web.append_only import AppendOnlyError
from cpmonitor.web.audits import selectors, services
from cpmonitor.web.audits.models import Audit, AuditCase, AuditChild, Finding, KeyLearning
from cpmonitor.web.permissions import CAPABILITIES, URL_ACCESS, capability_for
from cpmonitor.web.store import services as store
from cpmonitor.web.store.models import ChildRef

pytestmark = pytest.mark.django_db
PERIOD = "2015-04-01..2017-03-31"  # LA 999's repeat plans: TL0001, TL0002 (2015), TL0003 (2016)


@pytest.fixture
def auditor(client, make_user, loaded) -> Client:
    client.force_login(make_user("auditor", "qa"))
    return client


def plan_audit(c: Client, **changes) -> Audit:
    data = {
        "title": "Repeat plans audit",
        "la": "999",
        "period": PERIOD,
        "scope": "",
        "audit_date": "2017-06-30",
    } | changes
    r = c.post("/audits/new/", data)
    assert r.status_code == 302, r.content.decode()
    audit = Audit.objects.latest("id")
    assert r["Location"] == f"/audits/{audit.pk}/cohort/"
    return audit


def value(child_id: str, start: str) -> str:
    return f"{ChildRef.objects.get(child_id=child_id).ref}|{start}"


def add_case(c: Client, audit: Audit, *values: str, target="new", label="") -> AuditCase:
    r = c.post(f"/audits/{audit.pk}/cohort/", {"plan": values, "target": target, "label": label})
    assert r.status_code == 302, r.content.decode()
    return AuditCase.objects.get(pk=int(r["Location"].strip("/").split("/")[-1]))


def finding(**changes) -> dict:
    data = {
        "based_on": 0,
        "featured": ["neglect", "domestic_abuse"],
        "q_direct_work": "partly",
        "q_lived_experience": "no",
        "q_step_down_adequate": "not_applicable",
        "judgement": "requires_improvement",
        "learning": "Direct work with the children is not recorded.",
        "complete": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def audited(auditor):
    """Case 1: TL0001 and TL0002 from the cohort plus TL0004 (not in it), complete with
    neglect and domestic abuse. Case 2: TL0003, complete with neglect only."""
    audit = plan_audit(auditor)
    one = add_case(
        auditor, audit, value("TL0001", "2015-05-20"), value("TL0002", "2015-06-10"), label="A"
    )
    r = auditor.post(f"/audits/cases/{one.pk}/children/", {"child_id": "TL0004"})
    assert r.status_code == 302
    two = add_case(auditor, audit, value("TL0003", "2016-09-15"))
    assert auditor.post(f"/audits/cases/{one.pk}/findings/", finding()).status_code == 302
    r = auditor.post(
        f"/audits/cases/{two.pk}/findings/",
        finding(featured=["neglect"], judgement="good", q_direct_work="yes"),
    )
    assert r.status_code == 302
    return audit, one, two


def test_planning_an_audit_with_a_default_scope(auditor):
    audit = plan_audit(auditor, period="2016-17")
    assert (audit.la, str(audit.period_start), str(audit.period_end)) == (
        "999",
        "2016-04-01",
        "2017-03-31",
    )
    assert audit.scope == "Repeat plans starting 1 April 2016 to 31 March 2017"
    r = auditor.post("/audits/new/", {"title": "x", "la": "999", "period": "sometime"})
    assert r.status_code == 200 and b"There is a problem" in r.content
    assert Audit.objects.count() == 1


def test_the_cohort_offered_is_the_cores(auditor):
    audit = plan_audit(auditor)
    r = auditor.get(f"/audits/{audit.pk}/cohort/")
    assert r.status_code == 200
    core = repeat_cohort(store.history("999").plans, parse_period(PERIOD), la="999")
    assert sorted(core["child_id"]) == ["TL0001", "TL0002", "TL0003"]
    page = r.content.decode()
    for row in core.iter_rows(named=True):
        assert value(row["child_id"], row["start_date"].isoformat()) in page
    assert "TL0005" not in page  # a first plan


def test_a_family_case_links_each_child_to_their_timeline(audited, auditor):
    audit, one, two = audited
    kids = AuditChild.objects.filter(case=one).order_by("child__child_id")
    assert [(k.child.child_id, str(k.plan_start)) for k in kids] == [
        ("TL0001", "2015-05-20"),
        ("TL0002", "2015-06-10"),
        ("TL0004", "None"),  # added by LAchildID: a family member not in the cohort
    ]
    page = auditor.get(f"/audits/cases/{one.pk}/").content.decode()
    ref = ChildRef.objects.get(child_id="TL0001").ref
    assert reverse("dashboard:timeline", args=[ref]) in page
    assert auditor.get(f"/children/{ref}/").status_code == 200
    assert AccessLog.objects.filter(child_id="TL0001", action="view_timeline").count() == 1
    # the cohort page now shows who is in which case, and refuses them again
    page = auditor.get(f"/audits/{audit.pk}/cohort/").content.decode()
    assert "In case 1" in page and "In case 2" in page
    r = auditor.post(
        f"/audits/{audit.pk}/cohort/", {"plan": [value("TL0003", "2016-09-15")], "target": "new"}
    )
    assert r.status_code == 400 and AuditCase.objects.filter(audit=audit).count() == 2


def test_adding_children_is_checked(audited, auditor):
    audit, one, two = audited
    r = auditor.post(f"/audits/cases/{two.pk}/children/", {"child_id": "NOSUCH"})
    assert r.status_code == 400 and b"No child with that LAchildID" in r.content
    r = auditor.post(f"/audits/cases/{two.pk}/children/", {"child_id": "TL0005"})
    assert r.status_code == 400 and b"This case is complete" in r.content
    more = auditor.post(
        f"/audits/cases/{two.pk}/findings/", finding(based_on=1, complete=None, featured=[])
    )
    assert more.status_code == 302
    r = auditor.post(f"/audits/cases/{two.pk}/children/", {"child_id": "TL0001"})
    assert r.status_code == 400 and b"TL0001 is already in case 1" in r.content
    assert (
        auditor.post(f"/audits/cases/{two.pk}/children/", {"child_id": "TL0005"}).status_code == 302
    )
    assert two.children.count() == 2


def test_findings_are_versions_never_edits(audited, auditor):
    audit, one, two = audited
    first = Finding.objects.get(case=one)
    before = (first.answers, first.judgement, first.learning, first.complete, first.recorded_at)
    r = auditor.post(
        f"/audits/cases/{one.pk}/findings/",
        finding(based_on=1, featured=["neglect"], judgement="inadequate", learning="Changed."),
    )
    assert r.status_code == 302
    versions = list(Finding.objects.filter(case=one).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    again = versions[0]
    assert (again.answers, again.judgement, again.learning, again.complete, again.recorded_at) == (
        before
    )
    assert versions[1].recorded_by_name == "qa" and versions[1].judgement == "inadequate"
    page = auditor.get(f"/audits/cases/{one.pk}/").content.decode()
    assert "Latest: version 2" in page and "Version 1, qa" in page

    # a form opened before version 2 was recorded cannot overwrite it
    r = auditor.post(f"/audits/cases/{one.pk}/findings/", finding(based_on=1))
    assert r.status_code == 200 and "Someone else recorded version 2" in r.content.decode()
    assert Finding.objects.filter(case=one).count() == 2


def test_a_complete_case_needs_every_question_a_judgement_and_learning(audited, auditor):
    audit, one, two = audited
    r = auditor.post(
        f"/audits/cases/{one.pk}/findings/",
        finding(based_on=1, q_lived_experience=None, judgement=None, learning=" "),
    )
    page = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in page
    assert "to complete the case" in page and "Choose a judgement" in page
    assert "Write the learning" in page
    assert Finding.objects.filter(case=one).count() == 1
    # the error summary links to the first radio of a radios question, which exists
    links = re.findall(r"error-summary__list.*?</ul>", page, re.S)[0]
    for target in re.findall(r'href="#([^"]*)"', links):
        assert target and f'id="{target}"' in page, target


def test_the_app_offers_no_edit_or_delete_of_a_finding(audited, auditor):
    """Every audit URL, GET and POST: the findings stay exactly as recorded (only ``record``
    adds, a new version); and nothing in the model or database lets them change."""
    audit, one, two = audited
    snapshot = list(Finding.objects.order_by("id").values())
    names = [n for n in URL_ACCESS if n.startswith("audits:")]
    assert not [n for n in names if "delete" in n or ("edit" in n and "finding" in n)]
    for name in names:
        if name == "audits:record":
            continue
        for pk in {one.pk, two.pk, audit.pk, Finding.objects.first().pk}:
            try:
                url = reverse(name, kwargs={"pk": pk})
            except NoReverseMatch:
                url = reverse(name)
            auditor.get(url)
            auditor.post(url, {"learning": "rewritten", "judgement": "outstanding"})
    assert list(Finding.objects.order_by("id").values()) == snapshot
    # once a finding is recorded the case and its children cannot be removed either
    kid = one.children.first()
    r = auditor.post(f"/audits/children/{kid.pk}/remove/", follow=True)
    assert b"its children cannot be removed" in r.content
    assert AuditChild.objects.filter(pk=kid.pk).exists()
    assert AuditCase.objects.filter(pk=one.pk).exists()
    page = auditor.get(f"/audits/cases/{one.pk}/").content.decode()
    assert "Remove this case" not in page and "remove/" not in page

    f = Finding.objects.get(case=two)
    f.learning = "changed in place"
    with pytest.raises(AppendOnlyError):
        f.save()
    with pytest.raises(AppendOnlyError):
        f.delete()
    with pytest.raises(AppendOnlyError):
        Finding.objects.filter(pk=f.pk).update(learning="x")
    with pytest.raises(AppendOnlyError):
        KeyLearning.objects.all().delete()
    sql = "UPDATE audits_finding SET learning = 'x' WHERE id = %s"
    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [f.pk])
    assert Finding.objects.get(pk=f.pk).learning == snapshot[-1]["learning"]


@pytest.mark.postgres
def test_postgresql_refuses_deleting_a_finding(audited):
    if connection.vendor != "postgresql":
        if os.environ.get("CPMONITOR_REQUIRE_POSTGRES"):
            pytest.fail("CPMONITOR_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("runs when DATABASE_URL points at PostgreSQL")
    f = Finding.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audits_finding WHERE id = %s", [f.pk])
    assert Finding.objects.filter(pk=f.pk).exists()


def test_children_and_cases_can_be_corrected_before_any_finding(auditor):
    audit = plan_audit(auditor)
    case = add_case(auditor, audit, value("TL0001", "2015-05-20"), value("TL0002", "2015-06-10"))
    kid = case.children.get(child__child_id="TL0002")
    assert auditor.post(f"/audits/children/{kid.pk}/remove/").status_code == 302
    assert list(case.children.values_list("child__child_id", flat=True)) == ["TL0001"]
    add_case(auditor, audit, value("TL0002", "2015-06-10"), target=str(case.pk))
    assert case.children.count() == 2
    r = auditor.post(
        f"/audits/{audit.pk}/plan/",
        {
            "title": "Renamed",
            "la": "999",
            "period": PERIOD,
            "scope": "s",
            "audit_date": "2017-07-01",
        },
    )
    assert r.status_code == 302 and Audit.objects.get(pk=audit.pk).title == "Renamed"
    assert auditor.post(f"/audits/cases/{case.pk}/remove/").status_code == 302
    assert not AuditCase.objects.filter(pk=case.pk).exists()
    assert not AuditChild.objects.filter(audit=audit).exists()


def test_the_summary_is_the_cores(audited, make_user):
    audit, one, two = audited
    expected = summarise(selectors.audit_record(audit))
    assert (expected.cases, expected.children) == (2, 4)
    manager = Client()
    manager.force_login(make_user("manager"))
    page = manager.get(f"/audits/{audit.pk}/summary/").content.decode()
    assert "2 cases involving 4 children" in page
    assert "Neglect featured in the lives of all of the children" in page
    da = next(t for t in expected.themes if t.theme.key == "domestic_abuse")
    assert (da.cases["yes"], da.case_share(), da.children["yes"], da.child_share()) == (
        1,
        50.0,
        3,
        75.0,
    )
    row = page.split("Domestic abuse</th>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:4]] == ["1", "50.0", "3", "75.0"]
    assert "Direct work with the children is not recorded." in page  # case learning
    assert "TL000" not in page  # the summary names no child


def test_the_json_download_holds_no_child_id_and_summarises_the_same(audited, client_as):
    audit, one, two = audited
    r = client_as("analyst").get(f"/audits/{audit.pk}/summary.json")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.json"')
    text = r.content.decode()
    assert "TL000" not in text
    record = record_from_json(json.loads(text))
    assert summarise(record) == selectors.summary(audit)


@pytest.mark.django_db(transaction=True)  # the task worker makes the report
def test_key_learning_is_versioned_and_reaches_the_report(audited, auditor):
    audit, one, two = audited
    r = auditor.post(f"/audits/{audit.pk}/key-learning/", {"based_on": 0, "text": "First."})
    assert r.status_code == 302
    r = auditor.post(
        f"/audits/{audit.pk}/key-learning/",
        {"based_on": 1, "text": "Records lack the children's home lives."},
    )
    assert r.status_code == 302
    assert list(KeyLearning.objects.values_list("version", "text")) == [
        (1, "First."),
        (2, "Records lack the children's home lives."),
    ]
    page = auditor.get("/reports/").content.decode()
    assert f'<option value="{audit.pk}" selected>' in page
    html = report_text(
        auditor, {"la": "999", "period": "2016-17", "fmt": ".html", "audit": str(audit.pk)}
    )
    assert "Case audit" in html
    assert "Records lack the children&#x27;s home lives." in html or "home lives" in html
    assert "TL000" not in html and "Direct work with the children is not recorded" not in html
    html = report_text(auditor, {"la": "999", "period": "2016-17", "fmt": ".html", "audit": ""})
    assert "Case audit" not in html


def test_who_may_do_what():
    """Written out by hand: auditors run audits; analysts, managers and Group Managers read
    summaries; administrators and social workers see none of it."""
    for name in ("audits:new", "audits:detail", "audits:cohort", "audits:case", "audits:record"):
        assert CAPABILITIES[capability_for(name)] == {"auditor"}, name
    for name in ("audits:index", "audits:summary", "audits:export"):
        assert CAPABILITIES[capability_for(name)] == {
            "auditor",
            "analyst",
            "manager",
            "group_manager",
        }, name
    every = [n for n in URL_ACCESS if n.startswith("audits:")]
    assert len(every) == 13
    for role in ("administrator", "social_worker"):
        assert not [n for n in every if role in CAPABILITIES[capability_for(n)]]


def test_readers_read_and_cannot_record(audited, client_as):
    audit, one, two = audited
    c = client_as("manager")
    assert c.get("/audits/").status_code == 200
    assert c.get(f"/audits/{audit.pk}/summary/").status_code == 200
    assert c.get(f"/audits/cases/{one.pk}/").status_code == 403
    assert c.post(f"/audits/cases/{one.pk}/findings/", finding(based_on=1)).status_code == 403
    assert c.post("/audits/new/", {"title": "x"}).status_code == 403
    assert Finding.objects.filter(case=one).count() == 1
    page = c.get("/audits/").content.decode()
    assert "Plan an audit" not in page and f"/audits/{audit.pk}/summary/" in page
    admin = client_as("administrator")
    assert admin.get(f"/audits/{audit.pk}/summary/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_auditors_saving_at_once_cannot_both_write_a_version(make_user, loaded):
    """Both start from version 0: one records version 1, the other is told to look again
    (SQLite: the write lock orders them; PostgreSQL: the unique version does)."""
    from threading import Barrier, Thread

    user = make_user("auditor", "qa")
    audit = Audit.objects.create(
        la="999",
        title="t",
        period_start="2015-04-01",
        period_end="2017-03-31",
        audit_date="2017-06-30",
        created_by=user,
    )
    ref = ChildRef.objects.get(child_id="TL0001")
    case = services.add_case(audit, [services.Pick(ref)], "", user)
    barrier, results = Barrier(2), []

    def save(text: str) -> None:
        try:
            barrier.wait()
            services.record_finding(case, 0, user, {}, "", text, False)
            results.append("recorded")
        except services.NotAllowed:
            results.append("refused")
        finally:
            connection.close()

    threads = [Thread(target=save, args=(t,)) for t in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["recorded", "refused"]
    assert list(Finding.objects.filter(case=case).values_list("version", flat=True)) == [1]


def test_a_notice_does_not_outlive_sign_out(auditor):
    """Notices are kept in the session (cleared at sign-out), never in a cookie."""
    plan_audit(auditor)
    assert "messages" not in auditor.cookies
    auditor.post("/sign-out/")
    page = auditor.get("/sign-in/").content.decode()
    assert "Audit planned" not in page
