"""An upload job: files received, checked, then (once the analyst confirms) imported."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class UploadJob(models.Model):
    """One upload of one or more returns, and where it has got to."""

    CHECKING, CHECKED, REFUSED, IMPORTING, DONE, FAILED = (
        "checking",
        "checked",
        "refused",
        "importing",
        "done",
        "failed",
    )
    STATUSES = [
        (CHECKING, "Checking"),
        (CHECKED, "Checked: waiting for you to confirm"),
        (REFUSED, "Cannot be imported"),
        (IMPORTING, "Importing"),
        (DONE, "Imported"),
        (FAILED, "Import failed: nothing was changed"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=STATUSES, default=CHECKING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    stage = models.CharField(max_length=200, blank=True)
    files = models.JSONField(default=list, help_text="[{name, path, sha256, size}]")
    report = models.JSONField(default=dict, help_text="what the check found / the import did")
    # The background task (django-tasks, database backend) doing the current step.
    task = models.CharField(max_length=10, blank=True, help_text="check or import")
    task_id = models.CharField(max_length=64, blank=True)
    started = models.DateTimeField(null=True, blank=True, help_text="when a worker took it")

    class Meta:
        ordering = ["-created"]

    @property
    def running(self) -> bool:
        return self.status in (self.CHECKING, self.IMPORTING)
