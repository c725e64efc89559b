"""Retention, erasure and subject access for prospects' personal data."""

import logging
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    SOURCE_FIELDS,
    SUBMITTED_FIELDS,
    ErasureRecord,
    Lead,
    LeadEvent,
    LeadNote,
    OutgoingEmail,
    Prospect,
    Subscriber,
)
from . import merges

logger = logging.getLogger(__name__)

PURGE_BATCH = 500
ERASED = "[erased]"


def purge_expired(now=None):
    """Delete disposable requests untouched for LEADS_RETENTION_MONTHS (see
    Lead.objects.expired), with everything that hangs off them, and prospects
    left with no request. Returns the counts."""
    cutoff = (now or timezone.now()) - relativedelta(
        months=settings.LEADS_RETENTION_MONTHS
    )
    counts = {"leads": 0, "prospects": 0, "subscribers": purge_subscribers(now)}
    while True:
        with transaction.atomic():
            batch = list(
                Lead.objects.expired(cutoff).values_list("pk", "prospect_id")[
                    :PURGE_BATCH
                ]
            )
            if not batch:
                return counts
            lead_ids = [pk for pk, _ in batch]
            prospect_ids = {prospect_id for _, prospect_id in batch}
            _forget_log_entries(Lead, lead_ids)
            Lead.objects.filter(pk__in=lead_ids).delete()
            orphans = list(
                Prospect.objects.filter(pk__in=prospect_ids)
                .filter(~Exists(Lead.objects.filter(prospect=OuterRef("pk"))))
                .values_list("pk", flat=True)
            )
            _forget_log_entries(Prospect, orphans)
            Prospect.objects.filter(pk__in=orphans).delete()
        counts["leads"] += len(lead_ids)
        counts["prospects"] += len(orphans)


def purge_subscribers(now=None):
    """Delete subscriptions never confirmed within ALERTS_CONFIRM_DAYS, and
    those unsubscribed or refused ALERTS_RETENTION_MONTHS ago; returns how
    many."""
    now = now or timezone.now()
    unconfirmed = now - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    ended = now - relativedelta(months=settings.ALERTS_RETENTION_MONTHS)
    return (
        Subscriber.objects.filter(
            Q(confirmed_at__isnull=True, created_at__lt=unconfirmed)
            | Q(unsubscribed_at__lt=ended)
            | Q(suppressed_at__lt=ended)
        )
        .delete()[1]
        .get(Subscriber._meta.label, 0)
    )


def _forget_log_entries(model, ids):
    """The admin's log names objects by their str(): a prospect by email."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).delete()[0]


@transaction.atomic
def erase_prospect(prospect, *, by, reason=""):
    """Wipe the prospect's personal data from every table, keeping the
    requests' statuses and dates for the figures; returns the ErasureRecord,
    which keeps `reason` (why, or the prospect's own request reference).

    Refused while one of their requests is on legal hold.
    """
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if prospect.erased_at:
        raise ValidationError(
            _("This prospect's data was erased already."), code="erased"
        )
    if prospect.merged_into_id:
        raise ValidationError(
            _(
                "This prospect was merged into another, which holds their "
                "requests: erase that one."
            ),
            code="merged",
        )
    leads = Lead.objects.filter(prospect=prospect)
    if leads.filter(legal_hold=True).exists():
        raise ValidationError(
            _("A request of this prospect is on legal hold; lift it first."),
            code="legal_hold",
        )
    lead_ids = list(leads.values_list("pk", flat=True))
    # Those merged into them are them: their addresses go too.
    absorbed = merges.absorbed(prospect)
    emails = _addresses(prospect) | {other.email for other in absorbed}
    placeholder = f"erased-{prospect.pk}@erased.invalid"

    wiped_leads = leads.update(
        **erased_values(placeholder), spam_reason="", updated_at=timezone.now()
    )
    notes = LeadNote.objects.filter(lead__in=lead_ids).update(text=ERASED)
    notes += _redact(LeadNote.objects.exclude(lead__in=lead_ids), ["text"], emails)
    # Corrections kept the details before and after: both are theirs.
    LeadEvent.objects.filter(lead__in=lead_ids, kind=LeadEvent.Kind.CORRECTED).update(
        old_value=ERASED, new_value=ERASED
    )
    _redact(LeadEvent.objects.all(), ["old_value", "new_value"], emails)
    # What they follow goes, with the emails to them, sent or not: the outbox
    # is no archive.
    subscribers = Subscriber.objects.filter(_any_of(emails)).delete()[1]
    outbox_rows = OutgoingEmail.objects.filter(
        Q(lead__in=lead_ids) | Q(_any_of(emails, field="recipient"))
    ).delete()[0] + subscribers.get(OutgoingEmail._meta.label, 0)
    log_entries = _wipe_log_entries(prospect, lead_ids, emails, placeholder)

    prospect.email = placeholder
    prospect.erased_at = timezone.now()
    prospect.save(update_fields=["email", "erased_at"])
    for other in absorbed:
        other.email = f"erased-{other.pk}@erased.invalid"
        other.erased_at = prospect.erased_at
    Prospect.objects.bulk_update(absorbed, ["email", "erased_at"])
    record = ErasureRecord.objects.create(
        prospect=prospect,
        erased_by=by,
        leads=wiped_leads,
        notes=notes,
        emails=outbox_rows,
        subscribers=subscribers.get(Subscriber._meta.label, 0),
        log_entries=log_entries,
        reason=reason,
    )
    logger.info(
        "Prospect %s erased (record %s)",
        prospect.pk,
        record.pk,
        extra={"prospect_id": prospect.pk},
    )
    return record


def erased_values(placeholder):
    """What erasure writes over each of the lead's personal fields."""
    values = {}
    for field in Lead.personal_fields():
        if isinstance(field, models.EmailField):
            values[field.name] = placeholder
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        else:
            values[field.name] = "" if field.blank else ERASED
    return values


def _redact(queryset, fields, emails):
    """Replace the emails, in any case, wherever they appear in these fields."""
    pattern = re.compile("|".join(re.escape(email) for email in emails), re.I)
    condition = Q()
    for field in fields:
        for email in emails:
            condition |= Q(**{f"{field}__icontains": email})
    changed = 0
    for obj in queryset.filter(condition):
        for field in fields:
            setattr(obj, field, pattern.sub(ERASED, getattr(obj, field)))
        obj.save(update_fields=fields)
        changed += 1
    return changed


def _wipe_log_entries(prospect, lead_ids, emails, placeholder):
    prospect_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Prospect),
        object_id=str(prospect.pk),
    ).update(object_repr=placeholder)
    return prospect_entries + _redact(
        LogEntry.objects.all(), ["object_repr", "change_message"], emails
    )


