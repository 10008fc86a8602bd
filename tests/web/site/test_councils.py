"""The council boundary: with two councils loaded, a user of one never sees the other's
children (pages, exports, downloads, conference requests, case audits, uploads).

Issue 12's probe: a Group Manager of an LA 335 team opened LA 336 and 338 children's
timelines, dashboards and cohorts. Here every URL pattern is opened, as every role, by users
of LA 999 only, with the other council's (LA 998) child, request, audit and case in the URLs.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from web_returns import KIDS_2016, cin_xml
from web_urls import SAMPLE, walk_urls

from cpmonitor.web.permissions import CHILD_DATA, PUBLIC, ROLES

pytestmark = pytest.mark.django_db

OTHER_KIDS = [dataclasses.replace(k, child_id="XX" + k.child_id[2:]) for k in KIDS_2016]


@pytest.fixture
def other_council(loaded, tmp_path, make_user):
    """LA 998's return loaded beside LA 999's, with a conference request, an audit, a case
    and a child in the case, all made by LA 998's own people."""
    from cpmonitor.census.reader import read_return
    from cpmonitor.web.accounts.models import Team
    from cpmonitor.web.audits import services as audits
    from cpmonitor.web.audits.models import Audit
    from cpmonitor.web.conferences import services as conferences
    from cpmonitor.web.store.models import ChildRef
    from cpmonitor.web.store.services import file_sha256, import_census

    path = tmp_path / "cin_998_2016.xml"
    path.write_text(cin_xml("998", 2016, OTHER_KIDS))
    import_census(read_return(path), hashes={str(path): file_sha256(path)})
    worker = make_user("social_worker", "worker998", councils=("998",))
    manager = make_user("group_manager", "gm998", councils=("998",))
    auditor = make_user("auditor", "auditor998", councils=("998",))
    team = Team.objects.create(name="Team 998", la="998")
    team.members.add(worker, manager)
    request = conferences.raise_request(
        user=worker, team=team, child_id="XX0002", s47_start=date(2016, 3, 1),
        proposed_date=date(2016, 3, 10), reasons="Concerns", what_changed="New partner",
    )  # fmt: skip
    audit = Audit.objects.create(
        la="998", title="LA 998 audit", period_start=date(2015, 4, 1),
        period_end=date(2016, 3, 31), audit_date=date(2016, 5, 1), created_by=auditor,
    )  # fmt: skip
    child = ChildRef.objects.get(la="998", child_id="XX0001")
    case = audits.add_case(audit, [audits.Pick(child, date(2015, 5, 20))], "Family A", auditor)
    return {
        "team": team,
        "child": child,
        "request": request,
        "audit": audit,
        "case": case,
        "audit_child": case.children.get(),
    }


def other_kwargs(name: str, other: dict, names) -> dict:
    """The URL's arguments pointing at LA 998's objects."""
    out = {}
    for key in names:
        if key == "ref":
            out[key] = other["child"].ref
        elif key == "pk" and name.startswith("conferences:"):
            out[key] = other["request"].pk
        elif key == "pk" and name in (
            "audits:case", "audits:record", "audits:add_child", "audits:remove_case"
        ):  # fmt: skip
            out[key] = other["case"].pk
        elif key == "pk" and name == "audits:remove_child":
            out[key] = other["audit_child"].pk
        elif key == "pk" and name.startswith("audits:"):
            out[key] = other["audit"].pk
        else:
            out[key] = SAMPLE[key]
    return out


def urls_at_the_other_council(other: dict) -> list[tuple[str, str, bool]]:
    """(name, URL, whether it names one of LA 998's objects) for every app URL; ``?la=998``."""
    from django.urls import get_resolver

    out = []
    for name, pattern in walk_urls(get_resolver().url_patterns):
        if name in PUBLIC or name.startswith("admin:") or pattern.name is None:
            continue
        names = list(pattern.pattern.regex.groupindex)
        url = reverse(name, kwargs=other_kwargs(name, other, names))
        out.append((name, f"{url}?la=998&period=2015-16&format=csv", bool(names)))
    return out


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_page_of_any_role_shows_the_other_councils_children(
    client, make_user, other_council, role
):
    user = make_user(role, councils=("999",))
    other_council["team"].members.add(user)  # even a member of the other council's team
    client.force_login(user)
    leaked = []
    for name, url, names_an_object in urls_at_the_other_council(other_council):
        r = client.get(url)
        body = r.content.decode(errors="replace") if r.status_code == 200 else ""
        if names_an_object and r.status_code not in (403, 404, 405):
            leaked.append((name, r.status_code))
        if "XX000" in body or "LA 998" in body:
            leaked.append((name, "shows LA 998"))
    assert leaked == [], f"{role}: {leaked}"


@pytest.mark.parametrize("role", sorted(CHILD_DATA))
def test_finding_a_child_of_another_council_finds_nobody(client, make_user, other_council, role):
    client.force_login(make_user(role, councils=("999",)))
    r = client.post(reverse("dashboard:find_child"), {"child_id": "XX0001"})
    assert r.status_code == 200
    assert "No child with that LAchildID is in the loaded returns" in r.content.decode()


def test_a_user_of_both_councils_may_choose_either(client, make_user, other_council):
    client.force_login(make_user("manager", councils=("999", "998")))
    assert client.get("/dashboard/?la=998").context["la"] == "998"
    assert (
        client.get(reverse("dashboard:timeline", args=[other_council["child"].ref])).status_code
        == 200
    )


def test_a_user_without_a_council_sees_no_child_data(client, make_user, loaded):
    client.force_login(make_user("manager", councils=()))
    for url in ("/dashboard/", "/repeat-plans/", "/data-quality/", "/reports/"):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db(transaction=True)
def test_an_upload_for_another_council_is_refused(client, make_user, loaded):
    from cpmonitor.web.store.models import ImportBatch
    from cpmonitor.web.uploads import jobs
    from cpmonitor.web.uploads.models import UploadJob

    client.force_login(make_user("analyst", councils=("999",)))
    xml = cin_xml("998", 2016, OTHER_KIDS).encode()
    r = client.post("/uploads/", {"files": [SimpleUploadedFile("cin_998.xml", xml)]})
    assert r.status_code == 302
    job = UploadJob.objects.latest("created")
    jobs.run_queued()  # the worker's loop, here in the test
    job.refresh_from_db()
    assert job.status == UploadJob.REFUSED
    assert "LA 998, which is not one of your councils" in job.report["refused"]
    assert not ImportBatch.objects.filter(la="998").exists()


def test_the_demo_users_belong_to_the_demo_council(db):
    from django.contrib.auth import get_user_model

    from cpmonitor import synth
    from cpmonitor.cli.serve import demo_users

    for username, _role, _password in demo_users():
        user = get_user_model().objects.get(username=username)
        assert list(user.councils.values_list("la", flat=True)) == [synth.DEMO_LA]
