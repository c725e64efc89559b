from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        # Registered here, in every process: the system checks, and the tasks
        # that leads.services.outbox rings by name.
        from anymail.signals import tracking

        from briefings import publication

        from . import checks, tasks  # noqa: F401
        from .receivers import stop_alerts_on_refusal
        from .services.alerts import audience_size
        from .services.roles import create_role_groups

        post_migrate.connect(create_role_groups, dispatch_uid="leads.role_groups")
        tracking.connect(stop_alerts_on_refusal, dispatch_uid="leads.stop_alerts")
        # Editors see how many readers a briefing's alert reaches, without the
        # briefings app knowing where readers are kept.
        publication.audience_counters.append(audience_size)
