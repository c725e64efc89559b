"""Outbound webhooks: a CRM or a chat told of new leads and status changes by
signed JSON POSTs, delivered with retries like emails."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leads import Lead
from .outbox import EmailState


class WebhookEvent(models.TextChoices):
    LEAD_CREATED = "lead.created", _("A new lead")
    LEAD_STATUS = "lead.status_changed", _("A lead's status changed")


class Webhook(models.Model):
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("HTTPS; nothing personal is ever put in it."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Signs each POST (HMAC-SHA256); share it with the receiver."),
    )
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One POST to send, with the same states, claims and retries as an email."""

    State = EmailState

    webhook = models.ForeignKey(
        Webhook,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    event = models.CharField(_("event"), max_length=30, choices=WebhookEvent)
    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("request for interest"),
    )
    key = models.CharField(_("key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="webhook_delivery_unfinished",
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} · {self.webhook}"
