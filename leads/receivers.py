"""What an email service reports through django-anymail's tracking signal: a
hard bounce, a rejection or a complaint stops alerts to that address at once.

Connected in LeadsConfig.ready(). Anymail's webhook views turn each service's
own reports into this signal (README: "Bounces and complaints").
"""

from anymail.signals import EventType

from .services import alerts

STOPS_ALERTS = {
    EventType.BOUNCED: "bounced",
    EventType.REJECTED: "rejected",
    EventType.COMPLAINED: "complained (spam report)",
    EventType.UNSUBSCRIBED: "unsubscribed at the email service",
}


def stop_alerts_on_refusal(sender, event, esp_name, **kwargs):
    reason = STOPS_ALERTS.get(event.event_type)
    if reason and event.recipient:
        alerts.suppress(event.recipient, f"{esp_name}: {reason}")
