from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cpmonitor.web.reports"
    label = "reports"
    verbose_name = "Reports"
