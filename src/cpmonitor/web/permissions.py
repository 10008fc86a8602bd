"""Who may open which page: the one permission map, enforced for every URL by middleware.

Roles are Django groups (:data:`ROLES`). A *capability* is a set of roles; every URL name
maps to one capability in :data:`URL_ACCESS` (admin URLs by their namespace). The middleware
that enforces it (:mod:`cpmonitor.web.accounts.middleware`) sits with the accounts it reads
(the two-factor setting); this module imports no app. A URL missing from the map is refused
(fail closed), and ``tests/web/site/test_role_matrix.py`` walks every URL pattern against
this map. Anonymous users are sent to sign-in from everything but
:data:`PUBLIC` (and static files, which whitenoise serves before any view).
"""

from __future__ import annotations

from django.urls import reverse

#: Role (group name) -> what a person in it does.
ROLES: dict[str, str] = {
    "analyst": "Performance analyst: uploads returns, sees every figure and data quality",
    "manager": "Manager or reviewing officer: figures, the cohort and children's timelines",
    "group_manager": "Group Manager: as a manager, plus conference authorisation decisions",
    "auditor": "Quality assurance auditor: plans and records case audits (cohort, timelines)",
    "administrator": "Administrator: users, roles, teams, sign-in settings and the access log",
    "social_worker": "Social worker: raises conference requests (conference authorisation)",
}

SIGNED_IN = "signed_in"
CHILD_DATA = frozenset({"analyst", "manager", "group_manager", "auditor"})

#: Capability -> roles that have it. ``signed_in``: anyone signed in, with or without a role.
CAPABILITIES: dict[str, frozenset[str]] = {
    SIGNED_IN: frozenset(ROLES),
    "view_figures": CHILD_DATA,
    "view_children": CHILD_DATA,
    "view_data_quality": frozenset({"analyst", "manager", "group_manager"}),
    "upload_returns": frozenset({"analyst"}),
    "administer": frozenset({"administrator"}),
    # conference authorisation: which request a user sees is decided per request (a social
    # worker their own, a Group Manager their teams'); managers and analysts see the
    # oversight figures, not the requests.
    "raise_conference_requests": frozenset({"social_worker"}),
    "decide_conference_requests": frozenset({"group_manager"}),
    "view_conference_requests": frozenset({"social_worker", "group_manager"}),
    "view_authorisation_oversight": frozenset({"analyst", "manager", "group_manager"}),
    # case audits: auditors plan and record them; the other child-data roles read summaries
    "run_audits": frozenset({"auditor"}),
    "view_audits": frozenset({"auditor", "analyst", "manager", "group_manager"}),
    # the early-warning list names children who may need another plan: managers only
    "view_early_warning": frozenset({"manager", "group_manager"}),
    # the children whose statutory visit is overdue, by team and worker: managers only
    "view_overdue_visits": frozenset({"manager", "group_manager"}),
}

#: URL names anyone may open.
PUBLIC = frozenset({"accounts:sign_in", "health"})

