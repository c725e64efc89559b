"""What each email of the outbox says, built from the database at sending time.

Headers are made only of values we control or have validated: the reference,
our own addresses, and a recipient or Reply-To address that passed validation.
Nothing else the prospect typed ever reaches a header.
"""

import datetime
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefings.models import Briefing, Country, Topic
from config.site import absolute_url

from ..models import ConsentSource, EmailKind, Frequency, Lead, Subscriber
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
    EmailKind.TASK_DUE: (
        gettext_lazy("Your task “%(task)s” on request %(reference)s is due."),
        gettext_lazy("Due: %(task)s (%(reference)s)"),
    ),
}
# Emails to the prospect; every other one about a lead carries its data to staff.
TO_PROSPECT_KINDS = {EmailKind.ACKNOWLEDGEMENT, EmailKind.TO_PROSPECT}


CONFIRM_SALT = "leads.alerts.confirm"


@dataclass(frozen=True)
class Request:
    """What a reader asked to follow, carried by the confirmation link."""

    token: str
    countries: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    frequency: str = Frequency.EACH
    source: str = ConsentSource.FOLLOW_BOX
    version: str = ""

    def sign(self):
        return signing.dumps(asdict(self), salt=CONFIRM_SALT, compress=True)

    @classmethod
    def unsign(cls, value):
        """The request in a link: BadSignature if forged or expired."""
        payload = signing.loads(value, salt=CONFIRM_SALT, max_age=confirmation_period())
        try:
            return cls(**payload)
        except TypeError as exc:
            raise signing.BadSignature("unknown request format") from exc


def confirmation_period():
    return datetime.timedelta(days=settings.ALERTS_CONFIRM_DAYS)


NOT_ALLOWED = "Not sent: the recipient may no longer see requests for interest."


class Undeliverable(Exception):
    """This email must not be sent; the message says why, for the admin."""


READER_KINDS = {EmailKind.CONFIRM_ALERTS, EmailKind.BRIEFING_ALERT, EmailKind.DIGEST}
NOT_SUBSCRIBED = "Not sent: the reader unsubscribed, paused or was refused."


class Batch:
    """What the emails of one delivery batch are about, read once for all of
    them: thousands of alerts of one briefing cost a few queries, not a few
    each."""

    def __init__(self, emails):
        self.subscribers = Subscriber.objects.prefetch_related(
            "countries", "topics"
        ).in_bulk({email.subscriber_id for email in emails} - {None})
        self.briefings = Briefing.objects.prefetch_related("countries").in_bulk(
            {email.briefing_id for email in emails} - {None}
        )


def build(email, batch=None):
    """The message to send for an outbox row; Undeliverable if it must not be."""
    if email.kind in READER_KINDS:
        return reader_message(email, batch or Batch([email]))
    if email.kind == EmailKind.STAFF_INVITATION:
        return invitation_message(email)
    if email.kind not in TO_PROSPECT_KINDS and not may_receive_lead_data(
        email.recipient
    ):
        # Queued while the recipient could see leads, who since lost that right.
        raise Undeliverable(NOT_ALLOWED)
    return message_for(email)


def failed_for_good(email, reason):
    """A reader's server refused the address for good: no more alerts to it."""
    if email.kind in READER_KINDS and email.subscriber_id:
        Subscriber.objects.filter(
            pk=email.subscriber_id, suppressed_at__isnull=True
        ).update(suppressed_at=timezone.now(), suppression_reason=reason[:200])


def message_for(email):
    """The EmailMultiAlternatives for an outbox row about a lead."""
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
    reference = {"reference": lead.reference, "task": email.task and email.task.title}
    if email.kind == EmailKind.ANALYST_ALERT:
        template = "leads/email/analyst_alert"
        subject = _("New request for interest %(reference)s") % reference
        context["earlier_leads"] = (
            lead.prospect.leads.exclude(pk=lead.pk)
            .exclude(status=Lead.Status.SPAM)
            .only("reference", "created_at")
        )
        reply_to = [lead.email] if is_safe_address(lead.email) else []
    elif email.kind == EmailKind.TO_PROSPECT:
        activity = email.activity
        context["activity"] = activity
        template, subject = "leads/email/to_prospect", activity.subject
        author = activity.author
        reply_to = [author.email] if author and is_safe_address(author.email) else []
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
        context["alerts_asked"] = lead.marketing_opt_in and lead.countries.all()
    return render_message(
        template, context, subject=subject, to=email.recipient, reply_to=reply_to
    )


