from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "cpmonitor.web.store"
    label = "store"
    verbose_name = "Census data"
