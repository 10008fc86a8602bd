from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "cpmonitor.web.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
