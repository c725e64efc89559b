"""Organisations prospects belong to, and prospects who are the same person:
found, reviewed, merged, and unmerged if the review was wrong."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .prospects import Prospect


class Organisation(models.Model):
    """Prospects grouped by the organisation they named (normalised) or, unless
    it is a public webmail, the domain of their email."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(
        _("normalised name"),
        max_length=200,
        unique=True,
        help_text=_("The name as it is compared: lower case, no legal suffix."),
    )
    domain = models.CharField(_("email domain"), max_length=253, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["domain"], name="organisation_domain")]

    def __str__(self):
        return self.name


class DuplicatePair(models.Model):
    """Two prospects who look like one person, waiting for a review."""

    class State(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    class Reason(models.TextChoices):
        MAILBOX = "mailbox", _("the same mailbox but for a +tag")
        NAME = "name", _("a near-identical name at the same organisation")

    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="+", verbose_name=_("prospect")
    )
    other = models.ForeignKey(
        Prospect,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("looks like"),
    )
    reasons = models.JSONField(_("why"), default=list)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.OPEN
    )
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            # Each pair once, the older prospect first.
            models.UniqueConstraint(
                fields=["prospect", "other"], name="duplicate_pair_unique"
            ),
            models.CheckConstraint(
                condition=Q(prospect__lt=models.F("other")),
                name="duplicate_pair_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.prospect} ~ {self.other}"

    @property
    def reason_labels(self):
        return [
            self.Reason(reason).label
            for reason in self.reasons
            if reason in self.Reason.values
        ]


class Merge(models.Model):
    """One prospect's requests moved to another, kept so that it can be undone."""

    kept = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="+", verbose_name=_("kept")
    )
    merged = models.ForeignKey(
        Prospect,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("merged into it"),
    )
    lead_ids = models.JSONField(_("requests moved"), default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            # A prospect is merged into one other at a time (merged_into).
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="merge_one_in_force",
            ),
        ]

    def __str__(self):
        return f"{self.merged} → {self.kept}"
