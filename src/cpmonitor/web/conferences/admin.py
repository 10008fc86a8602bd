"""Admin: each council's authorisation rule (administrators). Requests and their events are
not in the admin: they hold children's records, seen only through pages that log who
viewed them, and nothing may change them."""

from django.contrib import admin

from .models import CouncilRule


@admin.register(CouncilRule)
class CouncilRuleAdmin(admin.ModelAdmin):
    list_display = ("la", "required", "lookback_years", "in_force_from")

    def has_delete_permission(self, request, obj=None):
        return False
