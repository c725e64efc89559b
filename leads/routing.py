"""Who hears about a new request and who owns it, from the routing rules.

The most specific active rules matching the request decide (country and
sector, then country, then sector, then a catch-all): their analysts are
alerted, and the one with a staff account and the fewest open requests is
assigned (ties: by name). Without a matching rule the analysts covering one of
the request's countries are alerted and nobody is assigned; without those,
the sales addresses of last resort.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from briefings.models import Analyst

from .models import Lead, RoutingRule, RoutingRuleChange


@dataclass(frozen=True)
class Routing:
    assignee: object  # a user, or None for the sales inbox
    recipients: list


def route(lead):
    """The lead's assignee and alert recipients, in one query."""
    open_leads = (
        Lead.objects.open()
        .filter(assignee=OuterRef("user"))
        .order_by()
        .values("assignee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    analysts = list(
        Analyst.objects.filter(is_active=True)
        .annotate(
            rank=Subquery(
                RoutingRule.objects.matching(lead)
                .filter(analysts=OuterRef("pk"))
                .order_by("-rank")
                .values("rank")[:1]
            ),
            covers_country=Exists(
                Analyst.countries.through.objects.filter(
                    analyst=OuterRef("pk"), country__leads=lead
                )
            ),
            open_leads=Coalesce(Subquery(open_leads), 0),
        )
        .filter(Q(rank__isnull=False) | Q(covers_country=True))
        .select_related("user")
        .order_by("name", "pk")
    )
    best = max((a.rank for a in analysts if a.rank is not None), default=None)
    routed = [a for a in analysts if best is not None and a.rank == best]
    assignable = [a for a in routed if a.user and a.user.is_active and a.user.is_staff]
    assignee = min(assignable, key=lambda a: (a.open_leads, a.name, a.pk), default=None)
    emails = (
        [a.email for a in routed]
        or [a.email for a in analysts if a.covers_country]
        or settings.LEADS_NOTIFY_EMAILS
    )
    return Routing(
        assignee=assignee.user if assignee else None, recipients=unique(emails)
    )


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
        "analysts": sorted(analyst.name for analyst in rule.analysts.all()),
        "active": rule.is_active,
    }


def record_rule_change(rule, *, action, before, by):
    """Keep who changed a routing rule, when, and from what to what."""
    deleted = action == RoutingRuleChange.Action.DELETED
    return RoutingRuleChange.objects.create(
        rule=None if deleted else rule,
        rule_label=str(rule)[:200],
        action=action,
        changed_by=by,
        before=before or {},
        after={} if deleted else describe_rule(rule),
    )
