"""The sales dashboard's figures, each aggregated by the database.

Spam is left out of every figure but the count by status. The number of
queries is the same however many requests there are.
"""

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from briefings.models import Country

from ..models import (
    OPEN_STATUSES,
    FollowedCountry,
    FollowedTopic,
    Lead,
    LeadSector,
    LeadStatus,
    Sector,
    Subscriber,
)

WEEKS = 12


def figures(now=None):
    now = now or timezone.now()
    leads = Lead.objects.exclude(status=LeadStatus.SPAM).order_by()
    by_briefing = by_source_briefing(leads)
    return {
        "weekly": new_per_week(leads, now),
        "by_country": by_country(leads),
        "by_sector": by_sector(),
        "by_briefing": [
            {"label": row["label"], "count": row["count"]} for row in by_briefing
        ],
        "by_status": by_status(),
        "conversion": [row for row in by_briefing if row["won"] or row["lost"]],
        "response": response_times(leads),
        "unrouted": unrouted(leads),
        "alerts": alert_figures(leads, now),
    }


def alert_figures(leads, now):
    """Readers who follow briefings: how many confirm, leave, and come back as
    requests for interest."""
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
        "weekly": per_week(
            subscribers.filter(confirmed_at__isnull=False), "confirmed_at", now
        ),
        "by_country": followers(FollowedCountry, "country__name", active),
        "by_topic": followers(FollowedTopic, "topic__name", active),
        "requests_from_alerts": leads.filter(
            utm_source__in=["alert", "digest"]
        ).count(),
    }


def followers(model, name, active):
    return [
        {"label": row[name], "count": row["count"]}
        for row in model.objects.filter(subscriber__in=active)
        .values(name)
        .annotate(count=Count("pk"))
        .order_by("-count", name)
    ]


def unrouted(leads):
    """Requests no routing rule matched: still open, and in all."""
    return leads.filter(unrouted=True).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), total=Count("pk")
    )


def new_per_week(leads, now):
    """New requests in each of the last WEEKS weeks (Monday to Sunday), the
    current one last; weeks without any count zero."""
    return per_week(leads, "created_at", now)


def per_week(rows, moment, now):
    """Rows by the week of `moment`, as new_per_week counts them."""
    today = now.astimezone(timezone.get_current_timezone()).date()
    monday = today - datetime.timedelta(days=today.weekday())
    weeks = [monday - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS))]
    start = timezone.make_aware(datetime.datetime.combine(weeks[0], datetime.time()))
    counts = {
        row["week"].date(): row["count"]
        for row in rows.filter(**{f"{moment}__gte": start})
        .annotate(week=TruncWeek(moment))
        .values("week")
        .annotate(count=Count("pk"))
    }
    return [{"label": week.isoformat(), "count": counts.get(week, 0)} for week in weeks]


def by_country(leads):
    rows = [
        {"label": row["name"], "count": row["count"]}
        for row in Country.objects.annotate(
            count=Count("leads", filter=Q(leads__in=leads))
        )
        .filter(count__gt=0)
        .order_by("-count", "name")
        .values("name", "count")
    ]
    if unplaced := leads.filter(countries__isnull=True).count():
        rows.append({"label": _("No country given"), "count": unplaced})
    return rows


def by_sector():
    return [
        {"label": str(Sector(row["sector"]).label), "count": row["count"]}
        for row in LeadSector.objects.exclude(lead__status=LeadStatus.SPAM)
        .values("sector")
        .annotate(count=Count("pk"))
        .order_by("-count", "sector")
    ]


def by_source_briefing(leads):
    """Requests, won and lost by the briefing that brought them, with the
    share of closed ones that were won."""
    rows = []
    for row in (
        leads.values("source_briefing", "source_briefing__title")
        .annotate(
            count=Count("pk"),
            won=Count("pk", filter=Q(status=LeadStatus.WON)),
            lost=Count("pk", filter=Q(status=LeadStatus.LOST)),
        )
        .order_by("-count", "source_briefing__title")
    ):
        closed = row["won"] + row["lost"]
        rows.append(
            {
                "label": row["source_briefing__title"] or _("No briefing"),
                "count": row["count"],
                "won": row["won"],
                "lost": row["lost"],
                "win_rate": round(100 * row["won"] / closed) if closed else None,
            }
        )
    return rows


def by_status():
    counts = dict(
        Lead.objects.order_by().values_list("status").annotate(count=Count("pk"))
    )
    return [
        {"label": str(status.label), "count": counts.get(status.value, 0)}
        for status in LeadStatus
    ]


def response_times(leads):
    """Hours from arrival to the first response, on average and the median."""
    answered = leads.filter(first_response_at__isnull=False).annotate(
        delay=ExpressionWrapper(
            F("first_response_at") - F("created_at"), output_field=DurationField()
        )
    )
    summary = answered.aggregate(count=Count("pk"), average=Avg("delay"))
    count = summary["count"]
    median = None
    if count:
        middle = list(
            answered.order_by("delay").values_list("delay", flat=True)[
                (count - 1) // 2 : count // 2 + 1
            ]
        )
        median = sum(middle, datetime.timedelta()) / len(middle)
    return {
        "answered": count,
        "average_hours": hours(summary["average"]),
        "median_hours": hours(median),
    }


def hours(duration):
    return round(duration.total_seconds() / 3600, 1) if duration is not None else None
