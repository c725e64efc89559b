"""What a webhook's POST says: its JSON body and its signed headers.

The body carries ids, choices and times, never what the prospect typed (name,
email, organisation, phone, requirements): the receiver, a CRM or a chat,
is outside the portal's second factor, retention and erasure, so it gets the
reference and the link to the lead, which staff open in the portal.

The signature is HMAC-SHA256, keyed with the webhook's secret, of
"<timestamp>.<body>": the receiver recomputes it over the raw body it got,
compares in constant time and refuses a timestamp more than five minutes
away from its clock (a replayed POST). See the README, "Outbound webhooks".
"""

import hashlib
import hmac
import json

from django.urls import reverse

from config.site import absolute_url

USER_AGENT = "ASA-Portal-Webhooks/1"
SIGNATURE_SCHEME = "sha256"


def payload(lead, change=None):
    """The lead as a CRM needs it, and the change (a status LeadEvent) when
    there is one; stored with the delivery, so every retry says the same."""
    data = {
        "lead": {
            "id": lead.pk,
            "reference": lead.reference,
            "status": lead.status,
            "channel": lead.channel,
            "countries": [
                {"code": country.iso_code, "name": country.name}
                for country in lead.countries.order_by("name")
            ],
            "sectors": sorted(row.sector for row in lead.sectors.all()),
            "help_wanted": lead.help_wanted,
            "timeline": lead.timeline,
            "score": lead.score,
            "assignee_id": lead.assignee_id,
            "source_briefing": (
                absolute_url(lead.source_briefing.get_absolute_url())
                if lead.source_briefing_id
                else None
            ),
            "created_at": lead.created_at.isoformat(),
            "updated_at": lead.updated_at.isoformat(),
            "admin_url": absolute_url(
                reverse("admin:leads_lead_change", args=[lead.pk])
            ),
        }
    }
    if change is not None:
        data["change"] = {
            "field": "status",
            "from": change.old_value,
            "to": change.new_value,
            "at": change.created_at.isoformat(),
            "by_user_id": change.actor_id,
        }
    return data


def body(delivery):
    """The bytes POSTed: the same for every attempt of a delivery."""
    document = {
        "id": str(delivery.pk),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        **delivery.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def signature(secret, timestamp, content):
    signed = f"{timestamp}.".encode() + content
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_SCHEME}={digest}"


def headers(delivery, content, *, timestamp):
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-ASA-Event": delivery.event,
        "X-ASA-Delivery": str(delivery.pk),
        "X-ASA-Timestamp": str(timestamp),
        "X-ASA-Signature": signature(delivery.webhook.secret, timestamp, content),
    }
