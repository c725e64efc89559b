"""What sales staff do to a request, each change written to its history.

The admin's form and bulk actions call these; nothing here hides in save() or
signals. Each function locks the request's row and compares with what is
stored, so two people changing the same request both leave a true history.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Lead, LeadEvent, LeadNote, OutgoingEmail, Prospect
from . import outbox, webhooks
from .intake import receive
from .roles import display_name, may_work_on_leads

# What the prospect may have sales correct (right to rectification).
CORRECTABLE_FIELDS = ["full_name", "organisation", "job_title", "phone", "email"]


def _locked(lead):
    return Lead.objects.select_for_update().select_related("prospect").get(pk=lead.pk)


def _record(lead, kind, *, by, old="", new="", note=None, field=""):
    return LeadEvent.objects.create(
        lead=lead,
        kind=kind,
        actor=by,
        field=field,
        old_value=str(old)[:200],
        new_value=str(new)[:200],
        note=note,
    )


def _save(current, lead, **changes):
    """Write the changes on the locked row, and show them on the caller's copy."""
    _show(lead, current.update(**changes))


def _show(lead, changes):
    for name, value in changes.items():
        setattr(lead, name, value)


@transaction.atomic
def set_status(lead, status, *, by, lost_reason=None):
    """Move the request to `status`; returns whether anything changed.

    Leaving New (other than for spam) is the first response, recorded once.
    Leaving Spam releases the request: it is routed and notified as if it had
    just arrived (webhooks hear of a new lead), unless its prospect was
    erased; any other change is news for the webhooks. A lost deal needs a
    `lost_reason`; a won one records when.
    """
    if status == Lead.Status.LOST and lost_reason is None:
        raise ValidationError(
            _("Say why the deal was lost."), code="lost_reason_required"
        )
    current = _locked(lead)
    if current.status == status:
        return False
    changes = {
        "status": status,
        "lost_reason": lost_reason if status == Lead.Status.LOST else None,
        "won_at": timezone.now() if status == Lead.Status.WON else None,
    }
    if (
        current.status == Lead.Status.NEW
        and status != Lead.Status.SPAM
        and current.first_response_at is None
    ):
        changes["first_response_at"] = timezone.now()
    change = _record(
        current, LeadEvent.Kind.STATUS, by=by, old=current.status, new=status
    )
    released = current.status == Lead.Status.SPAM
    _save(current, lead, **changes)
    if not released:
        webhooks.status_changed(current, change)
    elif current.prospect.erased_at is None:
        _show(lead, receive(current))
    return True


@transaction.atomic
def assign(lead, assignee, *, by):
    """Give the request to `assignee` (None: back to the sales inbox).

    The new assignee is told by email, through the outbox, unless they took
    it themselves; once per request, and only while they may work on leads.
    """
    current = _locked(lead)
    if current.assignee_id == (assignee.pk if assignee else None):
        return False
    _record(
        current,
        LeadEvent.Kind.ASSIGNEE,
        by=by,
        old=display_name(current.assignee),
        new=display_name(assignee),
    )
    _save(current, lead, assignee=assignee)
    if assignee != by and may_work_on_leads(assignee) and assignee.email:
        _tell_assignee(current, assignee)
    return True


def _tell_assignee(lead, assignee):
    outbox.queue(
        [OutgoingEmail.about(OutgoingEmail.Kind.ASSIGNED, assignee.email, lead=lead)]
    )


@transaction.atomic
def set_legal_hold(lead, hold, *, by):
    current = _locked(lead)
    if current.legal_hold == hold:
        return False
    _record(current, LeadEvent.Kind.LEGAL_HOLD, by=by, old=current.legal_hold, new=hold)
    _save(current, lead, legal_hold=hold)
    return True


@transaction.atomic
def correct_details(lead, *, by, **details):
    """Correct the prospect's contact details on the request, each change kept
    in the history with its value before and after; returns the fields changed."""
    if unknown := set(details) - set(CORRECTABLE_FIELDS):
        raise ValueError(f"Not a correctable detail: {', '.join(sorted(unknown))}")
    current = _locked(lead)
    changed = {
        name: value
        for name, value in details.items()
        if getattr(current, name) != value
    }
    for name, value in changed.items():
        _record(
            current,
            LeadEvent.Kind.CORRECTED,
            by=by,
            field=name,
            old=getattr(current, name),
            new=value,
        )
    if changed:
        _save(current, lead, **changed)
    if "email" in changed:
        _rectify_prospect_email(current.prospect, changed["email"])
    return list(changed)


def _rectify_prospect_email(prospect, email):
    """The prospect is recognised by the corrected address from now on, unless
    it is another prospect's: two records of one person stay apart until
    someone merges them."""
    taken = (
        Prospect.objects.alias(key=Lower("email"))
        .filter(key=Lower(Value(email)))
        .exclude(pk=prospect.pk)
    )
    try:
        with transaction.atomic():
            if not taken.exists():
                Prospect.objects.filter(pk=prospect.pk).update(email=email)
                prospect.email = email
    except IntegrityError:  # taken meanwhile by a new request
        pass


DEAL_FIELDS = ["deal_value", "deal_currency", "expected_close"]


@transaction.atomic
def update_deal(lead, *, by, **deal):
    """Change the deal's value, currency or expected close, each change kept
    in the history; returns the fields changed."""
    if unknown := set(deal) - set(DEAL_FIELDS):
        raise ValueError(f"Not a deal field: {', '.join(sorted(unknown))}")
    current = _locked(lead)
    changed = {
        name: value for name, value in deal.items() if getattr(current, name) != value
    }
    for name, value in changed.items():
        _record(
            current,
            LeadEvent.Kind.DEAL,
            by=by,
            field=name,
            old=getattr(current, name) or "",
            new=value or "",
        )
    if changed:
        _save(current, lead, **changed)
    return list(changed)


@transaction.atomic
def add_note(lead, text, *, by):
    """A note by `by`, now; notes are never edited afterwards."""
    current = _locked(lead)
    note = LeadNote.objects.create(lead=current, author=by, text=text)
    _record(current, LeadEvent.Kind.NOTE, by=by, note=note)
    _save(current, lead)
    return note


@transaction.atomic
def resend_emails(lead, *, by):
    """Put the request's failed emails back in the outbox and queue them;
    returns how many."""
    current = _locked(lead)
    failed = outbox.resend(current.emails.all())
    if failed:
        _record(current, LeadEvent.Kind.RESENT, by=by, new=failed)
    return failed
