"""Briefing alerts by email: following countries and topics with a double
opt-in, preferences, unsubscribing, the announcement of each new briefing to
its followers, and the weekly digest. Every email goes through the outbox.

The leads side finds newly public briefings itself (briefings never import
leads): announce_due() runs on beat and writes an Announcement the first time
it sees a briefing public; fan_out() writes its alerts in batches, each with
the cursor that says how far it got, so a worker killed half-way is resumed
where it stopped and the outbox's unique keys stop any alert written twice.
"""

import datetime
import hashlib
import json
import logging
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from briefings.models import Briefing

from ..models import (
    Announcement,
    FollowedCountry,
    FollowedTopic,
    Frequency,
    OutgoingEmail,
    Subscriber,
)
from . import outbox, scoring
from .emails import Request

logger = logging.getLogger(__name__)

FAN_OUT_BATCH = 500


@transaction.atomic
def ask_to_follow(*, email, countries, topics, frequency, source):
    """Write down what the reader asked for and send the confirmation email.

    Nothing is followed until the link in it is confirmed. The same answer
    whether or not the address is known: asking again sends a confirmation of
    the new choice, never a second welcome, and at most one a day for the
    same choice.
    """
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, frequency=frequency)
    request = Request(
        token=subscriber.token,
        countries=sorted(country.pk for country in countries),
        topics=sorted(topic.pk for topic in topics),
        frequency=frequency,
        source=source,
        version=settings.ALERTS_CONSENT_VERSION,
    )
    choice = json.dumps(asdict(request), sort_keys=True).encode()
    occasion = f"{timezone.localdate()}:{hashlib.blake2b(choice).hexdigest()[:16]}"
    outbox.queue(
        [
            OutgoingEmail.about(
                OutgoingEmail.Kind.CONFIRM_ALERTS,
                subscriber.email,
                subscriber=subscriber,
                occasion=occasion,
            )
        ]
    )
    # The row carries the request the email's link signs.
    Subscriber.objects.filter(pk=subscriber.pk).update(pending=asdict(request))
    return subscriber


@transaction.atomic
def confirm(request):
    """Follow what the confirmed request asked for; returns the subscriber, or
    None if it no longer exists."""
    subscriber = (
        Subscriber.objects.select_for_update().filter(token=request.token).first()
    )
    if subscriber is None:
        return None
    now = timezone.now()
    subscriber.confirmed_at = subscriber.confirmed_at or now
    # A new confirmation is what re-subscribing takes.
    subscriber.unsubscribed_at = subscriber.suppressed_at = None
    subscriber.suppression_reason = ""
    subscriber.frequency = request.frequency
    subscriber.paused = False
    subscriber.consent_source = request.source
    subscriber.consent_version = request.version
    subscriber.consented_at = now
    subscriber.pending = {}
    subscriber.save()
    follow(subscriber, countries=request.countries, topics=request.topics)
    # What a person follows counts in the score of their open requests.
    scoring.rescore_person(subscriber.email)
    logger.info("Subscriber %s confirmed", subscriber.pk)
    return subscriber


def follow(subscriber, *, countries, topics, keep_others=True):
    """Add these countries and topics (ids); without keep_others, they replace
    what the subscriber follows. What was followed before keeps its date."""
    for model, name, ids in (
        (FollowedCountry, "country", countries),
        (FollowedTopic, "topic", topics),
    ):
        if not keep_others:
            model.objects.filter(subscriber=subscriber).exclude(
                **{f"{name}__in": ids}
            ).delete()
        model.objects.bulk_create(
            [model(subscriber=subscriber, **{f"{name}_id": pk}) for pk in ids],
            ignore_conflicts=True,
        )