def personal_data(prospect):
    """Everything kept about the prospect, for a subject access request."""
    leads = (
        Lead.objects.filter(prospect=prospect)
        .select_related("source_briefing", "assignee")
        .prefetch_related("countries", "sectors", "notes", "events", "emails")
        .order_by("created_at", "pk")
    )
    addresses = _addresses(prospect)
    subscribers = list(
        Subscriber.objects.filter(_any_of(addresses)).prefetch_related(
            "followedcountry_set__country", "followedtopic_set__topic"
        )
    )
    return {
        "prospect": {
            "email": prospect.email,
            "first_seen": prospect.created_at.isoformat(),
            "erased_at": _iso(prospect.erased_at),
        },
        "requests": [_lead_data(lead) for lead in leads],
        "alerts": [_subscriber_data(subscriber) for subscriber in subscribers],
        "emails_to_them": [
            _email_data(email)
            for email in OutgoingEmail.objects.filter(
                Q(recipient__in=addresses) | Q(subscriber__in=subscribers)
            ).exclude(lead__prospect=prospect)
        ],
        "exported_at": timezone.now().isoformat(),
    }


def _subscriber_data(subscriber):
    return {
        "email": subscriber.email,
        "asked": subscriber.created_at.isoformat(),
        "confirmed": _iso(subscriber.confirmed_at),
        "consent": {
            "given": _iso(subscriber.consented_at),
            "through": subscriber.get_consent_source_display(),
            "text_version": subscriber.consent_version,
        },
        "frequency": subscriber.get_frequency_display(),
        "paused": subscriber.paused,
        "unsubscribed": _iso(subscriber.unsubscribed_at),
        "refused_by_their_server": _iso(subscriber.suppressed_at),
        "follows": [
            {"name": str(followed), "since": followed.created_at.isoformat()}
            for followed in [
                *subscriber.followedcountry_set.all(),
                *subscriber.followedtopic_set.all(),
            ]
        ],
    }


def _email_data(email):
    return {
        "kind": email.get_kind_display(),
        "recipient": email.recipient,
        "state": email.get_state_display(),
        "sent": _iso(email.sent_at),
    }


def _lead_data(lead):
    return {
        "reference": lead.reference,
        "received": lead.created_at.isoformat(),
        **{name: _submitted(lead, name) for name in SUBMITTED_FIELDS},
        "sectors": [sector.get_sector_display() for sector in lead.sectors.all()],
        "privacy_notice_version": lead.privacy_notice_version,
        "source_briefing": lead.source_briefing.title if lead.source_briefing else "",
        **{name: getattr(lead, name) for name in SOURCE_FIELDS},
        "status": lead.get_status_display(),
        "first_response": _iso(lead.first_response_at),
        "notes": [
            {"written": note.created_at.isoformat(), "text": note.text}
            for note in lead.notes.all()
        ],
        "history": [
            {
                "when": event.created_at.isoformat(),
                "what": event.get_kind_display(),
                "from": event.old_value,
                "to": event.new_value,
            }
            for event in lead.events.all()
        ],
        "emails": [_email_data(email) for email in lead.emails.all()],
    }


def _submitted(lead, name):
    field = lead._meta.get_field(name)
    if field.many_to_many:
        return [str(item) for item in getattr(lead, name).all()]
    return getattr(lead, name) if not field.choices else lead.displayed(name)


def _addresses(prospect):
    """Every address the prospect used, as stored."""
    return {prospect.email, *prospect.leads.values_list("email", flat=True)} - {""}


def _any_of(addresses, field="email"):
    """A condition: the field is one of these addresses, in any case."""
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(**{f"{field}__iexact": address})
    return condition


def _iso(moment):
    return moment.isoformat() if moment else None
