"""Admin: users and roles, sign-in settings, and read-only sign-in events and access log.

Census data is deliberately not in the admin: children's records are seen only through
the app's pages, which record who viewed them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from .lockout import unlock
from .models import AccessLog, SignInEvent, SiteSettings, Team

User = get_user_model()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listing and viewing only: no add, change or delete (append-only records)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "la", "child_id", "detail")
    list_filter = ("action", "la")
    search_fields = ("username", "child_id")
    date_hierarchy = "at"


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "kind", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username",)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ("name", "la", "members")

    def clean_la(self) -> str:
        la = self.cleaned_data["la"].strip()
        if not (len(la) == 3 and la.isdigit()):
            raise forms.ValidationError("Enter the council's 3-digit DfE code, e.g. 335")
        return la

    def clean_members(self):
        members = self.cleaned_data["members"]
        if not any(m.is_active and m.groups.filter(name="group_manager").exists() for m in members):
            raise forms.ValidationError(
                "A team needs at least one Group Manager (a member with the group_manager "
                "role) to authorise its conference requests"
            )
        return members


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams: who raises conference requests and which Group Managers decide them.

    Not deletable (requests keep their team); rename or move people instead.
    """

    form = TeamForm
    list_display = ("name", "la", "manager_list", "member_count")
    search_fields = ("name",)
    filter_horizontal = ("members",)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Group Managers")
    def manager_list(self, obj) -> str:
        return ", ".join(u.get_username() for u in obj.group_managers())

    @admin.display(description="Members")
    def member_count(self, obj) -> int:
        return obj.members.count()


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class CpmonitorUserAdmin(UserAdmin):
    """Users with their roles; administrators reset passwords here and unlock sign-in.

    Roles are the groups; the administrator role makes a user staff (admin access).
    Deleting a user is not offered (their sign-ins and access log stay attributable):
    make the account inactive instead.
    """

    list_display = ("username", "first_name", "last_name", "is_active", "role_list")
    list_filter = ("is_active", "groups")
    actions = ["unlock_sign_in"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Roles")
    def role_list(self, obj) -> str:
        return ", ".join(g.name for g in obj.groups.all())

    @admin.action(description="Unlock sign-in for the selected users")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            unlock(user.get_username())
        messages.success(request, f"Unlocked {queryset.count()} user(s)")


admin.site.site_header = "cpmonitor administration"
admin.site.site_title = "cpmonitor administration"
admin.site.index_title = "Users, roles, teams and settings"
