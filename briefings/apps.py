from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("Briefings")

    def ready(self):
        from .search import sqlite

        post_migrate.connect(sqlite.install, sender=self)
