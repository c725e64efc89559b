"""Evidence that a prospect's personal data was erased."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .prospects import Prospect


class ErasureRecord(models.Model):
    """That an erasure took place, and how much it wiped; nothing personal."""

    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prospect"),
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    leads = models.PositiveIntegerField(_("requests wiped"), default=0)
    notes = models.PositiveIntegerField(_("notes wiped"), default=0)
    emails = models.PositiveIntegerField(_("emails deleted"), default=0)
    subscribers = models.PositiveIntegerField(
        _("alert subscriptions deleted"), default=0
    )
    log_entries = models.PositiveIntegerField(_("admin log entries wiped"), default=0)
    reason = models.CharField(
        _("reason or request reference"),
        max_length=200,
        blank=True,
        help_text=_(
            "Why the data was erased: the prospect's own request and its reference."
        ),
    )

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self):
        return _("Erasure #%(pk)s") % {"pk": self.pk}
