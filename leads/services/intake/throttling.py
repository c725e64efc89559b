"""A limit on submissions per client, counted in the cache that every web
process shares (Redis in production), and in this process when it is down."""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django_ratelimit.core import is_ratelimited
from redis import RedisError

logger = logging.getLogger(__name__)

GROUP = "leads.request"
RATE = re.compile(r"(?P<limit>\d+)/(?P<count>\d*)(?P<unit>[smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Bounded: once full, LocMemCache drops a third of its entries.
local_counts = LocMemCache(
    "leads-rate-limit-fallback", {"TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 10_000}}
)


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


def is_over_limit(request, group=GROUP):
    """Count this POST against its client, in `group` (a public form);
    True once over LEADS_RATE_LIMIT.

    django-ratelimit stores only a hash of the address. If the shared cache does
    not answer, the limit is counted in this process instead: looser with
    several processes, but never off.
    """
    try:
        return is_ratelimited(
            request,
            group=group,
            key=lambda group, request: client_address(request),
            rate=settings.LEADS_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except (RedisError, OSError):
        logger.warning(
            "Rate limit counted in this process only: the shared cache did not answer"
        )
        return is_over_local_limit(request, group)


def is_over_local_limit(request, group=GROUP):
    """The same fixed window as django-ratelimit's, in this process's memory."""
    match = RATE.fullmatch(settings.LEADS_RATE_LIMIT)
    limit = int(match["limit"])
    period = int(match["count"] or 1) * SECONDS[match["unit"]]
    window = int(time.time()) // period
    address = hashlib.blake2b(client_address(request).encode()).hexdigest()
    key = f"{group}:{window}:{address}"
    if local_counts.add(key, 1, timeout=period):
        return 1 > limit
    try:
        return local_counts.incr(key) > limit
    except ValueError:  # the window ended in between
        return False
