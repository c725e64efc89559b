"""A lead's timeline: everything that happened to it, in time order, in a
constant number of queries whatever its length."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    FollowedCountry,
    FollowedTopic,
    LeadEvent,
    OutgoingEmail,
    Subscriber,
)
from ..services.roles import display_name

# Emails to a reader are many over the years; the latest tell the story.
READER_EMAILS_SHOWN = 30


@dataclass(frozen=True)
class Entry:
    when: object
    kind: str  # a CSS class: note, call, meeting, email, change, task, follow
    title: str
    detail: str = ""
    by: str = ""


def timeline(lead):
    """Notes, calls, meetings and emails logged or sent, status and assignee
    changes, emails about the request and briefing alerts to the prospect,
    tasks, and what the prospect follows, the latest first."""
    entries = [
        Entry(note.created_at, "note", _("Note"), note.text, display_name(note.author))
        for note in lead.notes.select_related("author")
    ]
    entries += [
        Entry(
            activity.occurred_at,
            "email" if activity.kind.startswith("email") else activity.kind,
            " · ".join(filter(None, [activity.get_kind_display(), activity.subject])),
            "\n".join(filter(None, [activity.outcome, activity.body])),
            display_name(activity.author),
        )
        for activity in lead.activities.select_related("author")
    ]
    entries += [
        Entry(
            event.created_at,
            "change",
            event.get_kind_display(),
            " → ".join(filter(None, [str(event.old_label), str(event.new_label)])),
            display_name(event.actor) or _("the portal"),
        )
        for event in lead.events.exclude(kind=LeadEvent.Kind.NOTE).select_related(
            "actor"
        )
    ]
    entries += [
        Entry(
            email.sent_at or email.created_at,
            "email",
            email.get_kind_display(),
            f"{email.recipient} · {email.get_state_display()}",
        )
        for email in lead.emails.all()
    ]
    for task in lead.tasks.select_related("owner"):
        due = timezone.localtime(task.due_at).strftime("%Y-%m-%d %H:%M")
        entries.append(
            Entry(
                task.created_at,
                "task",
                _("Task: %(title)s") % {"title": task.title},
                _("Due %(due)s") % {"due": due},
                display_name(task.owner),
            )
        )
        if task.done_at:
            entries.append(
                Entry(
                    task.done_at, "task", _("Done: %(title)s") % {"title": task.title}
                )
            )
    entries += reader_entries(lead)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def reader_entries(lead):
    """When the prospect asked for briefing alerts, confirmed or left them,
    what they follow, and the alerts and digests sent to them."""
    subscribers = list(Subscriber.objects.with_email(lead.email))
    if not subscribers:
        return []
    entries = []
    for subscriber in subscribers:
        entries.append(
            Entry(subscriber.created_at, "follow", _("Asked for briefing alerts"))
        )
        if subscriber.confirmed_at:
            entries.append(
                Entry(subscriber.confirmed_at, "follow", _("Confirmed briefing alerts"))
            )
        if subscriber.unsubscribed_at:
            entries.append(
                Entry(subscriber.unsubscribed_at, "follow", _("Unsubscribed"))
            )
    followed = [
        *FollowedCountry.objects.filter(subscriber__in=subscribers).select_related(
            "country"
        ),
        *FollowedTopic.objects.filter(subscriber__in=subscribers).select_related(
            "topic"
        ),
    ]
    entries += [
        Entry(item.created_at, "follow", _("Follows %(subject)s") % {"subject": item})
        for item in followed
    ]
    emails = (
        OutgoingEmail.objects.filter(subscriber__in=subscribers)
        .select_related("briefing")
        .only("kind", "state", "created_at", "sent_at", "briefing__title")
        .order_by("-created_at")[:READER_EMAILS_SHOWN]
    )
    entries += [
        Entry(
            email.sent_at or email.created_at,
            "alert",
            email.get_kind_display(),
            email.briefing.title if email.briefing else "",
        )
        for email in emails
    ]
    return entries
