"""Readers who follow countries and topics by email (double opt-in), and the
announcement of each briefing to them."""

import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Country, Topic


def new_token():
    """The secret in a subscriber's preference and unsubscribe links."""
    return secrets.token_urlsafe(24)


class Frequency(models.TextChoices):
    EACH = "each", _("An email for each new briefing")
    WEEKLY = "weekly", _("A weekly digest")


class ConsentSource(models.TextChoices):
    FOLLOW_BOX = "follow_box", _("The follow box")
    LEAD_FORM = "lead_form", _("The request for interest form")


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        """Confirmed, still subscribed, not refused by their mail server."""
        return self.filter(
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
            suppressed_at__isnull=True,
        )

    def receiving(self, frequency):
        return self.active().filter(frequency=frequency, paused=False)

    def following(self, *, countries, topics):
        """Those who follow one of these countries or topics (ids)."""
        return self.filter(
            Q(
                pk__in=FollowedCountry.objects.filter(country__in=countries).values(
                    "subscriber"
                )
            )
            | Q(
                pk__in=FollowedTopic.objects.filter(topic__in=topics).values(
                    "subscriber"
                )
            )
        )

    def with_email(self, email):
        return self.alias(key=Lower("email")).filter(key=Lower(models.Value(email)))


class Subscriber(models.Model):
    """A reader who asked for briefing alerts by email; known by the address,
    whatever its case, and reached by a secret token in every email's links."""

    email = models.EmailField(_("email"))
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_token, editable=False
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.EACH
    )
    paused = models.BooleanField(_("paused"), default=False)
    countries = models.ManyToManyField(
        Country,
        through="FollowedCountry",
        related_name="+",
        blank=True,
        verbose_name=_("countries followed"),
    )
    topics = models.ManyToManyField(
        Topic,
        through="FollowedTopic",
        related_name="+",
        blank=True,
        verbose_name=_("topics followed"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suppressed_at = models.DateTimeField(
        _("refused by their mail server"), null=True, blank=True
    )
    suppression_reason = models.CharField(
        _("why it was refused"), max_length=200, blank=True
    )
    consent_source = models.CharField(
        _("consent given through"), max_length=20, choices=ConsentSource, blank=True
    )
    consent_version = models.CharField(
        _("consent text version"), max_length=20, blank=True
    )
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    pending = models.JSONField(
        _("asked, not yet confirmed"),
        default=dict,
        blank=True,
        help_text=_("The choice the last confirmation email asks to confirm."),
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="subscriber_email_unique_ignoring_case"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="subscriber_frequency_valid",
            ),
        ]

    def __str__(self):
        return self.email

    def briefings_of_the_week(self, now):
        """The briefings of the seven days before `now` that the subscriber
        follows, newest first."""
        return (
            Briefing.objects.published()
            .filter(published_at__gt=now - datetime.timedelta(days=7))
            .filter(
                Q(countries__in=self.countries.all()) | Q(topics__in=self.topics.all())
            )
            .distinct()
            .order_by("-published_at")
        )

    @property
    def is_active(self):
        return bool(
            self.confirmed_at and not self.unsubscribed_at and not self.suppressed_at
        )


class Followed(models.Model):
    """Since when a subscriber follows a subject."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        abstract = True


class FollowedCountry(Followed):
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, verbose_name=_("country")
    )

    class Meta:
        verbose_name = _("country followed")
        verbose_name_plural = _("countries followed")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "country"], name="followed_country_unique"
            )
        ]

    def __str__(self):
        return str(self.country)


class FollowedTopic(Followed):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, verbose_name=_("topic"))

    class Meta:
        verbose_name = _("topic followed")
        verbose_name_plural = _("topics followed")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic"], name="followed_topic_unique"
            )
        ]

    def __str__(self):
        return str(self.topic)


class Announcement(models.Model):
    """A briefing's alerts to its followers: written once, when the briefing is
    first seen public, and worked through in batches that survive a restart."""

    briefing = models.OneToOneField(
        Briefing,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("briefing"),
    )
    announced = models.BooleanField(
        _("announced"),
        default=True,
        help_text=_("Not when the editor said no, or it was published long ago."),
    )
    last_subscriber_id = models.BigIntegerField(
        _("alerts written up to subscriber"), default=0
    )
    alerts = models.PositiveIntegerField(_("alerts written"), default=0)
    created_at = models.DateTimeField(_("seen public"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return str(self.briefing)
