from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .services.deadlines import BusinessHours


@checks.register
def check_business_hours(app_configs, **kwargs):
    """A typo in LEADS_BUSINESS_HOURS stops the portal at start, not at the
    first request."""
    try:
        BusinessHours.from_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="leads.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_notify_emails(app_configs, **kwargs):
    """Without a recipient of last resort, a request that no analyst covers
    alerts nobody; production should say where those go."""
    if settings.LEADS_NOTIFY_EMAILS:
        return []
    return [
        checks.Warning(
            "LEADS_NOTIFY_EMAILS is empty: a request for interest that no analyst "
            "covers will alert nobody.",
            hint="Set LEADS_NOTIFY_EMAILS to the sales inbox.",
            id="leads.W001",
        )
    ]
