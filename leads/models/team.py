"""What sales managers did to their team's accounts, shown on the team page
(the security log has the same, with ids only)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TeamChangeKind(models.TextChoices):
    ADDED = "added", _("added")
    INVITED = "invited", _("sent a link to set a password to")
    ROLE_GIVEN = "role_given", _("gave a role to")
    ROLE_TAKEN = "role_taken", _("took a role from")
    DEACTIVATED = "deactivated", _("deactivated")
    REACTIVATED = "reactivated", _("reactivated")


class TeamChange(models.Model):
    Kind = TeamChangeKind

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="team_changes",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind)
    role = models.CharField(_("role"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team change")
        verbose_name_plural = _("team changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TeamChangeKind.values),
                name="team_change_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_kind_display()} {self.account}"
