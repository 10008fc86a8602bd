"""Accounts data: the site's sign-in settings, teams, sign-in events and the access log.

Sign-in events and the access log are append-only: the models refuse updates and deletes
(instances and querysets), the admin shows them read-only, the database refuses them too
(triggers), and each row is chained to the one before (see :mod:`cpmonitor.web.append_only`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..append_only import AppendOnlyModel


class SiteSettings(models.Model):
    """Settings an administrator changes in the admin (one row)."""

    require_two_factor = models.BooleanField(
        "Require two-factor sign-in for every user",
        default=False,
        help_text="Users without an authenticator app are asked to set one up at next sign-in.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "sign-in settings"

    def __str__(self) -> str:
        return "Sign-in settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> SiteSettings:
        """The settings row (created with defaults on first use)."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class Council(models.Model):
    """A council whose children's records its members may see (3-digit DfE LA code).

    Every page, export and download that shows child data is limited to the signed-in
    user's councils (:mod:`cpmonitor.web.councils`); administrators assign people in the
    admin (the user's page, or the council's).
    """

    la = models.CharField(
        "LA", max_length=3, unique=True, help_text="The council's 3-digit DfE code, e.g. 335"
    )
    name = models.CharField(max_length=100, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="councils", blank=True)

    class Meta:
        ordering = ["la"]

    def __str__(self) -> str:
        return f"LA {self.la}" + (f" {self.name}" if self.name else "")


class Team(models.Model):
    """A team of social workers and the Group Managers who authorise its conference requests.

    Administrators create teams and assign people to them in the admin; every team has at
    least one Group Manager (a member with the ``group_manager`` role). ``la`` is the
    council the team works for (3-digit DfE code): its returns give the children's history.
    """

    name = models.CharField(max_length=100, unique=True)
    la = models.CharField("LA", max_length=3, help_text="The council's 3-digit DfE code, e.g. 335")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def group_managers(self) -> models.QuerySet:
        """The team's active members with the Group Manager role."""
        return self.members.filter(groups__name="group_manager", is_active=True).distinct()


class SignInEvent(AppendOnlyModel):
    """One sign-in attempt or lockout change, for lockout and the user's own history."""

    SUCCESS, FAILURE, LOCKED, UNLOCKED = "success", "failure", "locked", "unlocked"
    KINDS = [
        (SUCCESS, "Signed in"),
        (FAILURE, "Wrong user name or password"),
        (LOCKED, "Refused: locked after repeated failures"),
        (UNLOCKED, "Unlocked by an administrator"),
    ]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150, db_index=True, help_text="as typed, lower case")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"


class AccessLog(AppendOnlyModel):
    """Who viewed which child's timeline, exported which cohort or restricted report, when."""

    VIEW_TIMELINE, EXPORT_COHORT, EXPORT_REPORT = "view_timeline", "export_cohort", "export_report"
    CHECK_HISTORY, VIEW_REQUEST, EXPORT_OVERSIGHT = (
        "check_history",
        "view_conference",
        "export_oversight",
    )
    VIEW_EARLY_WARNING = "view_early_warning"
    EXPORT_EARLY_WARNING = "export_early_warning"
    VIEW_OVERDUE_VISITS = "view_overdue_visits"
    GRANT_ROLE = "grant_role"
    ACTIONS = [
        (VIEW_TIMELINE, "Viewed a child's timeline"),
        (EXPORT_COHORT, "Exported a cohort"),
        (EXPORT_REPORT, "Downloaded a restricted report"),
        (CHECK_HISTORY, "Checked a child's plans for a conference request"),
        (VIEW_REQUEST, "Viewed a conference request with the child's plans"),
        (EXPORT_OVERSIGHT, "Exported conference authorisation figures"),
        (VIEW_EARLY_WARNING, "Viewed the early-warning list of children"),
        (EXPORT_EARLY_WARNING, "Exported the early-warning list of children"),
        (VIEW_OVERDUE_VISITS, "Viewed the children whose statutory visit is overdue"),
        (GRANT_ROLE, "Gave a user a role that sees children's records"),
    ]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=ACTIONS)
    la = models.CharField("LA", max_length=3, blank=True)
    child_id = models.CharField("LAchildID", max_length=40, blank=True, db_index=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    @classmethod
    def record(cls, request, action: str, la: str = "", child_id: str = "", detail: str = ""):
        """Append one entry for the signed-in user of ``request``."""
        return cls.objects.create(
            user=request.user,
            username=request.user.get_username(),
            action=action,
            la=la,
            child_id=child_id,
            detail=detail[:300],
        )
