"""The sales pipeline: deal values, why deals are lost, what sales did and
must still do (activities and tasks)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import multiline, single_line
from .leads import Lead


class LostReason(models.Model):
    """Why a deal was lost: a list sales managers keep."""

    name = models.CharField(_("reason"), max_length=100, unique=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("lost reason")
        verbose_name_plural = _("lost reasons")

    def __str__(self):
        return self.name


class Activity(models.Model):
    """A call, meeting or email with the prospect, as sales logged or sent it."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        EMAIL_IN = "email_in", _("Email received")
        EMAIL_OUT = "email_out", _("Email sent")

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("request for interest"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    subject = models.CharField(
        _("subject"), max_length=200, blank=True, validators=[single_line]
    )
    body = models.TextField(
        _("what was said"), max_length=10000, blank=True, validators=[multiline]
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["call", "meeting", "email_in", "email_out"]),
                name="activity_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lead_id}"


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def due_for_reminder(self, now):
        return self.open().filter(due_at__lte=now, reminded_at__isnull=True)


class Task(models.Model):
    """Something one person must do about a lead by a date ("call back
    Tuesday"); its owner is reminded once by email when it falls due."""

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("request for interest"),
    )
    title = models.CharField(_("task"), max_length=200, validators=[single_line])
    due_at = models.DateTimeField(_("due"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lead_tasks",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_at <= timezone.now()
