"""The authentication backend: Django's, refusing any user name that is locked out."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .lockout import client_details, is_locked_out, key
from .models import SignInEvent


class LockoutBackend(ModelBackend):
    """:class:`ModelBackend` that refuses locked-out user names before checking a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and is_locked_out(username):
            SignInEvent.objects.create(
                username=key(username), kind=SignInEvent.LOCKED, **client_details(request)
            )
            if request is not None:
                request.cpmonitor_locked_out = True
            raise PermissionDenied("locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)
