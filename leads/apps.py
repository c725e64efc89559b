from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        # Registered here, in every process: the system checks, and the tasks
        # that leads.services.outbox rings by name.
        from . import checks, tasks  # noqa: F401
        from .services.roles import create_role_groups

        post_migrate.connect(create_role_groups, dispatch_uid="leads.role_groups")
