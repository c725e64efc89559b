"""Outbound webhooks: news of leads POSTed to a CRM or a chat, once each.

- lead_created() and status_changed() write one WebhookDelivery per webhook
  that wants the event, in the caller's transaction, each once by its key,
  and ring a task after the commit (leads.services.outbox does the queueing,
  the sweeper and the backoff, as for emails).
- deliver() claims each row, POSTs it signed to the address its URL was
  checked to lead to (addresses), and decides: delivered, retry in N seconds,
  or failed for good, with the last HTTP status for the manager to see.
"""

import logging
import time

import httpx
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from ...models import Webhook, WebhookDelivery, WebhookEvent
from .. import outbox
from . import addresses, messages

logger = logging.getLogger(__name__)

DELIVER_TASK = "leads.tasks.deliver_webhooks"
# One POST per task: a slow receiver holds up nobody else's.
BATCH = 1
# 408 Request Timeout and 429 Too Many Requests are worth another try; any
# other 4xx (and a redirect, which is not followed) will not change by itself.
RETRY_STATUSES = {408, 429}
SWITCHED_OFF = "Not sent: the webhook was switched off."


def lead_created(lead):
    """A lead was accepted (on arrival, or released from quarantine)."""
    _queue(lead, WebhookEvent.LEAD_CREATED)


def status_changed(lead, change):
    """`change` is the LeadEvent that records the lead's new status."""
    _queue(lead, WebhookEvent.LEAD_STATUS, change)


def _queue(lead, event, change=None):
    webhooks = [webhook for webhook in Webhook.objects.all() if webhook.wants(event)]
    if not webhooks:
        return
    payload = messages.payload(lead, change)
    outbox.queue(
        (
            WebhookDelivery(
                webhook=webhook,
                event=event,
                lead=lead,
                key=f"{webhook.pk}:{event}:{lead.pk}:{change.pk if change else ''}",
                payload=payload,
            )
            for webhook in webhooks
        ),
        task=DELIVER_TASK,
        batch=BATCH,
    )


def sweep():
    return outbox.sweep(WebhookDelivery.objects, task=DELIVER_TASK, batch=BATCH)


def resend(webhook):
    """Send the webhook's failed deliveries again, as new; returns how many."""
    return outbox.resend(webhook.deliveries.all(), task=DELIVER_TASK, batch=BATCH)


def deliver(ids):
    """POST each of these deliveries that is still to be sent. Each is
    claimed just before its POST, which lasts at most about two
    LEADS_WEBHOOK_TIMEOUTs (connecting, then the answer)."""
    for pk in ids:
        claimed = WebhookDelivery.objects.select_related("webhook").claim([pk])
        if not claimed:
            logger.info(
                "Webhook delivery %s delivered, failed or being sent elsewhere",
                pk,
                extra={"webhook_delivery_id": pk},
            )
            continue
        delay = _post(claimed[0])
        if delay is not None:
            outbox.ring([pk], countdown=delay, task=DELIVER_TASK, batch=BATCH)


def _post(delivery):
    """POST one claimed delivery; returns the seconds before it is tried
    again, or None when it is done (delivered or failed for good)."""
    log_extra = {
        "webhook_delivery_id": delivery.pk,
        "webhook_id": delivery.webhook_id,
        "lead_id": delivery.lead_id,
    }
    if not delivery.webhook.is_active:
        delivery.mark_failed(SWITCHED_OFF)
        return None
    try:
        status = _send(delivery)
    except addresses.Refused as exc:
        delivery.mark_failed(f"Refused: {exc}", last_status=None)
        logger.error(
            "Webhook delivery %s refused: %s", delivery.pk, exc, extra=log_extra
        )
        return None
    except (httpx.TransportError, OSError, SoftTimeLimitExceeded) as exc:
        # Connection refused or reset, timeouts, a name not found (for now).
        error, status, temporary = f"{type(exc).__name__}: {exc}", None, True
    else:
        if 200 <= status < 300:
            WebhookDelivery.objects.mark_sent([delivery], last_status=status)
            logger.info("Webhook delivery %s delivered", delivery.pk, extra=log_extra)
            return None
        error, temporary = f"HTTP {status}", status >= 500 or status in RETRY_STATUSES
    delay = outbox.retry_or_fail(
        delivery, error, temporary=temporary, last_status=status
    )
    logger.warning(
        "Webhook delivery %s: %s, attempt %s, %s",
        delivery.pk,
        error.split(":", 1)[0],
        delivery.attempts,
        f"retry in {delay}s" if delay is not None else "failed for good",
        extra=log_extra,
    )
    return delay


def _send(delivery):
    """The HTTP status the receiver answered (its body is not read)."""
    target = addresses.target(delivery.webhook.url)
    content = messages.body(delivery)
    headers = messages.headers(delivery, content, timestamp=int(time.time()))
    timeout = httpx.Timeout(
        settings.LEADS_WEBHOOK_TIMEOUT,
        connect=min(5, settings.LEADS_WEBHOOK_TIMEOUT),
    )
    # No proxy from the environment: the POST goes to the address checked.
    with httpx.Client(timeout=timeout, trust_env=False) as client:
        request = client.build_request(
            "POST",
            target.url,
            content=content,
            headers={**headers, "Host": target.host_header},
            extensions={"sni_hostname": target.tls_name},
        )
        response = client.send(request, stream=True)
        response.close()
    return response.status_code
