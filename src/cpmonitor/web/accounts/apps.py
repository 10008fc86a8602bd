"""The accounts app: roles are made sure of after every migrate."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "cpmonitor.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in event receivers)
        from .roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
