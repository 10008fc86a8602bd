from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "cpmonitor.web.uploads"
    label = "uploads"
    verbose_name = "Uploads"