def invitation_message(email):
    """A new colleague's link to set their password: Django's password-reset
    token, made as the email leaves, spent once the password is set."""
    account = email.account
    if account is None or not account.is_active or account.has_usable_password():
        raise Undeliverable("Not sent: the account has a password, or is inactive.")
    link = reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    context = {
        "account": account,
        "link": absolute_url(link),
        "login_url": absolute_url(reverse("admin:login")),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return render_message(
        "leads/email/staff_invitation",
        context,
        subject=_("Set your password for the portal"),
        to=email.recipient,
    )


def reader_message(email, batch):
    """A confirmation, alert or digest to a reader who follows briefings."""
    subscriber = batch.subscribers[email.subscriber_id]
    links = reader_links(subscriber)
    context = {"subscriber": subscriber, "site_url": settings.SITE_URL, **links}
    if email.kind == EmailKind.CONFIRM_ALERTS:
        request = Request(**subscriber.pending)
        context["confirm_url"] = absolute_url(
            reverse("leads:confirm_alerts", args=[request.sign()])
        )
        context["days"] = settings.ALERTS_CONFIRM_DAYS
        context["asked"] = {
            "countries": Country.objects.filter(pk__in=request.countries),
            "topics": Topic.objects.filter(pk__in=request.topics),
            "frequency": Frequency(request.frequency).label,
        }
        # Someone who already receives alerts is asked to confirm a change:
        # asking again is never a second welcome.
        context["change"] = subscriber.is_active
        return render_message(
            "leads/email/confirm_alerts",
            context,
            subject=_("Confirm the change to your briefing alerts")
            if subscriber.is_active
            else _("Confirm your briefing alerts"),
            to=email.recipient,
        )
    if not subscriber.is_active or subscriber.paused:
        raise Undeliverable(NOT_SUBSCRIBED)
    context["followed"] = ", ".join(
        str(subject)
        for subject in [*subscriber.countries.all(), *subscriber.topics.all()]
    )
    if email.kind == EmailKind.BRIEFING_ALERT:
        briefing = batch.briefings[email.briefing_id]
        context["briefing"] = briefing
        context["briefing_url"] = tracked(briefing, "alert")
        template, subject = "leads/email/briefing_alert", briefing.title
    else:
        now = email.created_at or timezone.now()
        context["briefings"] = [
            (briefing, tracked(briefing, "digest"))
            for briefing in subscriber.briefings_of_the_week(now)
        ]
        if not context["briefings"]:
            raise Undeliverable("Not sent: nothing this reader follows this week.")
        template, subject = "leads/email/digest", _("This week's briefings")
    return render_message(
        template,
        context,
        subject=subject,
        to=email.recipient,
        headers={
            "List-Unsubscribe": (
                f"<{links['unsubscribe_url']}>, <mailto:"
                f"{settings.ALERTS_UNSUBSCRIBE_EMAIL}?subject=unsubscribe%20"
                f"{subscriber.token}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def reader_links(subscriber):
    return {
        "preferences_url": absolute_url(
            reverse("leads:alert_preferences", args=[subscriber.token])
        ),
        "unsubscribe_url": absolute_url(
            reverse("leads:unsubscribe", args=[subscriber.token])
        ),
    }


def tracked(briefing, source):
    """The briefing's address, saying that the reader came from this email: a
    request for interest sent from there is attributed to it."""
    query = urlencode(
        {"utm_source": source, "utm_medium": "email", "utm_campaign": briefing.slug}
    )
    return absolute_url(f"{briefing.get_absolute_url()}?{query}")


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
