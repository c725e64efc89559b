"""The sales dashboard's figures, each aggregated by the database, for the
requests received in a date range, everyone's or one assignee's.

Spam is left out of every figure. Each figure carries the address of the
lead list showing the same requests. The number of queries is the same
however many requests there are.
"""

import datetime
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth, TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefings.models import Briefing

from ..models import (
    ALERT_SOURCES,
    OPEN_STATUSES,
    Channel,
    FollowedCountry,
    FollowedTopic,
    Lead,
    LeadEvent,
    LeadSector,
    LeadStatus,
    Sector,
    Subscriber,
)

# The stages a request passes on its way to an engagement.
FUNNEL = [
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.QUALIFIED,
    LeadStatus.PROPOSAL_SENT,
    LeadStatus.WON,
]
STAGES = [*FUNNEL, LeadStatus.LOST]
# A range longer than this is counted by month rather than by week.
WEEKLY_UP_TO = datetime.timedelta(days=26 * 7)
DEFAULT_WEEKS = 12
BRIEFINGS_SHOWN = 15


def midnight(day):
    """The start of `day` where the consultancy is."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def reached(stage):
    """Requests that reached `stage` or a later one, now or at any time
    before (a lost deal keeps the stages it had passed); every request
    reached the first."""
    if stage == FUNNEL[0]:
        return ~Q(status=LeadStatus.SPAM)
    later = FUNNEL[FUNNEL.index(stage) :]
    return Q(status__in=later) | Q(
        Exists(
            LeadEvent.objects.filter(
                lead=OuterRef("pk"), kind=LeadEvent.Kind.STATUS, new_value__in=later
            )
        )
    )


def _not_from_alerts(q):
    return q & ~Q(utm_source__in=ALERT_SOURCES)


# Where requests came from, each condition excluding the others.
ORIGINS = {
    "alert": (
        gettext_lazy("A briefing alert or digest"),
        Q(utm_source__in=ALERT_SOURCES),
    ),
    "briefing": (
        gettext_lazy("A briefing on the site"),
        _not_from_alerts(Q(channel=Channel.WEB, source_briefing__isnull=False)),
    ),
    "direct": (
        gettext_lazy("The site, no briefing"),
        _not_from_alerts(Q(channel=Channel.WEB, source_briefing__isnull=True)),
    ),
    **{
        channel.value: (channel.label, _not_from_alerts(Q(channel=channel)))
        for channel in Channel
        if channel != Channel.WEB
    },
}


@dataclass(frozen=True)
class Scope:
    """Which requests the figures count: received from `start` to `end` (both
    days included), assigned to `assignee` ("none" for nobody) or anyone's."""

    start: datetime.date
    end: datetime.date
    assignee: object = None  # a user, "none" or None for everyone

    @classmethod
    def default(cls, today=None):
        today = today or timezone.localdate()
        monday = today - datetime.timedelta(days=today.weekday())
        return cls(monday - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today)

    def bounds(self):
        return midnight(self.start), midnight(self.end + datetime.timedelta(days=1))

    def leads(self):
        since, until = self.bounds()
        leads = Lead.objects.exclude(status=LeadStatus.SPAM).filter(
            created_at__gte=since, created_at__lt=until
        )
        if self.assignee == "none":
            leads = leads.filter(assignee__isnull=True)
        elif self.assignee is not None:
            leads = leads.filter(assignee=self.assignee)
        return leads.order_by()

    def link(self, **params):
        """The lead list showing these requests, narrowed by `params`."""
        query = {
            "received_from": self.start.isoformat(),
            "received_to": self.end.isoformat(),
            "status": "requests",
        }
        if self.assignee == "none":
            query["assignee__isnull"] = "True"
        elif self.assignee is not None:
            query["assignee__id__exact"] = self.assignee.pk
        query.update(params)
        return f"{reverse('admin:leads_lead_changelist')}?{urlencode(query)}"


def figures(scope=None, now=None):
    now = now or timezone.now()
    scope = scope or Scope.default()
    leads = scope.leads()
    stages = by_stage(leads, scope)
    return {
        "summary": summary(stages, scope),
        "funnel": funnel(leads, scope),
        "response": response_times(leads, scope, now),
        "by_stage": stages,
        "by_country": by_country(leads, scope),
        "by_assignee": by_assignee(leads, scope),
        "over_time": over_time(leads, scope),
        "by_briefing": by_source_briefing(leads, scope),
        "by_origin": by_origin(leads, scope),
        "by_sector": by_sector(leads, scope),
        "unrouted": unrouted(leads, scope),
        "alerts": alert_figures(now),
    }


def with_bars(rows, key="count"):
    """Each row's share of the largest, for the bar drawn beside it."""
    largest = max((row[key] for row in rows), default=0)
    for row in rows:
        row["bar"] = round(100 * row[key] / largest) if largest else 0
    return rows


