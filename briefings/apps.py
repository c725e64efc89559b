from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("Briefings")

    def ready(self):
        from .search import sqlite

        pre_migrate.connect(sqlite.remove_triggers, sender=self)
        post_migrate.connect(sqlite.install, sender=self)
