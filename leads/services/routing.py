"""Who hears about a new request and who owns it, from the routing rules.

Only lead recipients (leads.LeadRecipient, kept by sales managers) whose
account may work on requests are considered. The most specific active rules
matching the request decide (country and sector, then country, then sector,
then a catch-all): their recipients are alerted, and the one with the fewest
open requests is assigned (ties: by name). Without a matching rule the
recipients covering one of the request's countries (and sectors, if they
name any) are alerted and nobody is assigned; without those, the sales
managers; without any, the addresses of last resort (LEADS_NOTIFY_EMAILS).
A request no rule matched is *unrouted*: the lead list flags it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ..models import (
    Lead,
    LeadRecipient,
    LeadRecipientChange,
    RoutingRule,
    RoutingRuleChange,
    Sector,
)
from .roles import display_name, sales_manager_emails


@dataclass(frozen=True)
class Routing:
    assignee: object  # a user, or None for the sales inbox
    recipients: list
    unrouted: bool = False  # no routing rule matched


def route(lead):
    """The lead's assignee and alert recipients: one query when a rule
    matches, a little more on each fallback."""
    open_leads = (
        Lead.objects.open()
        .filter(assignee=OuterRef("user"))
        .order_by()
        .values("assignee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    candidates = (
        LeadRecipient.objects.taking_new_leads()
        .annotate(
            rank=Subquery(
                RoutingRule.objects.matching(lead)
                .filter(recipients=OuterRef("pk"))
                .order_by("-rank")
                .values("rank")[:1]
            ),
            covers_country=Exists(
                LeadRecipient.countries.through.objects.filter(
                    leadrecipient=OuterRef("pk"), country__leads=lead
                )
            ),
            open_leads=Coalesce(Subquery(open_leads), 0),
        )
        .select_related("user")
    )
    candidates = sorted(
        candidates.filter(Q(rank__isnull=False) | Q(covers_country=True)),
        key=lambda r: (display_name(r.user), r.pk),
    )
    best = max((r.rank for r in candidates if r.rank is not None), default=None)
    routed = [r for r in candidates if best is not None and r.rank == best]
    assignee = min(
        routed, key=lambda r: (r.open_leads, display_name(r.user), r.pk), default=None
    )
    emails = [r.email for r in routed or covering(candidates, lead) if r.email]
    return Routing(
        assignee=assignee.user if assignee else None,
        recipients=unique(
            emails or sales_manager_emails() or settings.LEADS_NOTIFY_EMAILS
        ),
        unrouted=best is None,
    )


def covering(candidates, lead):
    """The candidates covering the lead's countries, and its sectors if they
    name any."""
    candidates = [r for r in candidates if r.covers_country]
    if any(r.sectors for r in candidates):
        sectors = set(lead.sectors.values_list("sector", flat=True))
        candidates = [r for r in candidates if r.covers(sectors)]
    return candidates


def alert_recipients(lead):
    return route(lead).recipients


def unique(emails):
    """Each mailbox once, whatever its case, in a stable order."""
    recipients = {}
    for email in sorted(emails, key=str.lower):
        recipients.setdefault(email.lower(), email)
    return list(recipients.values())


def describe_rule(rule):
    """A rule as its history keeps it: names, not ids that may be reused."""
    return {
        "country": str(rule.country) if rule.country_id else "",
        "sector": rule.get_sector_display() if rule.sector else "",
        "recipients": sorted(str(recipient) for recipient in rule.recipients.all()),
        "active": rule.is_active,
    }


def describe_recipient(recipient):
    """A recipient as its history keeps it."""
    return {
        "account": recipient.user.get_username(),
        "countries": sorted(str(country) for country in recipient.countries.all()),
        "sectors": sorted(str(Sector(sector).label) for sector in recipient.sectors),
        "takes new requests": recipient.takes_new_leads,
    }


@dataclass(frozen=True)
class History:
    """How changes to one model of who receives lead data are kept."""

    model: type  # the change records
    subject: str  # their field naming the changed object
    describe: Callable


HISTORIES = {
    RoutingRule: History(RoutingRuleChange, "rule", describe_rule),
    LeadRecipient: History(LeadRecipientChange, "recipient", describe_recipient),
}


@transaction.atomic
def save_with_history(obj, *, by, related=None):
    """Save a routing rule or lead recipient, and set its many-to-many
    `related` fields ({name: objects}); the change is kept in its history
    with who made it and what it was before, from the admin or a shell."""
    history = HISTORIES[type(obj)]
    created = obj.pk is None
    before = {} if created else history.describe(type(obj).objects.get(pk=obj.pk))
    obj.save()
    for name, values in (related or {}).items():
        getattr(obj, name).set(values)
    after = history.describe(obj)
    if after != before:
        action = (
            history.model.Action.CREATED if created else history.model.Action.CHANGED
        )
        _record(history, obj, action=action, before=before, after=after, by=by)
    return obj


@transaction.atomic
def delete_with_history(obj, *, by):
    history = HISTORIES[type(obj)]
    before = history.describe(obj)
    _record(history, obj, action=history.model.Action.DELETED, before=before, by=by)
    obj.delete()


def _record(history, obj, *, action, before, after=None, by):
    # A deleted subject is named by its label only: its id may be reused.
    deleted = action == history.model.Action.DELETED
    return history.model.objects.create(
        **{
            history.subject: None if deleted else obj,
            f"{history.subject}_label": str(obj)[:200],
        },
        action=action,
        changed_by=by,
        before=before or {},
        after=after or {},
    )
