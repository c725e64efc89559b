"""The emails about a lead, built from the database at sending time.

Headers are made only of values we control or have validated: the reference,
our own addresses, and a recipient or Reply-To address that passed validation.
Nothing else the prospect typed ever reaches a header.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Lead, Notification
from ..validators import single_line

# Emails to staff about one request: its new assignee, or a deadline passed.
STAFF_EMAILS = {
    Notification.Kind.ASSIGNED: (
        "leads/email/assigned",
        gettext_lazy("Request %(reference)s is now yours"),
    ),
    Notification.Kind.REMINDER: (
        "leads/email/reminder",
        gettext_lazy("Request %(reference)s is waiting for an answer"),
    ),
    Notification.Kind.ESCALATION: (
        "leads/email/escalation",
        gettext_lazy("Overdue: request %(reference)s has had no answer"),
    ),
}


def build_message(notification):
    lead = (
        Lead.objects.select_related("source_briefing", "assignee")
        .prefetch_related("countries", "sectors")
        .get(pk=notification.lead_id)
    )
    context = {
        "lead": lead,
        "site_url": settings.SITE_URL,
        "time_zone": settings.TIME_ZONE,
    }
    if notification.kind == Notification.Kind.ANALYST_ALERT:
        template = "leads/email/analyst_alert"
        subject = _("New request for interest %(reference)s") % {
            "reference": lead.reference
        }
        context["admin_url"] = settings.SITE_URL + reverse(
            "admin:leads_lead_change", args=[lead.pk]
        )
        context["earlier_leads"] = (
            lead.prospect.leads.exclude(pk=lead.pk)
            .exclude(status=Lead.Status.SPAM)
            .only("reference", "created_at")
        )
        reply_to = [lead.email] if is_safe_address(lead.email) else []
    elif notification.kind in STAFF_EMAILS:
        template, subject = STAFF_EMAILS[notification.kind]
        subject = subject % {"reference": lead.reference}
        context["admin_url"] = settings.SITE_URL + reverse(
            "admin:leads_lead_change", args=[lead.pk]
        )
        reply_to = []
    else:
        template = "leads/email/acknowledgement"
        subject = _("We received your request for interest %(reference)s") % {
            "reference": lead.reference
        }
        # The monitored address: a reply (a question, a request about their
        # data) reaches someone whoever works on the request by then.
        reply_to = [settings.PRIVACY_CONTACT_EMAIL]
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message


def one_line(text):
    return " ".join(text.split())


def is_safe_address(address):
    try:
        validate_email(address)
        single_line(address)
    except ValidationError:
        return False
    return True
