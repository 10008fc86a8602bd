"""Record every sign-in and failed attempt (for lockout and each user's sign-in history)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .lockout import client_details, key
from .models import SignInEvent


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    SignInEvent.objects.create(
        username=key(user.get_username()),
        user=user,
        kind=SignInEvent.SUCCESS,
        **client_details(request),
    )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None and getattr(request, "cpmonitor_locked_out", False):
        return  # recorded as LOCKED by the backend
    SignInEvent.objects.create(
        username=key(credentials.get("username")),
        kind=SignInEvent.FAILURE,
        **client_details(request),
    )


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _administrators_are_staff(sender, instance, action, reverse, **kwargs) -> None:
    """Administrators (the role) can use the admin; nobody else is staff."""
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    staff = instance.groups.filter(name="administrator").exists()
    if instance.is_staff != staff:
        instance.is_staff = staff
        instance.save(update_fields=["is_staff"])
