"""The outbox, for every email the portal sends (the pattern of pretix's mail).

- queue() writes the rows in the caller's transaction, each email once by its
  key, and rings the doorbell (a Celery task) after the commit; a broker that
  is down never fails the caller: the sweeper rings again.
- queue(), resend(), ring(), sweep() and retry_or_fail() serve webhook
  deliveries too (leads.services.webhooks), which are rows of the same states
  sent by a task of their own.
- deliver() claims each row, renders it, sends it over one SMTP connection
  for the whole batch, and decides: sent, retry in N seconds, or failed.

The database row is the truth; Redis is a doorbell that can fail. The task is
rung by its name, so that this module never imports leads.tasks (which calls
it): no import cycle.
"""

import logging
import smtplib
from functools import partial

from celery import current_app
from celery.utils.time import get_exponential_backoff_interval
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from ..models import EmailState, OutgoingEmail
from . import emails

logger = logging.getLogger(__name__)

DELIVER_TASK = "leads.tasks.deliver_emails"
# Emails a task sends over one connection; a batch ends early when the
# connection does, so it lasts at most one EMAIL_TIMEOUT past its sends.
BATCH = 50
SWEEP_BATCH = 500
MAX_ATTEMPTS = 9
BACKOFF_FACTOR = 2
BACKOFF_MAX = 600


