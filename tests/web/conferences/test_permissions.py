"""Who sees and changes which request: a social worker their own, a Group Manager their
teams'; nobody else. The permission map's entries for these pages, by hand."""

from __future__ import annotations

import pytest

from cpmonitor.web.conferences.models import RequestEvent
from cpmonitor.web.permissions import CAPABILITIES, ROLES, capability_for

pytestmark = pytest.mark.django_db

PAGES = (
    "conferences:mine",
    "conferences:new",
    "conferences:check",
    "conferences:queue",
    "conferences:detail",
    "conferences:decide",
    "conferences:information",
    "conferences:withdraw",
    "conferences:oversight",
    "conferences:oversight_export",
)

#: Written out by hand from the issue, so the map itself is tested.
EXPECTED = {
    "conferences:mine": {"social_worker"},
    "conferences:new": {"social_worker"},
    "conferences:check": {"social_worker"},
    "conferences:information": {"social_worker"},
    "conferences:withdraw": {"social_worker"},
    "conferences:queue": {"group_manager"},
    "conferences:decide": {"group_manager"},
    "conferences:detail": {"social_worker", "group_manager"},
    "conferences:oversight": {"analyst", "manager", "group_manager"},
    "conferences:oversight_export": {"analyst", "manager", "group_manager"},
}


def test_the_map_gives_each_page_to_the_roles_the_issue_says():
    assert set(PAGES) == set(EXPECTED)
    for name in PAGES:
        assert set(CAPABILITIES[capability_for(name)]) == EXPECTED[name], name
    assert "administrator" not in set().union(*EXPECTED.values())  # separation of duties


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_as_every_role(client, make_user, people, loaded, raise_request, role):
    """Pages a role has no capability for are refused (403); the rest open or, for a
    request that is not theirs, say "not found"."""
    req = raise_request()
    user = make_user(role, f"someone-{role}")
    client.force_login(user)
    urls = {
        "conferences:mine": "/conferences/",
        "conferences:new": "/conferences/new/",
        "conferences:check": "/conferences/new/check/",
        "conferences:queue": "/conferences/queue/",
        "conferences:detail": f"/conferences/{req.pk}/",
        "conferences:oversight": "/conferences/oversight/",
        "conferences:oversight_export": "/conferences/oversight/export/?format=csv",
    }
    for name, url in urls.items():
        status = client.get(url).status_code
        if role not in EXPECTED[name]:
            assert status == 403, (name, status)
        elif name == "conferences:detail":
            assert status == 404  # not in this user's team, not theirs
        else:
            assert status in (200, 302), (name, status)
    for name, path in (
        ("conferences:decide", "decision"),
        ("conferences:information", "information"),
        ("conferences:withdraw", "withdraw"),
    ):
        status = client.post(
            f"/conferences/{req.pk}/{path}/",
            {"outcome": "authorised", "rationale": "x", "text": "x", "seen": 1},
        ).status_code
        assert status == (404 if role in EXPECTED[name] else 403), (name, status)
    assert RequestEvent.objects.filter(request=req).count() == 1


def test_a_social_worker_sees_only_their_own(client, people, loaded, raise_request):
    mine = raise_request()
    theirs = raise_request(user=people["sue"], child_id="TL0003")
    client.force_login(people["sam"])
    page = client.get("/conferences/").content.decode()
    assert f'href="/conferences/{mine.pk}/"' in page and f"/conferences/{theirs.pk}/" not in page
    assert client.get(f"/conferences/{mine.pk}/").status_code == 200
    assert client.get(f"/conferences/{theirs.pk}/").status_code == 404
    # nor may they answer or withdraw someone else's
    r = client.post(f"/conferences/{theirs.pk}/withdraw/", {"text": "x", "seen": 1})
    assert r.status_code == 404


def test_a_group_manager_sees_their_teams(client, people, loaded, raise_request):
    req = raise_request()
    client.force_login(people["gina"])
    assert client.get(f"/conferences/{req.pk}/").status_code == 200
    assert "TL0002" in client.get("/conferences/queue/").content.decode()
    client.force_login(people["olga"])  # a Group Manager of another team
    assert client.get(f"/conferences/{req.pk}/").status_code == 404
    assert "TL0002" not in client.get("/conferences/queue/").content.decode()
    r = client.post(
        f"/conferences/{req.pk}/decision/", {"outcome": "authorised", "rationale": "x", "seen": 1}
    )
    assert r.status_code == 404 and req.events.count() == 1


def test_nobody_decides_their_own_request(client, people, loaded, raise_request):
    from cpmonitor.web.accounts.roles import create_user

    both = create_user(
        "bo", "correct horse battery staple 42", ["social_worker", "group_manager"], ("999",)
    )
    people["team"].members.add(both)
    req = raise_request(user=both)
    client.force_login(both)
    page = client.get(f"/conferences/{req.pk}/").content.decode()
    assert "Record the decision" not in page
    r = client.post(
        f"/conferences/{req.pk}/decision/", {"outcome": "authorised", "rationale": "x", "seen": 1}
    )
    assert r.status_code == 400 and "not the requester" in r.content.decode()
    assert req.events.count() == 1


def test_only_members_raise_for_a_team(client, people, loaded, date_fields):
    from datetime import date

    client.force_login(people["sam"])
    data = {
        "child_id": "TL0002",
        "team": people["other"].pk,  # not sam's team
        "reasons": "x",
        **date_fields("s47_start", date(2017, 1, 10)),
        **date_fields("proposed_date", date(2017, 1, 20)),
    }
    r = client.post("/conferences/new/", data)
    assert r.status_code == 200 and "Select a valid choice" in r.content.decode()


def test_without_a_team_a_worker_is_told_to_ask_an_administrator(client, make_user):
    client.force_login(make_user("social_worker", "new-worker"))
    assert "ask an administrator" in client.get("/conferences/").content.decode()
    assert "ask an administrator" in client.get("/conferences/new/").content.decode().lower()


def test_social_workers_land_on_their_requests(client, people):
    client.force_login(people["sam"])
    assert client.get("/")["Location"] == "/conferences/"


def test_administrators_assign_teams_with_a_group_manager(client, make_user, people):
    from cpmonitor.web.accounts.models import Team

    client.force_login(make_user("administrator", "ada"))
    assert client.get("/admin/accounts/team/").status_code == 200
    r = client.post(
        "/admin/accounts/team/add/",
        {"name": "Safeguarding East", "la": "999", "members": [people["sam"].pk]},
    )
    assert r.status_code == 200 and "needs at least one Group Manager" in r.content.decode()
    r = client.post(
        "/admin/accounts/team/add/",
        {
            "name": "Safeguarding East",
            "la": "999",
            "members": [people["sam"].pk, people["gina"].pk],
        },
    )
    assert r.status_code == 302
    team = Team.objects.get(name="Safeguarding East")
    assert list(team.group_managers()) == [people["gina"]]
    assert client.get(f"/admin/accounts/team/{team.pk}/delete/").status_code == 403
    # the council's rule is the administrators' too
    r = client.post(
        "/admin/conferences/councilrule/add/",
        {"la": "999", "required": "on", "lookback_years": "2"},
    )
    assert r.status_code == 302
