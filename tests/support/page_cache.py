"""The page cache in the shared Redis, under a prefix of the test's own, and
emptied of that prefix afterwards (never flushed)."""

import contextlib
import uuid

import redis

from config.settings.base import page_cache


@contextlib.contextmanager
def redis_page_cache(settings, redis_url, name):
    """Yields the Redis client and the prefix the cache writes under."""
    prefix = f"test-{name}-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**page_cache(redis_url), "KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(redis_url)
    try:
        yield server, prefix
    finally:
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)
