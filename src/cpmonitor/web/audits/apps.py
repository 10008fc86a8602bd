"""The audits app."""

from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "cpmonitor.web.audits"
    label = "audits"
    verbose_name = "Case audits"
