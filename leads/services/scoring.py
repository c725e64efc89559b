"""The lead score: how promising an open request is, with the reasons.

Points come from two kinds of facts, in the weights sales managers set
(ScoringWeights):

- fit, what the request says: each sector, each country, the kind of help
  and the timeline is worth its points;
- engagement, what the person did: each of their other requests of the last
  QUARTER_DAYS (`per_earlier_request`), each country and topic they follow
  with a confirmed alert subscription (`per_followed_subject`), and a request
  that came from a briefing alert (`from_an_alert`).

Interest cools: with H = `half_life_days`, a fact of age t days counts
    points × 0.5 ** (t / H)
where the age of the request's own facts (fit, came from an alert) is the
request's, and the age of another request is that request's. A subscription
counts in full while it lasts: it is interest still shown today. So

    score = round(Σ fit × d(lead) + from_an_alert × d(lead)
                  + Σ per_earlier_request × d(other request)
                  + per_followed_subject × subjects followed)

clamped to 0..MAX_SCORE. Reasons name the facts that earned points, the
biggest first, and say how old the request is once its age has taken more
than a tenth of its points. The daily beat task `leads-rescore` lets the
scores of open requests cool; a request's score is also computed when it
arrives and whenever the weights change.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from celery import current_app
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import (
    ALERT_SOURCES,
    Lead,
    LeadCountry,
    LeadSector,
    ScoringWeights,
    Subscriber,
)
from ..models.sectors import Sector

logger = logging.getLogger(__name__)

# Rung by name: leads.tasks calls this module, which never imports it.
RESCORE_TASK = "leads.tasks.rescore_open_leads"
MAX_SCORE = 100
QUARTER_DAYS = 90
BATCH_SIZE = 500
# How a timeline reads in a reason: what it means for the sales cycle.
TIMELINE_REASONS = {
    Lead.Timeline.IMMEDIATE: gettext_lazy("needed within a month"),
    Lead.Timeline.QUARTER: gettext_lazy("proposal-ready timeline"),
    Lead.Timeline.HALF_YEAR: gettext_lazy("needed within six months"),
    Lead.Timeline.LATER: gettext_lazy("needed in more than six months"),
    Lead.Timeline.EXPLORING: gettext_lazy("no fixed timeline"),
}
ORDINALS = {
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
}


@dataclass
class Facts:
    """What the score of one request is computed from, read in bulk."""

    lead: Lead
    sectors: list[str] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    other_requests: list[datetime.datetime] = field(default_factory=list)
    countries_followed: int = 0
    topics_followed: int = 0


def decay(age: datetime.timedelta, half_life_days: int) -> float:
    days = max(age.total_seconds(), 0) / 86400
    return 0.5 ** (days / max(half_life_days, 1))


def points_for(
    facts: Facts, weights: dict, now: datetime.datetime
) -> tuple[int, list[str]]:
    """The score of one request from its facts, and the reasons, biggest first."""
    lead, half_life = facts.lead, weights.get("half_life_days", 60)
    freshness = decay(now - lead.created_at, half_life)
    earned = []  # (points, reason), in the order the facts are told

    def weight(group, key):
        return weights.get(group, {}).get(key, 0)

    for sector in facts.sectors:
        earned.append((weight("sectors", sector), Sector(sector).label))
    for slug, name in facts.countries:
        earned.append((weight("countries", slug), name))
    earned.append(
        (
            weight("help_wanted", lead.help_wanted),
            lead.get_help_wanted_display().lower(),
        )
    )
    earned.append(
        (
            weight("timeline", lead.timeline),
            TIMELINE_REASONS.get(lead.timeline, lead.timeline),
        )
    )
    if lead.utm_source in ALERT_SOURCES:
        earned.append((weights.get("from_an_alert", 0), _("came from an alert")))
    earned = [(points * freshness, reason) for points, reason in earned]
    if facts.other_requests:
        per_request = weights.get("per_earlier_request", 0)
        ages = [now - at for at in facts.other_requests]
        earned.append(
            (
                sum(per_request * decay(age, half_life) for age in ages),
                requests_reason(1 + len(facts.other_requests)),
            )
        )
    followed = facts.countries_followed + facts.topics_followed
    if followed:
        earned.append(
            (
                weights.get("per_followed_subject", 0) * followed,
                follows_reason(facts.countries_followed, facts.topics_followed),
            )
        )
    total = sum(points for points, _reason in earned)
    reasons = [
        str(reason)
        for points, reason in sorted(earned, key=lambda e: -e[0])
        if points >= 0.5
    ]
    if reasons and freshness < 0.9:
        days = (now - lead.created_at).days
        reasons.append(
            ngettext("received %(days)s day ago", "received %(days)s days ago", days)
            % {"days": days}
        )
    return max(0, min(MAX_SCORE, round(total))), reasons


def requests_reason(count):
    if count in ORDINALS:
        return _("%(ordinal)s request this quarter") % {"ordinal": ORDINALS[count]}
    return _("%(count)s requests this quarter") % {"count": count}


def follows_reason(countries, topics):
    parts = []
    if countries:
        parts.append(
            ngettext("%(n)s country", "%(n)s countries", countries) % {"n": countries}
        )
    if topics:
        parts.append(ngettext("%(n)s topic", "%(n)s topics", topics) % {"n": topics})
    return _("follows %(subjects)s") % {"subjects": _(" and ").join(parts)}


def facts_for(leads: list[Lead], now: datetime.datetime) -> list[Facts]:
    """The facts of these requests in four queries, however many they are."""
    found = {lead.pk: Facts(lead) for lead in leads}
    for lead_id, sector in LeadSector.objects.filter(lead__in=found).values_list(
        "lead_id", "sector"
    ):
        found[lead_id].sectors.append(sector)
    for lead_id, slug, name in (
        LeadCountry.objects.filter(lead__in=found)
        .order_by("country__name")
        .values_list("lead_id", "country__slug", "country__name")
    ):
        found[lead_id].countries.append((slug, name))
    by_prospect = defaultdict(list)
    for facts in found.values():
        by_prospect[facts.lead.prospect_id].append(facts)
    for pk, prospect_id, created_at in (
        Lead.objects.filter(
            prospect__in=by_prospect,
            created_at__gte=now - datetime.timedelta(days=QUARTER_DAYS),
        )
        .exclude(status=Lead.Status.SPAM)
        .values_list("pk", "prospect_id", "created_at")
    ):
        for facts in by_prospect[prospect_id]:
            if pk != facts.lead.pk:
                facts.other_requests.append(created_at)
    by_email = defaultdict(list)
    for facts in found.values():
        by_email[facts.lead.email.lower()].append(facts)
    for email, countries, topics in (
        Subscriber.objects.active()
        .annotate(key=Lower("email"))
        .filter(key__in=by_email)
        .annotate(
            countries_followed=Count("countries", distinct=True),
            topics_followed=Count("topics", distinct=True),
        )
        .values_list("key", "countries_followed", "topics_followed")
    ):
        for facts in by_email[email]:
            facts.countries_followed, facts.topics_followed = countries, topics
    return list(found.values())


def score(
    lead: Lead, weights: dict | None = None, now: datetime.datetime | None = None
) -> tuple[int, list[str]]:
    """The score of one request and why, with these weights (the current ones
    by default), at `now`."""
    now = now or timezone.now()
    if weights is None:
        weights = ScoringWeights.current().weights
    [facts] = facts_for([lead], now)
    return points_for(facts, weights, now)


def rescore(leads, *, weights: dict | None = None, now=None) -> int:
    """Compute and store the score of these requests (a queryset), in batches
    of BATCH_SIZE at a few queries each; returns how many were scored."""
    now = now or timezone.now()
    if weights is None:
        weights = ScoringWeights.current().weights
    leads = leads.order_by("pk").only(
        "pk",
        "prospect_id",
        "email",
        "help_wanted",
        "timeline",
        "utm_source",
        "created_at",
        "score",
        "score_reasons",
    )
    scored, last_pk = 0, 0
    while True:
        batch = list(leads.filter(pk__gt=last_pk)[:BATCH_SIZE])
        changed = []
        for facts in facts_for(batch, now):
            points, reasons = points_for(facts, weights, now)
            lead = facts.lead
            if (lead.score, lead.score_reasons) != (points, reasons):
                lead.score, lead.score_reasons = points, reasons
                changed.append(lead)
        # Not updated_at: a score that cools is no change anyone made.
        Lead.objects.bulk_update(changed, ["score", "score_reasons"])
        scored += len(batch)
        if len(batch) < BATCH_SIZE:  # the last
            return scored
        last_pk = batch[-1].pk


def rescore_all(now=None) -> int:
    """Let the scores of every open request cool (the daily beat task), or
    follow new weights."""
    return rescore(Lead.objects.open(), now=now)


def rescore_person(email: str) -> int:
    """Rescore the open requests from this address (any case): a new
    subscription of theirs counts."""
    return rescore(
        Lead.objects.open().alias(key=Lower("email")).filter(key=email.lower())
    )


def rescore_prospect(prospect_id: int) -> int:
    """Rescore the open requests of one prospect: another request counts."""
    return rescore(Lead.objects.open().filter(prospect_id=prospect_id))


def change_weights(weights: dict, *, by) -> ScoringWeights:
    """Save new weights, saying who chose them, and rescore the open requests
    once they are committed; if the broker is down, the daily rescore will."""
    with transaction.atomic():
        row = (
            ScoringWeights.objects.select_for_update().order_by("pk").first()
            or ScoringWeights()
        )
        row.weights, row.updated_by = weights, by
        row.save()
        transaction.on_commit(rescore_later, robust=True)
    logger.info("Scoring weights changed by user %s", by.pk, extra={"user_id": by.pk})
    return row


def rescore_later():
    current_app.tasks[RESCORE_TASK].apply_async(retry=False)
