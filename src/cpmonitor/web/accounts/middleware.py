"""The permission map (:mod:`cpmonitor.web.permissions`) enforced for every URL: sign-in,
two-factor (the administrator's setting, :class:`~.models.SiteSettings`) and the role; and the
idle timeout of a signed-in session."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from ..permissions import PUBLIC, TWO_FACTOR_PAGES, capability_for, has_capability
from .models import SiteSettings


def two_factor_redirect(request, view_name: str):
    """Send a user to verify (has a device, not yet verified this session) or enrol (required
    by the site setting, no device yet); ``None`` when they may go on."""
    from django_otp import user_has_device

    user = request.user
    if view_name in TWO_FACTOR_PAGES or user.is_verified():
        return None
    if user_has_device(user):
        return redirect(f"{reverse('accounts:verify')}?next={request.get_full_path()}")
    if SiteSettings.current().require_two_factor:
        return redirect("accounts:two_factor")
    return None


class AccessMiddleware:
    """Enforce :data:`~cpmonitor.web.permissions.URL_ACCESS` on every resolved view (sign-in, two-factor, role)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name
        if name in PUBLIC:
            return None
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if (response := two_factor_redirect(request, name)) is not None:
            return response
        capability = capability_for(name)
        if capability is None or not has_capability(request.user, capability):
            request.cpmonitor_refused = capability or "unmapped"
            raise PermissionDenied
        return None


#: Seconds between two moves of a signed-in session's idle timeout (one database write).
REFRESH_EVERY = 60
_REFRESHED = "cpmonitor_refreshed_at"


class IdleTimeoutMiddleware:
    """A signed-in session ends ``SESSION_COOKIE_AGE`` after its last request
    (``CPMONITOR_SESSION_MINUTES``, default 30), give or take :data:`REFRESH_EVERY` seconds.

    The session's expiry is moved forward (the session saved) when a minute or more has passed
    since it last was, not on every request (Django's ``SESSION_SAVE_EVERY_REQUEST``): one
    database write a minute per user instead of one per page, which on SQLite made every
    request queue for the one write lock. So a session idle for 29 minutes of the default 30
    may end a minute early, never late. Sessions nobody has signed in to are not saved.
    Sits just inside Django's ``SessionMiddleware``, which saves what this marks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(_REFRESHED, 0) >= REFRESH_EVERY:
                session[_REFRESHED] = now
        return response
