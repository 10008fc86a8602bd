"""A report job: one scrutiny report asked for on the Reports page, and where it has got to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ReportJob(models.Model):
    """The choices made on the Reports page, who made them, and the file once it is written."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, "Waiting to start"),
        (RUNNING, "Making the report"),
        (DONE, "Your report is ready"),
        (FAILED, "The report could not be made"),
    ]
    FORMATS = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel", ".html": "Web page"}
    CONTENT_TYPES = {
        ".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".html": "text/html; charset=utf-8",
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    la = models.CharField(max_length=3)
    period = models.CharField(max_length=100, blank=True, help_text="as typed; blank: year to date")
    as_at = models.DateField(null=True, blank=True)
    fmt = models.CharField(max_length=5, help_text=".pdf, .docx, .xlsx or .html")
    restricted = models.BooleanField(default=False, help_text="lists the children (logged)")
    audit = models.CharField(max_length=20, blank=True, help_text="the case audit's id, or blank")
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    interrupted = models.BooleanField(default=False, help_text="the worker stopped while it ran")
    period_label = models.CharField(max_length=200, blank=True, help_text="the report's period")
    path = models.CharField(max_length=500, blank=True, help_text="the file, in the data folder")
    size = models.PositiveBigIntegerField(default=0)
    # The background task (django-tasks, database backend) making the report.
    task_id = models.CharField(max_length=64, blank=True)
    started = models.DateTimeField(null=True, blank=True, help_text="when a worker took it")
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    @property
    def running(self) -> bool:
        return self.status in (self.QUEUED, self.RUNNING)

    @property
    def format_label(self) -> str:
        return self.FORMATS.get(self.fmt, self.fmt)

    @property
    def version(self) -> str:
        return "restricted" if self.restricted else "published"

    @property
    def download_name(self) -> str:
        return f"repeat-plans-report-{self.la}-{self.created:%Y-%m-%d}{self.fmt}"
