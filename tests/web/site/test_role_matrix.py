"""Every URL pattern against the permission map, for anonymous users and every role."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse
from web_urls import SAMPLE, walk_urls

from cpmonitor.web.permissions import (
    CAPABILITIES,
    PUBLIC,
    ROLES,
    URL_ACCESS,
    capability_for,
)


def url_patterns() -> list[tuple[str, str]]:
    """(view name, a concrete URL) for every pattern in the project."""
    out = []
    for name, pattern in walk_urls(get_resolver().url_patterns):
        regex = pattern.pattern.regex
        kwargs = {k: SAMPLE[k] for k in regex.groupindex}
        # the admin's unnamed catch-all view cannot be reversed
        url = "/admin/nothing-here/" if pattern.name is None else reverse(name, kwargs=kwargs)
        out.append((name, url))
    return out


PATTERNS = url_patterns()


def test_every_url_is_in_the_map_and_the_map_has_no_stale_names():
    names = {n for n, _ in PATTERNS}
    unmapped = sorted(n for n in names if n not in PUBLIC and capability_for(n) is None)
    assert unmapped == [], f"add these URL names to permissions.URL_ACCESS: {unmapped}"
    stale = sorted(n for n in [*URL_ACCESS, *PUBLIC] if not n.endswith(":*") and n not in names)
    assert stale == []
    assert len(PATTERNS) > 40  # the admin's patterns are walked too


def test_the_map_says_what_the_issue_says():
    """Spot checks written out by hand, so the map itself is tested."""
    assert "analyst" in CAPABILITIES[capability_for("uploads:index")]
    assert "manager" not in CAPABILITIES[capability_for("uploads:index")]
    for role in ("manager", "group_manager", "analyst"):
        assert role in CAPABILITIES[capability_for("dashboard:timeline")]
        assert role in CAPABILITIES[capability_for("dashboard:cohort")]
    assert "administrator" not in CAPABILITIES[capability_for("dashboard:timeline")]
    assert CAPABILITIES[capability_for("accounts:access_log")] == {"administrator"}
    assert CAPABILITIES[capability_for("admin:auth_user_changelist")] == {"administrator"}
    # conference authorisation (issue 6); per-request rules in tests/web/conferences
    assert CAPABILITIES[capability_for("conferences:new")] == {"social_worker"}
    assert CAPABILITIES[capability_for("conferences:decide")] == {"group_manager"}
    assert CAPABILITIES[capability_for("conferences:detail")] == {"social_worker", "group_manager"}
    assert CAPABILITIES[capability_for("conferences:oversight")] == {
        "analyst",
        "manager",
        "group_manager",
    }
    # case audits: auditors plan and record; the other child-data roles read summaries
    for name in ("audits:new", "audits:cohort", "audits:case", "audits:record"):
        assert CAPABILITIES[capability_for(name)] == {"auditor"}
    for name in ("audits:index", "audits:summary", "audits:export"):
        assert CAPABILITIES[capability_for(name)] == {
            "auditor",
            "analyst",
            "manager",
            "group_manager",
        }
    # what changed (issue 14): figures for every child-data role; the list for managers only
    assert "analyst" in CAPABILITIES[capability_for("dashboard:what_changed")]
    assert CAPABILITIES[capability_for("dashboard:early_warning")] == {"manager", "group_manager"}
    # overdue statutory visits (issue 13): children named, so managers only
    assert CAPABILITIES[capability_for("dashboard:overdue_visits")] == {"manager", "group_manager"}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_anonymous_is_sent_to_sign_in(client, name, url):
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302, name
        assert response["Location"].startswith("/sign-in/?next="), name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*sorted(ROLES), None], ids=[*sorted(ROLES), "no-role"])
def test_each_role_gets_exactly_what_the_map_allows(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    wrong = []
    for name, url in PATTERNS:
        if name in PUBLIC:
            continue
        allowed = role is not None and role in CAPABILITIES[capability_for(name)]
        if capability_for(name) == "signed_in":
            allowed = True
        response = client.get(url)
        # Refused by the permission map (not by a view's own rule, e.g. the admin's "no delete").
        refused = getattr(response.wsgi_request, "cpmonitor_refused", None) is not None
        assert not refused or response.status_code == 403
        to_sign_in = response.status_code == 302 and response["Location"].startswith("/sign-in/")
        if to_sign_in or refused == allowed:
            wrong.append((name, url, response.status_code))
    assert wrong == [], f"{role}: {wrong}"


# ------------------------------------------------------------------ the admin's role changes


def change_roles(client, user, roles: list[str], councils=("999",)):
    """POST the admin's change form for ``user`` with ``roles`` and ``councils``."""
    from django.contrib.auth.models import Group

    from cpmonitor.web.accounts.models import Council

    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [g.pk for g in Group.objects.filter(name__in=roles)],
        "councils": [c.pk for c in Council.objects.filter(la__in=councils)],
    }
    return client.post(reverse("admin:auth_user_change", args=[user.pk]), data)


def roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_an_administrator_cannot_give_themselves_a_child_data_role(client, make_user):
    admin_user = make_user("administrator", "ada")
    client.force_login(admin_user)
    change_roles(client, admin_user, ["administrator", "manager"])
    assert roles(admin_user) == {"administrator"}
    r = client.get(reverse("dashboard:timeline", kwargs={"ref": SAMPLE["ref"]}))
    assert r.status_code == 403
    page = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).content.decode()
    assert 'name="groups"' not in page  # shown read-only on their own page


@pytest.mark.django_db
def test_an_administrator_cannot_switch_off_their_own_account_or_roles(client, make_user):
    admin_user = make_user("administrator", "ada")
    client.force_login(admin_user)
    change_roles(client, admin_user, [])
    assert roles(admin_user) == {"administrator"}


@pytest.mark.django_db
def test_an_administrator_cannot_also_hold_a_child_data_role(client, make_user):
    admin_user, other = make_user("administrator", "ada"), make_user("administrator", "bob")
    client.force_login(admin_user)
    r = change_roles(client, other, ["administrator", "group_manager"])
    assert (
        r.status_code == 200 and "cannot also have a role that sees children" in r.content.decode()
    )
    assert roles(other) == {"administrator"}


@pytest.mark.django_db
def test_granting_a_child_data_role_is_an_access_log_event(client, make_user):
    from cpmonitor.web.accounts.models import AccessLog

    admin_user, worker = make_user("administrator", "ada"), make_user("social_worker", "sam")
    client.force_login(admin_user)
    r = change_roles(client, worker, ["social_worker", "manager"])
    assert r.status_code == 302 and roles(worker) == {"social_worker", "manager"}
    (entry,) = AccessLog.objects.filter(action=AccessLog.GRANT_ROLE)
    assert entry.user == admin_user and entry.detail == f"gave sam (user {worker.pk}) manager"
    change_roles(client, worker, ["manager"])  # a role taken away is no grant
    assert AccessLog.objects.filter(action=AccessLog.GRANT_ROLE).count() == 1


@pytest.mark.django_db
def test_a_council_given_to_someone_who_sees_children_is_an_access_log_event(client, make_user):
    from cpmonitor.web.accounts.models import AccessLog, Council

    Council.objects.create(la="998")
    admin_user, manager = make_user("administrator", "ada"), make_user("manager", "mo")
    client.force_login(admin_user)
    r = change_roles(client, manager, ["manager"], councils=("999", "335", "998"))
    assert r.status_code == 302
    assert set(manager.councils.values_list("la", flat=True)) == {"999", "335", "998"}
    (entry,) = AccessLog.objects.filter(action=AccessLog.GRANT_ROLE)
    assert entry.detail == f"gave mo (user {manager.pk}) LA 998"


@pytest.mark.django_db
def test_someone_with_a_role_needs_a_council(client, make_user):
    admin_user, worker = make_user("administrator", "ada"), make_user("social_worker", "sam")
    client.force_login(admin_user)
    r = change_roles(client, worker, ["social_worker"], councils=())
    assert r.status_code == 200 and "Choose the council" in r.content.decode()
    assert worker.councils.count() == 2  # unchanged
