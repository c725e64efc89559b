"""Outbound webhooks: a CRM or a chat told of new leads and status changes by
signed JSON POSTs, delivered with retries like emails (leads.services.webhooks)."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leads import Lead
from .outbox import (
    EmailState,
    OutboxQuerySet,
    OutboxRow,
    outbox_constraints,
    unfinished_index,
)

SECRET_MIN_LENGTH = 24


class WebhookEvent(models.TextChoices):
    LEAD_CREATED = "lead.created", _("A new lead")
    LEAD_STATUS = "lead.status_changed", _("A lead's status changed")


def new_secret():
    """A signing secret no one can guess: 256 random bits."""
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("HTTPS, on a public address; nothing personal is ever put in it."),
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

    def get_absolute_url(self):
        return reverse("leads:webhook", args=[self.pk])

    def wants(self, event):
        return self.is_active and event in self.events


class WebhookDelivery(OutboxRow, models.Model):
    """One POST to send, with the same states, claims and retries as an email.

    `key` says which POST it is (this webhook, this event, this lead, this
    change): unique, so the same news is never written, nor sent, twice.
    `payload` is what the lead looked like when it happened, ids and choices
    only (see leads.services.webhooks.messages).
    """

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
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = outbox_constraints("webhook_delivery")
        indexes = [unfinished_index("webhook_delivery_unfinished")]

    def __str__(self):
        return f"{self.get_event_display()} · {self.webhook}"
