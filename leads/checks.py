from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .deadlines import BusinessHours


@checks.register
def check_business_hours(app_configs, **kwargs):
    """A typo in LEADS_BUSINESS_HOURS stops the portal at start, not at the
    first request."""
    try:
        BusinessHours.from_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="leads.E001")]
    return []
