"""How a request for interest is accepted: the one place that writes it."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from briefings.models import Briefing, Country

from .models import UTM_PARAMETERS, Lead, LeadSector, Notification, Prospect
from .routing import alert_recipients
from .spam import quarantine_reason
from .tasks import enqueue_deliveries


@dataclass(frozen=True)
class Source:
    """Where the prospect came from."""

    briefing: Briefing | None = None
    referrer_domain: str = ""
    utm: dict[str, str] = field(default_factory=dict)


def submit_request(
    *,
    full_name: str,
    email: str,
    organisation: str,
    job_title: str,
    phone: str = "",
    countries: Iterable[Country] = (),
    sectors: Iterable[str],
    help_wanted: str,
    timeline: str,
    requirements: str,
    privacy_notice_version: str,
    marketing_opt_in: bool = False,
    source: Source = Source(),
) -> Lead:
    """Store the request, and its notifications unless it looks like spam.

    A returning prospect (same email, any case) keeps their Prospect; nothing
    they sent before is changed.
    """
    spam_reason = quarantine_reason(
        full_name=full_name,
        organisation=organisation,
        job_title=job_title,
        requirements=requirements,
    )
    with transaction.atomic():
        prospect = Prospect.objects.get_or_create_for_email(email)
        lead = Lead.objects.create(
            prospect=prospect,
            full_name=full_name,
            email=email,
            organisation=organisation,
            job_title=job_title,
            phone=phone,
            help_wanted=help_wanted,
            timeline=timeline,
            requirements=requirements,
            privacy_notice_version=privacy_notice_version,
            marketing_opt_in=marketing_opt_in,
            source_briefing=source.briefing,
            referrer_domain=source.referrer_domain,
            **{name: source.utm.get(name, "") for name in UTM_PARAMETERS},
            status=Lead.Status.SPAM if spam_reason else Lead.Status.NEW,
            spam_reason=spam_reason,
        )
        lead.countries.add(*countries)
        LeadSector.objects.bulk_create(
            LeadSector(lead=lead, sector=sector) for sector in dict.fromkeys(sectors)
        )
        if not spam_reason:
            notify(lead)
    return lead


def notify(lead: Lead) -> None:
    """Write the lead's emails to the outbox and queue them after commit.

    Safe to call again (releasing a lead from quarantine does): a row that
    exists is kept as it is, and only pending rows are queued.
    """
    rows = [
        Notification(lead=lead, kind=Notification.Kind.ANALYST_ALERT, recipient=email)
        for email in alert_recipients(lead)
    ]
    rows.append(
        Notification(
            lead=lead, kind=Notification.Kind.ACKNOWLEDGEMENT, recipient=lead.email
        )
    )
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        pending = list(
            lead.notifications.filter(state=Notification.State.PENDING).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(partial(enqueue_deliveries, pending))
