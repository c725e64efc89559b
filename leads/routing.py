"""Who hears about a new request. Routing rules by sector come with triage."""

from django.conf import settings

from briefings.models import Analyst


def alert_recipients(lead):
    """Active analysts covering one of the lead's countries, else the sales
    addresses of last resort; each mailbox once, whatever its case."""
    emails = (
        Analyst.objects.filter(is_active=True, countries__leads=lead)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    recipients = {}
    for email in [*emails] or settings.LEADS_NOTIFY_EMAILS:
        recipients.setdefault(email.lower(), email)
    return list(recipients.values())
