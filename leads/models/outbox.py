"""The outbox: one row per email the portal sends, written in the transaction
of what the email is about and sent by a Celery worker (leads.services.outbox)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing

from .alerts import Subscriber
from .leads import Lead

KEY_MAX_LENGTH = 400


class EmailState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EmailKind(models.TextChoices):
    ANALYST_ALERT = "analyst_alert", _("Alert to analysts")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the prospect")
    REMINDER = "reminder", _("Reminder of the response deadline")
    ESCALATION = "escalation", _("Overdue request, to sales managers")
    ASSIGNED = "assigned", _("Assignment, to the new assignee")
    CONFIRM_ALERTS = "confirm_alerts", _("Confirmation of briefing alerts")
    BRIEFING_ALERT = "briefing_alert", _("Alert of a new briefing")
    DIGEST = "digest", _("Weekly digest of briefings")
    TO_PROSPECT = "to_prospect", _("Email from sales to the prospect")
    TASK_DUE = "task_due", _("A task falls due")
    STAFF_INVITATION = "staff_invitation", _("A new colleague's link to set a password")


class OutboxQuerySet(models.QuerySet):
    """Rows a worker sends, each once: emails and webhook deliveries alike."""

    def due(self):
        """What the sweeper queues again: pending rows whose own queueing had
        its chance, and claims whose worker died mid-send."""
        now = timezone.now()
        grace = timedelta(seconds=settings.LEADS_OUTBOX_GRACE_SECONDS)
        return self.filter(
            Q(state=EmailState.PENDING, next_attempt_at__lte=now - grace)
            | Q(state=EmailState.SENDING, claimed_at__lt=stuck_before(now))
        )

    def claim(self, pks):
        """Take these rows for sending; returns those that were still to send.

        One conditional UPDATE is the row lock: of two workers holding the same
        messages, the second waits for the first to commit, then matches none.
        """
        now = timezone.now()
        self.filter(
            Q(state=EmailState.PENDING)
            | Q(state=EmailState.SENDING, claimed_at__lt=stuck_before(now)),
            pk__in=pks,
        ).update(
            state=EmailState.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
        return list(
            self.filter(pk__in=pks, state=EmailState.SENDING, claimed_at=now).order_by(
                "pk"
            )
        )

    def mark_sent(self, rows, **changes):
        """Record these rows as sent: they were, whoever holds their claim now."""
        now = timezone.now()
        self.filter(pk__in=[row.pk for row in rows]).exclude(
            state=EmailState.SENT
        ).update(
            state=EmailState.SENT, sent_at=now, last_error="", updated_at=now, **changes
        )

    def release(self, rows, *, delay):
        """Give back claimed rows that were not tried, to be tried in `delay`
        seconds; their attempt does not count."""
        for row in rows:
            self.filter(
                pk=row.pk, state=EmailState.SENDING, claimed_at=row.claimed_at
            ).update(
                state=EmailState.PENDING,
                attempts=F("attempts") - 1,
                next_attempt_at=timezone.now() + timedelta(seconds=delay),
                updated_at=timezone.now(),
            )


def stuck_before(now):
    """A claim older than this belongs to a worker that died mid-send."""
    return now - timedelta(seconds=settings.LEADS_OUTBOX_STUCK_SECONDS)


def outbox_constraints(prefix):
    """What the database holds every outbox row to."""
    return [
        models.CheckConstraint(
            condition=Q(state__in=EmailState.values), name=f"{prefix}_state_valid"
        ),
        models.CheckConstraint(
            condition=~Q(state=EmailState.SENDING) | Q(claimed_at__isnull=False),
            name=f"{prefix}_sending_is_claimed",
        ),
        models.CheckConstraint(
            condition=~Q(state=EmailState.SENT) | Q(sent_at__isnull=False),
            name=f"{prefix}_sent_has_time",
        ),
    ]


def unfinished_index(name):
    """What the sweeper reads: the rows still to send, by when."""
    return models.Index(
        fields=["next_attempt_at"],
        condition=Q(state__in=[EmailState.PENDING, EmailState.SENDING]),
        name=name,
    )


class OutboxRow:
    """What a worker holding the claim of a row (an email, a webhook delivery)
    may do with it: put it back for later, or give up on it."""

    def mark_for_retry(self, error, *, delay, **changes):
        self._transition(
            self._while_claimed(),
            state=EmailState.PENDING,
            last_error=error,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            **changes,
        )

    def mark_failed(self, error, **changes):
        self._transition(
            self._while_claimed(), state=EmailState.FAILED, last_error=error, **changes
        )

    def _while_claimed(self):
        # Only the worker holding the claim may put the row back or give up on it;
        # another may have taken over a claim it thought dead.
        return type(self).objects.filter(
            pk=self.pk, state=EmailState.SENDING, claimed_at=self.claimed_at
        )

    def _transition(self, queryset, **changes):
        changes["updated_at"] = timezone.now()
        if "last_error" in changes:
            changes["last_error"] = changes["last_error"][:1000]
        if queryset.update(**changes):
            for name, value in changes.items():
                setattr(self, name, value)


class OutgoingEmail(OutboxRow, models.Model):
    """One email to send: to whom, of what kind, about what, and how it went.

    `key` says which email it is ("the acknowledgement of lead 12 to this
    address"): unique, so the same email can never be written twice.
    """

    Kind = EmailKind
    State = EmailState

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"))
    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("request for interest"),
    )
    briefing = models.ForeignKey(
        Briefing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("briefing"),
    )
    activity = models.ForeignKey(
        "Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("activity"),
    )
    task = models.ForeignKey(
        "Task",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("subscriber"),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff account"),
    )
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        default=timezone.now,
        help_text=_("A pending email is not queued again before this."),
    )
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = outbox_constraints("outgoing_email")
        indexes = [unfinished_index("outgoing_email_unfinished")]

    def __str__(self):
        about = self.lead or self.briefing or self.subscriber or self.pk
        return f"{self.get_kind_display()} · {about}"

    @classmethod
    def about(cls, kind, recipient, *, occasion="", **about):
        """The email of this kind to `recipient` about these things (a lead, a
        briefing, a subscriber, an activity, a task), unsaved, with the key
        that makes it this one email."""
        subjects = [f"{name}:{obj.pk}" for name, obj in about.items() if obj]
        key = ":".join([kind, *subjects, *filter(None, [occasion]), recipient.lower()])
        return cls(kind=kind, recipient=recipient, key=key[:KEY_MAX_LENGTH], **about)
