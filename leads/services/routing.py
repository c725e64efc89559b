"""Who hears about a new request and who owns it, from the routing rules.

Only lead recipients (leads.LeadRecipient, kept by sales managers) whose
account may work on requests are considered. A rule matches a request when
it names one of the request's countries (or none: any country) and one of
its sectors (or none: any sector). The most specific matching rules decide
(countries and sectors named, then countries, then sectors, then a
catch-all): all their recipients are alerted, and the oldest of them
assigns the request by its own strategy, to the recipient with the fewest
open leads or to each in turn. Without a matching rule the recipients
covering one of the request's countries (and sectors, if they name any) are
alerted and nobody is assigned; without those, the sales managers; without
any, the addresses of last resort (LEADS_NOTIFY_EMAILS). A request no rule
matched is *unrouted*: the lead list flags it, and it can be re-routed once
a rule covers it.

The rules and recipients are few: a RoutingTable reads them all in a few
queries and answers for any countries and sectors in memory, which is how
the coverage page shows every country and sector at once.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import (
    Lead,
    LeadCountry,
    LeadRecipient,
    LeadRecipientChange,
    RoutingRule,
    RoutingRuleChange,
    RoutingRuleCountry,
    Sector,
)
from .roles import display_name, sales_manager_emails


@dataclass(frozen=True)
class Routing:
    assignee: object  # a user, or None for the sales inbox
    recipients: list  # the email addresses alerted
    unrouted: bool = False  # no routing rule matched
    rules: list = field(default_factory=list)  # the rules that decided
    alerted: list = field(default_factory=list)  # the lead recipients alerted


@dataclass
class Rule:
    """A routing rule as the table holds it."""

    rule: RoutingRule
    countries: frozenset
    sectors: frozenset
    recipients: list  # LeadRecipients taking new leads, by name

    @property
    def rank(self):
        return 2 * bool(self.countries) + bool(self.sectors)

    def matches(self, countries, sectors):
        return (not self.countries or bool(self.countries & countries)) and (
            not self.sectors or bool(self.sectors & sectors)
        )


class RoutingTable:
    """Every active rule and every recipient taking new leads, read once."""

    def __init__(self, rules, candidates):
        self.rules = rules
        self.candidates = candidates
        self._managers = None

    @property
    def managers(self):
        """The sales managers' addresses, read once, when a request first
        falls back to them."""
        if self._managers is None:
            self._managers = unique(sales_manager_emails())
        return self._managers

    @classmethod
    def load(cls):
        open_leads = (
            Lead.objects.open()
            .filter(assignee=OuterRef("user"))
            .order_by()
            .values("assignee")
            .annotate(count=Count("pk"))
            .values("count")
        )
        candidates = sorted(
            LeadRecipient.objects.taking_new_leads()
            .annotate(open_leads=Coalesce(Subquery(open_leads), 0))
            .select_related("user")
            .prefetch_related("countries"),
            key=lambda r: (display_name(r.user).lower(), r.pk),
        )
        for candidate in candidates:
            candidate.country_ids = {c.pk for c in candidate.countries.all()}
        by_pk = {candidate.pk: candidate for candidate in candidates}
        rules = list(RoutingRule.objects.filter(is_active=True).order_by("pk"))
        countries, recipients = {}, {}
        for rule_id, country_id in RoutingRuleCountry.objects.filter(
            rule__in=rules
        ).values_list("rule", "country"):
            countries.setdefault(rule_id, set()).add(country_id)
        for rule_id, recipient_id in RoutingRule.recipients.through.objects.filter(
            routingrule__in=rules
        ).values_list("routingrule", "leadrecipient"):
            if recipient_id in by_pk:
                recipients.setdefault(rule_id, set()).add(recipient_id)
        return cls(
            [
                Rule(
                    rule,
                    frozenset(countries.get(rule.pk, ())),
                    frozenset(rule.sectors),
                    [c for c in candidates if c.pk in recipients.get(rule.pk, ())],
                )
                for rule in rules
            ],
            candidates,
        )

    def resolve(self, countries: Iterable[int], sectors: Iterable[str]) -> Routing:
        """Who a request for these countries (ids) and sectors would alert
        and be given to; the round-robin turn is only read, never moved."""
        countries, sectors = set(countries), set(sectors)
        matching = [
            r for r in self.rules if r.matches(countries, sectors) and r.recipients
        ]
        best = max((r.rank for r in matching), default=None)
        deciding = [r for r in matching if r.rank == best]
        if deciding:
            alerted = [
                c for c in self.candidates if any(c in r.recipients for r in deciding)
            ]
            return Routing(
                assignee=next_assignee(deciding[0]),
                recipients=unique(r.email for r in alerted if r.email),
                rules=[r.rule for r in deciding],
                alerted=alerted,
            )
        alerted = covering(self.candidates, countries, sectors)
        emails = (
            unique(r.email for r in alerted if r.email)
            or self.managers
            or unique(settings.LEADS_NOTIFY_EMAILS)
        )
        return Routing(assignee=None, recipients=emails, unrouted=True, alerted=alerted)


def next_assignee(rule: Rule):
    """Who the rule gives its next request to (without taking the turn)."""
    if rule.rule.assignment == RoutingRule.Assignment.ROUND_ROBIN:
        return following(rule.recipients, rule.rule.last_assigned_id).user
    return min(rule.recipients, key=lambda r: r.open_leads).user


def following(recipients, last_user_id):
    """The recipient after the one last given a request, by name; the first
    when nobody was, or when that one no longer takes requests."""
    users = [r.user_id for r in recipients]
    if last_user_id not in users:
        return recipients[0]
    return recipients[(users.index(last_user_id) + 1) % len(recipients)]


def route(lead, *, take_turn=False, table=None):
    """The lead's assignee and alert recipients. With `take_turn`, a
    round-robin rule's turn moves to the assignee, under a lock on the rule
    so that two requests at once are given to two people. A `table` read
    once may serve many leads: it keeps the turns and loads it changes."""
    countries = LeadCountry.objects.filter(lead=lead).values_list("country", flat=True)
    sectors = lead.sectors.values_list("sector", flat=True)
    table = table or RoutingTable.load()
    routing = table.resolve(countries, sectors)
    if not take_turn or not routing.rules:
        return routing
    rule = routing.rules[0]
    if rule.assignment == RoutingRule.Assignment.ROUND_ROBIN:
        with transaction.atomic():
            rule.last_assigned_id = (
                RoutingRule.objects.select_for_update()
                .values_list("last_assigned", flat=True)
                .get(pk=rule.pk)
            )
            deciding = next(r for r in table.rules if r.rule is rule)
            assignee = next_assignee(deciding)
            RoutingRule.objects.filter(pk=rule.pk).update(last_assigned=assignee)
            rule.last_assigned_id = assignee.pk
        routing = replace(routing, assignee=assignee)
    for candidate in table.candidates:
        if candidate.user_id == routing.assignee.pk:
            candidate.open_leads += 1
    return routing


def covering(candidates, countries, sectors):
    """The candidates covering one of the countries, and one of the sectors
    if they name any."""
    candidates = [r for r in candidates if r.country_ids & countries]
    if any(r.sectors for r in candidates):
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
        "countries": sorted(str(country) for country in rule.countries.all()),
        "sectors": sorted(str(Sector(sector).label) for sector in rule.sectors),
        "recipients": sorted(str(recipient) for recipient in rule.recipients.all()),
        "assignment": rule.get_assignment_display(),
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