@transaction.atomic
def update_preferences(subscriber, *, countries, topics, frequency, paused):
    follow(
        subscriber,
        countries=[country.pk for country in countries],
        topics=[topic.pk for topic in topics],
        keep_others=False,
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(
        frequency=frequency, paused=paused
    )
    subscriber.frequency, subscriber.paused = frequency, paused


def unsubscribe(subscriber):
    """At once, from everything; pending alerts are not sent (the outbox asks
    again before sending). Returns whether it changed anything."""
    changed = Subscriber.objects.filter(
        pk=subscriber.pk, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=timezone.now(), paused=False)
    if changed:
        logger.info("Subscriber %s unsubscribed", subscriber.pk)
    return bool(changed)


def suppress(email, reason):
    """No more alerts or digests to an address its server refused for good, or
    whose owner complained; a new confirmation lifts it."""
    return (
        Subscriber.objects.with_email(email)
        .filter(suppressed_at__isnull=True)
        .update(suppressed_at=timezone.now(), suppression_reason=reason[:200])
    )


def audience(briefing):
    """The active subscribers, wanting each briefing, that it would reach."""
    return (
        Subscriber.objects.receiving(Frequency.EACH)
        .following(
            countries=briefing.countries.values("pk"),
            topics=briefing.topics.values("pk"),
        )
        .distinct()
    )


def audience_size(briefing):
    """How many readers an alert of this briefing would reach now."""
    if briefing.pk is None:
        return 0
    return audience(briefing).count()


def announce_due(now=None):
    """Write an Announcement for each briefing first seen public, then fan out
    every one not finished (a new one, or one a dead worker left half-way);
    returns how many alerts it wrote."""
    now = now or timezone.now()
    recent = now - datetime.timedelta(hours=settings.ALERTS_ANNOUNCE_WITHIN_HOURS)
    new = Briefing.objects.published().exclude(
        pk__in=Announcement.objects.values("briefing")
    )
    for briefing in new.only("pk", "announce", "published_at"):
        # Back-dated imports and briefings the editor keeps quiet: seen, not sent.
        announced = briefing.announce and briefing.published_at >= recent
        Announcement.objects.get_or_create(
            briefing=briefing,
            defaults={
                "announced": announced,
                "finished_at": None if announced else now,
            },
        )
    unfinished = Announcement.objects.filter(finished_at__isnull=True)
    return sum(fan_out(pk) for pk in unfinished.values_list("pk", flat=True))


def fan_out(announcement_id):
    """Write the briefing's alerts, a batch at a time, each batch with the
    cursor in its transaction; returns how many it wrote."""
    written = 0
    while True:
        with transaction.atomic():
            announcement = (
                Announcement.objects.select_for_update(skip_locked=True)
                .select_related("briefing")
                .filter(pk=announcement_id, finished_at__isnull=True)
                .first()
            )
            if announcement is None:  # finished, or another worker has it
                return written
            batch = list(
                audience(announcement.briefing)
                .filter(pk__gt=announcement.last_subscriber_id)
                .order_by("pk")
                .values_list("pk", "email")[:FAN_OUT_BATCH]
            )
            briefing = announcement.briefing
            outbox.queue(
                OutgoingEmail.about(
                    OutgoingEmail.Kind.BRIEFING_ALERT,
                    email,
                    briefing=briefing,
                    subscriber=Subscriber(pk=pk),
                )
                for pk, email in batch
            )
            if batch:
                announcement.last_subscriber_id = batch[-1][0]
                announcement.alerts += len(batch)
            else:
                announcement.finished_at = timezone.now()
            announcement.save()
        written += len(batch)
        if not batch:
            logger.info(
                "Briefing %s announced: %s alerts",
                briefing.pk,
                announcement.alerts,
                extra={"briefing_id": briefing.pk},
            )
            return written


def send_digests(now=None):
    """Queue this week's digest to each weekly subscriber whose countries or
    topics had a briefing in the last seven days; none to the others, never
    twice for one week. Returns how many."""
    now = now or timezone.now()
    week = now.astimezone(timezone.get_current_timezone()).isocalendar()
    occasion = f"{week.year}-W{week.week:02d}"
    briefings = list(
        Briefing.objects.published()
        .filter(published_at__gt=now - datetime.timedelta(days=7))
        .prefetch_related("countries", "topics")
    )
    if not briefings:
        return 0
    countries = {c.pk for b in briefings for c in b.countries.all()}
    topics = {t.pk for b in briefings for t in b.topics.all()}
    queued, last = 0, 0
    subscribers = Subscriber.objects.receiving(Frequency.WEEKLY).following(
        countries=countries, topics=topics
    )
    while batch := list(
        subscribers.filter(pk__gt=last).order_by("pk").distinct()[:FAN_OUT_BATCH]
    ):
        outbox.queue(
            OutgoingEmail.about(
                OutgoingEmail.Kind.DIGEST,
                subscriber.email,
                subscriber=subscriber,
                occasion=occasion,
            )
            for subscriber in batch
        )
        queued += len(batch)
        last = batch[-1].pk
    return queued
