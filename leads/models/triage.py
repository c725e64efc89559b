"""What sales staff do with a request: notes and the history of changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from ..validators import multiline
from .leads import Lead, LeadStatus

NOTE_MAX_LENGTH = 5000


class LeadNote(models.Model):
    """What sales staff wrote about a request; never edited once written."""

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("request for interest"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(
        _("note"), max_length=NOTE_MAX_LENGTH, validators=[multiline]
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_MAX_LENGTH),
                name="lead_note_max_length",
            ),
        ]

    def __str__(self):
        return _("Note by %(author)s") % {"author": self.author or _("a former user")}


class LeadEventKind(models.TextChoices):
    STATUS = "status", _("Status changed")
    ASSIGNEE = "assignee", _("Assignee changed")
    NOTE = "note", _("Note added")
    LEGAL_HOLD = "legal_hold", _("Legal hold changed")
    RESENT = "resent", _("Failed emails sent again")
    REMINDED = "reminded", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated to sales managers")
    CORRECTED = "corrected", _("Details corrected")
    DEAL = "deal", _("Deal changed")
    MERGED = "merged", _("Merged with another prospect's requests")
    UNMERGED = "unmerged", _("Merge undone")


class LeadEvent(models.Model):
    """One change to a request: who made it, when, and from what to what."""

    Kind = LeadEventKind

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("request for interest"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the portal did it: routing rules or deadlines."),
    )
    field = models.CharField(
        _("field"),
        max_length=30,
        blank=True,
        help_text=_("The detail a correction changed."),
    )
    old_value = models.CharField(_("from"), max_length=200, blank=True)
    new_value = models.CharField(_("to"), max_length=200, blank=True)
    note = models.ForeignKey(
        LeadNote,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LeadEventKind.values),
                name="lead_event_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lead_id}"

    @property
    def field_label(self):
        """The corrected detail, as the request page names it."""
        return Lead._meta.get_field(self.field).verbose_name if self.field else ""

    @property
    def old_label(self):
        return self._label(self.old_value)

    @property
    def new_label(self):
        return self._label(self.new_value)

    def _label(self, value):
        """A recorded value in words: a status by its label, a hold as yes/no."""
        if self.kind == LeadEventKind.STATUS and value in LeadStatus.values:
            return LeadStatus(value).label
        if self.kind == LeadEventKind.LEGAL_HOLD and value in ("True", "False"):
            return _("yes") if value == "True" else _("no")
        return value
