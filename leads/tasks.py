"""Sending the outbox: thin tasks that take ids and re-read the rows."""

import logging
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from .models import Notification
from .services.emails import build_message
from .services.roles import may_receive_lead_data

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
NOT_ALLOWED = "Not sent: the recipient may no longer see requests for interest."


def enqueue_deliveries(notification_ids):
    """Ring the doorbell for each row; never fail the caller over it.

    Runs after the lead's transaction committed, inside the web request. The
    broker settings bound one failed publish to about a second, and the first
    failure stops the loop: the rows wait, pending, for the sweeper.
    """
    for pk in notification_ids:
        try:
            deliver_notification.apply_async(args=[pk], retry=False)
        except Exception as exc:
            logger.warning(
                "Notification %s left pending for the sweeper: %s",
                pk,
                exc,
                extra={"notification_id": pk},
            )
            return


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=8,
    retry_backoff=2,
    retry_backoff_max=600,
    retry_jitter=True,
)
def deliver_notification(self, notification_id):
    notification = Notification.objects.claim(notification_id)
    if notification is None:
        logger.info(
            "Notification %s: sent, failed or being sent elsewhere; nothing to do",
            notification_id,
            extra={"notification_id": notification_id},
        )
        return
    log_extra = {"notification_id": notification.pk, "lead_id": notification.lead_id}
    if notification.is_for_staff and not may_receive_lead_data(notification.recipient):
        # Queued while the recipient could see leads, who since lost that right.
        notification.mark_failed(NOT_ALLOWED)
        logger.warning(
            "Notification %s not sent: its recipient may no longer see leads",
            notification.pk,
            extra=log_extra,
        )
        return
    try:
        build_message(notification).send()
    except Exception as exc:
        if is_temporary(exc) and notification.attempts <= self.max_retries:
            delay = get_exponential_backoff_interval(
                factor=self.retry_backoff,
                retries=notification.attempts - 1,
                maximum=self.retry_backoff_max,
                full_jitter=self.retry_jitter,
            )
            notification.mark_for_retry(describe(exc), delay=delay)
            logger.warning(
                "Notification %s: temporary failure (%s), attempt %s, retry in %ss",
                notification.pk,
                error_code(exc),
                notification.attempts,
                delay,
                extra=log_extra,
            )
            raise self.retry(countdown=delay, exc=exc) from exc
        notification.mark_failed(describe(exc))
        logger.error(
            "Notification %s failed for good (%s) after %s attempts",
            notification.pk,
            error_code(exc),
            notification.attempts,
            extra=log_extra,
        )
        return
    notification.mark_sent()
    logger.info("Notification %s sent", notification.pk, extra=log_extra)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Queue again what its own doorbell never reached, or a dead worker held."""
    due = list(
        Notification.objects.due()
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if due:
        logger.info("Outbox sweep: queueing %s notifications again", len(due))
    enqueue_deliveries(due)


@shared_task(ignore_result=True)
def remind_overdue_leads():
    """Remind about requests past their response deadline, escalate those far
    past it; each once, however often this runs."""
    # Imported here: the reminders queue their emails through this module.
    from .services.reminders import escalate_overdue, remind_overdue

    reminded, escalated = remind_overdue(), escalate_overdue()
    if reminded or escalated:
        logger.info("Overdue requests: %s reminded, %s escalated", reminded, escalated)


@shared_task(ignore_result=True)
def purge_expired_leads():
    """Delete the requests the retention period no longer allows us to keep."""
    from .services.privacy import purge_expired

    counts = purge_expired()
    logger.info("Retention purge: %s", counts)


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