def by_stage(leads, scope):
    """Requests in each stage now, with their deal value per currency."""
    rows = {
        status: {"label": status.label, "count": 0, "values": {}, "status": status}
        for status in STAGES
    }
    for row in leads.values("status", "deal_currency").annotate(
        count=Count("pk"), value=Sum("deal_value")
    ):
        stage = rows[row["status"]]
        stage["count"] += row["count"]
        if row["value"]:
            stage["values"][row["deal_currency"]] = row["value"]
    for row in rows.values():
        row["url"] = scope.link(status=row["status"])
    return with_bars(list(rows.values()))


def summary(stages, scope):
    def total(statuses):
        values = {}
        for row in stages:
            if row["status"] in statuses:
                for currency, value in row["values"].items():
                    values[currency] = values.get(currency, 0) + value
        return {
            "count": sum(row["count"] for row in stages if row["status"] in statuses),
            "values": dict(sorted(values.items())),
        }

    return {
        "requests": {**total(STAGES), "url": scope.link()},
        "open": {**total(OPEN_STATUSES), "url": scope.link(status="open")},
        "won": {**total([LeadStatus.WON]), "url": scope.link(status=LeadStatus.WON)},
        "lost": {
            **total([LeadStatus.LOST]),
            "url": scope.link(status=LeadStatus.LOST),
        },
    }


def funnel(leads, scope):
    """How many requests reached each stage, and the share of those at the
    stage before that went on to it."""
    counts = leads.aggregate(
        **{stage.value: Count("pk", filter=reached(stage)) for stage in FUNNEL}
    )
    rows, before = [], None
    for stage in FUNNEL:
        count = counts[stage.value]
        rows.append(
            {
                "label": _("Requests") if stage == LeadStatus.NEW else stage.label,
                "count": count,
                "conversion": (round(100 * count / before) if before else None),
                "url": scope.link(reached=stage.value),
            }
        )
        before = count
    return with_bars(rows)


