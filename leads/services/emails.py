"""What each email of the outbox says, built from the database at sending time.

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

from ..models import EmailKind, Lead
from ..validators import single_line
from .roles import may_receive_lead_data

# Emails to staff about one lead: the sentence that says why, and the subject.
STAFF_NOTICES = {
    EmailKind.ASSIGNED: (
        gettext_lazy("Request for interest %(reference)s has been assigned to you."),
        gettext_lazy("Request %(reference)s is now yours"),
    ),
    EmailKind.REMINDER: (
        gettext_lazy(
            "Request for interest %(reference)s is still waiting for its first answer."
        ),
        gettext_lazy("Request %(reference)s is waiting for an answer"),
    ),
    EmailKind.ESCALATION: (
        gettext_lazy(
            "Request for interest %(reference)s is far past its response deadline "
            "and nobody has answered it yet."
        ),
        gettext_lazy("Overdue: request %(reference)s has had no answer"),
    ),
}


NOT_ALLOWED = "Not sent: the recipient may no longer see requests for interest."


class Undeliverable(Exception):
    """This email must not be sent; the message says why, for the admin."""


def build(email):
    """The message to send for an outbox row; Undeliverable if it must not be."""
    if email.kind != EmailKind.ACKNOWLEDGEMENT and not may_receive_lead_data(
        email.recipient
    ):
        # Queued while the recipient could see leads, who since lost that right.
        raise Undeliverable(NOT_ALLOWED)
    return message_for(email)


def message_for(email):
    """The EmailMultiAlternatives for an outbox row."""
    lead = (
        Lead.objects.select_related("source_briefing", "assignee", "prospect")
        .prefetch_related("countries", "sectors")
        .get(pk=email.lead_id)
    )
    context = {
        "lead": lead,
        "site_url": settings.SITE_URL,
        "time_zone": settings.TIME_ZONE,
        "admin_url": settings.SITE_URL
        + reverse("admin:leads_lead_change", args=[lead.pk]),
    }
    reference = {"reference": lead.reference}
    if email.kind == EmailKind.ANALYST_ALERT:
        template = "leads/email/analyst_alert"
        subject = _("New request for interest %(reference)s") % reference
        context["earlier_leads"] = (
            lead.prospect.leads.exclude(pk=lead.pk)
            .exclude(status=Lead.Status.SPAM)
            .only("reference", "created_at")
        )
        reply_to = [lead.email] if is_safe_address(lead.email) else []
    elif email.kind in STAFF_NOTICES:
        template = "leads/email/staff_notice"
        headline, subject = STAFF_NOTICES[email.kind]
        context["headline"] = headline % reference
        subject = subject % reference
        reply_to = []
    else:
        template = "leads/email/acknowledgement"
        subject = _("We received your request for interest %(reference)s") % reference
        # The monitored address: a reply (a question, a request about their
        # data) reaches someone whoever works on the request by then.
        reply_to = [settings.PRIVACY_CONTACT_EMAIL]
    return render_message(
        template, context, subject=subject, to=email.recipient, reply_to=reply_to
    )


def render_message(template, context, *, subject, to, reply_to=(), headers=None):
    """An email in text and HTML from `template`.txt and `template`.html."""
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=list(reply_to),
        headers=headers,
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
