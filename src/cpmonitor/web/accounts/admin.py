"""Admin: users and roles, sign-in settings, and read-only sign-in events and access log.

Census data is deliberately not in the admin: children's records are seen only through
the app's pages, which record who viewed them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from ..permissions import CHILD_DATA
from .lockout import unlock
from .models import AccessLog, Council, SignInEvent, SiteSettings, Team

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


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ("la", "name", "members")

    def clean_la(self) -> str:
        la = self.cleaned_data["la"].strip()
        if not (len(la) == 3 and la.isdigit()):
            raise forms.ValidationError("Enter the council's 3-digit DfE code, e.g. 335")
        return la


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    """Councils and their people: a user sees the child data of their councils only."""

    form = CouncilForm
    list_display = ("la", "name", "member_count")
    filter_horizontal = ("members",)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "members" in form.base_fields:  # nobody adds or removes themselves
            form.base_fields["members"].queryset = User.objects.exclude(pk=request.user.pk)
        return form

    def save_related(self, request, form, formsets, change):
        mine = form.instance.members.filter(pk=request.user.pk).exists()
        super().save_related(request, form, formsets, change)
        if mine:
            form.instance.members.add(request.user)

    @admin.display(description="Members")
    def member_count(self, obj) -> int:
        return obj.members.count()


class UserChangeForm(UserAdmin.form):
    councils = forms.ModelMultipleChoiceField(
        Council.objects.all(),
        required=False,
        widget=FilteredSelectMultiple("councils", is_stacked=False),
        help_text="The councils whose children's records this person may see (admin → Councils adds one)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "councils" in self.fields:
            self.fields["councils"].initial = self.instance.councils.all()

    def clean(self):
        cleaned = super().clean()
        names = {g.name for g in cleaned.get("groups") or []}
        if names - {"administrator"} and "councils" in self.fields and not cleaned.get("councils"):
            self.add_error("councils", "Choose the council (or councils) this person works for")
        return cleaned

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        names = {g.name for g in groups}
        if "administrator" in names and names & CHILD_DATA:
            raise forms.ValidationError(
                "An administrator cannot also have a role that sees children's records "
                f"({', '.join(sorted(names & CHILD_DATA))}): give those to another account"
            )
        return groups


@admin.register(User)
class CpmonitorUserAdmin(UserAdmin):
    """Users with their roles; administrators reset passwords here and unlock sign-in.

    Roles are the groups; the administrator role makes a user staff (admin access).
    Deleting a user is not offered (their sign-ins and access log stay attributable):
    make the account inactive instead. Nobody changes their own roles or active flag (their
    own page shows them read-only), an administrator cannot also hold a role that sees
    children's records, and every grant of such a role is in the access log.
    """

    form = UserChangeForm

    list_display = ("username", "first_name", "last_name", "is_active", "role_list", "council_list")
    list_filter = ("is_active", "groups")
    actions = ["unlock_sign_in"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "groups", "councils")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ("is_active", "groups", "council_list")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk != request.user.pk:
            return fieldsets
        own = []  # their own page: the councils shown, not a field
        for title, options in fieldsets:
            fields = tuple("council_list" if f == "councils" else f for f in options["fields"])
            own.append((title, {**options, "fields": fields}))
        return own

    @admin.display(description="Councils")
    def council_list(self, obj) -> str:
        return ", ".join(c.la for c in obj.councils.all()) or "none"

    def save_model(self, request, obj, form, change):
        known = obj.pk is not None
        obj._roles_before = set(obj.groups.values_list("name", flat=True)) if known else set()
        obj._councils_before = set(obj.councils.values_list("la", flat=True)) if known else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if "councils" in form.cleaned_data:
            user.councils.set(form.cleaned_data["councils"])
        roles = set(user.groups.values_list("name", flat=True))
        granted = sorted((roles - user._roles_before) & CHILD_DATA)
        if roles & CHILD_DATA:  # a council more is more children's records seen
            new = set(user.councils.values_list("la", flat=True)) - user._councils_before
            granted += [f"LA {la}" for la in sorted(new)]
        if granted:
            AccessLog.record(
                request,
                AccessLog.GRANT_ROLE,
                detail=f"gave {user.get_username()} (user {user.pk}) {', '.join(granted)}",
            )

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
