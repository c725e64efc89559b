"""Response deadlines, counted in business hours, and what happens when one
passes.

Business hours are LEADS_BUSINESS_HOURS ("09:00-17:00") in the portal's time
zone, Monday to Friday. A lead that arrives on Friday at 16:00 with an
eight-hour window is due on Monday at 16:00.

The assignee (or the sales inbox) is reminded once the deadline passes; sales
managers are told once it is far overdue. Each is claimed by setting a
timestamp on the lead in the same transaction that writes the emails to the
outbox, so two runs of the task never send either twice.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from ..models import Lead, LeadEvent, OutgoingEmail
from . import outbox
from .roles import display_name, may_work_on_leads, sales_manager_emails

logger = logging.getLogger(__name__)

WORKING_DAYS = frozenset(range(5))  # Monday to Friday
ESCALATION_FACTOR = 2
HOURS_PATTERN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})\Z")


@dataclass(frozen=True)
class BusinessHours:
    opening: datetime.time
    closing: datetime.time
    tz: datetime.tzinfo
    days: frozenset = WORKING_DAYS

    @classmethod
    def parse(cls, text, tz):
        """Hours written as "HH:MM-HH:MM", opening before closing."""
        match = HOURS_PATTERN.match(text.strip())
        try:
            opening_h, opening_m, closing_h, closing_m = map(int, match.groups())
            opening = datetime.time(opening_h, opening_m)
            closing = datetime.time(closing_h, closing_m)
        except (AttributeError, ValueError):
            raise ValueError(f"{text!r} is not written HH:MM-HH:MM") from None
        if opening >= closing:
            raise ValueError(f"{text!r}: opening must come before closing")
        return cls(opening, closing, tz)

    @classmethod
    def from_settings(cls):
        try:
            return cls.parse(
                settings.LEADS_BUSINESS_HOURS, ZoneInfo(settings.TIME_ZONE)
            )
        except ValueError as exc:
            raise ImproperlyConfigured(f"LEADS_BUSINESS_HOURS {exc}") from None

    def add(self, start, hours):
        """The moment `hours` business hours after `start` (an aware datetime)."""
        remaining = datetime.timedelta(hours=hours)
        day = start.astimezone(self.tz).date()
        cursor = start
        while True:
            if day.weekday() in self.days:
                opens = datetime.datetime.combine(day, self.opening, self.tz)
                closes = datetime.datetime.combine(day, self.closing, self.tz)
                begin = max(cursor, opens)
                if begin < closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += datetime.timedelta(days=1)
            cursor = datetime.datetime.combine(day, datetime.time(), self.tz)


def response_deadlines(received):
    """When a request received at this moment is due, and when it escalates."""
    hours = BusinessHours.from_settings()
    window = settings.LEADS_RESPONSE_HOURS
    return hours.add(received, window), hours.add(received, window * ESCALATION_FACTOR)


BATCH = 200


@dataclass(frozen=True)
class Overdue:
    """A step taken once per lead: who hears of it, and how it is recorded."""

    leads: object  # Lead.objects.<method>(now): the leads due for it
    claim_field: str  # the lead's timestamp that says it was taken
    kind: str
    event: str

    def recipients(self, lead):
        if self.kind == OutgoingEmail.Kind.ESCALATION:
            return sales_manager_emails() or settings.LEADS_NOTIFY_EMAILS
        # An assignee who may no longer work on leads hears nothing more of them.
        if may_work_on_leads(lead.assignee) and lead.assignee.email:
            return [lead.assignee.email]
        return settings.LEADS_NOTIFY_EMAILS


REMINDER = Overdue(
    Lead.objects.due_for_reminder,
    "reminded_at",
    OutgoingEmail.Kind.REMINDER,
    LeadEvent.Kind.REMINDED,
)
ESCALATION = Overdue(
    Lead.objects.due_for_escalation,
    "escalated_at",
    OutgoingEmail.Kind.ESCALATION,
    LeadEvent.Kind.ESCALATED,
)


def remind_and_escalate(now=None):
    """Remind about leads past their response deadline and escalate those far
    past it, each once however often this runs; returns both counts."""
    reminded, escalated = remind_overdue(now), escalate_overdue(now)
    if reminded or escalated:
        logger.info("Overdue leads: %s reminded, %s escalated", reminded, escalated)
    return reminded, escalated


def remind_overdue(now=None):
    """Remind about every lead past its deadline; returns how many."""
    return take(REMINDER, now or timezone.now())


def escalate_overdue(now=None):
    """Tell sales managers about every lead far past its deadline."""
    return take(ESCALATION, now or timezone.now())


def take(step, now):
    """Take `step` for every lead due for it; returns how many."""
    due = list(step.leads(now).values_list("pk", flat=True)[:BATCH])
    return sum(_take_once(step, pk, now) for pk in due)


def _take_once(step, pk, now):
    with transaction.atomic():
        claimed = Lead.objects.filter(
            pk=pk, status=Lead.Status.NEW, **{f"{step.claim_field}__isnull": True}
        ).update(**{step.claim_field: now})
        if not claimed:  # answered meanwhile, or another run took it
            return 0
        lead = Lead.objects.select_related("assignee").get(pk=pk)
        recipients = list(dict.fromkeys(step.recipients(lead)))
        outbox.queue(
            OutgoingEmail.about(step.kind, email, lead=lead) for email in recipients
        )
        LeadEvent.objects.create(
            lead=lead,
            kind=step.event,
            new_value=display_name(lead.assignee)
            if step.kind == OutgoingEmail.Kind.REMINDER
            else "",
        )
    if not recipients:
        logger.warning(
            "Lead %s is overdue but nobody can be told (%s)",
            pk,
            step.kind,
            extra={"lead_id": pk},
        )
    return 1
