"""Roles as Django groups, made sure of after every migrate, and a helper to create users."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from ..permissions import ROLES

#: Django model permissions the administrator group needs in the admin.
ADMIN_PERMISSIONS = (
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
    ("accounts", "view_sitesettings"),
    ("accounts", "change_sitesettings"),
    ("accounts", "view_signinevent"),
    ("accounts", "view_accesslog"),
    ("accounts", "add_team"),
    ("accounts", "change_team"),
    ("accounts", "view_team"),
    ("accounts", "add_council"),
    ("accounts", "change_council"),
    ("accounts", "view_council"),
    ("conferences", "add_councilrule"),
    ("conferences", "change_councilrule"),
    ("conferences", "view_councilrule"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
)


def ensure_roles(**kwargs) -> None:
    """Create a group per role and give administrators their admin permissions."""
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    admin = Group.objects.get(name="administrator")
    perms = [
        p
        for app, code in ADMIN_PERMISSIONS
        for p in Permission.objects.filter(content_type__app_label=app, codename=code)
    ]
    admin.permissions.add(*perms)


def create_user(
    username: str, password: str, roles: list[str], councils: tuple[str, ...] = (), **fields
):
    """A user with ``roles`` in ``councils`` (LA codes; a council is created the first time
    it is named). Administrators are staff, so they can use the admin."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    ensure_roles()
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff="administrator" in roles, **fields
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    from .models import Council

    for la in councils:
        Council.objects.get_or_create(la=la)[0].members.add(user)
    return user
