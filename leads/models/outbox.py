"""The notification outbox: emails written with the lead, sent by Celery."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leads import Lead


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def due(self):
        """What the sweeper queues again: pending rows whose own queueing had
        its chance, and claims whose worker died mid-send."""
        now = timezone.now()
        grace = timedelta(seconds=settings.LEADS_OUTBOX_GRACE_SECONDS)
        return self.filter(
            Q(state=NotificationState.PENDING, next_attempt_at__lte=now - grace)
            | Q(state=NotificationState.SENDING, claimed_at__lt=stuck_before(now))
        )

    def claim(self, pk):
        """Take the row for sending, or return None if there is nothing to send.

        One conditional UPDATE is the row lock: of two workers holding the same
        message, the second waits for the first to commit, then matches nothing.
        """
        now = timezone.now()
        claimed = self.filter(
            Q(state=NotificationState.PENDING)
            | Q(state=NotificationState.SENDING, claimed_at__lt=stuck_before(now)),
            pk=pk,
        ).update(
            state=NotificationState.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
        return self.get(pk=pk) if claimed else None


def stuck_before(now):
    """A claim older than this belongs to a worker that died mid-send."""
    return now - timedelta(seconds=settings.LEADS_OUTBOX_STUCK_SECONDS)


class Notification(models.Model):
    """One email to send about a lead: the outbox, written with the lead."""

    class Kind(models.TextChoices):
        ANALYST_ALERT = "analyst_alert", _("Alert to analysts")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the prospect")
        REMINDER = "reminder", _("Reminder of the response deadline")
        ESCALATION = "escalation", _("Overdue request, to sales managers")
        ASSIGNED = "assigned", _("Assignment, to the new assignee")

    State = NotificationState

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("request for interest"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"))
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

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "kind", "recipient"],
                name="notification_unique_per_lead_kind_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state__in=NotificationState.values),
                name="notification_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=NotificationState.SENDING)
                | Q(claimed_at__isnull=False),
                name="notification_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(state=NotificationState.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(
                    state__in=[NotificationState.PENDING, NotificationState.SENDING]
                ),
                name="notification_unfinished",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lead}"

    @property
    def is_for_staff(self):
        """Everything but the prospect's own acknowledgement carries lead data
        to staff."""
        return self.kind != self.Kind.ACKNOWLEDGEMENT

    def mark_sent(self):
        now = timezone.now()
        self._transition(
            Notification.objects.filter(pk=self.pk).exclude(state=self.State.SENT),
            state=self.State.SENT,
            sent_at=now,
            last_error="",
        )

    def mark_for_retry(self, error, *, delay):
        self._transition(
            self._while_claimed(),
            state=self.State.PENDING,
            last_error=error,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )

    def mark_failed(self, error):
        self._transition(
            self._while_claimed(), state=self.State.FAILED, last_error=error
        )

    def _while_claimed(self):
        # Only the worker holding the claim may put the row back or give up on it;
        # another may have taken over a claim it thought dead.
        return Notification.objects.filter(
            pk=self.pk, state=self.State.SENDING, claimed_at=self.claimed_at
        )

    def _transition(self, queryset, **changes):
        changes["updated_at"] = timezone.now()
        if "last_error" in changes:
            changes["last_error"] = changes["last_error"][:1000]
        if queryset.update(**changes):
            for name, value in changes.items():
                setattr(self, name, value)