def queue(rows, *, task=DELIVER_TASK, batch=BATCH):
    """Write these unsaved outbox rows (emails: see OutgoingEmail.about) in the
    caller's transaction and send them after it commits. A row that exists
    already (by its key) is kept as it is; returns the ids of those still
    pending."""
    rows = list(rows)
    if not rows:
        return []
    model = type(rows[0])
    with transaction.atomic():
        model.objects.bulk_create(rows, ignore_conflicts=True)
        pending = list(
            model.objects.filter(
                key__in=[row.key for row in rows], state=EmailState.PENDING
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(partial(ring, pending, task=task, batch=batch))
    return pending


def resend(rows, *, task=DELIVER_TASK, batch=BATCH):
    """Put the failed ones among `rows` (a queryset of emails or webhook
    deliveries) back in the outbox, as new, and send them after the commit;
    returns how many."""
    failed = list(rows.filter(state=EmailState.FAILED).values_list("pk", flat=True))
    now = timezone.now()
    rows.model.objects.filter(pk__in=failed).update(
        state=EmailState.PENDING,
        attempts=0,
        next_attempt_at=now,
        updated_at=now,
    )
    transaction.on_commit(partial(ring, failed, task=task, batch=batch))
    return len(failed)


def ring(ids, *, countdown=None, task=DELIVER_TASK, batch=BATCH):
    """Ask a worker to deliver these rows, `batch` per task; never fail the
    caller over it.

    The broker settings bound one failed publish to about a second, and the
    first failure stops the loop: the rows wait, pending, for the sweeper.
    """
    deliver_task = current_app.tasks[task]
    ids = list(ids)
    for start in range(0, len(ids), batch):
        ids_of_task = ids[start : start + batch]
        try:
            deliver_task.apply_async(
                args=[ids_of_task], countdown=countdown, retry=False
            )
        except Exception as exc:
            logger.warning(
                "%s rows left pending for the sweeper: %s",
                len(ids),
                exc,
                extra={"task": task, "row_ids": ids_of_task},
            )
            return


def sweep(rows=OutgoingEmail.objects, *, task=DELIVER_TASK, batch=BATCH):
    """Ring again for the rows (emails unless told) that their own doorbell
    never reached, or a dead worker held; returns how many."""
    due = list(
        rows.due()
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if due:
        logger.info(
            "Outbox sweep: queueing %s %s again",
            len(due),
            rows.model._meta.verbose_name_plural,
        )
    ring(due, task=task, batch=batch)
    return len(due)


def deliver(ids):
    """Send each of these rows that is still to be sent, over one connection.

    The batch is claimed at once (a batch lasts seconds; a claim is taken back
    only after LEADS_OUTBOX_STUCK_SECONDS) and what its emails are about is
    read once for all of them.
    """
    claimed = OutgoingEmail.objects.claim(ids)
    if len(claimed) < len(ids):
        logger.info(
            "%s emails sent, failed or being sent elsewhere; nothing to do",
            len(ids) - len(claimed),
        )
    if not claimed:
        return
    batch = emails.Batch(claimed)
    connection = get_connection()
    retries, sent = {}, []
    try:
        for position, email in enumerate(claimed):
            delay = _send(email, connection, batch)
            if delay is SENT:
                sent.append(email)
                continue
            if delay is None:
                continue
            retries.setdefault(delay, []).append(email.pk)
            if not connection_works(connection):
                # The server is gone: the rest of the batch, not tried, waits
                # as long.
                rest = claimed[position + 1 :]
                OutgoingEmail.objects.release(rest, delay=delay)
                retries[delay] += [row.pk for row in rest]
                break
    finally:
        connection.close()
        # One write for the batch: were the worker killed before it, the
        # claims would be taken back and these sent again (at most a batch).
        OutgoingEmail.objects.mark_sent(sent)
    for delay, pks in retries.items():
        ring(pks, countdown=delay)


SENT = object()


def _send(email, connection, batch):
    """Send one claimed row: SENT, the seconds before it is tried again, or
    None when it failed for good or must not be sent."""
    log_extra = {"email_id": email.pk, "lead_id": email.lead_id}
    try:
        message = emails.build(email, batch)
        message.connection = connection
        connection.open()  # once per batch: a no-op while it is open
        connection.send_messages([message])
    except emails.Undeliverable as exc:
        email.mark_failed(str(exc))
        logger.warning("Email %s not sent: %s", email.pk, exc, extra=log_extra)
        return None
    except Exception as exc:
        if breaks_connection(exc):
            _close_quietly(connection)
        delay = retry_or_fail(email, describe(exc), temporary=is_temporary(exc))
        if delay is not None:
            logger.warning(
                "Email %s: temporary failure (%s), attempt %s, retry in %ss",
                email.pk,
                error_code(exc),
                email.attempts,
                delay,
                extra=log_extra,
            )
            return delay
        emails.failed_for_good(email, describe(exc))
        logger.error(
            "Email %s failed for good (%s) after %s attempts",
            email.pk,
            error_code(exc),
            email.attempts,
            extra=log_extra,
        )
        return None
    logger.info("Email %s sent", email.pk, extra=log_extra)
    return SENT


def retry_or_fail(row, error, *, temporary, **changes):
    """After a failed attempt at a claimed row: put it back with a backoff and
    return the seconds before the next, or mark it failed for good (a
    permanent failure, or the last attempt) and return None."""
    if temporary and row.attempts < MAX_ATTEMPTS:
        delay = backoff(row.attempts)
        row.mark_for_retry(error, delay=delay, **changes)
        return delay
    row.mark_failed(error, **changes)
    return None


def backoff(attempts):
    """Seconds before the next attempt: exponential with full jitter, bounded."""
    return get_exponential_backoff_interval(
        factor=BACKOFF_FACTOR,
        retries=attempts - 1,
        maximum=BACKOFF_MAX,
        full_jitter=True,
    )


def breaks_connection(exc):
    """Whether the SMTP session is over: the server refusing one recipient or
    one message resets the session and keeps it; 421 closes it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    return True


def connection_works(connection):
    # An SMTP backend keeps `connection` while it is open; the others have none.
    return getattr(connection, "connection", True) is not None


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # already broken: the next send opens a new one
        logger.debug("Closing a broken SMTP connection failed", exc_info=True)


def is_temporary(exc):
    """4xx replies and network trouble are worth retrying; 5xx and the rest not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    # Connection refused or reset, timeouts, a server that hung up.
    return isinstance(exc, OSError)


def error_code(exc):
    """What a log line may say about a failure: its SMTP code or its type."""
    return getattr(exc, "smtp_code", None) or type(exc).__name__


def describe(exc):
    """The failure for the admin (the server's reply may name the recipient)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        if isinstance(message, bytes):
            message = message.decode(errors="replace")
        return f"{exc.smtp_code} {message}"
    return f"{type(exc).__name__}: {exc}"
