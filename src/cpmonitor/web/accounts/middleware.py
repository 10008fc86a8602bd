"""The permission map (:mod:`cpmonitor.web.permissions`) enforced for every URL: sign-in,
two-factor (the administrator's setting, :class:`~.models.SiteSettings`) and the role."""

from __future__ import annotations

from django.conf import settings
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
