from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from .services.roles import create_role_groups

        post_migrate.connect(create_role_groups, dispatch_uid="leads.role_groups")