#: URL name (or ``namespace:*``) -> capability.
URL_ACCESS: dict[str, str] = {
    "home": SIGNED_IN,
    "accounts:sign_out": SIGNED_IN,
    "accounts:verify": SIGNED_IN,
    "accounts:two_factor": SIGNED_IN,
    "accounts:sign_ins": SIGNED_IN,
    "accounts:password": SIGNED_IN,
    "accounts:password_done": SIGNED_IN,
    "accounts:access_log": "administer",
    "admin:*": "administer",
    "dashboard:index": "view_figures",
    "dashboard:data_quality": "view_data_quality",
    "dashboard:cohort": "view_children",
    "dashboard:cohort_export": "view_children",
    "dashboard:timeline": "view_children",
    "dashboard:find_child": "view_children",
    "dashboard:reports": "view_children",
    "reports:status": "view_children",
    "reports:progress": "view_children",
    "reports:download": "view_children",
    "reports:retry": "view_children",
    "dashboard:what_changed": "view_figures",
    "dashboard:early_warning": "view_early_warning",
    "dashboard:early_warning_export": "view_early_warning",
    "dashboard:overdue_visits": "view_overdue_visits",
    "uploads:index": "upload_returns",
    "uploads:confirm": "upload_returns",
    "uploads:status": "upload_returns",
    "uploads:progress": "upload_returns",
    "uploads:retry": "upload_returns",
    "conferences:mine": "raise_conference_requests",
    "conferences:new": "raise_conference_requests",
    "conferences:check": "raise_conference_requests",
    "conferences:information": "raise_conference_requests",
    "conferences:withdraw": "raise_conference_requests",
    "conferences:queue": "decide_conference_requests",
    "conferences:decide": "decide_conference_requests",
    "conferences:detail": "view_conference_requests",
    "conferences:oversight": "view_authorisation_oversight",
    "conferences:oversight_export": "view_authorisation_oversight",
    "audits:index": "view_audits",
    "audits:summary": "view_audits",
    "audits:export": "view_audits",
    "audits:new": "run_audits",
    "audits:detail": "run_audits",
    "audits:edit": "run_audits",
    "audits:cohort": "run_audits",
    "audits:learning": "run_audits",
    "audits:case": "run_audits",
    "audits:record": "run_audits",
    "audits:add_child": "run_audits",
    "audits:remove_case": "run_audits",
    "audits:remove_child": "run_audits",
}

#: Pages a user who still has to pass two-factor may open.
TWO_FACTOR_PAGES = frozenset({"accounts:verify", "accounts:two_factor", "accounts:sign_out"})


def capability_for(view_name: str) -> str | None:
    """The capability a URL name needs, or ``None`` when it is not in the map (refused)."""
    if view_name in URL_ACCESS:
        return URL_ACCESS[view_name]
    namespace = view_name.split(":", 1)[0]
    return URL_ACCESS.get(f"{namespace}:*") if ":" in view_name else None


def roles_of(user) -> frozenset[str]:
    """The roles (group names) of a signed-in user; cached on the user object per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cpmonitor_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & frozenset(ROLES)
        user._cpmonitor_roles = cached
    return cached


def has_capability(user, capability: str) -> bool:
    """Whether ``user`` (active, signed in) has ``capability``."""
    if not (user.is_authenticated and user.is_active):
        return False
    if capability == SIGNED_IN:
        return True
    return bool(roles_of(user) & CAPABILITIES[capability])


#: The service navigation, in order: (label, choices, section). ``choices``: (URL name,
#: capability) pairs: the item links to the first the user may open (a Group Manager's
#: "Conferences" is the decision queue, a social worker's their requests, a manager's the
#: oversight figures), so nothing is named twice. ``section``: a URL namespace whose every
#: page marks the item current.
NAVIGATION = (
    ("Dashboard", (("dashboard:index", "view_figures"),), ""),
    ("Repeat plans", (("dashboard:cohort", "view_children"),), ""),
    ("Find a child", (("dashboard:find_child", "view_children"),), ""),
    ("Data quality", (("dashboard:data_quality", "view_data_quality"),), ""),
    ("Reports", (("dashboard:reports", "view_children"),), ""),
    ("Case audits", (("audits:index", "view_audits"),), "audits"),
    (
        "Conferences",
        (
            ("conferences:queue", "decide_conference_requests"),
            ("conferences:mine", "raise_conference_requests"),
            ("conferences:oversight", "view_authorisation_oversight"),
        ),
        "conferences",
    ),
    ("Uploads", (("uploads:index", "upload_returns"),), "uploads"),
    ("Access log", (("accounts:access_log", "administer"),), ""),
    ("Users and settings", (("admin:index", "administer"),), "admin"),
)


def navigation(request) -> dict:
    """Template context: the navigation items this user may see, and their capabilities."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "can": {}}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    items = []
    for label, choices, section in NAVIGATION:
        name = next((n for n, capability in choices if has_capability(user, capability)), None)
        if name is None:
            continue
        active = current == name or bool(section) and current.startswith(f"{section}:")
        items.append(
            {"url": reverse(name), "label": label, "active": active, "page": current == name}
        )
    return {"nav_items": items, "can": {c: has_capability(user, c) for c in CAPABILITIES}}
