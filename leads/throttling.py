"""A limit on submissions per client, counted in the cache that every web
process shares (Redis in production)."""

import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def client_address(request):
    """The socket's peer, or the address our outermost trusted proxy saw.

    A client can write anything into X-Forwarded-For, but only in front of what
    our proxies append, so the Nth entry from the right is the one to trust.
    """
    proxies = settings.LEADS_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_over_limit(request):
    """Count this POST against its client; True once over LEADS_RATE_LIMIT.

    django-ratelimit stores only a hash of the address. If the cache is down the
    request goes through: refusing every prospect is worse than a short gap in
    the limit.
    """
    try:
        return is_ratelimited(
            request,
            group="leads.request",
            key=lambda group, request: client_address(request),
            rate=settings.LEADS_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except Exception:
        logger.warning("Rate limit not checked: the cache did not answer")
        return False
