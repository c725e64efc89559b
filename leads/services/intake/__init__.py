"""How a lead is accepted: the one place that writes it, with its parts (the
form's stamp and attribution, the spam rules, the rate limit)."""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from briefings.models import Briefing

from ...models import (
    SUBMITTED_FIELDS,
    UTM_PARAMETERS,
    Channel,
    ConsentSource,
    Frequency,
    Lead,
    LeadCountry,
    LeadEvent,
    LeadSector,
    OutgoingEmail,
    Prospect,
)
from .. import alerts, duplicates, merges, organisations, outbox, scoring, webhooks
from ..deadlines import response_deadlines
from ..roles import display_name
from ..routing import RoutingTable, alert_recipients, route
from .spam import quarantine_reason

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """Where the prospect came from."""

    briefing: Briefing | None = None
    referrer_domain: str = ""
    utm: dict[str, str] = field(default_factory=dict)


def submit_lead(
    *,
    submitted: Mapping[str, object],
    sectors: Iterable[str],
    privacy_notice_version: str,
    source: Source = Source(),
    channel: Channel = Channel.WEB,
) -> Lead:
    """Store the lead, and its emails unless it looks like spam.

    `submitted` holds what the prospect typed, or sales typed for them when
    the request came through another `channel` than the web form: a value for
    each name in SUBMITTED_FIELDS, countries as Country objects. A returning
    prospect (same email, any case) keeps their Prospect; nothing they sent
    before is changed; a request from a merged prospect's address joins the
    prospect it was merged into. A lead that is not spam is assigned by the
    routing rules and its response deadline starts. The spam rules judge
    what came from the web only.
    """
    details = {name: submitted[name] for name in SUBMITTED_FIELDS}
    countries = set(details.pop("countries"))
    spam_reason = ""
    if channel == Channel.WEB:
        spam_reason = quarantine_reason(
            full_name=details["full_name"],
            organisation=details["organisation"],
            job_title=details["job_title"],
            requirements=details["requirements"],
        )
    due = escalation_due = None
    if not spam_reason:
        due, escalation_due = response_deadlines(timezone.now())
    with transaction.atomic():
        lead = Lead.objects.create(
            prospect=Prospect.objects.get_or_create_for_email(details["email"]),
            **details,
            privacy_notice_version=privacy_notice_version,
            source_briefing=source.briefing,
            referrer_domain=source.referrer_domain,
            **{name: source.utm.get(name, "") for name in UTM_PARAMETERS},
            status=Lead.Status.SPAM if spam_reason else Lead.Status.NEW,
            spam_reason=spam_reason,
            response_due_at=due,
            escalation_due_at=escalation_due,
            channel=channel,
        )
        if lead.prospect.merged_into_id:
            merges.follow(lead)
        LeadCountry.objects.bulk_create(
            LeadCountry(lead=lead, country=country) for country in countries
        )
        LeadSector.objects.bulk_create(
            LeadSector(lead=lead, sector=sector) for sector in dict.fromkeys(sectors)
        )
        if not spam_reason:
            receive(lead)
    return lead


def receive(lead: Lead) -> dict:
    """Open the request for triage: assign it by the routing rules if nobody
    owns it, flag it when no rule matched, start its response deadline if not
    started, notify, group its prospect into an organisation and look for
    their duplicates once committed.

    Called on arrival, and when sales release a request from quarantine: the
    webhooks hear of it then, with its score. The prospect's other open
    requests are rescored too: another request is interest shown. Returns the
    fields it changed.
    """
    scoring.rescore_prospect(lead.prospect_id)
    lead.refresh_from_db(fields=["score", "score_reasons"])
    routing = route(lead, take_turn=lead.assignee_id is None)
    changes = {}
    if lead.unrouted != routing.unrouted:
        changes["unrouted"] = routing.unrouted
    if lead.response_due_at is None:
        changes["response_due_at"], changes["escalation_due_at"] = response_deadlines(
            timezone.now()
        )
    if lead.assignee_id is None and routing.assignee is not None:
        changes["assignee"] = routing.assignee
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.ASSIGNEE,
            new_value=display_name(routing.assignee)[:200],
        )
    if changes:
        changes = lead.update(**changes)
    notify(lead, recipients=routing.recipients)
    webhooks.lead_created(lead)
    if lead.marketing_opt_in and lead.countries.exists():
        # The form's opt-in starts the same double opt-in as the follow box.
        alerts.ask_to_follow(
            email=lead.email,
            countries=lead.countries.all(),
            topics=[],
            frequency=Frequency.EACH,
            source=ConsentSource.LEAD_FORM,
        )
    organisations.assign(lead.prospect, name=lead.organisation)
    duplicates.find_later(lead.prospect)
    return changes


def notify(lead: Lead, *, recipients: list[str] | None = None) -> None:
    """Write the lead's emails to the outbox and queue them after commit.

    Safe to call again (releasing a lead from quarantine does): a row that
    exists is kept as it is, and only pending rows are queued. The recipients
    alerted are the routing rules' unless `recipients` says otherwise. Only
    a request from the web form is acknowledged: for one that sales typed in
    after a call, a meeting or an email, they are the prospect's contact.
    """
    if recipients is None:
        recipients = alert_recipients(lead)
    if not recipients:
        logger.error(
            "Request %s matches no lead recipient, there is no sales manager and "
            "LEADS_NOTIFY_EMAILS is empty: nobody is alerted",
            lead.pk,
            extra={"lead_id": lead.pk},
        )
    emails = [
        OutgoingEmail.about(OutgoingEmail.Kind.ANALYST_ALERT, email, lead=lead)
        for email in recipients
    ]
    if lead.channel == Channel.WEB:
        emails.append(
            OutgoingEmail.about(
                OutgoingEmail.Kind.ACKNOWLEDGEMENT, lead.email, lead=lead
            )
        )
    outbox.queue(emails)


@transaction.atomic
def reroute(leads, *, by=None):
    """Route again the open, unrouted leads among `leads` that a rule now
    covers: assigned if nobody owns them, the rule's recipients alerted (an
    alert already sent is not sent twice), the flag cleared. Returns how
    many were routed; the others stay unrouted."""
    routed = 0
    table = RoutingTable.load()  # one read of the rules for them all
    for lead in leads.open().filter(unrouted=True).select_for_update():
        routing = route(lead, take_turn=lead.assignee_id is None, table=table)
        if routing.unrouted:
            continue
        changes = {"unrouted": False}
        if lead.assignee_id is None:
            changes["assignee"] = routing.assignee
            LeadEvent.objects.create(
                lead=lead,
                kind=LeadEvent.Kind.ASSIGNEE,
                new_value=display_name(routing.assignee)[:200],
                actor=by,
            )
        lead.update(**changes)
        notify(lead, recipients=routing.recipients)
        routed += 1
    return routed
