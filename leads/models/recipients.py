"""Who receives lead data: staff accounts, the countries and sectors they
cover, and whether they take new requests.

This is sales managers' business, apart from the public author profiles that
editors keep (briefings.Analyst): nothing an editor can change decides where a
prospect's details are sent.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from briefings.models import Country

from ..services.roles import assignable_users, display_name
from .changes import ChangeRecord
from .sectors import Sector


def validate_sectors(value):
    if not isinstance(value, list) or not set(value) <= set(Sector.values):
        raise ValidationError(_("Choose sectors from the list."), code="invalid_sector")


class LeadRecipientQuerySet(models.QuerySet):
    def taking_new_leads(self):
        """Recipients whose account may still work on requests for interest."""
        return self.filter(
            takes_new_leads=True, user__in=assignable_users().values("pk")
        )


class LeadRecipient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lead_recipient",
        verbose_name=_("staff account"),
        help_text=_(
            "Alerts go to this account's email address; it must be allowed to "
            "work on requests for interest."
        ),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        verbose_name=_("countries covered"),
        help_text=_("Alerted about requests for these countries that no rule takes."),
    )
    sectors = models.JSONField(
        _("sectors covered"),
        default=list,
        blank=True,
        validators=[validate_sectors],
        help_text=_("With countries covered: only these sectors. Empty: any."),
    )
    takes_new_leads = models.BooleanField(
        _("takes new requests"),
        default=True,
        help_text=_("Untick to stop alerts and assignments, e.g. during leave."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LeadRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]
        verbose_name = _("lead recipient")
        verbose_name_plural = _("lead recipients")

    def __str__(self):
        return display_name(self.user)

    @property
    def email(self):
        return self.user.email

    def covers(self, sectors):
        return not self.sectors or bool(set(self.sectors) & set(sectors))


class LeadRecipientChange(ChangeRecord):
    """A recipient as it was before and after someone changed it."""

    recipient = models.ForeignKey(
        LeadRecipient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("lead recipient"),
    )
    recipient_label = models.CharField(_("recipient"), max_length=200)

    class Meta(ChangeRecord.Meta):
        verbose_name = _("lead recipient change")
        verbose_name_plural = _("lead recipient changes")

    def __str__(self):
        return f"{self.recipient_label} · {self.get_action_display()}"