def response_times(leads, scope, now):
    """Hours from a request's arrival to its first answer: median and 90th
    percentile, how many were answered by their deadline, how many wait."""
    counts = leads.aggregate(
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        in_time=Count("pk", filter=Q(first_response_at__lte=F("response_due_at"))),
        waiting=Count("pk", filter=Q(status=LeadStatus.NEW)),
        overdue=Count("pk", filter=Q(status=LeadStatus.NEW, response_due_at__lte=now)),
    )
    answered = counts["answered"]
    delays = (
        leads.filter(first_response_at__isnull=False)
        .annotate(
            delay=ExpressionWrapper(
                F("first_response_at") - F("created_at"), output_field=DurationField()
            )
        )
        .order_by("delay")
        .values_list("delay", flat=True)
    )
    median = p90 = None
    if answered:
        middle = list(delays[(answered - 1) // 2 : answered // 2 + 1])
        median = sum(middle, datetime.timedelta()) / len(middle)
        # The nearest rank: 90 % of answers came at least this fast.
        p90 = delays[math.ceil(0.9 * answered) - 1]
    return {
        **counts,
        "median_hours": hours(median),
        "p90_hours": hours(p90),
        "in_time_share": round(100 * counts["in_time"] / answered)
        if answered
        else None,
        "waiting_url": scope.link(status=LeadStatus.NEW),
        "overdue_url": scope.link(status=LeadStatus.NEW, deadline="overdue"),
    }


def hours(duration):
    return round(duration.total_seconds() / 3600, 1) if duration is not None else None


def by_country(leads, scope):
    """Requests and the value of open deals per country of interest (a
    request naming two countries counts in each)."""
    rows = {}
    for row in leads.values("countries", "countries__name", "deal_currency").annotate(
        count=Count("pk"),
        value=Sum("deal_value", filter=Q(status__in=OPEN_STATUSES)),
    ):
        country = rows.setdefault(
            row["countries"],
            {
                "label": row["countries__name"] or _("No country given"),
                "count": 0,
                "values": {},
                "url": (
                    scope.link(countries__id__exact=row["countries"])
                    if row["countries"]
                    else scope.link(countries__isnull="True")
                ),
            },
        )
        country["count"] += row["count"]
        if row["value"]:
            country["values"][row["deal_currency"]] = row["value"]
    return with_bars(
        sorted(
            rows.values(),
            key=lambda row: (
                row["url"].endswith("isnull=True"),
                -row["count"],
                row["label"],
            ),
        )
    )


def by_assignee(leads, scope):
    """Each assignee's requests: open, won, lost, the share of closed ones
    won, and the value of their open deals."""
    rows = {}
    for row in leads.values(
        "assignee",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__username",
        "deal_currency",
    ).annotate(
        count=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        won=Count("pk", filter=Q(status=LeadStatus.WON)),
        lost=Count("pk", filter=Q(status=LeadStatus.LOST)),
        value=Sum("deal_value", filter=Q(status__in=OPEN_STATUSES)),
    ):
        pk = row["assignee"]
        person = rows.setdefault(
            pk,
            {
                "label": (
                    " ".join(
                        filter(
                            None,
                            [row["assignee__first_name"], row["assignee__last_name"]],
                        )
                    )
                    or row["assignee__username"]
                )
                if pk
                else _("Nobody yet"),
                "count": 0,
                "open": 0,
                "won": 0,
                "lost": 0,
                "values": {},
                "url": scope.link(
                    **(
                        {"assignee__id__exact": pk}
                        if pk
                        else {"assignee__isnull": "True"}
                    )
                ),
            },
        )
        for name in ("count", "open", "won", "lost"):
            person[name] += row[name]
        if row["value"]:
            person["values"][row["deal_currency"]] = row["value"]
    for person in rows.values():
        closed = person["won"] + person["lost"]
        person["win_rate"] = round(100 * person["won"] / closed) if closed else None
    return with_bars(
        sorted(rows.values(), key=lambda row: (-row["count"], row["label"]))
    )


def over_time(leads, scope):
    """New requests per week (per month over a long range), every period of
    the range listed, those without any at zero."""
    since, until = scope.bounds()
    weekly = scope.end - scope.start <= WEEKLY_UP_TO
    trunc = TruncWeek if weekly else TruncMonth
    counts = {
        row["period"].date(): row["count"]
        for row in leads.annotate(period=trunc("created_at"))
        .values("period")
        .annotate(count=Count("pk"))
    }
    periods = []
    if weekly:
        day = scope.start - datetime.timedelta(days=scope.start.weekday())
        while day <= scope.end:
            periods.append((day, day + datetime.timedelta(days=6)))
            day += datetime.timedelta(weeks=1)
    else:
        day = scope.start.replace(day=1)
        while day <= scope.end:
            following = (day + datetime.timedelta(days=32)).replace(day=1)
            periods.append((day, following - datetime.timedelta(days=1)))
            day = following
    rows = []
    for first, last in periods:
        shown = Scope(max(first, scope.start), min(last, scope.end), scope.assignee)
        rows.append(
            {
                "label": first.isoformat() if weekly else first.strftime("%Y-%m"),
                "count": counts.get(first, 0),
                "url": shown.link(),
            }
        )
    return {"weekly": weekly, "rows": with_bars(rows)}


def by_source_briefing(leads, scope):
    """The briefings that brought the most requests: requests, won and lost,
    with the share of closed ones that were won."""
    rows = list(
        leads.filter(source_briefing__isnull=False)
        .values("source_briefing")
        .annotate(
            count=Count("pk"),
            won=Count("pk", filter=Q(status=LeadStatus.WON)),
            lost=Count("pk", filter=Q(status=LeadStatus.LOST)),
        )
        .order_by("-count", "source_briefing")[:BRIEFINGS_SHOWN]
    )
    titles = dict(
        Briefing.objects.filter(
            pk__in=[row["source_briefing"] for row in rows]
        ).values_list("pk", "title")
    )
    for row in rows:
        closed = row["won"] + row["lost"]
        row.update(
            label=titles.get(row["source_briefing"], ""),
            win_rate=round(100 * row["won"] / closed) if closed else None,
            url=scope.link(briefing=row["source_briefing"]),
        )
    return with_bars(rows)


def by_origin(leads, scope):
    """Requests by where they came from: an alert, a briefing, the site, or
    by hand after a call, an event or an email."""
    counts = dict(
        leads.annotate(
            origin=Case(
                *(
                    When(condition, then=Value(name))
                    for name, (_l, condition) in ORIGINS.items()
                ),
                output_field=CharField(),
            )
        )
        .values_list("origin")
        .annotate(count=Count("pk"))
    )
    return with_bars(
        [
            {
                "label": label,
                "count": counts.get(name, 0),
                "url": scope.link(origin=name),
            }
            for name, (label, _condition) in ORIGINS.items()
        ]
    )


def unrouted(leads, scope):
    """Requests no routing rule matched: still open, and in all."""
    return {
        **leads.filter(unrouted=True).aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), total=Count("pk")
        ),
        "url": scope.link(status="open", routing="unrouted"),
    }


def by_sector(leads, scope):
    return with_bars(
        [
            {
                "label": str(Sector(row["sector"]).label),
                "count": row["count"],
                "url": scope.link(sector=row["sector"]),
            }
            for row in LeadSector.objects.filter(lead__in=leads)
            .values("sector")
            .annotate(count=Count("pk"))
            .order_by("-count", "sector")
        ]
    )


def alert_figures(now):
    """Readers who follow briefings: how many confirm, leave, and what they
    follow (all time; the requests they send are counted by origin)."""
    subscribers = Subscriber.objects.order_by()
    asked = subscribers.aggregate(
        asked=Count("pk"),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        refused=Count("pk", filter=Q(suppressed_at__isnull=False)),
    )
    active = Subscriber.objects.active()
    return {
        **asked,
        "active": active.count(),
        "confirmation_rate": (
            round(100 * asked["confirmed"] / asked["asked"]) if asked["asked"] else None
        ),
        "by_country": followers(FollowedCountry, "country__name", active),
        "by_topic": followers(FollowedTopic, "topic__name", active),
    }


def followers(model, name, active):
    return with_bars(
        [
            {"label": row[name], "count": row["count"]}
            for row in model.objects.filter(subscriber__in=active)
            .values(name)
            .annotate(count=Count("pk"))
            .order_by("-count", name)
        ]
    )
