"""The conferences app: administrators' permissions for its models are made sure of after
every migrate (its permissions exist only once its own migrations have run)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConferencesConfig(AppConfig):
    name = "cpmonitor.web.conferences"
    label = "conferences"
    verbose_name = "Conference authorisation"

    def ready(self) -> None:
        from ..accounts.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
