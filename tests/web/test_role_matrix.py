"""Every URL pattern against the permission map, for anonymous users and every role."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cpmonitor.web.permissions import (
    CAPABILITIES,
    PUBLIC,
    ROLES,
    URL_ACCESS,
    capability_for,
)

SAMPLE = {
    "ref": "0000000000000000",
    "job": uuid.UUID(int=1),
    "object_id": "1",
    "id": "1",
    "pk": "1",
    "app_label": "auth",
    "content_type_id": "1",
    "url": "nothing-here",
}


def _walk(patterns, namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if p.namespace and namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = p.name or p.lookup_str
            yield (f"{namespace}:{name}" if namespace else name), p


def url_patterns() -> list[tuple[str, str]]:
    """(view name, a concrete URL) for every pattern in the project."""
    out = []
    for name, pattern in _walk(get_resolver().url_patterns):
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
